"""Kill the real server with SIGKILL mid-typing, restart it, and check that every
acknowledged operation survived. Never an acknowledged operation lost."""
import asyncio
import os
import random

import pytest
import websockets

from conftest import Server
from tavolo_client import start_table

KILLS_PER_SEED = int(os.environ.get("TAVOLO_CRASH_KILLS", "3"))


async def type_until_cut(client, rng):
    """Types and sends until the connection breaks; counts on acks, never on sends."""
    try:
        while True:
            client.insert(rng.randint(0, len(client.text)), rng.choice(["parola ", "più ", "🙂 ", "ok "]))
            if rng.random() < 0.7:
                await client.flush()
            await client.pump(0.002)
    except (websockets.ConnectionClosed, OSError, asyncio.IncompleteReadError):
        client.ws = None


@pytest.mark.parametrize("seed", [11, 22, 33])
def test_every_acknowledged_operation_survives_sigkill(tmp_path, seed):
    rng = random.Random(seed)
    data = str(tmp_path)
    checked = []

    async def scenario():
        server = Server(data_directory=data)
        clients = await start_table(server.ws_url, "tavolo-crash", ("anna", "bruno", "carla"))

        for kill in range(KILLS_PER_SEED):
            typing = [asyncio.create_task(type_until_cut(c, random.Random(rng.random()))) for c in clients]
            await asyncio.sleep(rng.uniform(0.2, 0.8))
            server.process.kill()               # SIGKILL: no flush, no goodbye
            server.process.wait()
            await asyncio.gather(*typing)
            acknowledged = {c.replica: c.acked for c in clients}
            assert sum(acknowledged.values()) > 0

            server = Server(data_directory=data)  # same data, new port
            for client in clients:
                client.url = server.ws_url
                joined = await client.connect()
                have = joined["version"].get(client.replica, 0)
                assert have >= acknowledged[client.replica], (
                    f"kill {kill}: {client.replica} had {acknowledged[client.replica]} acknowledged, server has {have}")
                checked.append(acknowledged[client.replica])

        # After the last restart everyone converges on everything, resent work included.
        deadline = asyncio.get_running_loop().time() + 60
        while asyncio.get_running_loop().time() < deadline:
            for client in clients:
                await client.flush()
            await asyncio.gather(*(c.pump(0.02) for c in clients))
            if all(c.acked == c.count for c in clients) and len({str(sorted(c.version.items())) for c in clients}) == 1:
                break
        assert all(c.acked == c.count for c in clients), [(c.replica, c.acked, c.count, c.errors[-3:]) for c in clients]
        assert all(c.version == clients[0].version for c in clients)
        assert not any(c.errors for c in clients), [c.errors for c in clients]
        for client in clients:
            await client.close()
        server.stop()

    # Each kill and restart takes a few seconds, more as the table grows (a restart reloads it and
    # every client rejoins); a soak (TAVOLO_CRASH_KILLS=100) takes 7–8 minutes a seed on 2 cores.
    asyncio.run(asyncio.wait_for(scenario(), max(120, 10 * KILLS_PER_SEED)))
    print(f"seed {seed}: {KILLS_PER_SEED} kills, {sum(checked)} acknowledged operations checked")
