#!/usr/bin/python3
"""A local HTTP/1.1 keep-alive server for the runtime's HTTP tests.

Binds 127.0.0.1 on a free port, prints "PORT <n>" and serves until
killed.  With --tls CERT KEY it speaks HTTPS with that certificate (the
tests make a self-signed one at run time).  It counts the connections it
accepts, so a test can prove that a client reuses one.  Python standard
library only.

Routes (any method):
  /echo...                 the request as JSON: method, path, query,
                           headers (lower-case names), cookies, body
  /hang                    never answers (until the client gives up)
  /flaky?key=K&fail=N&status=S&retry_after=V
                           the first N requests with key K get status S
                           (default 503) and, when V is given, a
                           Retry-After of V ("date:SECS" sends an HTTP date
                           SECS seconds ahead); then 200 {"attempts": n}
  /count?key=K             {"attempts": n} for key K
  /status?code=N           status N with a small JSON body
  /error?status=N&shape=flat|nested
                           a provider error body
  /cookie/set?name=N&value=V   sets a cookie
  /auth/basic /auth/bearer /auth/header /auth/query /auth/cookie
                           200 when the credential is right, else 401
  /session/login           sets cookie session=sess-42, returns a token
  /session/check           200 with the session cookie, else 401
  /signed                  a Binance-style HMAC-SHA256 query signature;
                           with key=K&fail=N the first N well-signed
                           requests with key K get 503
  /large?n=BYTES[&chunked=1]   a JSON string body of about n bytes
  /json?body=TEXT          200 with TEXT as the body, verbatim
  /bytes?n=BYTES           n bytes (byte i is i % 251) as
                           application/octet-stream, sent chunked
  /notjson                 200 with a text body
  /empty                   204
  /stats                   {"connections": n, "requests": n}
"""
import base64
import email.utils
import hashlib
import hmac
import http.cookies
import http.server
import json
import socket
import ssl
import sys
import threading
import time
import urllib.parse

import provider_http

LOCK = threading.Lock()
STATS = {"connections": 0, "requests": 0}
ATTEMPTS = {}
STOP = threading.Event()

BASIC = "Basic " + base64.b64encode(b"alice:wonderland").decode()
BEARER = "Bearer s3cr3t-token"
API_KEY = "k-123"
HMAC_KEYS = {"test-key": b"test-secret"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "apicc-test"
    sys_version = ""

    def setup(self):
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(10)
            self.request.do_handshake()
            self.request.settimeout(None)
        with LOCK:
            STATS["connections"] += 1
        super().setup()

    def log_message(self, fmt, *args):
        pass

    # -- helpers ---------------------------------------------------------

    def reply(self, status, obj=None, headers=(), raw=None,
              ctype="application/json"):
        body = raw if raw is not None else (
            b"" if obj is None else json.dumps(obj).encode())
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if body or status not in (204, 304):
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def cookies(self):
        jar = http.cookies.SimpleCookie()
        for h in self.headers.get_all("Cookie") or []:
            try:
                jar.load(h)
            except http.cookies.CookieError:
                pass
        return {k: m.value for k, m in jar.items()}

    def unauthorized(self):
        self.reply(401, {"code": "unauthorized", "message": "bad credentials"})

    # -- dispatch --------------------------------------------------------

    def handle_any(self):
        with LOCK:
            STATS["requests"] += 1
        n = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(n) if n else b""
        url = urllib.parse.urlsplit(self.path)
        self.raw_path, self.raw_query = url.path, url.query
        self.q = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        route = ROUTES.get(url.path)
        if route is None and url.path.startswith("/echo"):
            route = Handler.r_echo
        if route is None:
            self.reply(404, {"code": "not_found", "message": url.path})
        else:
            route(self)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = \
        do_OPTIONS = handle_any

    # -- routes ----------------------------------------------------------

    def r_echo(self):
        headers = {}
        for k, v in self.headers.items():
            k = k.lower()
            headers[k] = headers[k] + ", " + v if k in headers else v
        self.reply(200, {
            "method": self.command,
            "path": self.raw_path,
            "query": self.raw_query,
            "headers": headers,
            "cookies": self.cookies(),
            "body": self.body.decode("utf-8", "replace"),
        })

    def r_hang(self):
        STOP.wait(30)
        self.close_connection = True

    def r_flaky(self):
        key = self.q.get("key", "")
        with LOCK:
            ATTEMPTS[key] = ATTEMPTS.get(key, 0) + 1
            n = ATTEMPTS[key]
        if n <= int(self.q.get("fail", "1")):
            headers = []
            ra = self.q.get("retry_after")
            if ra is not None:
                if ra.startswith("date:"):
                    when = time.time() + int(ra[5:])
                    ra = email.utils.formatdate(when, usegmt=True)
                headers.append(("Retry-After", ra))
            self.reply(int(self.q.get("status", "503")),
                       {"code": "busy", "message": "try later"}, headers)
        else:
            self.reply(200, {"attempts": n})

    def r_count(self):
        with LOCK:
            n = ATTEMPTS.get(self.q.get("key", ""), 0)
        self.reply(200, {"attempts": n})

    def r_status(self):
        self.reply(int(self.q.get("code", "200")), {"status": "as asked"},
                   [("X-RateLimit-Remaining", "7")])

    def r_error(self):
        status = int(self.q.get("status", "400"))
        if self.q.get("shape") == "nested":
            body = {"error": {"code": "invalid_argument",
                              "message": "field x is wrong"}}
        elif self.q.get("shape") == "long_code":
            # a code no double holds exactly
            body = {"code": 90071992547409931, "msg": "long"}
        else:
            body = {"code": -1022, "msg": "Signature for this request is "
                                          "not valid."}
        self.reply(status, body)

    def r_cookie_set(self):
        name, value = self.q.get("name", "c"), self.q.get("value", "v")
        self.reply(200, {"set": name},
                   [("Set-Cookie", "%s=%s; Path=/" % (name, value))])

    def r_basic(self):
        if self.headers.get("Authorization") == BASIC:
            self.reply(200, {"authenticated": True})
        else:
            self.unauthorized()

    def r_bearer(self):
        if self.headers.get("Authorization") == BEARER:
            self.reply(200, {"authenticated": True})
        else:
            self.unauthorized()

    def r_key_header(self):
        if self.headers.get("X-API-Key") == API_KEY:
            self.reply(200, {"authenticated": True})
        else:
            self.unauthorized()

    def r_key_query(self):
        if self.q.get("api_key") == API_KEY:
            self.reply(200, {"authenticated": True})
        else:
            self.unauthorized()

    def r_key_cookie(self):
        if self.cookies().get("api_key") == API_KEY:
            self.reply(200, {"authenticated": True})
        else:
            self.unauthorized()

    def r_login(self):
        self.reply(200, {"token": {"id": "tok-new"}, "user": "alice"},
                   [("Set-Cookie", "session=sess-42; Path=/; HttpOnly")])

    def r_session(self):
        if self.cookies().get("session") == "sess-42":
            self.reply(200, {"session": "ok"})
        else:
            self.unauthorized()

    def r_signed(self):
        secret = HMAC_KEYS.get(self.headers.get("X-API-KEY", ""))
        payload, sep, sig = self.raw_query.rpartition("&signature=")
        if not secret or not sep:
            self.reply(401, {"code": -2015, "msg": "missing key or signature"})
            return
        want = hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(want, sig):
            self.reply(401, {"code": -1022, "msg": "bad signature"})
            return
        key = self.q.get("key")
        if key is not None:
            with LOCK:
                ATTEMPTS[key] = ATTEMPTS.get(key, 0) + 1
                n = ATTEMPTS[key]
            if n <= int(self.q.get("fail", "0")):
                self.reply(503, {"code": "busy", "message": "try later"})
                return
        self.reply(200, {"ok": True, "signed": payload})

    def r_large(self):
        n = int(self.q.get("n", "1000"))
        body = b'"' + b"x" * n + b'"'
        if self.q.get("chunked") != "1":
            self.reply(200, raw=body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for i in range(0, len(body), 16384):
                chunk = body[i:i + 16384]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True

    def r_bytes(self):
        n = int(self.q.get("n", "0"))
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        block = bytes(i % 251 for i in range(251 * 256))
        sent = 0
        while sent < n:
            chunk = block[:min(len(block), n - sent)]
            self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
        self.wfile.write(b"0\r\n\r\n")

    def r_notjson(self):
        self.reply(200, raw=b"hello, not json", ctype="text/plain")

    def r_empty(self):
        self.reply(204)

    def r_json(self):
        self.reply(200, raw=self.q.get("body", "").encode())

    def r_stats(self):
        with LOCK:
            self.reply(200, dict(STATS))


ROUTES = {
    "/hang": Handler.r_hang,
    "/flaky": Handler.r_flaky,
    "/count": Handler.r_count,
    "/status": Handler.r_status,
    "/error": Handler.r_error,
    "/cookie/set": Handler.r_cookie_set,
    "/auth/basic": Handler.r_basic,
    "/auth/bearer": Handler.r_bearer,
    "/auth/header": Handler.r_key_header,
    "/auth/query": Handler.r_key_query,
    "/auth/cookie": Handler.r_key_cookie,
    "/session/login": Handler.r_login,
    "/session/check": Handler.r_session,
    "/signed": Handler.r_signed,
    "/large": Handler.r_large,
    "/json": Handler.r_json,
    "/bytes": Handler.r_bytes,
    "/notjson": Handler.r_notjson,
    "/empty": Handler.r_empty,
    "/stats": Handler.r_stats,
}


# The threaded server (TLS handshakes in the connection's own thread,
# expected hang-ups kept off stderr) is the one the provider servers use.
Server = provider_http.Server


def main():
    server = Server(("127.0.0.1", 0), Handler)
    if len(sys.argv) >= 4 and sys.argv[1] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        server.context = ctx
    server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        STOP.set()


if __name__ == "__main__":
    main()
