"""The history API (docs/api.md, "History API") through the real binary: a short scripted session
with invitations, then replay, authorship, differences, the timeline and who may read them."""
import asyncio
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import Server
from tavolo_client import TableClient
from test_command import tavolo

ADMIN = "history-e2e-admin-token-0123456789abcdef"
TABLE = "ambito-anziani"
PROJECT = ("server", 0)  # the server makes `project` first when it opens a co-design table


def invite(data, table, role, name, org):
    result = tavolo("invite", "--data-directory", data, "--table", table, "--role", role, "--name", name, "--org", org)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split("#invito=", 1)[1]


def get(server, path, token, **query):
    url = f"http://127.0.0.1:{server.port}/api/tables/{path}"
    if query:
        url += "?" + urllib.parse.urlencode(query)
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            return response.status, response.headers, body
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get_json(server, path, token, **query):
    status, _, body = get(server, path, token, **query)
    assert status == 200, (path, query, status, body)
    return json.loads(body)


def moment():
    """A millisecond strictly after everything acknowledged so far and before what follows."""
    time.sleep(0.005)
    now = int(time.time() * 1000)
    time.sleep(0.005)
    return now


async def type_and_wait(client):
    await client.flush()
    while client.acked < client.count:
        client.handle(json.loads(await asyncio.wait_for(client.ws.recv(), 10)))


@pytest.fixture
def session(tmp_path):
    data = str(tmp_path)
    for table, title in [(TABLE, "Ambito anziani"), ("altro", "Altro tavolo")]:
        created = tavolo("table", "create", "--data-directory", data, "--id", table, "--title", title)
        assert created.returncode == 0, created.stderr
    tokens = {
        "anna": invite(data, TABLE, "pa", "Anna Rossi", "Comune di Budrio"),
        "bruno": invite(data, TABLE, "ets", "Bruno Neri", "Coop Il Ponte"),
        "rup": invite(data, TABLE, "coordinator", "Rita Up", "Ufficio di Piano"),
        "other": invite(data, "altro", "coordinator", "Otto", "Altro ufficio"),
    }
    server = Server("--authentication", "invitations", data_directory=data, env={"TAVOLO_ADMIN_TOKEN": ADMIN})
    moments = {}

    async def script():
        anna = TableClient(server.ws_url, "anna-1", TABLE, token=tokens["anna"])
        await anna.connect()
        anna.target = PROJECT
        anna.insert(0, "Ciao a tutti.")
        await type_and_wait(anna)
        moments["first"] = moment()

        bruno = TableClient(server.ws_url, "bruno-1", TABLE, token=tokens["bruno"])
        await bruno.connect()
        bruno.target, bruno.text = PROJECT, "Ciao a tutti."
        bruno.insert(13, " Proposta del Ponte.")
        bruno.runs[-1].parents = [("anna-1", anna.count - 1)]  # he saw Anna's text before typing after it
        await type_and_wait(bruno)
        moments["second"] = moment()

        anna.delete(0, 5)  # "Ciao ", concurrently with nothing: she had Bruno's text too by now
        await type_and_wait(anna)
        moments["third"] = moment()
        await anna.close()
        await bruno.close()

    try:
        asyncio.run(script())
        yield server, tokens, moments
    finally:
        server.stop()


def test_replay_authorship_and_diff(session):
    server, tokens, moments = session
    rup = tokens["rup"]
    overview = get_json(server, f"{TABLE}/history", rup)
    assert overview["table"] == {"id": TABLE, "title": "Ambito anziani"}
    assert "project" in [t["path"] for t in overview["texts"]]
    assert sorted(p["name"] for p in overview["participants"]) == ["Anna Rossi", "Bruno Neri"]
    assert overview["start"] <= moments["first"] <= overview["end"]

    assert get_json(server, f"{TABLE}/history/state", rup, at=moments["first"])["documents"]["project"] == "Ciao a tutti."
    state = get_json(server, f"{TABLE}/history/state", rup, at=moments["second"], area="project")
    assert state["documents"] == {"project": "Ciao a tutti. Proposta del Ponte."}
    assert sorted(p["name"] for p in state["table"]["present"]) == ["Anna Rossi", "Bruno Neri"]  # listed by id

    authorship = get_json(server, f"{TABLE}/history/authorship", rup, text="project", at=moments["third"])
    assert authorship["text"] == "a tutti. Proposta del Ponte."
    assert [(s["text"], s["author"]["name"], s["author"]["organisation"]) for s in authorship["spans"]] == [
        ("a tutti.", "Anna Rossi", "Comune di Budrio"), (" Proposta del Ponte.", "Bruno Neri", "Coop Il Ponte")]
    characters = {p["name"]: p["characters"] for p in authorship["people"]}
    assert characters == {"Anna Rossi": 8, "Bruno Neri": 20}

    diff = get_json(server, f"{TABLE}/history/diff", rup, text="project", **{"from": moments["first"], "to": moments["third"]})
    assert [(p["kind"], p["text"], p.get("author", {}).get("name")) for p in diff["parts"]] == [
        ("delete", "Ciao ", "Anna Rossi"), ("same", "a tutti.", None), ("insert", " Proposta del Ponte.", "Bruno Neri")]

    events = get_json(server, f"{TABLE}/history/events", rup)["events"]
    assert [(e["kind"], e["actor"]["name"]) for e in events if e["kind"] in ("joined", "left")][:2] == [
        ("joined", "Anna Rossi"), ("joined", "Bruno Neri")]
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)


def test_text_paths_with_plus_ampersand_and_percent(session, tmp_path):
    """An organisation's name reaches the API as it is: `+`, `&` and `%` in a query value,
    encoded once by the client, are decoded once by the server."""
    server, tokens, _ = session
    organisation = "Coop A+B & C 100%"
    token = invite(server.data_directory, TABLE, "ets", "Dora Blu", organisation)

    async def join():
        dora = TableClient(server.ws_url, "dora-1", TABLE, token=token)
        await dora.connect()  # the server makes her organisation's proposal when she first arrives
        await dora.close()
    asyncio.run(join())
    authorship = get_json(server, f"{TABLE}/history/authorship", tokens["rup"], text=f"proposal:{organisation}/goals")
    assert authorship["text"] == ""
    status, _, body = get(server, f"{TABLE}/documents/export.md", tokens["rup"], text=f"proposal:{organisation}/goals")
    assert status == 200, body


def test_who_may_read(session):
    server, tokens, _ = session
    for path in ["history", "history/events", "history/state", "audit.csv"]:
        status, headers, body = get(server, f"{TABLE}/{path}", None)
        assert status == 401 and headers["WWW-Authenticate"] == "Bearer" and json.loads(body)["error"]
        assert get(server, f"{TABLE}/{path}", tokens["other"])[0] == 403
        assert get(server, f"{TABLE}/{path}", tokens["anna"] + "x")[0] == 401
        assert get(server, f"{TABLE}/{path}", ADMIN)[0] == 200
    assert get(server, f"{TABLE}/audit.csv", tokens["anna"])[0] == 403
    assert get(server, f"{TABLE}/audit.csv", tokens["bruno"])[0] == 403
    assert get(server, f"{TABLE}/audit.csv", tokens["rup"])[0] == 200
    assert get(server, "nessuno/history", ADMIN)[0] == 404
    status, _, body = get(server, f"{TABLE}/history/state", tokens["rup"], at="ieri")
    assert status == 400 and json.loads(body)["error"].startswith("at")
    # The administration API beside it is untouched.
    assert get(server, f"{TABLE}/audit", ADMIN)[0] == 200
