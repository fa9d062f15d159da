"""A client of libwebsockets' test server (Debian libwebsockets-test-server), on python3-websockets 10.4.

Run with /usr/bin/python3 (the Debian package is not on other interpreters' paths):
  lws_client.py URL SUBPROTOCOL
It offers the subprotocol and permessage-deflate (the library's default), then:
  dumb-increment-protocol  reads 10 counts, sends "reset\\n", reads until the count restarts at 0, then 10 more;
  lws-mirror-protocol      sends 16 ASCII texts (up to about 1000 bytes) one at a time, each after the
                           previous one came back.
lws's mirror echoes each read of its socket as one text message, not each message: a text that reaches it
in two TCP segments (the proxy relays bytes as it reads them) comes back as two messages. An echo is
therefore complete when the texts received, joined, equal the texts sent; ASCII keeps a split from cutting
a UTF-8 sequence (the mirror would then send invalid text).
It then closes with 1000 and keeps every message that still arrives before the server's Close. The last
stdout line is JSON: the negotiated subprotocol and extensions, and every text message sent and received.
"""
import asyncio
import json
import sys

import websockets

PALETTE = "abcdefghijklmnopqrstuvwxyz 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ.,;:!?"


def mirrored(i):
    return "mirror %d: " % i + "".join(PALETTE[(i * 7 + j) % len(PALETTE)] for j in range(i * 60))


async def dumb_increment(ws, sent, received):
    for _ in range(10):
        received.append(await ws.recv())
    sent.append("reset\n")
    await ws.send("reset\n")
    while True:
        received.append(await ws.recv())
        if received[-1] == "0":
            break
    for _ in range(10):
        received.append(await ws.recv())


async def mirror(ws, sent, received):
    for i in range(16):
        sent.append(mirrored(i))
        await ws.send(sent[-1])
        while len("".join(received)) < len("".join(sent)):
            received.append(await ws.recv())


async def main(url, subprotocol):
    sent, received = [], []
    async with websockets.connect(url, subprotocols=[subprotocol], max_size=None, ping_interval=None) as ws:
        extensions = ws.response_headers.get_all("Sec-WebSocket-Extensions")
        await (dumb_increment if subprotocol == "dumb-increment-protocol" else mirror)(ws, sent, received)
        await ws.close(1000, "done")
        # messages the server sent before it saw our Close are still queued: they crossed the proxy too
        try:
            while True:
                received.append(await ws.recv())
        except websockets.ConnectionClosed:
            pass
        print(json.dumps({"subprotocol": ws.subprotocol, "extensions": extensions, "sent": sent,
                          "received": received, "close": ws.close_code}), flush=True)


asyncio.run(asyncio.wait_for(main(sys.argv[1], sys.argv[2]), 60))
