"""Connections and requests without a principal are cheap and short-lived (issue 14, item 6):
sockets that never say hello are capped per address and closed after helloTimeoutSeconds,
a body sent without a token is refused before it is read, and the server raises its
file-descriptor limit at start."""
import asyncio
import http.client
import socket
import time

import websockets

from tavolo_client import TableClient


async def close_code(ws, timeout=10):
    try:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    except websockets.ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


def test_silent_sockets_are_capped_and_closed_while_members_work(start_server):
    server = start_server()

    async def scenario():
        # The strangers come from another loopback address than the member's: the cap is per address.
        silent = [await websockets.connect(server.ws_url, local_addr=("127.0.0.2", 0)) for _ in range(40)]
        member = TableClient(server.ws_url, "anna", "tavolo-aperto")
        await member.connect()  # the strangers do not lock anyone out
        member.make_text()
        await member.flush()
        await member.expect("ack")
        started = time.monotonic()
        codes = await asyncio.gather(*(close_code(ws) for ws in silent))
        return codes, time.monotonic() - started

    codes, waited = asyncio.run(asyncio.wait_for(scenario(), 60))
    assert codes.count(1013) == 40 - 32, codes  # over the per-address cap: closed at once
    assert codes.count(1008) == 32, codes       # the others: no hello within 5 s
    assert waited < 8, waited


def test_a_body_without_a_token_is_refused_before_it_is_read(start_server):
    server = start_server()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("POST", "/api/tables")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(1 << 20))
    connection.endheaders()  # the body is never sent: the answer must not wait for it
    started = time.monotonic()
    response = connection.getresponse()
    assert response.status == 401
    assert b"Authorization: Bearer" in response.read()
    assert time.monotonic() - started < 2


def test_serve_raises_its_file_descriptor_limit(start_server):
    server = start_server("--log-level", "info")
    server.stop()
    log = server.process.stderr.read()
    line = next(line for line in log.splitlines() if "file descriptors" in line)
    assert int(line.split("limit=")[1].split()[0]) >= 1024, line


def test_oversized_headers_are_answered_431_and_large_cookies_are_served(start_server):
    server = start_server()

    def status(header, size):
        connection = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n" + header + b": " + b"a" * size + b"\r\n\r\n")
        line = connection.recv(64).split(b"\r\n")[0]
        connection.close()
        return int(line.split()[1])

    assert status(b"Cookie", 6000) == 200     # dropped without a status before (4 KiB buffer)
    assert status(b"Cookie", 10000) == 431    # over maxHeaderBytes (8 KiB)
