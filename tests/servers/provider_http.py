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
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import warnings
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
    p.add_argument("--tls-auto", action="store_true",
                   help="serve HTTPS with a fresh self-signed certificate "
                        "(for localhost and 127.0.0.1), printed as a line "
                        "\"CA <path>\" after the port")
    return p


def self_signed(directory):
    """A throw-away certificate made with the openssl command line, as a
    gateway with a self-signed certificate has."""
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
         cert, "-days", "2", "-subj", "/CN=localhost", "-addext",
         "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        timeout=30)
    return cert, key


def serve(handler, args):
    # SIGTERM (how the tests stop servers) unwinds normally, so the
    # temporary certificate folder is removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    tmp = None
    tls = args.tls
    try:
        if getattr(args, "tls_auto", False):
            tmp = tempfile.mkdtemp(prefix="apicc-gw-")
            tls = self_signed(tmp)
        server = Server(("127.0.0.1", 0), handler)
        server.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(tls[0], tls[1])
            if getattr(args, "tls_max", None) == "1.1":
                # an old server: TLS 1.1 only, with the ciphers and
                # signatures it needs (below OpenSSL's default level)
                ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    ctx.minimum_version = ssl.TLSVersion.TLSv1_1
                    ctx.maximum_version = ssl.TLSVersion.TLSv1_1
            server.context = ctx
        print("PORT %d" % server.server_address[1], flush=True)
        if tmp:
            print("CA %s" % tls[0], flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
