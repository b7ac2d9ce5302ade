"""The procedure dashboard (issue 13, item 6): every table and session of the procedure, who
still has to approve, the ETS taking part, speaking and writing shares by organisation; as
JSON for the page and as CSV and ODS; for the administrator and the procedure's coordinators."""
import csv
import io
import json
import subprocess
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from conftest import Server
from test_exports import PEOPLE, PROCEDURE, TABLE, approved  # noqa: F401 (the fixture)


def get(server, path, token):
    call = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_cabina_di_regia_sees_the_whole_procedure(approved, tmp_path):  # noqa: F811
    server = Server("--authentication", "invitations", data_directory=approved["data"])
    try:
        key = (Path(approved["data"]) / "admin.key").read_text().strip()
        invite = urllib.request.Request(
            f"http://127.0.0.1:{server.port}/api/tables/{TABLE}/invitations", method="POST",
            data=json.dumps({"role": "coordinator", "name": "Rita Neri", "organisation": "Ufficio di Piano"}).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(invite, timeout=10) as response:
            coordinator = json.load(response)["token"]
        path = f"/api/procedures/{PROCEDURE['id']}/dashboard"

        for token in (key, coordinator):
            status, body = get(server, path, token)
            assert status == 200, body
        dashboard = json.loads(body)
        assert dashboard["procedure"]["title"] == PROCEDURE["title"]
        table = dashboard["tables"][0]
        assert table["id"] == TABLE and table["area"] == "Anziani" and table["etsOrganisations"] == [PEOPLE["ets"][1]]
        session = table["sessions"][0]
        assert session["status"] == "approved" and session["number"] == 1 and session["pendingApprovals"] == []
        shares = {o["organisation"]: o for o in dashboard["organisations"]}
        # The facilitator wrote the agenda and the minutes; nobody held the floor.
        assert shares[PEOPLE["facilitator"][1]]["characters"] > 100 and shares[PEOPLE["facilitator"][1]]["writingShare"] > 50
        assert abs(sum(o["writingShare"] for o in dashboard["organisations"]) - 100) < 1

        # Members who are not the procedure's coordinators may not; an unknown procedure is 404.
        assert get(server, path, approved["tokens"]["ets"])[0] == 403
        assert get(server, path, approved["tokens"]["facilitator"])[0] == 403
        assert get(server, "/api/procedures/nessuno/dashboard", key)[0] == 404

        status, body = get(server, path + ".csv", coordinator)
        assert status == 200
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
        assert rows[0] == ["Sedute"] and rows[1][:5] == ["Tavolo", "Area", "Seduta n.", "Titolo", "Stato"]
        assert rows[2][0] == "Ambito anziani – Pianura Est" and rows[2][4] == "verbale approvato"
        assert any(row and row[0] == "Organizzazioni" for row in rows)

        status, ods = get(server, path + ".ods", key)
        assert status == 200 and ods[30:38] == b"mimetype"
        with zipfile.ZipFile(io.BytesIO(ods)) as package:
            assert package.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        (tmp_path / "cruscotto.ods").write_bytes(ods)
        converted = subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
             str(tmp_path / "out"), str(tmp_path / "cruscotto.ods")], capture_output=True, text=True, timeout=120)
        assert converted.returncode == 0, converted.stderr
        # LibreOffice Calc opens it: its first sheet, as Calc reads it.
        sheet = (tmp_path / "out" / "cruscotto.csv").read_text("utf-8")
        assert "Ambito anziani – Pianura Est,Anziani,1,Prima seduta,verbale approvato" in sheet
    finally:
        server.stop()
