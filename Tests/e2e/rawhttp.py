"""Requests sent byte for byte, so paths reach the server exactly as written."""
import base64
import os
import socket


def request(port, target, headers=None, method="GET"):
    """Returns (status, headers dict with lower-case names, body bytes)."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
            head, sep, body = data.partition(b"\r\n\r\n")
            if sep:
                parsed = _headers(head)
                length = int(parsed[1].get("content-length", "-1"))
                if length >= 0 and len(body) >= length:
                    break
    head, _, body = data.partition(b"\r\n\r\n")
    status, parsed = _headers(head)
    return status, parsed, body


def _headers(head):
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


def upgrade(port, path="/ws", origin=None, protocol=None, recv_buffer=None):
    """Opens a WebSocket handshake by hand; returns (status, socket)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if recv_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, recv_buffer)
    sock.settimeout(5)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13",
    ]
    if origin:
        lines.append(f"Origin: {origin}")
    if protocol:
        lines.append(f"Sec-WebSocket-Protocol: {protocol}")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(1)
        if not chunk:
            break
        data += chunk
    status = int(data.split(b" ")[1]) if data else 0
    return status, sock
