#!/usr/bin/python3
"""A server that misbehaves on purpose, for the fault catalogue.

The first path segment picks the fault; the rest of the path is ignored,
so a generated client pointed at http://127.0.0.1:PORT/<fault> meets it
on any endpoint:

  /hang/...            accepts, reads the request, never answers
  /close-mid-body/...  promises 1000 bytes, sends 10, closes
  /invalid-json/...    200 with "{not json"
  /string-body/...     200 with a JSON string where an object is due
  /empty/...           200, Content-Type JSON, empty body
  /big/...             200 with 2 MiB of JSON
  /dense-array/...     200 with "[0,0,0,...]" just under 16 MiB (the
                       default cap): a value every two bytes
  /padded-array/...    200 with "[0              ,0 ...]" just under 16 MiB:
                       a value every 16 bytes, the most the parser takes
  /4xx-body/...        404 with a Koyeb-shaped error body
  /4xx-bare/...        404 with an empty body
  /5xx-body/...        500 with a Koyeb-shaped error body
  /5xx-bare/...        503 with an empty body
  /redirect-loop/...   302 to itself, forever
  /ok/...              200 {"token": {"id": "t"}}
  /escapes/...         500 whose error body and code carry terminal
                       escape sequences (ESC ], ESC [, BEL, a C1 CSI)
  /nul-token/...       200 {"token": {"id": "abc\u0000def"}}
  /bad-utf8-token/...  200 with a token holding bytes that are not UTF-8
  /huge-header/...     200 with a 1 MiB response header line
  /http09/...          an HTTP/0.9 answer: a body, no status line
  /status-199/...      "HTTP/1.1 199 Early", an informational status
                       followed by a body instead of a final status line
  /bad-status/...      "HTTP/1.1 2x0 OK", a status line that does not parse

With --tls CERT KEY it serves HTTPS with that certificate (the tests make
untrusted, expired and wrong-host ones); --tls-max 1.1 makes it an
outdated server that offers nothing newer than TLS 1.1.  Python standard library only.
"""
import http.server
import json
import socket
import threading

import provider_http as ph

STOP = threading.Event()

# Answers written byte for byte, then the connection closes.
RAW = {
    "http09": b'{"token": {"id": "t"}}',
    "status-199": b"HTTP/1.1 199 Early\r\n\r\n" b'{"token": {"id": "t"}}',
    "bad-status": b"HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\n{}",
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body=b"", ctype="application/json",
              extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        fault = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        if fault == "hang":
            STOP.wait(120)
            self.close_connection = True
        elif fault == "close-mid-body":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"token": ')
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif fault == "invalid-json":
            self.reply(200, b"{not json")
        elif fault == "string-body":
            self.reply(200, b'"a string"')
        elif fault == "empty":
            self.reply(200, b"")
        elif fault == "big":
            self.reply(200, b'"' + b"x" * (2 << 20) + b'"')
        elif fault == "dense-array":
            self.reply(200, b"[" + b"0," * ((8 << 20) - 8) + b"0]")
        elif fault == "padded-array":
            self.reply(200, b"[" + (b"0" + b" " * 14 + b",") * ((1 << 20) - 8)
                       + b"0]")
        elif fault in ("4xx-body", "5xx-body"):
            status = 404 if fault == "4xx-body" else 500
            code = "unknown_resource" if status == 404 else "api_error"
            body = {"status": status, "code": code,
                    "message": "App not found" if status == 404 else
                    "Internal error"}
            self.reply(status, json.dumps(body).encode())
        elif fault == "4xx-bare":
            self.reply(404, b"", "text/plain")
        elif fault == "5xx-bare":
            self.reply(503, b"", "text/plain")
        elif fault == "redirect-loop":
            self.reply(302, b"", "text/plain", {"Location": self.path})
        elif fault == "escapes":
            body = {"code": "bad\x1b[2J", "message":
                    "App \x1b]0;pwned\x07not found\x1b[31m\u009b1m"}
            self.reply(500, json.dumps(body).encode())
        elif fault == "nul-token":
            self.reply(200, b'{"token": {"id": "abc\\u0000def"}}')
        elif fault == "bad-utf8-token":
            self.reply(200, b'{"token": {"id": "abc\xff\xfedef"}}')
        elif fault == "huge-header":
            self.reply(200, b'{"token": {"id": "t"}}', extra={
                "X-Huge": "h" * (1 << 20)})
        elif fault in RAW:
            self.wfile.write(RAW[fault])
            self.wfile.flush()
            self.close_connection = True
        else:
            self.reply(200, b'{"token": {"id": "t"}}')

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


def main():
    p = ph.arg_parser("a server that misbehaves, for tests")
    p.add_argument("--tls-max", choices=["1.1"],
                   help="with --tls, offer only TLS 1.1 (an outdated server)")
    args = p.parse_args()
    try:
        ph.serve(Handler, args)
    finally:
        STOP.set()


if __name__ == "__main__":
    main()
