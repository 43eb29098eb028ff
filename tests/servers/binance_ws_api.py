#!/usr/bin/python3
"""A local stand-in for the Binance Spot WebSocket API's session methods,
on Python's `websockets` (Debian's python3-websockets), path /ws-api/v3.

One JSON request per text frame, {id, method, params}; answers
{id, status, result | error{code, msg}, rateLimits}.  Per connection:
connectedSince at accept, apiKey and authorizedSince set by session.logon
and null again after session.logout.

session.logon checks what Binance checks, recomputed here without
libapicc: apiKey, timestamp and signature present, recvWindow at most
60000 (-1102); a known key (-2015, status 401); the timestamp window,
timestamp < serverTime + 1000 and serverTime - timestamp <= recvWindow
(default 5000; -1021); and the signature over every param but `signature`, sorted by
name, "k=v" joined by "&", raw UTF-8: HMAC-SHA256 hex for HMAC keys
(not case-sensitive), Ed25519 base64 for Ed25519 keys and RSA-SHA256
(PKCS#1 v1.5) base64 for RSA keys, the last two verified with the
openssl command line (-1022).  Binance documents session.logon for
Ed25519 keys only; --ed25519-only answers HMAC and RSA keys with -1022,
as users report production does.

Keys: HMAC "hmac-key-1" with --hmac-secret (default the docs' example
secret); Ed25519 "ed-key-1" with --ed25519-public PEM file (default: the
public key of the private key Binance publishes in its FIX API docs);
RSA "rsa-key-1" with --rsa-public PEM file (no RSA key without it).
rateLimits come with every answer unless the connection URL or the
request's params say returnRateLimits=false (a request's true wins over
the URL's false).  The server pings every --ping-interval seconds and closes a connection
whose pong does not come within --pong-timeout.  Test control methods:
"_test.drop" (drop the TCP connection), "_test.revoke" (an
unsolicited 401 -2015, the session revoked) and "_test.account" (one
outboundAccountPosition event, the docs' example, per User Data Stream
subscription, then an empty answer).

userDataStream.subscribe needs a connection logged on with an Ed25519
key (otherwise this server answers 401 -2015; the docs name no code)
and answers {"subscriptionId": N}, N counting from 0 per connection;
events come as {"subscriptionId": N, "event": {...}}.
userDataStream.unsubscribe closes params.subscriptionId, or all
without it; session.logout closes them too.  Events for the tests:
"EVENT logon <apiKey> <algorithm>", "EVENT pong".
"""
import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

import websockets

DOCS_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
FIX_DOCS_ED25519_PUBLIC = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAGUIKv9dSpWXBViXp2m6vAIb8QMFJYBgyFEQsFJlqgA0=\n"
    "-----END PUBLIC KEY-----\n")
CONFIG = {}


def now_ms():
    return int(time.time() * 1000)


def event(*words):
    print("EVENT " + " ".join(str(w) for w in words), flush=True)


def text_of(v):
    """A param as it appears in the signed payload."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def payload_of(params):
    return "&".join("%s=%s" % (k, text_of(params[k]))
                    for k in sorted(params) if k != "signature")


def hmac_ok(secret, payload, signature):
    want = hmac.new(secret.encode(), payload.encode(), hashlib.sha256)
    return hmac.compare_digest(want.hexdigest(), str(signature).lower())


def pkey_ok(kind, public_pem_path, payload, signature):
    """Ed25519 (over the raw payload) or RSA PKCS#1 v1.5 with SHA-256,
    both base64, checked by the openssl command line."""
    try:
        sig = base64.b64decode(signature, validate=True)
    except (ValueError, TypeError):
        return False
    with tempfile.TemporaryDirectory(prefix="apicc-bn-") as d:
        pfile = os.path.join(d, "payload")
        sfile = os.path.join(d, "sig")
        with open(pfile, "wb") as f:
            f.write(payload.encode())
        with open(sfile, "wb") as f:
            f.write(sig)
        if kind == "ed25519":
            cmd = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
                   public_pem_path, "-rawin", "-in", pfile, "-sigfile", sfile]
        else:
            cmd = ["openssl", "dgst", "-sha256", "-verify", public_pem_path,
                   "-signature", sfile, pfile]
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=30)
        return r.returncode == 0


def signature_ok(kind, secret, payload, signature):
    if kind == "hmac":
        return hmac_ok(secret, payload, signature)
    return pkey_ok(kind, secret, payload, signature)


class Conn:
    def __init__(self, ws, rate_limits):
        self.ws = ws
        self.connected_since = now_ms()
        self.api_key = None
        self.authorized_since = None
        self.weight = 0
        self.rate_limits = rate_limits  # the connection's setting
        self.reply_limits = rate_limits  # this answer's
        self.subscriptions = []
        self.next_subscription = 0

    def result(self):
        return {"apiKey": self.api_key,
                "authorizedSince": self.authorized_since,
                "connectedSince": self.connected_since,
                "returnRateLimits": self.rate_limits,
                "serverTime": now_ms(),
                "userDataStream": bool(self.subscriptions)}

    def frame(self, rid, status, result=None, code=None, msg=None):
        self.weight += 2
        out = {"id": rid, "status": status}
        if code is None:
            out["result"] = result
        else:
            out["error"] = {"code": code, "msg": msg}
        if self.reply_limits:
            out["rateLimits"] = [{"rateLimitType": "REQUEST_WEIGHT",
                                  "interval": "MINUTE", "intervalNum": 1,
                                  "limit": 6000, "count": self.weight}]
        return json.dumps(out)

    def logon(self, rid, params):
        for name in ("apiKey", "timestamp", "signature"):
            if params.get(name) in (None, ""):
                return self.frame(rid, 400, code=-1102, msg=(
                    "Mandatory parameter '%s' was not sent, was empty/null, "
                    "or malformed." % name))
        key = params["apiKey"]
        if key not in CONFIG["keys"]:
            return self.frame(rid, 401, code=-2015, msg=(
                "Invalid API-key, IP, or permissions for action."))
        try:
            ts = int(params["timestamp"])
            window = float(params.get("recvWindow", 5000))
        except (TypeError, ValueError):
            return self.frame(rid, 400, code=-1102, msg=(
                "Mandatory parameter 'timestamp' was not sent, was "
                "empty/null, or malformed."))
        if window > 60000:
            return self.frame(rid, 400, code=-1102, msg=(
                "'recvWindow' contains unexpected value. Cannot be greater "
                "than 60000."))
        server = now_ms()
        if ts >= server + 1000:
            return self.frame(rid, 400, code=-1021, msg=(
                "Timestamp for this request was 1000ms ahead of the "
                "server's time."))
        if server - ts > window:
            return self.frame(rid, 400, code=-1021, msg=(
                "Timestamp for this request is outside of the recvWindow."))
        kind, secret = CONFIG["keys"][key]
        ok = signature_ok(kind, secret, payload_of(params),
                          params["signature"])
        if CONFIG["ed25519_only"] and kind != "ed25519":
            ok = False
        if not ok:
            return self.frame(rid, 400, code=-1022, msg=(
                "Signature for this request is not valid."))
        event("logon", key, kind)
        self.api_key = key
        self.authorized_since = server
        return self.frame(rid, 200, self.result())

    async def user_data(self, rid, method, params):
        if method == "userDataStream.subscribe":
            key = CONFIG["keys"].get(self.api_key)
            if not key or key[0] != "ed25519":
                await self.ws.send(self.frame(rid, 401, code=-2015, msg=(
                    "Invalid API-key, IP, or permissions for action.")))
                return
            sid = self.next_subscription
            self.next_subscription += 1
            self.subscriptions.append(sid)
            await self.ws.send(self.frame(rid, 200, {"subscriptionId": sid}))
        elif method == "userDataStream.unsubscribe":
            if "subscriptionId" in params:
                self.subscriptions = [s for s in self.subscriptions
                                      if s != params["subscriptionId"]]
            else:
                self.subscriptions = []
            await self.ws.send(self.frame(rid, 200, {}))
        elif method == "_test.account":
            for sid in self.subscriptions:
                await self.ws.send(json.dumps({"subscriptionId": sid, "event": {
                    "e": "outboundAccountPosition", "E": 1728972148778,
                    "u": 1728972148778,
                    "B": [{"a": "BTC", "f": "11818.00000000", "l": "182.00000000"},
                          {"a": "USDT", "f": "10580.00000000", "l": "70.00000000"}]}}))
            await self.ws.send(self.frame(rid, 200, {}))
        else:
            await self.ws.send(self.frame(rid, 400, code=-1100, msg=(
                "Illegal characters found in parameter 'method'.")))

    async def handle(self, text):
        try:
            req = json.loads(text)
            rid, method = req["id"], req["method"]
            params = req.get("params") or {}
            if not isinstance(params, dict):
                raise TypeError("params is not an object")
        except (ValueError, KeyError, TypeError):
            await self.ws.send(self.frame(None, 400, code=-1100, msg=(
                "Illegal characters found in a parameter.")))
            return
        wanted = params.get("returnRateLimits")
        self.reply_limits = (wanted if isinstance(wanted, bool) else
                             self.rate_limits)
        await self.dispatch(rid, method, params)

    async def dispatch(self, rid, method, params):
        if method == "session.logon":
            await self.ws.send(self.logon(rid, params))
        elif method == "session.status":
            await self.ws.send(self.frame(rid, 200, self.result()))
        elif method == "session.logout":
            self.api_key = self.authorized_since = None
            self.subscriptions = []
            await self.ws.send(self.frame(rid, 200, self.result()))
        elif method.startswith("userDataStream.") or method == "_test.account":
            await self.user_data(rid, method, params)
        elif method == "_test.drop":
            self.ws.transport.abort()
        elif method == "_test.revoke":
            self.api_key = self.authorized_since = None
            await self.ws.send(self.frame(None, 401, code=-2015, msg=(
                "Invalid API-key, IP, or permissions for action.")))
        else:
            await self.ws.send(self.frame(rid, 400, code=-1100, msg=(
                "Illegal characters found in parameter 'method'.")))


async def pinger(ws):
    """Pings like Binance does; a connection that stops answering goes."""
    try:
        while True:
            await asyncio.sleep(CONFIG["ping_interval"])
            waiter = await ws.ping()
            try:
                await asyncio.wait_for(waiter, CONFIG["pong_timeout"])
                event("pong")
            except asyncio.TimeoutError:
                await ws.close(1008, "pong timeout")
                return
    except websockets.ConnectionClosed:
        pass


async def handler(ws, path):
    if urllib.parse.urlsplit(path).path != "/ws-api/v3":
        await ws.close(1008, "unknown path")
        return
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    conn = Conn(ws, query.get("returnRateLimits", ["true"])[0] != "false")
    ping_task = asyncio.ensure_future(pinger(ws))
    try:
        async for message in ws:
            if isinstance(message, str):
                await conn.handle(message)
    except websockets.ConnectionClosed:
        pass
    finally:
        ping_task.cancel()


async def main():
    p = argparse.ArgumentParser(description="Binance WS API, for tests")
    p.add_argument("--hmac-secret", default=DOCS_SECRET)
    p.add_argument("--ed25519-public", default=None,
                   help="PEM public key of the Ed25519 API key")
    p.add_argument("--rsa-public", default=None,
                   help="PEM public key of the RSA API key")
    p.add_argument("--ed25519-only", action="store_true",
                   help="refuse HMAC and RSA keys on session.logon (-1022)")
    p.add_argument("--ping-interval", type=float, default=20.0)
    p.add_argument("--pong-timeout", type=float, default=60.0)
    args = p.parse_args()
    tmp = None
    pub = args.ed25519_public
    if pub is None:
        tmp = tempfile.mkdtemp(prefix="apicc-bn-")
        pub = os.path.join(tmp, "ed25519.pub.pem")
        with open(pub, "w") as f:
            f.write(FIX_DOCS_ED25519_PUBLIC)
    keys = {"hmac-key-1": ("hmac", args.hmac_secret),
            "ed-key-1": ("ed25519", pub)}
    if args.rsa_public:
        keys["rsa-key-1"] = ("rsa", args.rsa_public)
    CONFIG.update(keys=keys, ed25519_only=args.ed25519_only,
                  ping_interval=args.ping_interval,
                  pong_timeout=args.pong_timeout)
    try:
        async with websockets.serve(handler, "127.0.0.1", 0,
                                    ping_interval=None,
                                    max_size=1 << 20) as server:
            port = server.sockets[0].getsockname()[1]
            print("PORT %d" % port, flush=True)
            await asyncio.Future()
    finally:
        if tmp:
            for name in os.listdir(tmp):
                os.unlink(os.path.join(tmp, name))
            os.rmdir(tmp)


if __name__ == "__main__":
    try:
        import signal
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        asyncio.run(main())
    except (KeyboardInterrupt, SystemExit):
        pass
