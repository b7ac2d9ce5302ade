"""Administrator commands and invitation links, end to end through the real binary."""
import asyncio
import json
import re

import websockets

from conftest import Server
from tavolo_client import TableClient
from test_command import tavolo


def test_invite_link_admits_then_revoke_refuses(tmp_path):
    data = str(tmp_path)
    created = tavolo("table", "create", "--data-directory", data, "--id", "ambito-anziani", "--title", "Ambito anziani")
    assert created.returncode == 0, created.stderr
    invited = tavolo("invite", "--data-directory", data, "--table", "ambito-anziani", "--role", "pa",
                     "--name", "Anna Rossi", "--org", "Comune di Budrio")
    assert invited.returncode == 0, invited.stderr
    invitation_id = re.search(r"invitation ([0-9a-f-]{36})", invited.stdout).group(1)
    link = invited.stdout.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8080/#invito=")
    token = link.split("#invito=", 1)[1]

    server = Server("--authentication", "invitations", data_directory=data)
    try:
        async def join(replica):
            client = TableClient(server.ws_url, replica, "ambito-anziani", token=token)
            await client.connect()
            await client.close()

        asyncio.run(join("anna"))

        revoked = tavolo("invite", "revoke", "--data-directory", data, invitation_id)
        assert revoked.returncode == 0, revoked.stderr

        async def refused():
            async with websockets.connect(server.ws_url) as ws:
                await ws.send(json.dumps({"type": "hello", "protocol": 1, "replica": "anna", "token": token}))
                return json.loads(await ws.recv())
        error = asyncio.run(refused())
        assert error["code"] == "not_authenticated" and "revoked" in error["message"]
    finally:
        server.stop()

    listed = tavolo("invite", "list", "--data-directory", data, "--table", "ambito-anziani")
    assert "revoked" in listed.stdout


def test_invite_errors_are_clear(tmp_path):
    data = str(tmp_path)
    result = tavolo("invite", "--data-directory", data, "--table", "nessuno", "--role", "ets", "--name", "X", "--org", "Y")
    assert result.returncode != 0 and "table nessuno not found" in result.stderr
    result = tavolo("invite", "--data-directory", data, "--table", "t", "--role", "sindaco", "--name", "X", "--org", "Y")
    assert result.returncode != 0 and "--role must be" in result.stderr
    tavolo("table", "create", "--data-directory", data, "--id", "t", "--title", "T")
    again = tavolo("table", "create", "--data-directory", data, "--id", "t", "--title", "T")
    assert again.returncode != 0 and "already exists" in again.stderr
