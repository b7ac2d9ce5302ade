"""The speaking queue over real sockets: kinds, a point of order going first, and a raised hand
that survives a short disconnection but is dropped, for everyone, after the grace period."""
import asyncio

from conftest import Server
from test_exports import PEOPLE, TABLE, Member, tavolo


def invited_server(tmp_path, *args):
    data = str(tmp_path)
    assert tavolo("table", "create", "--data-directory", data, "--id", TABLE, "--title", "Ambito anziani").returncode == 0
    tokens = {}
    for role, (name, org) in PEOPLE.items():
        invited = tavolo("invite", "--data-directory", data, "--table", TABLE, "--role", role, "--name", name, "--org", org)
        tokens[role] = invited.stdout.strip().splitlines()[-1].split("#invito=", 1)[1]
    return Server("--authentication", "invitations", *args, data_directory=data), tokens


def test_a_hand_outlives_a_short_drop_and_is_dropped_after_the_grace_period(tmp_path):
    server, tokens = invited_server(tmp_path, "--hand-grace-seconds", "2")

    async def scenario():
        facilitator, anna, bruno = (Member(server, r, tokens[k]) for r, k in (("fabio", "facilitator"), ("anna", "pa"), ("bruno", "ets")))
        for member in (facilitator, anna, bruno):
            await member.connect()
        state = await facilitator.act("scheduleSession", title="Prima seduta")
        await facilitator.act("openSession", session=state["sessions"][-1]["id"])

        await bruno.act("raiseHand")
        state = await anna.act("raiseHand", kind="pointOfOrder")
        assert [h["kind"] for h in state["hands"]] == ["pointOfOrder", "speech"]
        anna_id, bruno_id = state["queue"]

        # Bruno's phone drops off; within the grace period his hand stays, marked away.
        bruno.drop()
        await facilitator.until(lambda: any(h.get("awaySince") for h in facilitator.state["hands"]))
        assert facilitator.state["queue"] == [anna_id, bruno_id]
        await bruno.connect()
        await facilitator.until(lambda: not any(h.get("awaySince") for h in facilitator.state["hands"]))
        assert bruno.state["queue"] == [anna_id, bruno_id]

        # The facilitator reorders; then Bruno drops for longer than the grace period.
        state = await facilitator.act("reorderQueue", order=[bruno_id, anna_id])
        assert state["queue"] == [bruno_id, anna_id]
        bruno.drop()
        await facilitator.until(lambda: facilitator.state["queue"] == [anna_id], timeout=10)
        await anna.until(lambda: anna.state["queue"] == [anna_id])
        # Back after the drop: no hand, and raising it again puts him last.
        await bruno.connect()
        assert bruno.state["queue"] == [anna_id]
        for member in (facilitator, anna, bruno):
            await member.close()

    try:
        asyncio.run(scenario())
    finally:
        server.stop()

    # The drop is recorded as an event of the table's history.
    server = Server("--authentication", "invitations", data_directory=str(tmp_path))
    try:
        import urllib.request, json
        key = (tmp_path / "admin.key").read_text().strip()
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}/api/tables/{TABLE}/history/events",
                                         headers={"Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            events = json.load(response)
        kinds = [event["kind"] for event in events.get("events", events)]
        assert "handDropped" in kinds and "handRaised" in kinds
    finally:
        server.stop()
