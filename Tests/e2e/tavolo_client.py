"""A small protocol client (docs/protocol.md, version 1 or 2) for tests over real sockets.

It encodes operations itself (docs/crdt.md, "Operations batch"), for the text
operations it needs: each client is a replica that makes its edits on top of its
own history only (its parents are its own previous operation, after a shared
starting point), which is what several people typing at the same time produce,
and lets it compute positions without a merge engine. Merging is the server's
and the Swift tests' business; here we check the protocol, delivery and durability.
"""
import asyncio
import base64
import json

import websockets

MAGIC = b"TVO\x01"
INSERT_TEXT, DELETE_TEXT, MAP_SET = 0, 1, 2
OBJECT_TEXT = 2


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def string(text):
    data = text.encode("utf-8")
    return varint(len(data)) + data


class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def byte(self):
        self.at += 1
        return self.data[self.at - 1]

    def varint(self):
        value, shift = 0, 0
        while True:
            b = self.byte()
            value |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return value

    def string(self):
        n = self.varint()
        self.at += n
        return self.data[self.at - n:self.at].decode("utf-8")

    def value(self):
        tag = self.byte()
        if tag == 3:
            self.varint()
        elif tag == 4:
            self.at += 8
        elif tag == 5:
            self.string()
        elif tag == 6:
            self.byte()


def run_headers(payload):
    """(replica, first counter, length) of every run in an encoded batch."""
    r = Reader(payload)
    assert r.data[:4] == MAGIC, "not an operations batch"
    r.at = 4
    names = [r.string() for _ in range(r.varint())]
    runs = []
    for _ in range(r.varint()):
        replica, seq, length = names[r.varint()], r.varint(), r.varint()
        for _ in range(r.varint()):
            r.varint(), r.varint()
        kind = r.byte()
        if r.varint():
            r.varint()
        if kind == INSERT_TEXT:
            r.varint()
            r.string()
        elif kind == DELETE_TEXT:
            r.varint()
            r.byte()
        elif kind == MAP_SET:
            r.string()
            r.value()
        else:
            raise ValueError(f"tests only send text operations, got kind {kind}")
        runs.append((replica, seq, length))
    return runs


class Run:
    """One run of this client's operations, kept until the server has it."""

    def __init__(self, seq, length, parents, kind, target, body):
        self.seq, self.length, self.parents, self.kind, self.target, self.body = seq, length, parents, kind, target, body


def encode(runs):
    names = []
    for run in runs:
        for name in [run.replica] + [p[0] for p in run.parents] + ([run.target[0]] if run.target else []):
            if name not in names:
                names.append(name)
    out = bytearray(MAGIC) + varint(len(names)) + b"".join(string(n) for n in names) + varint(len(runs))
    for run in runs:
        out += varint(names.index(run.replica)) + varint(run.seq) + varint(run.length) + varint(len(run.parents))
        for replica, counter in run.parents:
            out += varint(names.index(replica)) + varint(counter)
        out.append(run.kind)
        out += varint(names.index(run.target[0]) + 1) + varint(run.target[1]) if run.target else varint(0)
        out += run.body
    return bytes(out)


class TableClient:
    def __init__(self, url, replica, table, name=None, token=None, protocol=1):
        self.url, self.replica, self.table, self.name, self.token = url, replica, table, name or replica, token
        self.protocol = protocol  # 2: an `ops` message may carry several batches
        self.ops_messages = 0     # `ops` messages received after `joined`
        self.coalesced = 0        # of which carried several batches (`batches`)
        self.batches = 0          # batches received in them
        self.runs = []          # every run this client made, in order
        self.count = 0          # operations made
        self.sent = 0           # operations sent on the current connection
        self.acked = 0          # operations the server has confirmed durable (acks arrive in order)
        self.pending = {}       # ref -> operation count after that message
        self.version = {}       # operations seen per replica (own included)
        self.text = ""          # this replica's own view of the shared text
        self.target = None      # (replica, counter) of the shared text object
        self.errors, self.presence = [], {}
        self.ref = 0
        self.ws = None
        self.server_version = {}

    async def connect(self):
        self.ws = await websockets.connect(self.url, subprotocols=["tavolo.v1"], max_size=None)
        hello = {"type": "hello", "protocol": self.protocol, "replica": self.replica, "name": self.name}
        if self.token:
            hello["token"] = self.token
        await self.send(hello)
        welcome = await self.expect("welcome")
        assert welcome["replica"] == self.replica
        assert welcome["protocol"] == self.protocol
        await self.send({"type": "join", "table": self.table, "version": self.version})
        joined = await self.expect("joined")
        if "ops" in joined:
            self.receive_ops(base64.b64decode(joined["ops"]))
        else:
            # A whole document (only for a client that had nothing): it holds exactly the server's version.
            assert not self.version and joined["snapshot"]
            self.version = dict(joined["version"])
        self.server_version = joined["version"]
        self.presence = {m["replica"]: m for m in joined["members"]}
        # Anything of ours the server lacks was never acknowledged: resend from there.
        self.sent = self.server_version.get(self.replica, 0)
        self.acked = max(self.acked, self.sent)
        self.pending = {}
        await self.flush()
        return joined

    async def close(self):
        if self.ws:
            await self.ws.close()
            self.ws = None

    def drop(self):
        """Loses the connection without a close handshake, as a network failure does."""
        if self.ws:
            self.ws.transport.abort()
            self.ws = None

    async def send(self, message):
        await self.ws.send(json.dumps(message))

    def receive_ops(self, payload):
        for replica, seq, length in run_headers(payload):
            self.version[replica] = max(self.version.get(replica, 0), seq + length)

    def make_text(self):
        """Creates the shared text under key 'verbale' (done by one client)."""
        body = string("verbale") + bytes([6, OBJECT_TEXT])
        self._add(MAP_SET, 1, None, body)
        self.target = (self.replica, self.count - 1)

    def insert(self, position, text):
        position = min(position, len(self.text))
        body = varint(position) + string(text)
        self._add(INSERT_TEXT, len(text), self.target, body)
        self.text = self.text[:position] + text + self.text[position:]

    def delete(self, position, length):
        body = varint(position) + bytes([1])
        self._add(DELETE_TEXT, length, self.target, body)
        self.text = self.text[:position] + self.text[position + length:]

    def _add(self, kind, length, target, body):
        if self.count:
            parents = [(self.replica, self.count - 1)]
        elif self.target:
            parents = [self.target]  # after the object that everyone shares
        else:
            parents = []
        run = Run(self.count, length, parents, kind, target, body)
        run.replica = self.replica
        self.runs.append(run)
        self.count += length
        self.version[self.replica] = self.count

    # The server's maxOperationsPerMessage: a long resend after a reconnect goes out in pieces,
    # as the web client's splitRuns does.
    MAX_OPERATIONS_PER_MESSAGE = 10_000

    async def flush(self):
        if not self.ws or self.count == self.sent:
            return
        runs = [r for r in self.runs if r.seq >= self.sent]
        piece, size = [], 0
        for run in runs + [None]:
            if run is None and not piece:
                break
            if run is None or (piece and size + run.length > self.MAX_OPERATIONS_PER_MESSAGE):
                self.ref += 1
                end = piece[-1].seq + piece[-1].length
                self.pending[self.ref] = end
                self.sent = end
                await self.send({"type": "ops", "ref": self.ref, "ops": base64.b64encode(encode(piece)).decode()})
                piece, size = [], 0
            if run is not None:
                piece.append(run)
                size += run.length

    def handle(self, message):
        kind = message["type"]
        if kind == "ops":
            # Version 2 may send several batches in one message; version 1 never does.
            batches = message.get("batches", [message])
            if "batches" in message:
                assert self.protocol >= 2, f"a protocol {self.protocol} client was sent batches"
                assert len(batches) >= 2 and "ops" not in message and "author" not in message
                self.coalesced += 1
            self.ops_messages += 1
            self.batches += len(batches)
            for batch in batches:
                self.receive_ops(base64.b64decode(batch["ops"]))
        elif kind == "ack":
            self.acked = max(self.acked, self.pending.pop(message["ref"], self.acked))
        elif kind == "presence":
            self.presence[message["replica"]] = message
        elif kind == "left":
            self.presence.pop(message["replica"], None)
        elif kind == "error":
            self.errors.append(message)
            if message.get("code") == "unavailable" and message.get("ref") in self.pending:
                # Refused for now (the database is away): that message and every later one go
                # again at the next flush, as the web client's 'delayed' does.
                ref = message["ref"]
                start = max([end for r, end in self.pending.items() if r < ref], default=self.acked)
                self.pending = {r: end for r, end in self.pending.items() if r < ref}
                self.sent = min(self.sent, start)

    async def pump(self, seconds):
        """Handles whatever arrives within `seconds`."""
        if not self.ws:
            await asyncio.sleep(seconds)
            return
        try:
            while True:
                self.handle(json.loads(await asyncio.wait_for(self.ws.recv(), seconds)))
        except asyncio.TimeoutError:
            pass

    async def expect(self, kind, timeout=10):
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message["type"] == kind:
                return message
            self.handle(message)


async def settle(clients, timeout=15):
    """Flushes and reads until every client has the same version and all its edits acknowledged."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for client in clients:
            await client.flush()
        await asyncio.gather(*(client.pump(0.05) for client in clients))
        versions = [client.version for client in clients]
        if all(v == versions[0] for v in versions) and all(c.acked == c.count for c in clients):
            return
    raise AssertionError(f"no convergence: {[(c.replica, c.version, c.acked, c.count, c.errors[-2:]) for c in clients]}")


async def start_table(url, table, names):
    """Connects one client per name; the first makes the shared text, the others type into it."""
    clients = [TableClient(url, name, table) for name in names]
    await clients[0].connect()
    clients[0].make_text()
    await clients[0].flush()
    while clients[0].acked < clients[0].count:
        await clients[0].pump(0.05)
    for client in clients[1:]:
        await client.connect()
        client.target = clients[0].target
    return clients
