"""Texts people supply reach SQLite whole or not at all (issue 14, finding 7): through the real
binary, its SQLite file, the administration API and the `tavolo` commands."""
from test_admin_api import TOKEN, call
from test_command import tavolo


def test_admin_api_refuses_a_name_with_nul_and_keeps_exact_ones(start_server):
    server = start_server(env={"TAVOLO_ADMIN_TOKEN": TOKEN})
    assert call(server, "POST", "/api/tables", {"id": "ambito", "title": "Ambito anziani"})[0] == 201

    status, answer = call(server, "POST", "/api/tables/ambito/invitations",
                          {"role": "pa", "name": "Anna\u0000 Rossi (falsa)", "organisation": "Comune di Budrio"})
    assert (status, answer["error"]) == (400, "name must not contain control characters, found U+0000")
    status, answer = call(server, "POST", "/api/tables", {"id": "altro", "title": "Ambito\u0000 minori"})
    assert (status, answer["error"]) == (400, "title must not contain control characters, found U+0000")
    status, answer = call(server, "POST", "/api/tables", {"id": "pesante", "title": "a" + "\u0301" * 400})
    assert (status, answer["error"]) == (400, "title must be at most 800 bytes of UTF-8, got 801")
    assert [t["id"] for t in call(server, "GET", "/api/tables")[1]] == ["ambito"]
    assert call(server, "GET", "/api/tables/ambito/invitations")[1] == []

    # What SQLite keeps is what was sent (trimmed), every byte of it.
    name = "Niccolò D’Alì – 日本 😀"
    status, _ = call(server, "POST", "/api/tables/ambito/invitations",
                     {"role": "pa", "name": f"  {name} ", "organisation": "Comune di Budrio"})
    assert status == 201
    assert [i["name"] for i in call(server, "GET", "/api/tables/ambito/invitations")[1]] == [name]


def test_commands_refuse_control_characters(tmp_path):
    # An argument cannot hold NUL (argv is C strings); ESC and BEL are the ones a shell passes.
    data = str(tmp_path)
    result = tavolo("table", "create", "--data-directory", data, "--id", "ambito", "--title", "Ambito\x07 anziani")
    assert result.returncode != 0
    assert "title must not contain control characters, found U+0007" in result.stderr
    assert tavolo("table", "list", "--data-directory", data).stdout == ""

    assert tavolo("table", "create", "--data-directory", data, "--id", "ambito", "--title", "Ambito anziani").returncode == 0
    result = tavolo("invite", "--data-directory", data, "--table", "ambito", "--role", "pa",
                    "--name", "Anna\x1b[8m Rossi", "--org", "Comune di Budrio")
    assert result.returncode != 0
    assert "name must not contain control characters, found U+001B" in result.stderr
    result = tavolo("invite", "--data-directory", data, "--table", "ambito", "--role", "pa",
                    "--name", "Anna Rossi", "--org", "Comune\x01")
    assert result.returncode != 0
    assert "organisation must not contain control characters, found U+0001" in result.stderr
    assert tavolo("invite", "list", "--data-directory", data, "--table", "ambito").stdout == ""
