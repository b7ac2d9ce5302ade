"""Exports of an approved session, end to end: a session scripted through the real server
(invitations, actions, edits of the agenda and minutes as operations), approved by the PA
and the ETS, then exported in every format; the ODT must open in LibreOffice, the PDF
must be PDF/A-2b with every font embedded, and every export must carry the attendance
and the decisions."""
import asyncio
import base64
import csv
import io
import json
import os
import re
import subprocess
import zipfile

import pikepdf
import pytest
import websockets

from conftest import BINARY, ROOT, Server
from tavolo_client import MAGIC, Reader, Run, TableClient, encode, string, varint

TABLE = "ambito-anziani"
INSERT_TEXT, MAP_SET, LIST_INSERT = 0, 2, 4
PEOPLE = {
    "facilitator": ("Fabio Neri", "Studio Facilitazione"),
    "pa": ("Anna Rossi", "Comune di Budrio"),
    "ets": ("Bruno Bianchi", "Coop. Il Ponte"),
}
DECISIONS = ["Si adotta il calendario degli incontri di gennaio.", "Il servizio diurno parte a marzo <con tre sedi>."]
OPEN_POINTS = ["Cofinanziamento della Coop. Il Ponte da definire"]
ACTION = {"who": "Bruno Bianchi", "what": "Inviare la proposta rivista", "due": "2026-12-15"}
AGENDA = [("Analisi dei bisogni", "Anna Rossi", "done"), ("Proposte degli enti", "Bruno Bianchi", "current"),
          ("Calendario degli incontri", "Fabio Neri", "todo")]
ABSENT = ("Carla Verdi", "Associazione Aurora")
PROCEDURE = {"id": "avviso-anziani", "title": "Avviso pubblico di co-progettazione dei servizi per gli anziani",
             "legal-basis": "art. 55 D.Lgs. 117/2017", "act": "Determina n. 123 del 15/09/2026"}
PLACE = "Sala consiliare, Piazza Garibaldi 1, Budrio"
LINK = "https://meet.example.org/tavolo-anziani"
SCHEDULED_AT = 1796115600000  # 2026-12-01 10:00 Europe/Rome
MINUTES_TEXT = "# Apertura\nLa seduta si apre con i **saluti** del Comune.\n\n- analisi dei bisogni\n- proposte degli enti\n"


def tavolo(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAVOLO_")}
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


# --- operations the scenario needs beyond tavolo_client's text edits (docs/crdt.md §6.2) ---

def optional_id(names, ident):
    return varint(0) if ident is None else varint(names.index(ident[0]) + 1) + varint(ident[1])


def parse_runs(payload):
    """Every run of a batch: replica, first counter, kind, target, and for map sets the key and new object kind."""
    r = Reader(payload)
    assert r.data[:4] == MAGIC
    r.at = 4
    names = [r.string() for _ in range(r.varint())]

    def ident():
        index = r.varint()
        return None if index == 0 else (names[index - 1], r.varint())

    def value():
        tag = r.byte()
        if tag == 6:
            return ("object", r.byte())
        r.at -= 1
        r.value()
        return ("value", tag)

    runs = []
    for _ in range(r.varint()):
        replica, seq, length = names[r.varint()], r.varint(), r.varint()
        for _ in range(r.varint()):
            r.varint(), r.varint()
        kind = r.byte()
        target = ident()
        run = {"replica": replica, "seq": seq, "length": length, "kind": kind, "target": target}
        if kind == 0:
            r.varint()
            run["text"] = r.string()
        elif kind == 1:
            r.varint(), r.byte()
        elif kind == 2:
            run["key"], run["value"] = r.string(), value()
        elif kind == 3:
            run["key"] = r.string()
        elif kind == 4:
            ident(), r.byte()
            run["value"] = value()
        elif kind == 5:
            ident(), ident(), r.byte()
        elif kind == 6:
            ident()
        runs.append(run)
    assert r.at == len(r.data)
    return runs


class Writer:
    """Builds one batch of a replica's operations on top of everything it has seen."""

    def __init__(self, replica, parent):
        self.replica, self.count, self.parent, self.runs = replica, 0, parent, []

    def _add(self, kind, length, target, body):
        run = Run(self.count, length, [self.parent], kind, target, body)
        run.replica = self.replica
        self.runs.append(run)
        self.parent = (self.replica, self.count + length - 1)
        self.count += length
        return (self.replica, self.count - length)

    def insert_text(self, target, text):
        return self._add(INSERT_TEXT, len(text), target, varint(0) + string(text))

    def set(self, target, key, text):
        value = bytes([3]) + varint(text << 1) if isinstance(text, int) else bytes([5]) + string(text)
        return self._add(MAP_SET, 1, target, string(key) + value)

    def append_map(self, target, after):
        # The replica's own id is first in the batch's name table (it authors the first run).
        slot = varint(0) if after is None else varint(1) + varint(after[1])
        return self._add(LIST_INSERT, 1, target, slot + bytes([1]) + bytes([6, 0]))

    def batch(self):
        return base64.b64encode(encode(self.runs)).decode()


class Member(TableClient):
    """A TableClient that runs actions and remembers the server's objects and the table state."""

    def __init__(self, server, replica, token):
        super().__init__(server.ws_url, replica, TABLE, token=token)
        self.objects, self.state, self.server_ops = {}, None, 0

    async def connect(self):
        # The server's own objects may reach a member before its `joined` (an ETS member's
        # proposal is made as it joins), so this connect accepts a snapshot in any case.
        self.ws = await websockets.connect(self.url, subprotocols=["tavolo.v1"], max_size=None)
        await self.send({"type": "hello", "protocol": 1, "replica": self.replica, "token": self.token})
        await self.expect("welcome")
        await self.send({"type": "join", "table": self.table, "version": {}})
        joined = await self.expect("joined")
        if "ops" in joined:
            self.learn(base64.b64decode(joined["ops"]))
        self.state = joined["state"]

    def handle(self, message):
        # Not TableClient's: its batch reader knows only text operations, and these carry list inserts.
        if message["type"] == "ops":
            self.learn(base64.b64decode(message["ops"]))
        elif message["type"] == "table":
            self.state = message["state"]
        elif message["type"] == "error":
            self.errors.append(message)

    def learn(self, payload):
        for run in parse_runs(payload):
            if run["replica"] == "server":
                self.server_ops = max(self.server_ops, run["seq"] + run["length"])
            if run["kind"] == MAP_SET and run["value"][0] == "object":
                owner = "" if run["target"] is None else self.objects.get(run["target"], "?")
                path = run["key"] if not owner else f"{owner}/{run['key']}"
                self.objects[(run["replica"], run["seq"])] = path
                self.objects[path] = (run["replica"], run["seq"])

    async def act(self, name, **fields):
        self.ref += 1
        ref = self.ref
        await self.send({"type": "action", "ref": ref, "action": {name: fields}})
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), 10))
            self.handle(message)
            if message.get("ref") == ref and message["type"] in ("done", "error"):
                assert message["type"] == "done", message
                return self.state

    async def until(self, predicate, timeout=10):
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            remaining = deadline - asyncio.get_running_loop().time()
            assert remaining > 0, "timed out"
            try:
                self.handle(json.loads(await asyncio.wait_for(self.ws.recv(), remaining)))
            except asyncio.TimeoutError:
                pass


async def approved_session(server, tokens):
    facilitator = Member(server, "fabio", tokens["facilitator"])
    anna = Member(server, "anna", tokens["pa"])
    bruno = Member(server, "bruno", tokens["ets"])
    for member in (facilitator, anna, bruno):
        await member.connect()

    state = await facilitator.act("scheduleSession", title="Prima seduta")
    session = state["sessions"][-1]["id"]
    await facilitator.until(lambda: f"minutes:{session}/decisions" in facilitator.objects and f"agenda:{session}" in facilitator.objects)
    await facilitator.act("openSession", session=session)
    ids = {p["name"]: p["id"] for p in facilitator.state["present"]}
    # The session's record: called for today at 15:00, mixed, chaired by the PA, minuted by the facilitator.
    await facilitator.act("setSessionDetails", session=session, details={
        "scheduledAt": SCHEDULED_AT, "mode": "mixed", "place": PLACE, "meetingLink": LINK,
        "chair": ids[PEOPLE["pa"][0]], "secretary": ids[PEOPLE["facilitator"][0]]})

    # Bruno's connection drops twice during the session: he is still one person in the verbale.
    for _ in range(2):
        bruno.drop()
        await facilitator.until(lambda: ids[PEOPLE["ets"][0]] not in {p["id"] for p in facilitator.state["present"]})
        await bruno.connect()
        await facilitator.until(lambda: ids[PEOPLE["ets"][0]] in {p["id"] for p in facilitator.state["present"]})

    # The facilitator fills in the agenda and the minutes while the session is live; the third
    # item is never reached, and the discussion ends during the second.
    objects = facilitator.objects
    writer = Writer("fabio", ("server", facilitator.server_ops - 1))
    item, items = None, []
    for title, presenter, status in AGENDA:
        item = writer.append_map(objects[f"agenda:{session}"], item)
        items.append(f"{item[0]}@{item[1]}")
        writer.set(item, "title", title), writer.set(item, "presenter", presenter)
        writer.set(item, "minutes", 30), writer.set(item, "status", status)
    writer.insert_text(objects[f"minutes:{session}/text"], MINUTES_TEXT)
    # Decisions and the open point belong to agenda items (the first decision to item 1, the
    # second to none); the action to item 2.
    for key, texts, tied in [("decisions", DECISIONS, [items[0], None]), ("openPoints", OPEN_POINTS, [items[1]])]:
        element = None
        for text, agenda_item in zip(texts, tied):
            element = writer.append_map(objects[f"minutes:{session}/{key}"], element)
            writer.set(element, "text", text)
            if agenda_item:
                writer.set(element, "item", agenda_item)
    action = writer.append_map(objects[f"minutes:{session}/actions"], None)
    for key, value in {**ACTION, "item": items[1]}.items():
        writer.set(action, key, value)
    await facilitator.send({"type": "ops", "ref": 900, "ops": writer.batch()})
    ack = await facilitator.expect("ack")
    assert ack["ref"] == 900 and ack["applied"] == writer.count, ack

    state = await facilitator.act("createPoll", question="Servizio domiciliare o diurno?", options=["Domiciliare", "Diurno"],
                                  multipleChoice=False, anonymous=True)
    poll = state["polls"][-1]["poll"]["id"]
    await anna.act("vote", poll=poll, choices=[1])
    await bruno.act("vote", poll=poll, choices=[1])
    await facilitator.act("closePoll", poll=poll)
    await facilitator.act("showPollResults", poll=poll)
    await facilitator.act("closeSession", session=session)

    state = await bruno.act("proposeAmendment", session=session, text="Indicare che la seduta è iniziata alle 15:05")
    amendment = state["sessions"][-1]["amendments"][-1]["id"]
    await facilitator.act("acceptAmendment", id=amendment)
    await anna.act("approveMinutes", session=session)
    state = await bruno.act("approveMinutes", session=session)
    final = next(s for s in state["sessions"] if s["id"] == session)
    assert final["status"] == "approved", final
    for member in (facilitator, anna, bruno):
        await member.close()
    return session, final["approvedContentHash"]


@pytest.fixture(scope="module")
def approved(tmp_path_factory):
    """A data folder holding one approved session; the server is stopped afterwards."""
    data = str(tmp_path_factory.mktemp("exports"))
    created = tavolo("procedure", "create", "--data-directory", data, *[arg for key, value in PROCEDURE.items() for arg in (f"--{key}", value)],
                     "--area", "Anziani", "--area", "Disabilità")
    assert created.returncode == 0, created.stderr
    created = tavolo("table", "create", "--data-directory", data, "--id", TABLE, "--title", "Ambito anziani – Pianura Est",
                     "--area", "Anziani", "--procedure", PROCEDURE["id"])
    assert created.returncode == 0, created.stderr
    # Invited, never came: the verbale lists her as absent.
    assert tavolo("invite", "--data-directory", data, "--table", TABLE, "--role", "ets", "--name", ABSENT[0], "--org", ABSENT[1]).returncode == 0
    tokens = {}
    for role, (name, org) in PEOPLE.items():
        invited = tavolo("invite", "--data-directory", data, "--table", TABLE, "--role", role, "--name", name, "--org", org)
        assert invited.returncode == 0, invited.stderr
        tokens[role] = invited.stdout.strip().splitlines()[-1].split("#invito=", 1)[1]
    server = Server("--authentication", "invitations", data_directory=data)
    try:
        session, content_hash = asyncio.run(approved_session(server, tokens))
    finally:
        server.stop()
    return {"data": data, "session": session, "hash": content_hash, "tokens": tokens}


def export(approved, tmp_path, fmt):
    output = tmp_path / f"verbale.{fmt}"
    result = tavolo("export", "minutes", "--data-directory", approved["data"], "--table", TABLE,
                    "--session", approved["session"], "--format", fmt, "--output", str(output))
    assert result.returncode == 0, result.stderr
    return output.read_bytes()


def assert_minutes_text(text, approved):
    """What an official verbale must state, wherever a table cell or a page wrapped its lines:
    the procedure, the table, session and date, place and mode, chair and secretary; each person
    present once; the absent; the final state of the agenda; decisions; the hash; the closing."""
    flat = re.sub(r"\s+", " ", text)
    for name, org in PEOPLE.values():
        assert name in flat and org in flat, name
    for decision in DECISIONS:
        assert decision in flat, decision
    assert approved["hash"] in re.sub(r"\s+", "", text)
    for fact in [PROCEDURE["title"], PROCEDURE["legal-basis"], PROCEDURE["act"], "Ambito anziani – Pianura Est", "Prima seduta",
                 "seduta n. 1", PLACE, "mista", "Presidente della seduta", "Verbalizzante", "Invitati assenti", ABSENT[0], ABSENT[1],
                 "non trattato", "Letto, approvato e sottoscritto", "15 dicembre 2026", "1 dicembre 2026"]:
        assert fact.lower() in flat.lower(), fact
    assert "in corso" not in flat  # the session is closed: the item under discussion was treated
    # Bruno reconnected twice: still one row.
    present = flat.lower().split("presenti", 1)[1].split("invitati assenti", 1)[0]
    assert present.count("bruno bianchi") == 1, present


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_text_formats_carry_attendance_decisions_and_hash(approved, tmp_path, fmt):
    text = export(approved, tmp_path, fmt).decode("utf-8")
    if fmt == "html":
        assert '<html lang="it">' in text and "&lt;con tre sedi&gt;" in text and "<con" not in text
        text = text.replace("&lt;", "<").replace("&gt;", ">")
    if fmt == "md":
        assert "\\<con tre sedi\\>" in text
        text = text.replace("\\", "")
    assert_minutes_text(text, approved)
    for heading in ["Presenti", "Invitati assenti", "Ordine del giorno", "Svolgimento della seduta", "Decisioni", "Punti aperti",
                    "Azioni", "Votazioni", "Emendamenti", "Approvazioni"]:
        assert heading.lower() in text.lower()  # plain text writes section titles in capitals
    assert "Inviare la proposta rivista" in text and "Analisi dei bisogni" in text and "Servizio domiciliare o diurno?" in text
    if fmt == "md":
        # Everything the server knows beyond the document: poll counts, the amendment, who approved.
        assert "| Diurno | 2 |" in text and "| Domiciliare | 0 |" in text
        assert "| Indicare che la seduta è iniziata alle 15:05 | Bruno Bianchi (Coop. Il Ponte) | accolto |" in text
        approvals = text.split("## Approvazioni", 1)[1].split("##", 1)[0]
        for name, org in [PEOPLE["pa"], PEOPLE["ets"]]:
            assert re.search(rf"\| {name} \| {re.escape(org)} \| [^|]+ \| \d\d/\d\d/\d{{4}} \d\d:\d\d \| uguale a quella approvata \|", approvals)
        attendance = text.split("## Presenti", 1)[1].split("##", 1)[0]
        for role, (name, org) in PEOPLE.items():
            assert re.search(rf"\| {name} \| {re.escape(org)} \| [^|]+ \| \d\d:\d\d \| \d\d:\d\d \| (\d+|meno di 1) \|", attendance), name
        assert "Gli orari senza data sono del " in attendance
        # Outcomes under their agenda items.
        outcomes = text.split("## Decisioni, punti aperti e azioni", 1)[1].split("\n## ", 1)[0]
        first, second, other = (outcomes.index(h) for h in ("### Punto 1 – Analisi dei bisogni", "### Punto 2 – Proposte degli enti", "### Altro"))
        assert DECISIONS[0] in outcomes[first:second] and OPEN_POINTS[0] in outcomes[second:other]
        assert "| Bruno Bianchi | Inviare la proposta rivista | 15 dicembre 2026 |" in outcomes[second:other]
        assert "\\<con tre sedi\\>" in outcomes[other:] or "<con tre sedi>" in outcomes[other:]


def test_odt_is_a_valid_package_that_libreoffice_converts(approved, tmp_path):
    odt = export(approved, tmp_path, "odt")
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        first = package.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED and not first.extra
        assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert package.testzip() is None
        assert {"META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml"} <= set(package.namelist())
    converted = tmp_path / "converted"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
         "--outdir", str(converted), str(tmp_path / "verbale.odt")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert_minutes_text((converted / "verbale.txt").read_text("utf-8"), approved)


def test_docx_is_a_package_that_libreoffice_converts(approved, tmp_path):
    """PA staff edit the verbale in Word: the DOCX opens in LibreOffice with every fact of the record."""
    docx = export(approved, tmp_path, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        assert package.testzip() is None
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"} <= set(package.namelist())
        assert f"tavolo-sha256:{approved['hash']}".encode() in package.read("docProps/core.xml")
    converted = tmp_path / "converted"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
         "--outdir", str(converted), str(tmp_path / "verbale.docx")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert_minutes_text((converted / "verbale.txt").read_text("utf-8"), approved)


def fonts_of(pdf):
    """Every font the pages use, descendant fonts of composite fonts included."""
    seen = []

    def visit(font):
        seen.append(font)
        for descendant in font.get("/DescendantFonts", []):
            visit(descendant)

    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            visit(font)
    return seen


def test_pdf_is_pdfa_2b_with_embedded_fonts_and_the_minutes_text(approved, tmp_path):
    data = export(approved, tmp_path, "pdf")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        metadata = pdf.open_metadata()
        assert metadata.get("pdfaid:part") == "2" and metadata.get("pdfaid:conformance") == "B"
        intents = pdf.Root.OutputIntents
        assert len(intents) >= 1 and intents[0].S == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]
        fonts = fonts_of(pdf)
        assert fonts
        for font in fonts:
            if font.Subtype == "/Type0":
                continue  # its glyphs live in its descendant, checked on its own
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.get("/BaseFont")
        # The approved content hash is in the metadata, where a signed copy is matched to its record.
        assert f"tavolo-sha256:{approved['hash']}" in str(metadata.get("pdf:Keywords"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "verbale.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert_minutes_text(text, approved)


def test_minutes_not_approved_or_unknown_are_refused(approved, tmp_path):
    unknown = tavolo("export", "minutes", "--data-directory", approved["data"], "--table", TABLE, "--session", "nessuna", "--format", "md",
                     "--output", str(tmp_path / "x.md"))
    assert unknown.returncode != 0 and "session nessuna" in unknown.stderr and "not found" in unknown.stderr
    table = tavolo("export", "minutes", "--data-directory", approved["data"], "--table", "altro", "--session", "s", "--format", "md")
    assert table.returncode != 0 and "table altro not found" in table.stderr


def test_document_and_audit_exports(approved, tmp_path):
    path = f"minutes:{approved['session']}/text"
    result = tavolo("export", "text", "--data-directory", approved["data"], "--table", TABLE, "--text", path, "--format", "md",
                    "--output", str(tmp_path / "testo.md"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "testo.md").read_text("utf-8")
    assert "## Apertura" in text and "**saluti**" in text
    before = tavolo("export", "text", "--data-directory", approved["data"], "--table", TABLE, "--text", path, "--at", "1000",
                    "--format", "md", "--output", str(tmp_path / "prima.md"))
    assert before.returncode != 0 and "at that moment" in before.stderr

    export(approved, tmp_path, "md")
    result = tavolo("export", "audit", "--data-directory", approved["data"], "--table", TABLE, "--output", str(tmp_path / "audit.csv"))
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "audit.csv").read_bytes()
    assert raw.startswith(b"at,actor,action,table,detail\r\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    actions = [row["action"] for row in rows]
    for expected in ["table.created", "invitation.created", "session.opened", "session.closed", "minutes.approved", "minutes.exported", "text.exported"]:
        assert expected in actions
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", row["at"]) for row in rows)
    assert all(json.loads(row["detail"]) is not None for row in rows)
    exported = next(row for row in rows if row["action"] == "minutes.exported")
    assert exported["actor"] == "admin" and json.loads(exported["detail"]) == {"format": "md", "session": approved["session"]}
