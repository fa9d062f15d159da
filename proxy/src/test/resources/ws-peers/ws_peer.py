"""One side of a bounded random WebSocket session, on Debian's python3-websockets 10.4.

Run with /usr/bin/python3 (the Debian package is not on other interpreters' paths):
  ws_peer.py server SEED COUNT DEFLATE      prints "LISTENING <port>", serves one connection
  ws_peer.py client SEED COUNT DEFLATE URL  connects to URL
DEFLATE is "on" or "off" (permessage-deflate offered/accepted or not). Each side sends COUNT random
messages (text with non-ASCII characters, binary, some fragmented), pings now and then, then "END"; it
reads until the other side's "END". The server then closes with 1000. The last stdout line is JSON with
the SHA-256 of every message sent and received ("t:" text as UTF-8, "b:" binary), in order.
"""
import asyncio
import hashlib
import json
import random
import sys

import websockets

PALETTE = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789éß€☃中𝄞"


def digest(message):
    if isinstance(message, str):
        return "t:" + hashlib.sha256(message.encode("utf-8")).hexdigest()
    return "b:" + hashlib.sha256(message).hexdigest()


def size(rnd):
    r = rnd.random()
    if r < 0.7:
        return rnd.randint(0, 200)
    if r < 0.9:
        return rnd.randint(200, 20000)
    return rnd.randint(20000, 150000)


async def sender(ws, rnd, count, sent):
    for i in range(count):
        n = size(rnd)
        if rnd.random() < 0.5:
            message = "".join(rnd.choice(PALETTE) for _ in range(n))
        else:
            message = rnd.randbytes(n)
        sent.append(digest(message))
        if n > 2 and rnd.random() < 0.3:
            # websockets sends an iterable as one fragmented message (text fragments end on characters)
            cuts = sorted(rnd.sample(range(1, n), min(3, n - 1)))
            pieces = [message[a:b] for a, b in zip([0] + cuts, cuts + [n])]
            await ws.send(pieces)
        else:
            await ws.send(message)
        if rnd.random() < 0.2:
            await ws.ping(rnd.randbytes(rnd.randint(0, 125)))
    sent.append(digest("END"))
    await ws.send("END")


async def receiver(ws, received):
    while True:
        message = await ws.recv()
        received.append(digest(message))
        if message == "END":
            return


async def session(ws, seed, count, role):
    sent, received = [], []
    await asyncio.gather(sender(ws, random.Random(seed), count, sent), receiver(ws, received))
    if role == "server":
        await ws.close(1000, "done")
    else:
        await ws.wait_closed()
    print(json.dumps({"role": role, "sent": sent, "received": received}), flush=True)


async def main():
    role, seed, count, deflate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "on"
    options = dict(compression="deflate" if deflate else None, max_size=None, ping_interval=None)
    if role == "server":
        done = asyncio.get_running_loop().create_future()

        async def handler(ws, path=None):
            try:
                await session(ws, seed, count, role)
            finally:
                if not done.done():
                    done.set_result(None)

        async with websockets.serve(handler, "127.0.0.1", 0, **options) as server:
            print("LISTENING %d" % server.sockets[0].getsockname()[1], flush=True)
            await done
    else:
        async with websockets.connect(sys.argv[5], **options) as ws:
            await session(ws, seed, count, role)


asyncio.run(asyncio.wait_for(main(), 120))
