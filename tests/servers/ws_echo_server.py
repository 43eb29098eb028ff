"""A WebSocket test server built on Python's `websockets` (Debian's
python3-websockets 10.4), so the client is checked against an
implementation nobody on this project wrote.

Binds 127.0.0.1 on a free port and prints "PORT <n>".  With
--tls CERT KEY it serves wss://.  What it does depends on the path:

  /echo       sends every message back as it came (text or binary)
  /fragments  sends every message back split into 4 fragments, with a
              server ping between the 2nd and 3rd fragment
  /ping       pings the client before each answer and replies
              "pong-ok:<message>" if the pong came back, "pong-missing" if not
  /close      a message "CODE REASON" makes the server close with them
  /silent     reads everything, never sends
  /headers    sends the request headers as one JSON object, then echoes
  /reject     refuses the upgrade with 403
"""
import argparse
import asyncio
import http
import json
import ssl
import sys

import websockets


async def fragments(ws, msg):
    n = len(msg)
    cut = [0, n // 4, n // 2, 3 * n // 4, n]
    # Python slices text by character, so no UTF-8 sequence is split.
    parts = [msg[cut[i]:cut[i + 1]] for i in range(4)]

    async def gen():
        yield parts[0]
        yield parts[1]
        await ws.ping(b"mid-message")
        yield parts[2]
        yield parts[3]

    await ws.send(gen())


async def handler(ws):
    try:
        await serve_one(ws)
    except websockets.ConnectionClosed:
        pass  # the client's close code is the test's business, not ours


async def serve_one(ws):
    path = ws.path.split("?")[0]
    if path == "/headers":
        await ws.send(json.dumps({k: v for k, v in ws.request_headers.raw_items()}))
    async for msg in ws:
        if path in ("/echo", "/headers"):
            await ws.send(msg)
        elif path == "/fragments":
            await fragments(ws, msg)
        elif path == "/ping":
            waiter = await ws.ping(b"server-ping")
            try:
                await asyncio.wait_for(waiter, 5)
                await ws.send("pong-ok:" + (msg if isinstance(msg, str) else ""))
            except asyncio.TimeoutError:
                await ws.send("pong-missing")
        elif path == "/close":
            code, _, reason = msg.partition(" ")
            await ws.close(int(code), reason)
            return
        elif path == "/silent":
            pass


async def process_request(path, headers):
    if path.split("?")[0] == "/reject":
        return (http.HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain")],
                b"go away\n")
    return None


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = ap.parse_args()
    ctx = None
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
    async with websockets.serve(handler, "127.0.0.1", 0, ssl=ctx,
                                ping_interval=None, max_size=None,
                                compression=None,
                                process_request=process_request) as server:
        port = server.sockets[0].getsockname()[1]
        print("PORT %d" % port, flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
