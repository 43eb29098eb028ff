#!/usr/bin/python3
"""nginx serving HTTP/2 over TLS on 127.0.0.1, for the tests of calls
started on a multi (tests/integration/test_multi.c).

Makes a throw-away self-signed certificate and an nginx configuration in
a temporary folder, starts nginx in the foreground on a free port, and
prints "PORT <n>" then "DIR <folder>" once it accepts connections: the
folder holds cert.pem (the certificate to trust) and access.log, whose
lines are "<connection number> <protocol> <request>" so a test can tell
how many connections its calls took.  /echo/... answers a small JSON
object naming the method and the query.  Stops nginx and removes the
folder on SIGTERM.  Needs nginx (Debian's package) and openssl.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import provider_http  # noqa: E402

CONF = """
worker_processes 1;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    log_format conn '$connection $server_protocol "$request"';
    access_log {dir}/access.log conn;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    keepalive_requests 100000;
    http2_max_requests 100000;
    server {{
        listen 127.0.0.1:{port} ssl http2;
        ssl_certificate {dir}/cert.pem;
        ssl_certificate_key {dir}/key.pem;
        location /echo/ {{
            default_type application/json;
            return 200 '{{"method":"$request_method","query":"$args"}}';
        }}
    }}
}}
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    d = tempfile.mkdtemp(prefix="apicc-nginx-")
    provider_http.self_signed(d)
    port = free_port()
    with open(os.path.join(d, "nginx.conf"), "w") as f:
        f.write(CONF.format(dir=d, port=port))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([nginx, "-p", d, "-c", os.path.join(d, "nginx.conf"),
                             "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(*_):
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(d, ignore_errors=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    deadline = time.time() + 10
    while time.time() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    if proc.poll() is not None:
        shutil.rmtree(d, ignore_errors=True)
        sys.exit(1)
    print("PORT %d" % port, flush=True)
    print("DIR %s" % d, flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
