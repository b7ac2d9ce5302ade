"""Minimal relay server on Python `websockets`, the baseline of bench/transport/run.sh.

Same channel semantics as `tavolo serve --relay true`: a connection to /ws joins channel
`?channel=NAME` (default `lobby`), and every message (text or binary) a client sends is
delivered to every connection in that channel, the sender included. Subprotocol
`tavolo.v1` is accepted; GET /healthz answers JSON. Written the idiomatic way
(asyncio, `broadcast()`), with no tuning beyond raising the message size limit.

    python py_server.py --port 0     # prints "Python websockets listening on http://127.0.0.1:PORT"
"""

import argparse
import asyncio
import signal
import sys
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import broadcast, serve

channels: dict[str, set] = {}


def process_request(connection, request):
    path = urlsplit(request.path).path
    if path == "/healthz":
        return connection.respond(HTTPStatus.OK, '{"status":"ok"}\n')
    if path != "/ws":
        return connection.respond(HTTPStatus.NOT_FOUND, "not found\n")
    return None


async def relay(connection):
    query = parse_qs(urlsplit(connection.request.path).query)
    channel = (query.get("channel") or ["lobby"])[0] or "lobby"
    members = channels.setdefault(channel, set())
    members.add(connection)
    try:
        async for message in connection:
            broadcast(members, message)
    finally:
        members.discard(connection)
        if not members:
            channels.pop(channel, None)


async def main(host: str, port: int, max_message_bytes: int) -> None:
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with serve(
        relay,
        host,
        port,
        subprotocols=["tavolo.v1"],
        process_request=process_request,
        max_size=max_message_bytes,
    ) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"Python websockets listening on http://{host}:{bound}", flush=True)
        await stop


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-message-bytes", type=int, default=1 << 20)
    args = parser.parse_args()
    asyncio.run(main(args.host, args.port, args.max_message_bytes))
    sys.exit(0)
