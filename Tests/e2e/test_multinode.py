"""Two nodes on one PostgreSQL: edits on one reach the other's members; acknowledged edits are
in PostgreSQL; a node started later catches up."""
import asyncio
import random

from multinode import fresh_database, node, postgres_base_url, psql
from tavolo_client import TableClient


async def settle(clients, timeout=30):
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


async def type_some(client, rng, rounds):
    for _ in range(rounds):
        client.insert(rng.randint(0, len(client.text)), rng.choice(["sì ", "no ", "forse ", "🙂", "perché "]))
        if rng.random() < 0.5:
            await client.flush()
        await client.pump(0.002)


def stored_operations(database, table):
    rows = psql(database, f"SELECT author, SUM(op_count) FROM op_batch WHERE table_id = '{table}' GROUP BY author")
    return {author: int(total) for author, total in rows}


def test_edits_on_one_node_reach_members_on_the_other():
    database = fresh_database(postgres_base_url())
    first, second = node(database), node(database)

    async def scenario():
        table = "ambito-multinodo"
        clients = [TableClient(first.ws_url, "anna", table), TableClient(first.ws_url, "bruno", table),
                   TableClient(second.ws_url, "carla", table), TableClient(second.ws_url, "dario", table)]
        await clients[0].connect()
        clients[0].make_text()
        await settle(clients[:1])
        for client in clients[1:]:
            await client.connect()
            client.target = clients[0].target
        await settle(clients)
        rng = random.Random(5)
        await asyncio.gather(*(type_some(c, random.Random(rng.random()), 60) for c in clients))
        await settle(clients)
        # What every client saw acknowledged is in PostgreSQL (the server counts the creation op too).
        stored = stored_operations(database, table)
        for client in clients:
            assert stored.get(client.replica, 0) >= client.acked, (client.replica, stored, client.acked)

        # A node started later loads everything from PostgreSQL, and then follows the others.
        third = node(database)
        late = TableClient(third.ws_url, "elena", table)
        await late.connect()
        assert late.version == clients[0].version
        late.target = clients[0].target
        late.insert(0, "ultima ")
        clients[2].insert(0, "anche ")
        await settle(clients + [late])
        for client in clients + [late]:
            await client.close()
        third.stop()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 90))
    finally:
        first.stop()
        second.stop()
