"""A JSON request/response WebSocket server in the shape of the Binance
Spot WebSocket API, on Python's `websockets` (Debian's python3-websockets
10.4).  Binds 127.0.0.1 on a free port and prints "PORT <n>".

Requests are {"id", "method", "params"}; each is handled in its own task,
so a slow request is answered after later fast ones.  Answers are
{"id", "status", "result" | "error": {"code", "msg"}, "rateLimits"}, with
REQUEST_WEIGHT counting 2 per request on the connection (no rateLimits
when the URL says returnRateLimits=false).

Methods:
  session.logon   checks apiKey "test-key" and an HMAC-SHA256 hex signature
                  with secret "test-secret" over the sorted params
                  (Binance's rule), and a timestamp within 60 s
  session.status, session.logout
  echo            result: the params, plus "_frame": the request as received
  slow            answers after params.ms milliseconds
  event           sends params.n event frames before the answer
  fail            a 400 error frame (-1100)
  unauthorized    a 401 error frame (-2015)
  unsolicited     an error frame with id null (401, -2015), then the answer
  nojson          a text frame that is not JSON, a binary frame, then the answer
  big             result {"data": <params.n bytes>}
  drop            drops the TCP connection without answering
  closelater      answers, then drops the connection 50 ms later
  shutdown        sends a serverShutdown event and closes with 1001
  wrongid         an answer with an id nobody asked for, then the answer
  wrongidonly     only an answer with an id nobody asked for
  silent          never answers (the connection stays open)
  userDataStream.subscribe
                  on a logged-on connection: result {"subscriptionId": N},
                  ids unique across connections (so a re-opened
                  subscription gets a new one); else a 401 error frame.
                  params.shape "string" makes the id "s-N", "object"
                  {"n": N}, "none" leaves it out
  userDataStream.unsubscribe
                  closes params.subscriptionId, or without it all
  test.push       sends params.n events per open subscription,
                  {"subscriptionId": N, "event": {"e":
                  "outboundAccountPosition", "E", "u": i, "B": [...]}},
                  and one for params.extra_id when given, then answers
The session (session.status) also says the logon's timestamp param, so
a test can tell a logon signed again from one sent again.
"""
import asyncio
import hashlib
import hmac
import json
import sys
import time

import websockets

KEYS = {"test-key": "test-secret"}
# The next subscription id, shared by all connections.
NEXT_SUBSCRIPTION = [100]


def now_ms():
    return int(time.time() * 1000)


def text_of(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    return str(v)


def payload_of(params):
    pairs = []
    for k in sorted(params):
        if k == "signature":
            continue
        v = params[k]
        for item in (v if isinstance(v, list) else [v]):
            pairs.append("%s=%s" % (k, text_of(item)))
    return "&".join(pairs)


class Conn:
    def __init__(self, ws):
        self.ws = ws
        self.connected_since = now_ms()
        self.api_key = None
        self.authorized_since = None
        self.weight = 0
        self.rate_limits = "returnRateLimits=false" not in ws.path
        self.subscriptions = set()
        self.logon_timestamp = None

    def session(self):
        return {"apiKey": self.api_key, "authorizedSince": self.authorized_since,
                "connectedSince": self.connected_since,
                "returnRateLimits": self.rate_limits, "serverTime": now_ms(),
                "userDataStream": bool(self.subscriptions),
                "logonTimestamp": self.logon_timestamp}

    async def answer(self, rid, status=200, result=None, error=None):
        msg = {"id": rid, "status": status}
        if error is not None:
            msg["error"] = {"code": error[0], "msg": error[1]}
        else:
            msg["result"] = result
        if self.rate_limits:
            msg["rateLimits"] = [{"rateLimitType": "REQUEST_WEIGHT",
                                  "interval": "MINUTE", "intervalNum": 1,
                                  "limit": 6000, "count": self.weight}]
        await self.ws.send(json.dumps(msg))

    def logon(self, p):
        secret = KEYS.get(p.get("apiKey"))
        if secret is None:
            return (401, (-2015, "Invalid API-key, IP, or permissions for action."))
        want = hmac.new(secret.encode(), payload_of(p).encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(want, str(p.get("signature", "")).lower()):
            return (400, (-1022, "Signature for this request is not valid."))
        if abs(now_ms() - int(p.get("timestamp", 0))) > 60000:
            return (400, (-1021, "Timestamp for this request is outside of the recvWindow."))
        self.api_key = p["apiKey"]
        self.authorized_since = now_ms()
        self.logon_timestamp = int(p["timestamp"])
        return None

    def account_event(self, sid, i):
        if isinstance(sid, str) and sid.startswith("{"):
            sid = json.loads(sid)  # an object id, kept as its text
        return json.dumps({"subscriptionId": sid, "event": {
            "e": "outboundAccountPosition", "E": now_ms(), "u": i,
            "B": [{"a": "BTC", "f": "1.00000000", "l": "0.00000000"}]}})

    async def subscription(self, rid, method, p):
        if method == "userDataStream.subscribe":
            if self.api_key is None:
                await self.answer(rid, 401, error=(-2015, "Invalid API-key, IP, or permissions for action."))
                return
            n = NEXT_SUBSCRIPTION[0]
            NEXT_SUBSCRIPTION[0] += 1
            shape = p.get("shape")
            if shape == "none":
                await self.answer(rid, result={})
                return
            sid = {"string": "s-%d" % n, "object": json.dumps({"n": n})}.get(shape, n)
            self.subscriptions.add(sid)
            await self.answer(rid, result={"subscriptionId": json.loads(sid) if shape == "object" else sid})
        elif method == "userDataStream.unsubscribe":
            if "subscriptionId" in p:
                self.subscriptions.discard(p["subscriptionId"])
            else:
                self.subscriptions.clear()
            await self.answer(rid, result={})
        else:  # test.push
            for sid in sorted(self.subscriptions, key=str):
                for i in range(p.get("n", 1)):
                    await self.ws.send(self.account_event(sid, i))
            if "extra_id" in p:
                await self.ws.send(self.account_event(p["extra_id"], -1))
            await self.answer(rid, result={})

    async def handle(self, raw):
        try:
            await self.dispatch(raw)
        except (websockets.ConnectionClosed, asyncio.CancelledError):
            pass

    async def dispatch(self, raw):
        req = json.loads(raw)
        rid, method, p = req.get("id"), req.get("method"), req.get("params", {})
        self.weight += 2
        if method == "session.logon":
            err = self.logon(p)
            if err:
                await self.answer(rid, err[0], error=err[1])
            else:
                await self.answer(rid, result=self.session())
        elif method == "session.status":
            await self.answer(rid, result=self.session())
        elif method in ("userDataStream.subscribe",
                        "userDataStream.unsubscribe", "test.push"):
            await self.subscription(rid, method, p)
        elif method == "session.logout":
            self.api_key = self.authorized_since = None
            self.subscriptions.clear()
            await self.answer(rid, result=self.session())
        elif method == "echo":
            await self.answer(rid, result=dict(p, _frame=raw))
        elif method == "slow":
            await asyncio.sleep(p.get("ms", 100) / 1000)
            await self.answer(rid, result={"slept": p.get("ms", 100)})
        elif method == "event":
            for i in range(p.get("n", 1)):
                await self.ws.send(json.dumps({"event": {"e": "testEvent", "n": i}}))
            await self.answer(rid, result={})
        elif method == "fail":
            await self.answer(rid, 400, error=(-1100, "Illegal characters found in parameter 'x'."))
        elif method == "unauthorized":
            await self.answer(rid, 401, error=(-2015, "Invalid API-key, IP, or permissions for action."))
        elif method == "unsolicited":
            await self.ws.send(json.dumps({"id": None, "status": 401, "error": {
                "code": -2015, "msg": "Invalid API-key, IP, or permissions for action."}}))
            self.api_key = self.authorized_since = None
            await self.answer(rid, result={})
        elif method == "nojson":
            await self.ws.send("this is not JSON")
            await self.ws.send(b"\x00\x01binary")
            await self.answer(rid, result={})
        elif method == "big":
            await self.answer(rid, result={"data": "x" * int(p.get("n", 0))})
        elif method == "drop":
            self.ws.transport.abort()
        elif method == "closelater":
            await self.answer(rid, result={})
            await asyncio.sleep(0.05)
            self.ws.transport.abort()
        elif method in ("wrongid", "wrongidonly"):
            await self.answer("nobody-asked", result={"stray": True})
            if method == "wrongid":
                await self.answer(rid, result={})
        elif method == "silent":
            pass
        elif method == "shutdown":
            await self.ws.send(json.dumps({"event": {"e": "serverShutdown", "E": now_ms()}}))
            await self.ws.close(1001, "going away")
        else:
            await self.answer(rid, 400, error=(-1, "Unknown method."))


async def handler(ws):
    conn = Conn(ws)
    tasks = set()
    try:
        async for raw in ws:
            t = asyncio.ensure_future(conn.handle(raw))
            tasks.add(t)
            t.add_done_callback(tasks.discard)
    except websockets.ConnectionClosed:
        pass
    for t in list(tasks):
        t.cancel()


async def main():
    async with websockets.serve(handler, "127.0.0.1", 0, ping_interval=None,
                                max_size=None, compression=None) as server:
        print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
