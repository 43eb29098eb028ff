"""Shared plumbing for the provider test servers (Koyeb, Quatrix, IBKR).

Each provider server is a small set of routes on top of this: an HTTP/1.1
keep-alive server on 127.0.0.1, port 0, optionally over TLS, that prints
"PORT <n>" when ready and, for the tests, one "EVENT ..." line per thing
worth checking (a header the client sent, a cookie it kept).  Python
standard library only: nothing here shares code with libapicc.
"""
import argparse
import http.server
import json
import socket
import ssl
import sys
import threading

PRINT_LOCK = threading.Lock()


def event(*words):
    """One line on stdout for the test to read (test_server_read_line)."""
    with PRINT_LOCK:
        print("EVENT " + " ".join(str(w) for w in words), flush=True)


class JSONHandler(http.server.BaseHTTPRequestHandler):
    """Routes by (method, path) through the class's ROUTES table."""

    protocol_version = "HTTP/1.1"
    ROUTES = {}
    server_version = "provider-test/1"

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    # ---- request helpers -------------------------------------------------
    def body_bytes(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def json_body(self):
        """The body as JSON, or raises ValueError."""
        raw = self.body_bytes()
        return json.loads(raw.decode("utf-8")) if raw else None

    def cookies(self):
        jar = {}
        for part in (self.headers.get("Cookie") or "").split(";"):
            if "=" in part:
                k, v = part.strip().split("=", 1)
                jar[k] = v
        return jar

    # ---- responses ---------------------------------------------------------
    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            if isinstance(v, list):
                for one in v:
                    self.send_header(k, one)
            else:
                self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def dispatch(self):
        path = self.path.split("?", 1)[0]
        route = self.ROUTES.get((self.command, path))
        if route is None:
            known = any(p == path for (_, p) in self.ROUTES)
            self.body_bytes()
            self.not_found(405 if known else 404)
            return
        route(self)

    def not_found(self, status):
        self.send_json(status, {"error": "no such route"})

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = dispatch


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    context = None

    def get_request(self):
        sock, addr = self.socket.accept()
        if self.context is not None:
            # The handshake runs in the connection's thread, so a client
            # that refuses the certificate never blocks accept().
            sock = self.context.wrap_socket(sock, server_side=True,
                                            do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        pass  # refused handshakes are part of the tests


def arg_parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                   help="serve HTTPS with this certificate and key")
    return p


def serve(handler, args):
    server = Server(("127.0.0.1", 0), handler)
    server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        server.context = ctx
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    sys.exit(0)
