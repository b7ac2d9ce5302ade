"""Live tables over real sockets, with the Python protocol client."""
import asyncio
import random

import pytest

from tavolo_client import TableClient, settle


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


async def random_edits(client, rng, rounds):
    for _ in range(rounds):
        if client.text and rng.random() < 0.3:
            position = rng.randrange(len(client.text))
            client.delete(position, min(rng.randint(1, 3), len(client.text) - position))
        else:
            client.insert(rng.randint(0, len(client.text)), rng.choice(["sì ", "no ", "forse ", "🙂", "e\u0301 "]))
        if rng.random() < 0.5:
            await client.flush()
        await client.pump(0.001)


@pytest.mark.parametrize("seed", [1, 2])
def test_three_clients_converge_with_a_reconnect_and_a_late_fourth(start_server, seed):
    server = start_server()

    async def scenario():
        rng = random.Random(seed)
        anna = TableClient(server.ws_url, "anna", "tavolo-py")
        await anna.connect()
        anna.make_text()
        await settle([anna])
        bruno, carla = TableClient(server.ws_url, "bruno", "tavolo-py"), TableClient(server.ws_url, "carla", "tavolo-py")
        for client in (bruno, carla):
            await client.connect()
            client.target = anna.target
        clients = [anna, bruno, carla]
        await asyncio.gather(*(random_edits(c, random.Random(rng.random()), 40) for c in clients))
        bruno.drop()                       # the network fails under Bruno...
        await random_edits(bruno, rng, 20)  # ...who keeps typing offline
        await asyncio.gather(*(random_edits(c, random.Random(rng.random()), 20) for c in (anna, carla)))
        await bruno.connect()              # and resends what the server lacks
        await settle(clients)
        assert all(not c.errors for c in clients), [c.errors for c in clients]
        assert anna.version == {"anna": anna.count, "bruno": bruno.count, "carla": carla.count}

        dario = TableClient(server.ws_url, "dario", "tavolo-py")
        await dario.connect()
        assert dario.server_version == anna.version
        assert dario.version == anna.version
        assert {"anna", "bruno", "carla"} <= set(dario.presence)
        for client in clients + [dario]:
            await client.close()

    run(scenario())


def test_forged_author_and_bad_input_over_real_sockets(start_server):
    server = start_server()

    async def scenario():
        anna = TableClient(server.ws_url, "anna", "tavolo-err")
        await anna.connect()
        mallory = TableClient(server.ws_url, "mallory", "tavolo-err")
        await mallory.connect()
        anna.make_text()
        await settle([anna, mallory])

        forged = TableClient(server.ws_url, "anna", "tavolo-err")  # Mallory claims Anna's replica id
        forged.count = anna.count
        forged.target = anna.target
        forged.insert(0, "falso")
        import base64
        from tavolo_client import encode
        await mallory.send({"type": "ops", "ref": 99, "ops": base64.b64encode(encode(forged.runs[-1:])).decode()})
        error = await mallory.expect("error")
        assert (error["code"], error["ref"]) == ("forged_author", 99)

        for frame, code in [("{", "bad_message"), ('{"type":"teletrasporto"}', "unknown_type"),
                            ('{"type":"ops","ref":1,"ops":"AAAA"}', "malformed_operations")]:
            await mallory.ws.send(frame)
            assert (await mallory.expect("error"))["code"] == code

        await anna.pump(0.2)
        assert anna.version == {"anna": anna.count}  # nothing of that reached Anna
        mallory.target = anna.target
        mallory.insert(0, "vero")
        await settle([anna, mallory])   # and Mallory's connection still works
        assert anna.version["mallory"] == mallory.count

        stranger = TableClient(server.ws_url, "futuro", "tavolo-err")
        import websockets, json
        async with websockets.connect(server.ws_url) as ws:
            await ws.send(json.dumps({"type": "hello", "protocol": 7, "replica": "futuro"}))
            error = json.loads(await ws.recv())
            assert error["code"] == "unsupported_protocol"
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd.code == 1002
        await anna.close()
        await mallory.close()

    run(scenario())


def test_operations_on_impossible_targets_are_refused_before_anyone_sees_them(start_server):
    """A target that is not an object, or an object of the wrong kind, would be kept as a
    no-op by replicas and break decoding when relayed: the server refuses the batch."""
    import base64
    from tavolo_client import DELETE_TEXT, INSERT_TEXT, MAP_SET, encode, string, varint
    server = start_server()

    async def scenario():
        anna = TableClient(server.ws_url, "anna", "tavolo-targets")
        await anna.connect()
        anna.make_text()
        anna.insert(0, "ciao")
        await settle([anna])
        bruno = TableClient(server.ws_url, "bruno", "tavolo-targets")
        await bruno.connect()
        bruno.target = anna.target
        cases = [
            (INSERT_TEXT, 1, ("anna", 1), varint(0) + string("x")),    # targets a character, not an object
            (MAP_SET, 1, anna.target, string("k") + bytes([0])),        # a map operation on a text
            (DELETE_TEXT, 1, ("nessuno", 0), varint(0) + bytes([1])),  # an object that does not exist
        ]
        for ref, (kind, length, target, body) in enumerate(cases, start=1):
            probe = TableClient(server.ws_url, "bruno", "tavolo-targets")
            probe.count, probe.target = bruno.count, anna.target
            probe._add(kind, length, target, body)
            await bruno.send({"type": "ops", "ref": ref, "ops": base64.b64encode(encode(probe.runs[-1:])).decode()})
            error = await bruno.expect("error")
            assert (error["code"], error["ref"]) == ("malformed_operations", ref), error
        await anna.pump(0.2)
        assert anna.version == {"anna": anna.count}
        bruno.insert(0, "ok ")
        await settle([anna, bruno])   # bruno's connection still works, and everyone still syncs
        await anna.close()
        await bruno.close()

    run(scenario())
