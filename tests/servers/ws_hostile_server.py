"""A broken and hostile WebSocket server for the client's failure paths,
written on raw sockets (Python standard library only) so it can break
every rule a real server library would never let it break.

Binds 127.0.0.1 on a free port and prints "PORT <n>".  The request path
picks the misbehaviour (see BEHAVIOURS).  When a connection ends, one line
"DONE <path> <what the client did>" is printed: "close <code>" when the
client sent a close frame (masked, as it must be), "unmasked" when a
client frame was not masked, "none" when it just dropped the socket, or
"timeout".  Paths that check the client's masks print
"MASKS <distinct>/<frames>".  The flood paths send pings, events or empty
continuation frames without pause until the client goes, and report
"close <code>" if the client sent a close frame meanwhile.
"""
import base64
import hashlib
import json
import os
import socket
import struct
import sys
import threading
import time

# make memcheck runs the clients tens of times slower and says so here
# (APICC_TEST_TIME_SCALE, as tests/support/test_time.h reads it): the
# waits for what a client does next stretch with it.
try:
    SCALE = max(1, min(100, int(os.environ.get("APICC_TEST_TIME_SCALE", "1"))))
except ValueError:
    SCALE = 1

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
LOCK = threading.Lock()


def say(line):
    with LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def accept_key(key):
    return base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None, None
        data += chunk
    head = data.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    path = head[0].split(" ")[1]
    headers = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return path, headers


def upgrade(conn, key, accept=None, extra=b"", headers=""):
    conn.sendall(("HTTP/1.1 101 Switching Protocols\r\n"
                  "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Accept: %s\r\n%s\r\n"
                  % (accept if accept is not None else accept_key(key),
                     headers)).encode()
                 + extra)


def frame(op, payload=b"", fin=True, rsv=0, mask=None, length=None):
    b0 = (0x80 if fin else 0) | (rsv << 4) | op
    n = len(payload) if length is None else length
    m = 0x80 if mask else 0
    if n < 126:
        hdr = struct.pack("!BB", b0, m | n)
    elif n < 65536:
        hdr = struct.pack("!BBH", b0, m | 126, n)
    else:
        hdr = struct.pack("!BBQ", b0, m | 127, n)
    if mask:
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        hdr += mask
    return hdr + payload


class Reader:
    """Reads the client's frames (which must be masked)."""

    def __init__(self, conn):
        self.conn = conn
        self.buf = b""
        self.masks = []

    def need(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.conn.settimeout(left)
            chunk = self.conn.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def frame(self, timeout=10):
        deadline = time.monotonic() + timeout
        b0, b1 = self.need(2, deadline)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack("!H", self.need(2, deadline))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.need(8, deadline))[0]
        if not b1 & 0x80:
            return None
        mask = self.need(4, deadline)
        self.masks.append(mask)
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.need(n, deadline)))
        return b0 & 0x80, b0 & 0x0F, data


def finish(conn, path, timeout=10):
    """Waits for what the client does next and reports it."""
    timeout *= SCALE
    r = Reader(conn)
    try:
        while True:
            f = r.frame(timeout)
            if f is None:
                say("DONE %s unmasked" % path)
                return
            if f[1] == 8:
                code = struct.unpack("!H", f[2][:2])[0] if len(f[2]) >= 2 else 0
                say("DONE %s close %d" % (path, code))
                return
    except EOFError:
        say("DONE %s none" % path)
    except (TimeoutError, socket.timeout):
        say("DONE %s timeout" % path)
    except OSError:
        say("DONE %s none" % path)


def masks(conn, key, path):
    """Echoes each message and checks the client's masks."""
    upgrade(conn, key)
    r = Reader(conn)
    try:
        while True:
            f = r.frame()
            if f is None:
                say("DONE %s unmasked" % path)
                return
            if f[1] == 8:
                say("MASKS %d/%d" % (len(set(r.masks)), len(r.masks)))
                conn.sendall(frame(8, f[2][:2]))
                return
            conn.sendall(frame(f[1], f[2]))
    except (EOFError, TimeoutError, OSError):
        say("MASKS %d/%d" % (len(set(r.masks)), len(r.masks)))


def hold(conn, seconds=30):
    """Keeps the socket open, reading, until the client goes."""
    conn.settimeout(seconds)
    try:
        while conn.recv(4096):
            pass
    except OSError:
        pass


def flood(conn, key, path, unit, start=b"", seconds=30):
    """After the upgrade, sends `unit` frames without pause until the
    client drops the connection (or `seconds` pass), reading what the
    client sends meanwhile; reports "close <code>" when the client sent a
    close frame during the flood, else "none"."""
    upgrade(conn, key, extra=start)
    conn.settimeout(5)
    seen = {"close": None, "gone": False}

    def read():
        r = Reader(conn)
        try:
            while True:
                try:
                    f = r.frame(seconds)
                except (TimeoutError, socket.timeout):
                    continue
                if f is not None and f[1] == 8 and seen["close"] is None:
                    seen["close"] = (struct.unpack("!H", f[2][:2])[0]
                                     if len(f[2]) >= 2 else 0)
        except (EOFError, OSError):
            pass
        seen["gone"] = True

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    batch = unit * max(1, 65536 // len(unit))
    end = time.monotonic() + seconds
    try:
        while not seen["gone"] and time.monotonic() < end:
            conn.sendall(batch)
    except OSError:
        pass
    reader.join(5)
    if seen["close"] is not None:
        say("DONE %s close %d" % (path, seen["close"]))
    else:
        say("DONE %s none" % path)


def drip(conn, data):
    for i in range(len(data)):
        conn.sendall(data[i:i + 1])
        time.sleep(0.002)


BIG_HEADER = b"HTTP/1.1 101 Switching Protocols\r\n" + b"X-Pad: " + b"a" * 20000

BEHAVIOURS = {
    # handshake failures
    "/bad-accept": lambda c, k: upgrade(c, k, accept="AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
    "/no-accept": lambda c, k: c.sendall(b"HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n"
                                         b"Connection: Upgrade\r\n\r\n"),
    "/status-500": lambda c, k: c.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"),
    "/not-http": lambda c, k: c.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n"),
    "/huge-header": lambda c, k: c.sendall(BIG_HEADER),
    "/no-reply": lambda c, k: hold(c),
    "/close-in-handshake": lambda c, k: None,
    # frame violations after a good handshake
    "/masked": lambda c, k: upgrade(c, k, extra=frame(1, b"hi", mask=b"\x01\x02\x03\x04")),
    "/rsv": lambda c, k: upgrade(c, k, extra=frame(1, b"hi", rsv=4)),
    "/opcode": lambda c, k: upgrade(c, k, extra=frame(3, b"hi")),
    "/big-ping": lambda c, k: upgrade(c, k, extra=frame(9, b"p" * 126)),
    "/frag-ping": lambda c, k: upgrade(c, k, extra=frame(9, b"p", fin=False)),
    "/huge-length": lambda c, k: upgrade(c, k, extra=frame(2, b"", length=1 << 40)),
    "/top-bit": lambda c, k: upgrade(c, k, extra=struct.pack("!BBQ", 0x82, 127, 1 << 63)),
    "/bad-utf8": lambda c, k: upgrade(c, k, extra=frame(1, b"ab\xc0\xafcd")),
    "/bad-utf8-fragment": lambda c, k: upgrade(
        c, k, extra=frame(1, b"fine \xc3", fin=False) + frame(0, b"\x28 bad", fin=False)),
    "/lone-cont": lambda c, k: upgrade(c, k, extra=frame(0, b"x")),
    "/bad-close-code": lambda c, k: upgrade(c, k, extra=frame(8, struct.pack("!H", 1005))),
    "/close-1-byte": lambda c, k: upgrade(c, k, extra=frame(8, b"\x03")),
    "/escape-close": lambda c, k: upgrade(c, k, extra=frame(
        8, struct.pack("!H", 1000) + b"bye \x1b]0;pwned\x07\x1b[2J")),
    # drops
    "/drop": lambda c, k: upgrade(c, k),
    "/drop-mid-frame": lambda c, k: upgrade(c, k, extra=frame(2, b"x" * 10, length=100)[:12]),
    "/drop-mid-message": lambda c, k: upgrade(c, k, extra=frame(1, b"part", fin=False)),
    "/silent": lambda c, k: (upgrade(c, k), hold(c)),
    # legal but awkward
    "/drip": lambda c, k: drip(c, ("HTTP/1.1 101 Switching Protocols\r\n"
                                   "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Accept: %s\r\n\r\n" % accept_key(k)).encode()
                               + frame(1, b"dripped", fin=False) + frame(9, b"!")
                               + frame(0, " \u00e9t\u00e9".encode())),
    "/masks": None,
    "/subprotocol": lambda c, k: upgrade(c, k, headers="Sec-WebSocket-Protocol: chat\r\n"),
    # floods: the client's deadlines must hold however much arrives
    "/ping-flood": lambda c, k: flood(c, k, "/ping-flood", frame(9, b"")),
    # events with many values each, so parsing them keeps the client busy
    "/event-flood": lambda c, k: flood(c, k, "/event-flood",
                                       frame(1, b'{"e":"tick","v":[' + b"0," * 400 + b'0]}')),
    "/empty-continuations": lambda c, k: flood(
        c, k, "/empty-continuations", frame(0, b"", fin=False),
        start=frame(1, b"x", fin=False)),
}

# Seven 4 MiB events: "[0,0,...]" (a value every two bytes, over the
# client parser's budget) or values padded to 16 bytes (as many as the
# budget allows).
DENSE_EVENT = b"[" + b"0," * ((2 << 20) - 8) + b"0]"
PADDED_EVENT = b"[" + (b"0" + b" " * 14 + b",") * ((1 << 18) - 8) + b"0]"


def big_events(conn, key, path, event, count=7):
    """`count` events, then the answer to the client's request (so the
    client has read them all when its call returns), then the report."""
    upgrade(conn, key, extra=frame(1, event) * count)
    try:
        f = Reader(conn).frame(120 * SCALE)
        req = json.loads(f[2]) if f else {}
        conn.sendall(frame(1, json.dumps({"id": req.get("id"), "status": 200,
                                          "result": {}}).encode()))
    except (EOFError, TimeoutError, OSError, ValueError):
        pass
    finish(conn, path)


BEHAVIOURS["/big-events-dense"] = lambda c, k: big_events(c, k, "/big-events-dense",
                                                          DENSE_EVENT)
BEHAVIOURS["/big-events-padded"] = lambda c, k: big_events(c, k, "/big-events-padded",
                                                           PADDED_EVENT)
# 5000 small events of 2048 values each: small text, many nodes.
SMALL_DENSE_EVENT = b"[" + b"0," * 2047 + b"0]"
BEHAVIOURS["/small-dense-events"] = lambda c, k: big_events(
    c, k, "/small-dense-events", SMALL_DENSE_EVENT, 5000)
SELF_REPORT_BIG = {"/big-events-dense", "/big-events-padded", "/small-dense-events"}

# Paths that report for themselves.
SELF_REPORT = {"/ping-flood", "/event-flood", "/empty-continuations"} | SELF_REPORT_BIG

# Paths after which the connection is simply closed by the server.
DROP_AFTER = {"/drop", "/drop-mid-frame", "/drop-mid-message", "/close-in-handshake",
              "/status-500", "/not-http"}


def serve(conn):
    try:
        path, headers = read_request(conn)
        if path is None:
            return
        key = headers.get("sec-websocket-key", "")
        if path == "/masks":
            masks(conn, key, path)
            return
        act = BEHAVIOURS.get(path)
        if act is None:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
            return
        act(conn, key)
        if path in SELF_REPORT:
            pass
        elif path in DROP_AFTER:
            conn.shutdown(socket.SHUT_RDWR)
            say("DONE %s dropped" % path)
        elif path not in ("/no-reply", "/silent"):
            finish(conn, path)
        else:
            say("DONE %s none" % path)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    say("PORT %d" % srv.getsockname()[1])
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        os._exit(0)
