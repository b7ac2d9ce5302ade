"""The public page of a procedure (issue 13, item 5): no token, only approved verbali of
published tables, names as initials when the procedure says so, gone once unpublished."""
import asyncio
import json
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from conftest import Server
from test_exports import PEOPLE, PROCEDURE, TABLE, Member, approved  # noqa: F401 (the fixture)


def get(server, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=60) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def admin(server, method, path, body, key):
    call = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=json.dumps(body).encode(), method=method,
                                  headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(call, timeout=10) as response:
        return json.load(response)


def pdf_text(data, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_only_approved_verbali_of_published_tables_are_public(approved, tmp_path):  # noqa: F811
    key = (Path(approved["data"]) / "admin.key").read_text().strip() if (Path(approved["data"]) / "admin.key").exists() else None
    server = Server("--authentication", "invitations", data_directory=approved["data"])
    try:
        key = key or (Path(approved["data"]) / "admin.key").read_text().strip()
        page = f"/pubblico/{PROCEDURE['id']}"
        pdf_path = f"{page}/{TABLE}/{approved['session']}.pdf"

        # Not published yet: the procedure's page says so, the verbale is not there.
        status, body, content_type = get(server, page)
        html = body.decode()
        assert status == 200 and content_type.startswith("text/html") and '<html lang="it">' in html
        assert PROCEDURE["title"] in html and PROCEDURE["legal-basis"] in html and "Non ci sono ancora verbali pubblicati" in html
        assert approved["hash"] not in html and get(server, pdf_path)[0] == 404
        assert "Non ci sono ancora verbali pubblicati" in get(server, "/pubblico")[1].decode()
        assert get(server, "/pubblico/nessuno")[0] == 404

        # A second session, not approved, is never listed.
        async def schedule():
            facilitator = Member(server, "fabio-pub", approved["tokens"]["facilitator"])
            await facilitator.connect()
            state = await facilitator.act("scheduleSession", title="Seduta ancora aperta")
            await facilitator.close()
            return state["sessions"][-1]["id"]
        open_session = asyncio.run(schedule())

        admin(server, "PUT", f"/api/tables/{TABLE}/publication", {"published": True}, key)
        html = get(server, page)[1].decode()
        assert approved["hash"] in html and "Seduta n. 1" in html and "Prima seduta" in html and "Seduta ancora aperta" not in html
        assert PROCEDURE["title"] in get(server, "/pubblico")[1].decode()
        assert get(server, f"{page}/{TABLE}/{open_session}.pdf")[0] == 404
        status, pdf, content_type = get(server, pdf_path)
        assert status == 200 and content_type == "application/pdf" and pdf.startswith(b"%PDF")
        text = pdf_text(pdf, tmp_path, "pubblico.pdf")
        assert PEOPLE["pa"][0] in text and approved["hash"] in text.replace("\n", "")

        # Names as initials, organisations whole: on the page and in the PDF served.
        procedure = {"title": PROCEDURE["title"], "legalBasis": PROCEDURE["legal-basis"], "actReference": PROCEDURE["act"],
                     "areas": ["Anziani"], "publicInitialsOnly": True}
        admin(server, "PUT", f"/api/procedures/{PROCEDURE['id']}", procedure, key)
        html = get(server, page)[1].decode()
        assert "iniziali" in html
        for name, _ in PEOPLE.values():
            assert name not in html
        text = pdf_text(get(server, pdf_path)[1], tmp_path, "iniziali.pdf")
        flat = " ".join(text.split())
        for name, organisation in PEOPLE.values():
            assert name not in flat, name
            assert organisation in flat, organisation
        assert "A. R." in flat and "B. B." in flat and approved["hash"] in text.replace("\n", "")

        # Unpublished: gone.
        admin(server, "PUT", f"/api/tables/{TABLE}/publication", {"published": False}, key)
        assert approved["hash"] not in get(server, page)[1].decode()
        assert get(server, pdf_path)[0] == 404
    finally:
        server.stop()
