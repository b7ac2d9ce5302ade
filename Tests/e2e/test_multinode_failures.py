"""Two nodes + PostgreSQL + nginx over real sockets: a node killed with SIGKILL mid-typing and a
PostgreSQL restart mid-typing lose no acknowledged operation, and clients reconnect by themselves
(through nginx to the surviving node). With PostgreSQL away, open tables keep serving from memory
and edits wait; a node started without its database says so at once."""
import asyncio
import os
import random
import subprocess
import tempfile
import time

import pytest
import websockets

from conftest import BINARY, ROOT
from multinode import Nginx, free_port, fresh_database, node, postgres_base_url, psql
from tavolo_client import TableClient, start_table

CUT = (websockets.ConnectionClosed, OSError, asyncio.IncompleteReadError, asyncio.TimeoutError)


async def type_for(client, rng, seconds):
    """Types and sends for `seconds` or until the connection breaks; counts on acks, never on sends."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    try:
        while loop.time() < end:
            client.insert(rng.randint(0, len(client.text)), rng.choice(["parola ", "più ", "🙂 ", "ok "]))
            if rng.random() < 0.7:
                await client.flush()
            await client.pump(0.02)  # brisk typing (50 edits a second each), not a flood
    except CUT:
        client.ws = None


async def reconnect(client, timeout=40):
    """Reconnects through nginx until a node takes the client (as the web client retries)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            return await client.connect()
        except (*CUT, KeyError, AssertionError) as error:
            client.ws = None
            if loop.time() > deadline:
                raise AssertionError(f"{client.replica} cannot reconnect: {error!r}, errors {client.errors[-3:]}") from error
            await asyncio.sleep(0.3)


async def converge(clients, timeout=60):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for client in clients:
            if client.ws is None:
                await reconnect(client)
            try:
                await client.flush()
                await client.pump(0.03)
            except CUT:
                client.ws = None
        if all(c.ws and c.acked == c.count for c in clients) and len({str(sorted(c.version.items())) for c in clients}) == 1:
            return
    raise AssertionError(f"no convergence: {[(c.replica, c.acked, c.count, c.errors[-2:]) for c in clients]}")


def stored_operations(database, table):
    rows = psql(database, f"SELECT author, SUM(op_count) FROM op_batch WHERE table_id = '{table}' GROUP BY author")
    return {author: int(total) for author, total in rows}


@pytest.mark.parametrize("seed", [11, 22, 33])
def test_a_node_killed_mid_typing_loses_no_acknowledged_edit(seed):
    rng = random.Random(seed)
    database = fresh_database(postgres_base_url())
    nodes = [node(database), node(database)]
    proxy = Nginx([n.port for n in nodes])
    table = f"ambito-kill-{seed}"

    async def scenario():
        clients = await start_table(proxy.ws_url, table, ["anna", "bruno", "carla", "dario"])
        typing = [asyncio.create_task(type_for(c, random.Random(rng.random()), rng.uniform(1.5, 2.5))) for c in clients]
        await asyncio.sleep(rng.uniform(0.4, 1.0))
        victim = nodes[rng.randrange(2)]
        victim.process.kill()  # SIGKILL: no flush, no goodbye
        victim.process.wait()
        await asyncio.gather(*typing)
        acknowledged = {c.replica: c.acked for c in clients}
        assert sum(acknowledged.values()) > 0
        # Every acknowledged operation is in PostgreSQL, whichever node acknowledged it.
        stored = stored_operations(database, table)
        for replica, acked in acknowledged.items():
            assert stored.get(replica, 0) >= acked, (replica, stored, acknowledged)
        # The cut clients come back through nginx; the surviving node has all they had acknowledged.
        for client in clients:
            if client.ws is None:
                joined = await reconnect(client)
                assert joined["version"].get(client.replica, 0) >= acknowledged[client.replica]
        await converge(clients)
        assert not [e for c in clients for e in c.errors if e.get("code") != "unavailable"]
        for client in clients:
            await client.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 120))
    finally:
        proxy.stop()
        for n in nodes:
            n.stop()


def postgres_cluster():
    """The folder of the test server scripts/test.sh started (to stop and start it)."""
    cluster = os.environ.get("TAVOLO_TEST_POSTGRES_DIR")
    if not cluster:
        if os.environ.get("CI") == "true":
            pytest.fail("TAVOLO_TEST_POSTGRES_DIR is not set: cannot restart the test server")
        pytest.skip("TAVOLO_TEST_POSTGRES_DIR is not set (scripts/test.sh sets it)")
    return cluster


def postgres(command, cluster):
    subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), command, cluster], check=True)


def test_postgres_restart_mid_typing_loses_nothing_and_typing_resumes():
    cluster = postgres_cluster()
    database = fresh_database(postgres_base_url())
    nodes = [node(database), node(database)]
    proxy = Nginx([n.port for n in nodes])
    table = "ambito-riavvio"

    async def scenario():
        clients = await start_table(proxy.ws_url, table, ["anna", "bruno", "carla"])
        rng = random.Random(4)
        typing = [asyncio.create_task(type_for(c, random.Random(rng.random()), 4.0)) for c in clients]
        await asyncio.sleep(1.0)
        await asyncio.to_thread(postgres, "restart", cluster)
        await asyncio.gather(*typing)
        acknowledged = {c.replica: c.acked for c in clients}
        # Typing resumes by itself: everyone reconnects, resends, and converges; nothing acknowledged is lost.
        await converge(clients, timeout=90)
        for client in clients:
            client.insert(0, "dopo ")
        await converge(clients)
        stored = stored_operations(database, table)
        for client in clients:
            assert stored.get(client.replica, 0) >= max(acknowledged[client.replica], client.acked)
            await client.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 180))
    finally:
        proxy.stop()
        for n in nodes:
            n.stop()


def test_with_postgres_away_an_open_table_serves_from_memory_and_edits_wait():
    cluster = postgres_cluster()
    database = fresh_database(postgres_base_url())
    serving = node(database)
    table = "ambito-assenza"

    async def scenario():
        [anna] = await start_table(serving.ws_url, table, ["anna"])
        anna.insert(0, "prima ")
        await anna.flush()
        while anna.acked < anna.count:
            await anna.pump(0.05)
        durable = anna.count
        await asyncio.to_thread(postgres, "pause", cluster)
        try:
            anna.insert(0, "durante ")
            await anna.flush()
            await anna.pump(1.0)
            # A newcomer joins the table held in memory and gets its content; presence still works.
            bruno = TableClient(serving.ws_url, "bruno", table)
            joined = await bruno.connect()
            assert joined["version"].get("anna", 0) >= durable
            assert "anna" in bruno.presence
            anna.insert(0, "ancora ")
            for _ in range(15):
                await anna.flush()
                await anna.pump(0.2)
            # Nothing written, nothing acknowledged, and nobody was disconnected.
            assert anna.acked == durable < anna.count
            assert anna.ws is not None and bruno.ws is not None
            assert not [e for e in anna.errors + bruno.errors if e.get("code") != "unavailable"]
        finally:
            await asyncio.to_thread(postgres, "resume", cluster)
        # Back by itself: the waiting edits are stored, acknowledged and delivered.
        await converge([anna, bruno], timeout=60)
        assert bruno.version.get("anna") == anna.count
        assert stored_operations(database, table).get("anna", 0) >= anna.count
        for client in (anna, bruno):
            await client.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 120))
    finally:
        serving.stop()


def test_a_node_started_without_its_database_says_so_at_once():
    port = free_port()  # nothing listens there
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAVOLO_")}
    env.update({"TAVOLO_STORE": "postgres", "TAVOLO_POSTGRES_URL": f"postgres://tavolo@127.0.0.1:{port}/tavolo?sslmode=disable"})
    started = time.monotonic()
    result = subprocess.run(
        [str(BINARY), "serve", "--port", "0", "--data-directory", tempfile.mkdtemp(prefix="tavolo-e2e-")],
        env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert f"cannot reach the PostgreSQL database postgres://tavolo@127.0.0.1:{port}/tavolo" in result.stderr, result.stderr
    assert "Tavolo listening" not in result.stdout
    # PostgresNIO's own retries took about a minute; the direct attempt answers at once.
    assert time.monotonic() - started < 20
