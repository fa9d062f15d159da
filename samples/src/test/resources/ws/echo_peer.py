"""A deterministic WebSocket conversation on Debian's python3-websockets 10.4 (run with /usr/bin/python3).

  echo_peer.py server          prints "LISTENING <port>", answers each message with "echo:" + it (binary: reversed),
                               serves until killed
  echo_peer.py client URL      sends three messages one at a time (text, non-ASCII text, binary), waits for each
                               answer, closes with 1000; prints JSON of what it received
"""
import asyncio
import json
import sys

import websockets


async def echo(ws, path=None):
    async for message in ws:
        await ws.send("echo:" + message if isinstance(message, str) else bytes(reversed(message)))


async def server():
    async with websockets.serve(echo, "127.0.0.1", 0, compression=None) as s:
        print("LISTENING", s.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


async def client(url):
    received = []
    async with websockets.connect(url, compression=None, ping_interval=None) as ws:
        for message in ["hello", "grüße ☃", bytes(range(16))]:
            await ws.send(message)
            answer = await ws.recv()
            received.append(answer if isinstance(answer, str) else "b:" + answer.hex())
    print(json.dumps({"received": received}), flush=True)


if __name__ == "__main__":
    asyncio.run(server() if sys.argv[1] == "server" else client(sys.argv[2]))
