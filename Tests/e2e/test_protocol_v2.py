"""Protocol versions 1 and 2 in one table over real sockets (docs/protocol.md "Versions"): a v2
client gets what one group commit made durable for its table in one `ops` message, a v1 client
one message per batch as always; both converge and nothing acknowledged is missing."""
import asyncio
import random

from tavolo_client import TableClient
from test_live_tables import random_edits, run, settle

TABLE = "tavolo-v2"


def test_a_v1_and_a_v2_client_type_in_one_table_with_a_burst_of_writers(start_server):
    server = start_server()

    async def scenario():
        anna = TableClient(server.ws_url, "anna", TABLE, protocol=1)
        await anna.connect()
        anna.make_text()
        await settle([anna])
        bruno = TableClient(server.ws_url, "bruno", TABLE, protocol=2)
        writers = [TableClient(server.ws_url, f"w{i}", TABLE, protocol=1 + i % 2) for i in range(12)]
        for client in [bruno, *writers]:
            await client.connect()
            client.target = anna.target
        everyone = [anna, bruno, *writers]
        await settle(everyone)

        # Bursts: every writer sends at once, so batches reach the store together and share a
        # group commit (the store commits what arrives within 2 ms, and what arrives while it
        # syncs). Repeated until Bruno has been sent a coalesced message, at most 30 times.
        for _ in range(30):
            for writer in writers:
                writer.insert(len(writer.text), "x")
            await asyncio.gather(*(writer.flush() for writer in writers))
            await asyncio.gather(*(client.pump(0.05) for client in everyone))
            if bruno.coalesced:
                break
        assert bruno.coalesced >= 1, f"no coalesced ops in 30 bursts ({bruno.ops_messages} messages)"
        assert bruno.ops_messages < bruno.batches
        assert anna.coalesced == 0 and anna.ops_messages == anna.batches

        # Then the v1 and the v2 client type at the same time, with the writers still bursting.
        rng = random.Random(16)
        await asyncio.gather(random_edits(anna, random.Random(rng.random()), 40),
                             random_edits(bruno, random.Random(rng.random()), 40),
                             *(random_edits(w, random.Random(rng.random()), 5) for w in writers))
        await settle(everyone)
        assert all(not c.errors for c in everyone), [c.errors for c in everyone]
        assert anna.version == bruno.version
        assert anna.version == {c.replica: c.count for c in everyone}

        # Everything acknowledged is stored: a newcomer is sent all of it.
        zoe = TableClient(server.ws_url, "zoe", TABLE, protocol=2)
        await zoe.connect()
        for client in everyone:
            assert client.acked == client.count
            assert zoe.server_version.get(client.replica, 0) >= client.acked
        assert zoe.server_version == anna.version
        for client in [*everyone, zoe]:
            await client.close()

    run(scenario())
