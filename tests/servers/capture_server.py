#!/usr/bin/python3
"""A local HTTP/1.1 server that records every request exactly as it came.

Binds 127.0.0.1 on a free port, prints "PORT <n>", then for each request
one line "REQ <json>": method, target (path and query as sent), headers
(a list of [name, value] in order) and body (latin-1 text, so every byte
survives).  It answers 200 with "{}".  Serves until killed.  The signing
tests compare these bytes with what an independent implementation of
each provider's rule would send.  A path ending in /retry-once is
answered 503 (Retry-After: 0) the first time, to show that a retry signs
afresh.  Python standard library only.
"""
import http.server
import json
import socket
import sys
import threading

LOCK = threading.Lock()
FAILED = set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n > 0 else b""
        rec = {
            "method": self.command,
            "target": self.path,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("latin-1"),
        }
        sys.stdout.write("REQ " + json.dumps(rec) + "\n")
        sys.stdout.flush()
        out = b"{}"
        path = self.path.split("?")[0]
        with LOCK:
            fail = path.endswith("/retry-once") and path not in FAILED
            FAILED.add(path)
        if fail:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    sys.stdout.write("PORT %d\n" % server.server_address[1])
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
