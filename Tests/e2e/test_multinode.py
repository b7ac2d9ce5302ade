"""Two nodes on one PostgreSQL: edits on one reach the other's members; acknowledged edits are
in PostgreSQL; a node started later catches up; a session runs across both, and of two floors
given at once on two nodes exactly one is taken."""
import asyncio
import json
import random

import websockets

from multinode import fresh_database, node, postgres_base_url, psql
from tavolo_client import TableClient, settle
from test_exports import Member


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
        # Bruno and Carla speak protocol 2: Carla gets what the shared log brings in coalesced `ops`.
        clients = [TableClient(first.ws_url, "anna", table), TableClient(first.ws_url, "bruno", table, protocol=2),
                   TableClient(second.ws_url, "carla", table, protocol=2), TableClient(second.ws_url, "dario", table)]
        await clients[0].connect()
        clients[0].make_text()
        await settle(clients[:1], timeout=30)
        for client in clients[1:]:
            await client.connect()
            client.target = clients[0].target
        await settle(clients, timeout=30)
        rng = random.Random(5)
        await asyncio.gather(*(type_some(c, random.Random(rng.random()), 60) for c in clients))
        await settle(clients, timeout=30)
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
        await settle(clients + [late], timeout=30)
        for client in clients + [late]:
            await client.close()
        third.stop()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 90))
    finally:
        first.stop()
        second.stop()


class OpenMember(Member):
    """A member of an `authentication: open` table, with the role it claims (no invitation)."""

    def __init__(self, server, replica, role, table):
        super().__init__(server, replica, None)
        self.table, self.role = table, role

    async def connect(self):
        self.ws = await websockets.connect(self.url, subprotocols=["tavolo.v1"], max_size=None)
        await self.send({"type": "hello", "protocol": 1, "replica": self.replica, "name": self.replica.capitalize(),
                         "organisation": "Distretto", "role": self.role})
        await self.expect("welcome")
        await self.send({"type": "join", "table": self.table, "version": {}})
        joined = await self.expect("joined")
        self.state = joined["state"]

    async def try_act(self, name, **fields):
        """Sends an action; returns the `done` or `error` answering it."""
        self.ref += 1
        ref = self.ref
        await self.send({"type": "action", "ref": ref, "action": {name: fields}})
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), 10))
            self.handle(message)
            if message.get("ref") == ref and message["type"] in ("done", "error"):
                return message


def test_a_session_runs_across_nodes_and_of_two_floors_given_at_once_exactly_one_wins():
    database = fresh_database(postgres_base_url())
    first, second = node(database), node(database)
    table = "ambito-sessione"

    async def scenario():
        fabio, anna = OpenMember(first, "fabio", "facilitator", table), OpenMember(first, "anna", "pa", table)
        giulia, bruno = OpenMember(second, "giulia", "facilitator", table), OpenMember(second, "bruno", "ets", table)
        everyone = (fabio, anna, giulia, bruno)
        for member in everyone:
            await member.connect()
        # A session scheduled and opened on one node is live on the other.
        state = await fabio.act("scheduleSession", title="Prima seduta")
        session = state["sessions"][-1]["id"]
        await fabio.act("openSession", session=session)
        await giulia.until(lambda: giulia.state["sessions"] and giulia.state["sessions"][-1]["status"] == "live")
        present = {p["name"]: p["id"] for p in fabio.state["present"]}
        await giulia.until(lambda: {p["name"] for p in giulia.state["present"]} == set(present))

        # Both facilitators give the floor at the same moment, to different people.
        answers = await asyncio.gather(fabio.try_act("giveFloor", participantID=present["Anna"]),
                                       giulia.try_act("giveFloor", participantID=present["Bruno"]))
        kinds = sorted(a["type"] for a in answers)
        assert kinds == ["done", "error"], answers
        loser = answers[0] if answers[0]["type"] == "error" else answers[1]
        assert loser["code"] == "wrong_state", loser
        winner = present["Anna"] if answers[0]["type"] == "done" else present["Bruno"]
        # Every screen, on both nodes, shows the same speaker.
        for member in everyone:
            await member.until(lambda m=member: (m.state.get("floor") or {}).get("participantID") == winner)

        # A poll launched on one node, voted on the other, closed: everyone agrees.
        state = await giulia.act("createPoll", question="Si approva il calendario?", options=["sì", "no"],
                                 multipleChoice=False, anonymous=False)
        poll = state["polls"][-1]["poll"]["id"]
        await anna.until(lambda: any(p["poll"]["id"] == poll for p in anna.state["polls"]))
        await anna.act("vote", poll=poll, choices=[0])
        await giulia.until(lambda: any(p["poll"]["id"] == poll and p.get("counts") == [1, 0] for p in giulia.state["polls"]))
        for member in everyone:
            await member.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 90))
    finally:
        first.stop()
        second.stop()


async def until(client, predicate, timeout=10):
    """Pumps `client` until `predicate()` holds; fails with its presence after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, client.presence
        await client.pump(0.05)


def test_presence_and_leaving_cross_nodes():
    database = fresh_database(postgres_base_url())
    first, second = node(database), node(database)
    table = "ambito-presenza"

    async def scenario():
        anna, bruno = TableClient(first.ws_url, "anna", table), TableClient(second.ws_url, "bruno", table)
        await anna.connect()
        await bruno.connect()
        await anna.send({"type": "presence", "state": {"cursor": {"text": "verbale", "index": 7}}})

        # Anna's cursor, set on the first node, reaches Bruno on the second; her leaving does too.
        await until(bruno, lambda: bruno.presence.get("anna", {}).get("state") == {"cursor": {"text": "verbale", "index": 7}})
        await anna.close()
        await until(bruno, lambda: "anna" not in bruno.presence)
        await bruno.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 60))
    finally:
        first.stop()
        second.stop()


def test_joined_lists_people_on_other_nodes_and_a_dead_nodes_people_leave():
    database = fresh_database(postgres_base_url())
    first, second = node(database), node(database)
    table = "ambito-presenti"

    async def scenario():
        anna = TableClient(first.ws_url, "anna", table)
        await anna.connect()
        # Bruno, on the other node, finds Anna in `joined` although she never moved her cursor.
        deadline = asyncio.get_running_loop().time() + 10
        while True:
            bruno = TableClient(second.ws_url, "bruno", table)
            await bruno.connect()
            if "anna" in bruno.presence:
                break
            await bruno.close()
            assert asyncio.get_running_loop().time() < deadline, "the second node never learnt of anna"
            await asyncio.sleep(0.2)
        await until(anna, lambda: "bruno" in anna.presence, 10)
        carla = TableClient(first.ws_url, "carla", table)
        await carla.connect()
        assert {"anna", "bruno"} <= set(carla.presence)
        # The second node dies without a word: its people leave every screen on the first.
        second.process.kill()
        second.process.wait()
        await until(anna, lambda: "bruno" not in anna.presence, 30)
        await until(carla, lambda: "bruno" not in carla.presence, 5)
        latecomer = TableClient(first.ws_url, "dario", table)
        await latecomer.connect()
        assert "bruno" not in latecomer.presence and "anna" in latecomer.presence
        for client in (anna, carla, latecomer):
            await client.close()

    try:
        asyncio.run(asyncio.wait_for(scenario(), 90))
    finally:
        first.stop()
        second.stop()
