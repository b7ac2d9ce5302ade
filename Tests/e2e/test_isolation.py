"""Nothing one connection sends may stall another table (issue 11): while two tables' members
type, an unauthenticated client attacks in five ways; the typists' acknowledgements keep their
p99 under 50 ms, the server's memory stays bounded, and the attacker is closed with 1008."""
import asyncio
import base64
import os
import socket
import struct
import time

import pytest
import websockets

from tavolo_client import TableClient

# docs/protocol.md, "Limits": what the server may hold while under attack (debug build included).
RSS_BOUND_MB = 200
ACK_P99_BOUND_MS = 50


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Typist:
    """One member typing a character at a time and timing each acknowledgement."""

    def __init__(self, url, replica, table):
        self.client = TableClient(url, replica, table)
        self.latencies = []

    async def start(self):
        await self.client.connect()
        self.client.make_text()
        await self.client.flush()
        await self.client.expect("ack")

    async def type_until(self, stop):
        while not stop.is_set():
            self.client.insert(len(self.client.text), "a")
            started = time.perf_counter()
            await self.client.flush()
            await self.client.expect("ack", timeout=10)
            self.latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.01)


async def close_code(ws, timeout=10):
    try:
        while True:
            await asyncio.wait_for(ws.recv(), timeout)
    except websockets.ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


async def nested_message(url):
    async with websockets.connect(url, max_size=None) as ws:
        leaves = ",".join(["0"] * 20000)
        await ws.send('{"type":"boom","a":' + "[" * 250 + leaves + "]" * 250 + "}")
        return await close_code(ws)


async def array_of_objects(url):
    async with websockets.connect(url, max_size=None) as ws:
        body = ",".join(['{"a":1}'] * 130000)  # just under maxMessageBytes (1 MiB)
        await ws.send('{"type":"boom","a":[' + body + "]}")
        return await close_code(ws)


async def flood(url, total=100 << 20):
    async with websockets.connect(url, max_size=None, write_limit=1 << 20) as ws:
        chunk = '{"type":"presence","state":"' + "x" * ((1 << 20) - 64) + '"}'
        sent = 0
        try:
            while sent < total:
                await ws.send(chunk)
                sent += len(chunk)
        except websockets.ConnectionClosed:
            pass
        return await close_code(ws)


async def before_hello(url):
    async with websockets.connect(url) as ws:
        await ws.send('{"type":"join","table":"altro"}')
        await ws.send('{"type":"ops","ref":1,"ops":""}')
        await ws.send('{"type":"presence","state":{}}')
        return await close_code(ws)


async def slow_drip(port):
    """Announces a 64 KiB frame and sends it a byte every 20 ms (a slowloris on one message)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(
        f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    await writer.drain()
    response = await reader.readuntil(b"\r\n\r\n")
    assert b" 101 " in response.split(b"\r\n")[0]
    length = 64 << 10
    writer.write(bytes([0x81, 0x80 | 127]) + struct.pack("!Q", length) + b"\0\0\0\0")
    code = None
    try:
        for _ in range(length):
            writer.write(b"x")
            await writer.drain()
            try:
                frame = await asyncio.wait_for(reader.read(2), 0.02)
            except asyncio.TimeoutError:
                continue
            if not frame:
                break
            if frame[0] & 0x0F == 0x8:  # a close frame: read its code
                rest = await reader.read(frame[1] & 0x7F)
                code = struct.unpack("!H", rest[:2])[0] if len(rest) >= 2 else None
                break
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    writer.close()
    return code


ATTACKS = {
    "nested 80 KB message": lambda server: nested_message(server.ws_url),
    "1 MiB array of small objects": lambda server: array_of_objects(server.ws_url),
    "100 MB as fast as it can": lambda server: flood(server.ws_url),
    "messages before hello": lambda server: before_hello(server.ws_url),
    "slow-drip frame": lambda server: slow_drip(server.port),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_an_attacker_does_not_stall_other_tables(start_server, attack):
    server = start_server("--message-timeout-seconds", "3")

    async def scenario():
        typists = [Typist(server.ws_url, "anna", "tavolo-a"), Typist(server.ws_url, "bruno", "tavolo-b")]
        for typist in typists:
            await typist.start()
        stop = asyncio.Event()
        typing = [asyncio.create_task(t.type_until(stop)) for t in typists]
        await asyncio.sleep(0.3)
        peak = 0.0
        attacked = asyncio.create_task(ATTACKS[attack](server))
        while not attacked.done():
            peak = max(peak, rss_mb(server.process.pid))
            await asyncio.sleep(0.05)
        code = attacked.result()
        await asyncio.sleep(0.3)
        stop.set()
        await asyncio.gather(*typing)
        return code, peak, sorted(sum((t.latencies for t in typists), []))

    code, peak, latencies = asyncio.run(asyncio.wait_for(scenario(), 90))
    assert code == 1008, f"{attack}: closed with {code}"
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    assert p99 < ACK_P99_BOUND_MS, f"{attack}: acknowledgement p99 {p99:.1f} ms over {len(latencies)} edits"
    assert peak < RSS_BOUND_MB, f"{attack}: server RSS reached {peak:.0f} MB"
    assert server.health()["status"] == "ok"
    print(f"{attack}: closed {code}, acknowledgements p50 {latencies[len(latencies) // 2]:.1f} ms "
          f"p99 {p99:.1f} ms max {latencies[-1]:.1f} ms over {len(latencies)} edits, peak RSS {peak:.0f} MB")
