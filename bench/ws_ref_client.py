"""The reference client for bench/ws.sh: the same loop as ws_bench.c's
raw mode, written with Python's `websockets` (the library the server
uses): send a request frame, receive the answer, parse it, check the id.
Prints round trips per second.

    ws_ref_client.py URL N [CA_FILE]
"""
import asyncio
import json
import ssl
import sys
import time

import websockets

WARMUP = 200


async def once(ws, i):
    rid = str(i)
    await ws.send(json.dumps({"id": rid, "method": "echo",
                              "params": {"symbol": "BTCUSDT", "n": i}},
                             separators=(",", ":")))
    if json.loads(await ws.recv())["id"] != rid:
        raise SystemExit("ws_ref_client: answer with the wrong id")


async def main():
    url, n = sys.argv[1], int(sys.argv[2])
    ctx = None
    if len(sys.argv) > 3:
        ctx = ssl.create_default_context(cafile=sys.argv[3])
    async with websockets.connect(url, ssl=ctx, compression=None,
                                  ping_interval=None) as ws:
        for i in range(WARMUP):
            await once(ws, i)
        t0 = time.perf_counter()
        for i in range(n):
            await once(ws, i)
        dt = time.perf_counter() - t0
    print("%.0f" % (n / dt))


if __name__ == "__main__":
    asyncio.run(main())
