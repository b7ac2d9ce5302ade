"""The peer: pycrdt-websocket's server driven by pycrdt clients, same shape of load as loadgen.c.

    pycrdt_peer.py serve [--port 0]            runs pycrdt-websocket (WebsocketServer, in-memory rooms,
                                               no YStore) over `websockets`; prints "listening PORT"
    pycrdt_peer.py load --port P --server-pid PID --clients N --tables T --rate R --seconds S
                                               one load step against a running server; one JSON line
    pycrdt_peer.py sweep [--per-table 20] [--rate 1] [--seconds 10] [--p99-ms 25 ...]
                                               starts a fresh server per step, grows the client count
                                               (tables = clients / per-table) until p99 or loss breaks,
                                               prints one JSON line per step and a summary line

Shape, as for Tavolo: each client is a pycrdt Doc with its own client id, connected over
the y-websocket sync protocol to room /<table>; it edits on top of its own history only
(it never applies what it receives, as loadgen.c does not merge), inserting 4 characters
into the root text "verbale" every 1/R s (jittered +-20%), each as one SYNC_UPDATE message.
The update a client sends starts with (client id, clock); receivers read the first
(client, clock) of every update they get and match it to the send time. pycrdt-websocket
broadcasts every update to every client of the room, the author included: the author's
copy is reported as "echo" latency (it is not a durability acknowledgement: this server
keeps rooms in memory only).
"""
import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time

from pycrdt import Doc, Text, create_sync_message, create_update_message, handle_sync_message

HERE = os.path.dirname(os.path.abspath(__file__))
EDIT_LEN = 4


# --------------------------------------------------------------------------- server

async def serve(port):
    from websockets.asyncio.server import serve as ws_serve
    from pycrdt.websocket import WebsocketServer

    class Channel:
        def __init__(self, ws):
            self.ws, self._path = ws, ws.request.path

        @property
        def path(self):
            return self._path

        def __aiter__(self):
            return self

        async def __anext__(self):
            try:
                return await self.ws.recv()
            except Exception:
                raise StopAsyncIteration()

        async def send(self, message):
            await self.ws.send(message)

        async def recv(self):
            return await self.ws.recv()

    async with WebsocketServer(auto_clean_rooms=False) as server:
        async def handler(ws):
            await server.serve(Channel(ws))

        async with ws_serve(handler, "127.0.0.1", port, compression=None, max_size=None, ping_interval=None) as s:
            real_port = s.sockets[0].getsockname()[1]
            print(f"listening {real_port}", flush=True)
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            loop.add_signal_handler(signal.SIGTERM, stop.set)
            loop.add_signal_handler(signal.SIGINT, stop.set)
            await stop.wait()


# ----------------------------------------------------------------------- measurement

def read_varuint(b, i):
    v, s = 0, 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return v, i


def first_struct(update):
    """(client, clock) of the first struct of a Yjs v1 update, or None."""
    n, i = read_varuint(update, 0)
    if n == 0:
        return None
    _, i = read_varuint(update, i)  # number of structs
    client, i = read_varuint(update, i)
    clock, i = read_varuint(update, i)
    return client, clock


def proc_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def machine_busy():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / os.sysconf("SC_CLK_TCK")


def quantile(values, q):
    if not values:
        return -1
    return values[min(len(values) - 1, int(q * len(values)))]


class Load:
    def __init__(self, port, clients, tables, rate, seconds, drain):
        self.port, self.n, self.tables, self.rate, self.seconds, self.drain = port, clients, tables, rate, seconds, drain
        self.members = [0] * tables
        for i in range(clients):
            self.members[i % tables] += 1
        self.sent = {}            # (client id, clock) -> [send time, deliveries, table]
        self.lat, self.echo = [], []
        self.expected = self.delivered = self.duplicates = self.unknown = self.edits = 0
        self.ready = 0
        self.failed = 0
        self.all_ready = asyncio.Event()
        self.sending = False
        self.errors = []

    async def client(self, i):
        from websockets.asyncio.client import connect
        table = i % self.tables
        cid = i + 1
        doc = Doc(client_id=cid)
        text = doc.get("verbale", type=Text)
        updates = []
        doc.observe(lambda event: updates.append(event.update))
        try:
            ws = await connect(f"ws://127.0.0.1:{self.port}/t{table}", compression=None, max_size=None,
                               ping_interval=None, open_timeout=60)
        except Exception as e:
            self.failed += 1
            self.errors.append(repr(e))
            self.mark_ready()
            return
        # y-websocket handshake: the server sends its SyncStep1; answer it and ask for its state
        await ws.send(create_sync_message(doc))
        receiver = asyncio.ensure_future(self.receive(ws, cid, handshake=True))
        await self.handshook[i].wait()
        self.mark_ready()
        await self.all_ready.wait()
        await asyncio.sleep(self.start - time.perf_counter() + random.random() / self.rate)
        interval = 1 / self.rate
        next_at = time.perf_counter()
        clock = 0
        while self.sending:
            updates.clear()
            text.insert(len(text), "".join(chr(97 + (clock + k + i) % 26) for k in range(EDIT_LEN)))
            t = time.perf_counter()
            self.sent[(cid, clock)] = [t, 0, table]
            self.edits += 1
            self.expected += self.members[table] - 1
            for u in updates:
                await ws.send(create_update_message(u))
            clock += EDIT_LEN
            next_at += interval * (0.8 + 0.4 * random.random())
            delay = next_at - time.perf_counter()
            if delay < 0:
                next_at = time.perf_counter()
                delay = 0
            await asyncio.sleep(delay)
        await self.stop_event.wait()
        receiver.cancel()
        await ws.close()

    def mark_ready(self):
        self.ready += 1
        if self.ready >= self.n:
            self.start = time.perf_counter() + 0.5
            self.all_ready.set()

    async def receive(self, ws, cid, handshake):
        idx = cid - 1
        try:
            async for msg in ws:
                t = time.perf_counter()
                if msg[0] != 0:
                    continue  # awareness
                kind = msg[1]
                if kind == 0:  # SyncStep1 from the server: answer with our (empty) state
                    # handle_sync_message needs a doc: an empty one answers the same as ours before editing
                    await ws.send(handle_sync_message(msg[1:], Doc()))
                    continue
                if kind == 1:  # SyncStep2: the room's state; we are in sync
                    self.handshook[idx].set()
                    continue
                _, j = read_varuint(msg, 2)
                head = first_struct(msg[j:])
                if head is None:
                    continue
                rec = self.sent.get(head)
                if rec is None:
                    self.unknown += 1
                    continue
                if head[0] == cid:
                    self.echo.append(t - rec[0])
                    continue
                if rec[1] >= self.members[rec[2]] - 1:
                    self.duplicates += 1
                    continue
                rec[1] += 1
                self.delivered += 1
                self.lat.append(t - rec[0])
        except Exception as e:
            if self.sending:
                self.errors.append(repr(e))

    async def run(self, server_pid):
        self.handshook = [asyncio.Event() for _ in range(self.n)]
        self.stop_event = asyncio.Event()
        self.sending = True
        self.start = float("inf")
        t0 = time.perf_counter()
        tasks = []
        # One client per room first: pycrdt-websocket 0.16.5 fails clients that arrive while their
        # room is still starting ("YRoom already running"), so rooms are opened before the crowd comes.
        for i in range(self.n):
            if i == self.tables:
                await asyncio.wait_for(asyncio.gather(*(self.handshook[k].wait() for k in range(self.tables))), 60)
            tasks.append(asyncio.ensure_future(self.client(i)))
            if i % 50 == 49:
                await asyncio.sleep(0.01)
        try:
            await asyncio.wait_for(self.all_ready.wait(), 60)
        except asyncio.TimeoutError:
            raise RuntimeError(f"only {self.ready} of {self.n} clients ready after 60 s; "
                               f"{sum(e.is_set() for e in self.handshook)} synced; errors {self.errors[:3]}")
        connect_s = time.perf_counter() - t0
        await asyncio.sleep(max(0, self.start - time.perf_counter()))
        cpu0, self_cpu0, mach0 = proc_cpu(server_pid), time.process_time(), machine_busy()
        t_start = time.perf_counter()
        await asyncio.sleep(self.seconds)
        self.sending = False
        t_end = time.perf_counter()
        cpu1, self_cpu1, mach1 = proc_cpu(server_pid), time.process_time(), machine_busy()
        deadline = t_end + self.drain
        while time.perf_counter() < deadline and self.delivered < self.expected:
            await asyncio.sleep(0.05)
        drain_s = time.perf_counter() - t_end
        self.stop_event.set()
        await asyncio.wait(tasks, timeout=10)
        secs = t_end - t_start
        lat = sorted(self.lat)
        echo = sorted(self.echo)
        complete = sum(1 for r in self.sent.values() if r[1] >= self.members[r[2]] - 1)
        ms = lambda v: round(v * 1000, 3) if v >= 0 else -1
        return {
            "server": "pycrdt-websocket", "clients": self.n, "tables": self.tables, "rate_per_client": self.rate,
            "seconds": round(secs, 2), "failed": self.failed, "connect_seconds": round(connect_s, 2),
            "edits_sent": self.edits, "edit_throughput_per_s": round(self.edits / secs, 1),
            "deliveries_expected": self.expected, "deliveries": self.delivered,
            "edits_delivered_to_every_peer": complete, "lost": self.expected - self.delivered,
            "duplicate_deliveries": self.duplicates, "deliveries_per_s": round(self.delivered / secs, 1),
            "latency_ms": {"p50": ms(quantile(lat, 0.5)), "p90": ms(quantile(lat, 0.9)), "p99": ms(quantile(lat, 0.99)),
                           "p999": ms(quantile(lat, 0.999)), "max": ms(lat[-1] if lat else -1),
                           "mean": ms(sum(lat) / len(lat) if lat else -1)},
            "echo_latency_ms": {"p50": ms(quantile(echo, 0.5)), "p99": ms(quantile(echo, 0.99))},
            "acks": "none (the y-websocket protocol has no acknowledgement; rooms are in memory only)",
            "server_cpu_seconds": round(cpu1 - cpu0, 2), "server_cpu_percent": round(100 * (cpu1 - cpu0) / secs, 1),
            "server_peak_rss_mb": round(proc_kb(server_pid, "VmHWM") / 1024, 1),
            "loadgen_cpu_percent": round(100 * (self_cpu1 - self_cpu0) / secs, 1),
            "machine_cpu_percent": round(100 * (mach1 - mach0) / secs, 1),
            "other_processes_cpu_percent": round(100 * ((mach1 - mach0) - (self_cpu1 - self_cpu0) - (cpu1 - cpu0)) / secs, 1),
            "unknown_updates": self.unknown, "drain_seconds": round(drain_s, 2),
            "errors": len(self.errors), **({"first_error": self.errors[0][:300]} if self.errors else {}),
        }


def _die_with_parent():
    import ctypes
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_server():
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            preexec_fn=_die_with_parent)
    line = proc.stdout.readline()
    if not line.startswith("listening"):
        proc.kill()
        raise RuntimeError(f"pycrdt-websocket did not start: {line!r}")
    return proc, int(line.split()[1])


def stop_server(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def one_step(clients, tables, rate, seconds, drain):
    proc, port = start_server()
    try:
        return asyncio.run(Load(port, clients, tables, rate, seconds, drain).run(proc.pid))
    finally:
        stop_server(proc)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--port", type=int, default=0)
    l = sub.add_parser("load")
    for a, d in (("--clients", 40), ("--tables", 2), ("--rate", 1.0), ("--seconds", 10.0), ("--drain", 5.0)):
        l.add_argument(a, type=type(d), default=d)
    w = sub.add_parser("sweep")
    w.add_argument("--per-table", type=int, default=20)
    w.add_argument("--rate", type=float, default=1.0)
    w.add_argument("--seconds", type=float, default=10.0)
    w.add_argument("--drain", type=float, default=5.0)
    w.add_argument("--steps", default="20,60,100,200,300,400,600,800,1000,1500,2000")
    w.add_argument("--p99-ms", type=float, nargs="+", default=[25.0],
                   help="latency bounds at which to report the sustained throughput")
    args = ap.parse_args()
    if args.cmd == "serve":
        asyncio.run(serve(args.port))
    elif args.cmd == "load":
        print(json.dumps(one_step(args.clients, args.tables, args.rate, args.seconds, args.drain)), flush=True)
    else:
        bound = min(max(args.p99_ms), 250.0)  # stop growing once p99 is past the largest bound asked for
        results = []
        misses = 0
        for n in (int(x) for x in args.steps.split(",")):
            r = one_step(n, max(1, n // args.per_table), args.rate, args.seconds, args.drain)
            results.append(r)
            print(json.dumps(r), flush=True)
            ok = r["lost"] == 0 and r["latency_ms"]["p99"] <= bound and r["edit_throughput_per_s"] >= 0.9 * n * args.rate
            misses = 0 if ok else misses + 1
            if misses >= 2:
                break
        summary = {"server": "pycrdt-websocket", "summary": True, "per_table": args.per_table, "rate_per_client": args.rate}
        for b in args.p99_ms:
            good = [r for r in results if r["lost"] == 0 and r["latency_ms"]["p99"] <= b]
            best = max(good, key=lambda r: r["edit_throughput_per_s"]) if good else None
            summary[f"sustained_at_p99_{b:g}ms"] = {
                "edits_per_s": best["edit_throughput_per_s"] if best else 0,
                "clients": best["clients"] if best else 0,
                "p99_ms": best["latency_ms"]["p99"] if best else None,
            }
        print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
