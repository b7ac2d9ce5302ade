"""The administration HTTP API over real sockets: happy path, then every kind of bad input."""
import json
import urllib.error
import urllib.request

import pytest

TOKEN = "an-admin-token-long-enough-for-the-rule-0123"


def call(server, method, path, body=None, token=TOKEN, content_type="application/json", raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=data, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        body = error.read()
        is_json = error.headers.get("Content-Type", "").startswith("application/json")
        return error.code, json.loads(body) if is_json else {"error": body.decode()}


@pytest.fixture
def api_server(start_server):
    return start_server(env={"TAVOLO_ADMIN_TOKEN": TOKEN})


def test_tables_invitations_revocation_and_audit(api_server):
    status, table = call(api_server, "POST", "/api/tables", {"id": "ambito-minori", "title": "Ambito minori"})
    assert status == 201 and table["id"] == "ambito-minori"
    assert call(api_server, "GET", "/api/tables")[1][0]["title"] == "Ambito minori"

    status, created = call(api_server, "POST", "/api/tables/ambito-minori/invitations",
                           {"role": "ets", "name": "Carla", "organisation": "Associazione Aurora", "days": 7})
    assert status == 201
    assert created["link"].endswith(created["token"]) and "#invito=" in created["link"]
    invitation = created["invitation"]["id"]
    assert [i["name"] for i in call(api_server, "GET", "/api/tables/ambito-minori/invitations")[1]] == ["Carla"]

    assert call(api_server, "DELETE", f"/api/invitations/{invitation}") == (200, {"revoked": invitation})
    assert call(api_server, "GET", "/api/tables/ambito-minori/invitations")[1][0]["revokedAt"]
    actions = [e["action"] for e in call(api_server, "GET", "/api/tables/ambito-minori/audit")[1]]
    assert actions == ["table.created", "invitation.created", "invitation.revoked"]


def test_bad_input_gets_clear_4xx_and_changes_nothing(api_server):
    assert call(api_server, "GET", "/api/tables", token=None)[0] == 401
    assert call(api_server, "GET", "/api/tables", token="wrong" * 10)[0] == 401
    cases = [
        ("POST", "/api/tables", None, b"{not json", 400, "not valid JSON"),
        ("POST", "/api/tables", {"id": "x"}, None, 400, "missing field 'title'"),
        ("POST", "/api/tables", {"id": 5, "title": "T"}, None, 400, "wrong type for field 'id'"),
        ("POST", "/api/tables", {"id": "../x", "title": "T"}, None, 400, "id must be"),
        ("POST", "/api/tables/nessuno/invitations", {"role": "ets", "name": "A", "organisation": "B"}, None, 404, "not found"),
        ("POST", "/api/tables/nessuno/invitations", {"role": "re", "name": "A", "organisation": "B"}, None, 400, "role must be"),
        ("DELETE", "/api/invitations/nessuno", None, None, 404, "not found"),
        ("GET", "/api/tables/nessuno/audit", None, None, 404, "not found"),
        ("GET", "/api/nothing", None, None, 404, "no such endpoint"),
        ("PUT", "/api/tables", {"id": "a", "title": "b"}, None, 405, "not allowed"),
    ]
    for method, path, body, raw, status, message in cases:
        got, answer = call(api_server, method, path, body, raw=raw)
        assert got == status and message in answer.get("error", ""), (method, path, got, answer)
    got, answer = call(api_server, "POST", "/api/tables", raw=b'{"id":"a","title":"b"}', content_type="text/plain")
    assert got == 400 and "application/json" in answer["error"]
    # A body over maxRequestBodyBytes (1 MiB) is refused by the transport with 413.
    got, _ = call(api_server, "POST", "/api/tables", raw=b'{"id":"big","title":"' + b"x" * (2 << 20) + b'"}')
    assert got == 413
    assert call(api_server, "GET", "/api/tables")[1] == []


def test_api_is_off_without_a_token(server):
    status, answer = call(server, "GET", "/api/tables")
    assert status == 403 and "adminToken" in answer["error"]
