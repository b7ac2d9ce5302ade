"""SIGTERM while the server is overloaded (issue 11): it stops accepting, closes every
connection, flushes the group commit and exits within 2 s; after a restart on the same data
every acknowledged operation is there."""
import asyncio
import signal
import time

import websockets

from conftest import Server
from tavolo_client import TableClient

CLIENTS = 24
EXIT_BOUND_SECONDS = 2.0


async def flood(client):
    """Sends batches of 400 characters without waiting for acknowledgements."""
    try:
        while True:
            client.insert(len(client.text), "verbale " * 50)
            await client.flush()
            await client.pump(0.001)
    except (websockets.ConnectionClosed, OSError, asyncio.IncompleteReadError):
        client.ws = None


def test_sigterm_under_overload_exits_fast_and_keeps_every_acknowledged_operation(tmp_path):
    data = str(tmp_path)

    async def scenario():
        server = Server("--messages-per-second", "10000", data_directory=data)
        clients = [TableClient(server.ws_url, f"c{n}", f"tavolo-{n % 4}") for n in range(CLIENTS)]
        for client in clients:
            await client.connect()
            client.make_text()
        flooding = [asyncio.create_task(flood(c)) for c in clients]
        await asyncio.sleep(2.0)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        while server.process.poll() is None and time.monotonic() - started < 10:
            await asyncio.sleep(0.01)
        exited_after = time.monotonic() - started
        for task in flooding:
            task.cancel()
        await asyncio.gather(*flooding, return_exceptions=True)
        if server.process.poll() is None:
            server.process.kill()
        assert exited_after < EXIT_BOUND_SECONDS, f"exit took {exited_after:.2f} s"
        assert server.process.returncode == 0, server.process.stderr.read()[-2000:]
        acknowledged = {c.replica: c.acked for c in clients}
        assert sum(acknowledged.values()) > 10000, acknowledged

        restarted = Server(data_directory=data)
        try:
            for client in clients:
                client.url = restarted.ws_url
                joined = await client.connect()
                have = joined["version"].get(client.replica, 0)
                assert have >= acknowledged[client.replica], (
                    f"{client.replica}: {acknowledged[client.replica]} acknowledged, {have} after restart")
                await client.close()
        finally:
            restarted.stop()
        return exited_after, sum(acknowledged.values())

    exited_after, total = asyncio.run(asyncio.wait_for(scenario(), 120))
    print(f"exited {exited_after:.2f} s after SIGTERM; {total} acknowledged operations all present after restart")
