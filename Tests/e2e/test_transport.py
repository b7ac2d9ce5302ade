"""The libwebsockets transport over real sockets, through the `tavolo` binary."""
import asyncio
import os
import signal
import socket
import time

import pytest
import websockets

import rawhttp
from conftest import Server


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 30))


# Static files and /healthz

def test_index_is_served_with_type_and_caching_headers(server):
    status, headers, body = rawhttp.request(server.port, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-cache"
    assert headers["etag"].startswith('"')
    assert b"Tavolo" in body


def test_content_types_by_extension(server):
    assert rawhttp.request(server.port, "/app.js")[1]["content-type"] == "text/javascript; charset=utf-8"
    assert rawhttp.request(server.port, "/style.css")[1]["content-type"] == "text/css; charset=utf-8"


def test_unchanged_file_revalidates_with_304(server):
    _, headers, _ = rawhttp.request(server.port, "/app.js")
    status, again, body = rawhttp.request(server.port, "/app.js", {"If-None-Match": headers["etag"]})
    assert status == 304
    assert again["etag"] == headers["etag"]
    assert body == b""


def test_text_files_go_out_compressed_with_their_own_validators(server):
    """Issue 12: the client's JavaScript and CSS travel brotli- or gzip-encoded (made once at start,
    in the background), with Vary and a validator per encoding; a client that asks for neither gets
    the file as it is."""
    import gzip
    import brotli
    plain = rawhttp.request(server.port, "/app.js")
    assert plain[0] == 200 and "content-encoding" not in plain[1] and plain[1]["vary"] == "Accept-Encoding"

    def compressed(encoding):
        deadline = time.monotonic() + 30  # brotli of the whole client takes seconds on a busy machine
        while True:  # the background compression takes a moment after start
            status, headers, body = rawhttp.request(server.port, "/app.js", {"Accept-Encoding": encoding})
            if "content-encoding" in headers or time.monotonic() > deadline:
                return status, headers, body
            time.sleep(0.05)

    status, headers, body = compressed("gzip, deflate, br")
    assert status == 200 and headers["content-encoding"] == "br" and headers["vary"] == "Accept-Encoding"
    assert brotli.decompress(body) == plain[2] and len(body) * 3 < len(plain[2])
    assert headers["etag"] != plain[1]["etag"] and headers["etag"].endswith('-br"')
    status, headers, body = compressed("gzip;q=1, br;q=0")
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == plain[2]
    assert int(headers["content-length"]) == len(body)

    # Revalidation per representation: the brotli tag gives 304 only to a brotli request.
    br_tag = compressed("br")[1]["etag"]
    status, headers, body = rawhttp.request(server.port, "/app.js", {"Accept-Encoding": "br", "If-None-Match": br_tag})
    assert status == 304 and body == b"" and headers["etag"] == br_tag
    assert rawhttp.request(server.port, "/app.js", {"If-None-Match": br_tag})[0] == 200
    # Images and small files are not compressed; nor is anything for "identity" only.
    assert "content-encoding" not in rawhttp.request(server.port, "/app.js", {"Accept-Encoding": "identity"})[1]


def test_missing_file_is_404(server):
    assert rawhttp.request(server.port, "/no-such-file.html")[0] == 404


@pytest.mark.parametrize("target", [
    "/../Package.swift",
    "/%2e%2e/Package.swift",
    "/%2E%2E/Package.swift",
    "/..%2fPackage.swift",
    "/%2e%2e%2fPackage.swift",
    "/%252e%252e/Package.swift",
    "/web/../../Package.swift",
    "/./../Package.swift",
    "/..\\Package.swift",
    "/%2e%2e%5cPackage.swift",
    "//etc/passwd",
])
def test_paths_never_escape_the_web_root(server, target):
    status, _, body = rawhttp.request(server.port, target)
    assert status in (400, 403, 404), status
    assert b"swift-tools-version" not in body and b"root:" not in body


def test_healthz_reports_status_version_uptime_connections(server):
    health = server.health()
    assert health["status"] == "ok"
    assert health["version"]
    assert health["uptimeSeconds"] >= 0
    assert health["openConnections"] == 0

    async def scenario():
        async with websockets.connect(server.ws_url):
            assert server.health()["openConnections"] == 1
    run(scenario())


# WebSocket

def test_handshake_with_subprotocol(server):
    async def scenario():
        async with websockets.connect(server.ws_url, subprotocols=["tavolo.v1"]) as ws:
            assert ws.subprotocol == "tavolo.v1"
    run(scenario())


def test_handshake_without_subprotocol(server):
    async def scenario():
        async with websockets.connect(server.ws_url) as ws:
            assert ws.subprotocol is None
            await ws.send("ciao")
            assert await ws.recv() == "ciao"
    run(scenario())


def test_websocket_only_on_ws_path(server):
    status, sock = rawhttp.upgrade(server.port, path="/elsewhere")
    sock.close()
    assert status == 404


def test_echo_text_and_binary_with_and_without_deflate(server):
    async def scenario(compression):
        async with websockets.connect(server.ws_url + "?channel=echo", compression=compression) as ws:
            await ws.send("àèìòù 🙂 e\u0301")
            assert await ws.recv() == "àèìòù 🙂 e\u0301"
            await ws.send(bytes(range(256)))
            assert await ws.recv() == bytes(range(256))
    run(scenario("deflate"))
    run(scenario(None))


def test_fragmented_message_is_reassembled(server):
    async def scenario():
        async with websockets.connect(server.ws_url + "?channel=frag", compression=None) as ws:
            await ws.send(["parte uno, ", "parte due, ", "parte tre"])
            assert await ws.recv() == "parte uno, parte due, parte tre"
    run(scenario())


def test_broadcast_reaches_everyone_in_the_channel_only(server):
    async def scenario():
        clients = [await websockets.connect(server.ws_url + "?channel=room") for _ in range(3)]
        outsider = await websockets.connect(server.ws_url + "?channel=other")
        await clients[0].send("a tutti")
        for client in clients:
            assert await client.recv() == "a tutti"
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(outsider.recv(), 0.3)
        for client in clients + [outsider]:
            await client.close()
    run(scenario())


def test_oversize_message_closes_with_1009(server):
    async def scenario(compression):
        async with websockets.connect(server.ws_url, compression=compression, max_size=None) as ws:
            await ws.send("x" * (1024 * 1024 + 1))
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd.code == 1009
    run(scenario(None))
    run(scenario("deflate"))


def test_message_at_the_limit_is_accepted(start_server):
    server = start_server("--relay", "true", "--max-message-bytes", "2048")

    async def scenario():
        async with websockets.connect(server.ws_url, compression=None) as ws:
            await ws.send("y" * 2048)
            assert len(await ws.recv()) == 2048
    run(scenario())


def test_slow_reader_is_closed_while_others_keep_receiving(start_server):
    server = start_server("--relay", "true", "--send-queue-messages", "32", "--send-queue-bytes", "1048576")
    status, stalled = rawhttp.upgrade(server.port, path="/ws?channel=flood", recv_buffer=4096)
    assert status == 101  # handshake done; from now on this client never reads

    async def scenario():
        async with websockets.connect(server.ws_url + "?channel=flood", compression=None, max_size=None) as ws:
            payload = "z" * 65536
            received = 0
            for _ in range(300):
                await ws.send(payload)
                assert await ws.recv() == payload
                received += 1
            assert received == 300
            assert server.wait_for(lambda: server.health()["openConnections"] == 1)
    try:
        run(scenario())
    finally:
        stalled.close()
    log = server.process.stderr
    server.stop()
    assert "closing slow consumer" in log.read()


def test_disallowed_origin_is_refused(server):
    status, sock = rawhttp.upgrade(server.port, origin="http://evil.example")
    sock.close()
    assert status == 403


def test_same_origin_is_allowed_by_default(server):
    status, sock = rawhttp.upgrade(server.port, origin=f"http://127.0.0.1:{server.port}")
    sock.close()
    assert status == 101


def test_allow_list_admits_listed_origin(start_server):
    server = start_server("--relay", "true", "--allowed-origin", "https://tavolo.example.org")
    ok, sock = rawhttp.upgrade(server.port, origin="https://tavolo.example.org")
    sock.close()
    refused, sock = rawhttp.upgrade(server.port, origin=f"http://127.0.0.1:{server.port}")
    sock.close()
    assert (ok, refused) == (101, 403)


def test_graceful_shutdown_closes_clients_with_1001_and_exits_0(start_server):
    server = start_server("--relay", "true")

    async def scenario():
        clients = [await websockets.connect(server.ws_url) for _ in range(5)]
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        codes = []
        for client in clients:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await client.recv()
            codes.append(closed.value.rcvd.code if closed.value.rcvd else None)
        return codes, started

    codes, started = run(scenario())
    assert codes == [1001] * 5
    assert server.process.wait(timeout=5) == 0
    assert time.monotonic() - started < 2.0


def test_permessage_deflate_is_negotiated_when_offered(server):
    async def scenario():
        async with websockets.connect(server.ws_url, compression="deflate") as ws:
            assert "permessage-deflate" in ws.response.headers.get("Sec-WebSocket-Extensions", "")
        async with websockets.connect(server.ws_url, compression=None) as ws:
            assert "Sec-WebSocket-Extensions" not in ws.response.headers
    run(scenario())


# Both loops: the pings and the hangup are lws's own timers, which Tavolo services itself on epoll
# (lws's libev plugin left them late there: the text frame of second 4 came before the ping).
@pytest.mark.parametrize("loop", ["epoll", "poll"])
def test_silent_client_is_pinged_then_dropped_while_a_live_one_stays(start_server, loop):
    server = start_server("--relay", "true", "--ping-interval-seconds", "1", "--idle-timeout-seconds", "2",
                          "--event-loop", loop)
    status, silent = rawhttp.upgrade(server.port)  # completes the handshake, then never answers a ping
    assert status == 101
    silent.settimeout(6)

    async def scenario():
        async with websockets.connect(server.ws_url, ping_interval=None) as live:  # answers pings automatically
            await asyncio.sleep(4)
            await live.send("ancora qui")
            assert await live.recv() == "ancora qui"
    run(scenario())
    received = b""
    try:
        while True:
            chunk = silent.recv(4096)
            if not chunk:
                break
            received += chunk
    except OSError:
        pass
    silent.close()
    assert received[:1] == b"\x89", "the server pinged first"  # opcode 0x9: ping
    assert server.health()["openConnections"] == 0


def test_tls_serves_https_and_wss(start_server, tmp_path):
    import ssl
    import subprocess
    import urllib.request
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server = start_server("--relay", "true", "--tls-certificate", str(cert), "--tls-private-key", str(key))
    assert server.url.startswith("https://")
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False
    with urllib.request.urlopen(f"https://127.0.0.1:{server.port}/healthz", context=context, timeout=5) as response:
        assert response.status == 200

    async def scenario():
        async with websockets.connect(f"wss://127.0.0.1:{server.port}/ws", ssl=context) as ws:
            await ws.send("cifrato")
            assert await ws.recv() == "cifrato"
    run(scenario())


def _masked_frame(opcode, payload):
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    if len(payload) < 126:
        return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked
    return bytes([0x80 | opcode, 0x80 | 126]) + len(payload).to_bytes(2, "big") + mask + masked


def _read_frames(sock, count):
    """Reads `count` unfragmented server frames with short payloads: [(opcode, payload)]."""
    frames, data = [], b""
    while len(frames) < count:
        while len(data) >= 2 and len(data) >= 2 + (data[1] & 0x7F):
            length = data[1] & 0x7F
            frames.append((data[0] & 0x0F, data[2:2 + length]))
            data = data[2 + length:]
        if len(frames) >= count:
            break
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return frames


# Both loops: the close-ack wait is an `lws_set_timeout`, one of the lws timers Tavolo runs itself on epoll.
@pytest.mark.parametrize("loop", ["epoll", "poll"])
def test_a_client_that_never_answers_the_close_frame_is_dropped(start_server, loop):
    """After the server's close frame (1009 here) a client that neither answers nor closes is not kept:
    the server drops the TCP connection itself when its close-ack timeout expires."""
    server = start_server("--relay", "true", "--max-message-bytes", "1024", "--event-loop", loop)
    status, sock = rawhttp.upgrade(server.port)
    assert status == 101
    sock.sendall(_masked_frame(0x1, b"x" * 2000))
    sock.settimeout(15)  # a timeout here (the socket left open) fails the test
    try:
        frames = _read_frames(sock, 1)
        assert frames and frames[0][0] == 0x8 and frames[0][1][:2] == (1009).to_bytes(2, "big")
        assert sock.recv(4096) == b"", "the server closed the connection"
    finally:
        sock.close()
    assert server.wait_for(lambda: server.health()["openConnections"] == 0)


@pytest.mark.parametrize("loop", ["epoll", "poll"])
@pytest.mark.parametrize("chopped", [False, True], ids=["in-one-write", "byte-by-byte"])
def test_every_ping_of_a_burst_gets_its_pong(start_server, chopped, loop):
    """Autobahn 2.10/2.11: ten pings sent back to back (in one TCP write, or a byte at a time) get
    ten pongs with their payloads, in order. libwebsockets alone answered only the first of a
    burst (it drops pings while a pong is pending); CWebSocketReads makes each read end after a ping.
    On both event loops: libev reports readable and writable separately, in no set order."""
    server = start_server("--relay", "true", "--event-loop", loop)
    status, sock = rawhttp.upgrade(server.port)
    assert status == 101
    pings = [_masked_frame(0x9, f"payload-{i}".encode()) for i in range(10)]
    burst = b"".join(pings) + _masked_frame(0x1, b"dopo i ping")
    if chopped:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in burst:
            sock.sendall(bytes([byte]))
    else:
        sock.sendall(burst)
    frames = _read_frames(sock, 11)
    sock.close()
    assert frames[:10] == [(0xA, f"payload-{i}".encode()) for i in range(10)]
    assert frames[10] == (0x1, b"dopo i ping"), "the message after the pings is relayed as usual"
