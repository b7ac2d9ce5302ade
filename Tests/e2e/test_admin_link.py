"""The administrator's first link, printed by a fresh `tavolo serve`, runs the deployment from the
browser's API: create a table with its area and procedure, invite, see who joined, re-send, revoke."""
import asyncio
import os
import select
import stat

from conftest import Server
from tavolo_client import TableClient
from test_admin_api import call
from test_command import tavolo


def admin_link(server):
    line = server.process.stdout.readline()
    assert line.startswith("Amministrazione / administration: "), line
    link = line.split(": ", 1)[1].strip()
    assert link.startswith(f"http://127.0.0.1:{server.port}/admin/#chiave="), link
    return link.split("#chiave=", 1)[1]


def test_a_fresh_server_prints_the_administrators_link_and_the_key_works(tmp_path):
    data = str(tmp_path)
    server = Server("--authentication", "invitations", data_directory=data)
    try:
        key = admin_link(server)
        # The key is kept in the data folder, readable by its owner only, and printed again on demand.
        key_file = tmp_path / "admin.key"
        assert key_file.read_text().strip() == key and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
        again = tavolo("admin-link", "--data-directory", data)
        assert again.returncode == 0 and again.stdout.strip().endswith("/admin/#chiave=" + key), again

        assert call(server, "GET", "/api/tables", token="wrong-" + key)[0] == 401
        notice = {"id": "avviso-2026", "title": "Avviso pubblico di co-progettazione – Pianura Est",
                  "legalBasis": "art. 55 D.Lgs. 117/2017", "actReference": "Determina n. 123 del 15/09/2026",
                  "areas": ["Anziani", "Disabilità"]}
        status, procedure = call(server, "POST", "/api/procedures", notice, token=key)
        assert status == 201 and procedure["areas"] == ["Anziani", "Disabilità"] and procedure["publicInitialsOnly"] is False
        assert call(server, "POST", "/api/procedures", notice, token=key)[0] == 409
        status, procedure = call(server, "PUT", "/api/procedures/avviso-2026", {**notice, "publicInitialsOnly": True}, token=key)
        assert status == 200 and procedure["publicInitialsOnly"] is True
        assert call(server, "PUT", "/api/procedures/nessuno", {"title": "x"}, token=key)[0] == 404
        assert call(server, "PUT", "/api/procedures/avviso-2026", {"id": "altro", "title": "x"}, token=key)[0] == 400
        status, answer = call(server, "POST", "/api/tables", {"id": "x", "title": "X", "procedure": "nessuna"}, token=key)
        assert status == 400 and "create it first" in answer["error"]
        status, table = call(server, "POST", "/api/tables", {
            "id": "ambito-anziani", "title": "Ambito anziani – Pianura Est", "area": "Anziani", "procedure": "avviso-2026"}, token=key)
        assert status == 201 and table["area"] == "Anziani" and table["procedure"] == "avviso-2026"
        status, table = call(server, "PUT", "/api/tables/ambito-anziani/publication", {"published": True}, token=key)
        assert status == 200 and table["publishedAt"]
        status, table = call(server, "PUT", "/api/tables/ambito-anziani/publication", {"published": False}, token=key)
        assert status == 200 and "publishedAt" not in table
        status, created = call(server, "POST", "/api/tables/ambito-anziani/invitations",
                               {"role": "ets", "name": "Carla", "organisation": "Associazione Aurora", "days": 7}, token=key)
        assert status == 201
        invitation = created["invitation"]
        assert invitation["present"] is False and "firstJoinedAt" not in invitation

        # Sending the link again gives a link for the same invitation (the one joined with below).
        status, again = call(server, "GET", f"/api/invitations/{invitation['id']}/link", token=key)
        assert status == 200 and again["link"].endswith("#invito=" + again["token"])

        async def join_and_check():
            client = TableClient(server.ws_url, "carla-1", "ambito-anziani", token=again["token"])
            joined = await client.connect()
            assert joined["title"] == "Ambito anziani – Pianura Est"
            listed = call(server, "GET", "/api/tables/ambito-anziani/invitations", token=key)[1]
            assert listed[0]["present"] is True and listed[0]["firstJoinedAt"].startswith("20")
            await client.close()

        asyncio.run(join_and_check())
        assert server.wait_for(lambda: call(server, "GET", "/api/tables/ambito-anziani/invitations", token=key)[1][0]["present"] is False)

        assert call(server, "DELETE", f"/api/invitations/{invitation['id']}", token=key)[0] == 200
        status, answer = call(server, "GET", f"/api/invitations/{invitation['id']}/link", token=key)
        assert status == 410 and "revoked" in answer["error"]
    finally:
        server.stop()

    # With a table, a restart prints no link: nothing follows the listening line.
    server = Server("--authentication", "invitations", data_directory=data)
    try:
        assert call(server, "GET", "/api/tables", token=key)[0] == 200
        printed, _, _ = select.select([server.process.stdout], [], [], 1.0)
        assert not printed, server.process.stdout.readline()
    finally:
        server.stop()


def test_an_empty_admin_token_turns_the_api_off(tmp_path):
    server = Server("--authentication", "invitations", data_directory=str(tmp_path), env={"TAVOLO_ADMIN_TOKEN": ""})
    try:
        assert not (tmp_path / "admin.key").exists()
        assert call(server, "GET", "/api/tables", token="anything-at-all-0123456789abcdef")[0] == 403
    finally:
        server.stop()
