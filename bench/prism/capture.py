#!/usr/bin/env python3
"""capture.py PORT FILE: an HTTP server on 127.0.0.1:PORT that answers
every request 200 with {} and appends it to FILE as one JSON line
(method, the raw request target, Content-Type, the body in base64), for
bench/prism/wire_check.py.  Runs until killed."""
import base64
import http.server
import json
import sys


class Capture(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_one(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        with open(sys.argv[2], "a", encoding="utf-8") as f:
            f.write(json.dumps({
                "method": self.command, "target": self.path,
                "content_type": self.headers.get("Content-Type", ""),
                "body": base64.b64encode(body).decode()}) + "\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(b"{}")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = \
        do_OPTIONS = handle_one

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])),
                                Capture).serve_forever()
