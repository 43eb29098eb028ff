"""The WebSocket benchmark's server, on Python's `websockets` (Debian's
python3-websockets): answers each {"id", "method", "params"} text frame
with {"id", "status": 200, "result": params}, one at a time, on
127.0.0.1 at a free port (printed as "PORT <n>").  --tls CERT KEY serves
wss://.
"""
import argparse
import asyncio
import json
import ssl

import websockets


async def handler(ws):
    try:
        async for raw in ws:
            req = json.loads(raw)
            await ws.send(json.dumps({"id": req.get("id"), "status": 200,
                                      "result": req.get("params", {})}))
    except websockets.ConnectionClosed:
        pass


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = ap.parse_args()
    ctx = None
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*args.tls)
    async with websockets.serve(handler, "127.0.0.1", 0, ssl=ctx,
                                ping_interval=None, compression=None) as server:
        print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
