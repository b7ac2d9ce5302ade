"""An approved session in a real browser (issue 13, items 4 and 7): the minutes are written during
the session, corrected by the facilitator in review, approved by the PA and the ETS; the chair
uploads the signed verbale from the verbale view (an unsigned PDF is refused first, in Italian,
saying it carries no signature); then a coordinator opens the history on a 1366×768 laptop and a
360×740 phone: the session's last moment is its approval and signed copy, so the verbale reads as
approved (with the correction) and the side panel says "verbale approvato" and when the signed
copy came; at the closing moment it read as it was then, "in revisione". Times are clock times
with the date ("5 dicembre 2026, ore 15:05:12") and elapsed time is said apart ("… dall’inizio
della seduta"); DOCX and the signed copy are among the downloads. axe-core finds nothing.
Screenshots: test-output/screenshots/history-approved-*.png and record-signed-*.png."""
import asyncio
import re
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, open_page, online, screenshot, wait_until
from italian import english_on_page
from test_browser_accessibility import violations
from test_exports import Member, Writer
from test_signed_copy import sign

PEOPLE = [
    ("facilitator", "Fabio Neri", "Studio Facilitazione"),
    ("pa", "Anna Rossi", "Comune di Budrio"),
    ("ets", "Bruno Bianchi", "Coop. Il Ponte"),
    ("coordinator", "Rita Bassi", "Ufficio di Piano"),
]
WRITTEN = "Si discute il calendario degli incontri."
CORRECTION = "Correzione approvata in revisione. "
PLACE = "Sala consiliare, Piazza Filopanti 11, Budrio"
MOMENT = re.compile(r"^\d{1,2} (gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4}, "
                    r"ore \d\d:\d\d:\d\d · .+ dall’inizio della seduta$")


async def approved_session(table):
    tokens = table.tokens
    fabio = Member(table.server, "fabio", tokens["Fabio Neri"])
    anna = Member(table.server, "anna", tokens["Anna Rossi"])
    bruno = Member(table.server, "bruno", tokens["Bruno Bianchi"])
    for member in (fabio, anna, bruno):
        await member.connect()
    state = await fabio.act("scheduleSession", title="Prima seduta")
    session = state["sessions"][-1]["id"]
    await fabio.until(lambda: f"minutes:{session}/text" in fabio.objects)
    ids = {p["name"]: p["id"] for p in fabio.state["present"]}
    await fabio.act("setSessionDetails", session=session, details={
        "scheduledAt": int(time.time() * 1000), "mode": "inPerson", "place": PLACE, "meetingLink": "",
        "chair": ids["Anna Rossi"], "secretary": ids["Fabio Neri"]})
    await fabio.act("openSession", session=session)
    writer = Writer("fabio", ("server", fabio.server_ops - 1))
    text = fabio.objects[f"minutes:{session}/text"]
    writer.insert_text(text, WRITTEN)
    await fabio.send({"type": "ops", "ref": 900, "ops": writer.batch()})
    assert (await fabio.expect("ack"))["ref"] == 900
    await asyncio.sleep(1.2)
    await fabio.act("closeSession", session=session)
    # In review the facilitator corrects the minutes: the approved text differs from the text at closing.
    await asyncio.sleep(1.2)
    writer.runs = []
    writer.insert_text(text, CORRECTION)
    await fabio.send({"type": "ops", "ref": 901, "ops": writer.batch()})
    assert (await fabio.expect("ack"))["ref"] == 901
    await asyncio.sleep(1.2)
    await anna.act("approveMinutes", session=session)
    state = await bruno.act("approveMinutes", session=session)
    assert next(s for s in state["sessions"] if s["id"] == session)["status"] == "approved"
    for member in (fabio, anna, bruno):
        await member.close()
    return session


def fetch(table, path, name):
    request = urllib.request.Request(f"http://127.0.0.1:{table.server.port}/api/tables/{table.table}{path}",
                                     headers={"Authorization": f"Bearer {table.tokens[name]}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def text_of(driver, element_id):
    found = driver.find_elements(By.ID, element_id)
    return found[0].text if found else ""


def test_the_chair_uploads_the_signed_verbale_and_the_history_shows_it_approved(browsers, invited_table, tmp_path):
    table = invited_table(PEOPLE)
    session = asyncio.run(approved_session(table))
    pdf = fetch(table, f"/sessions/{session}/minutes.pdf", "Anna Rossi")
    assert pdf.startswith(b"%PDF")
    unsigned = tmp_path / "verbale-non-firmato.pdf"
    unsigned.write_bytes(pdf)
    signed = tmp_path / "verbale.pdf.p7m"
    signed.write_bytes(sign(tmp_path, pdf, "verbale"))

    # The chair, on her laptop, opens the approved verbale from the what-now bar.
    anna = browsers(1366, 768)
    open_page(anna, table.url("Anna Rossi"))
    wait_until(anna, online, message="the table to be joined")
    if anna.find_elements(By.ID, "welcome-dismiss") and by_id(anna, "welcome-dismiss").is_displayed():
        by_id(anna, "welcome-dismiss").click()
    click_when(anna, lambda d: d.find_elements(By.ID, "now-read"), message="'Leggi il verbale'")
    wait_until(anna, lambda d: d.find_elements(By.ID, "verbale-signed-file"), message="the signed copy's upload")
    labels = [b.text for b in anna.find_elements(By.CSS_SELECTOR, "#verbale-downloads button")]
    assert "Documento Word (DOCX)" in labels, labels
    record = text_of(anna, "verbale-record")
    assert "Presidente della seduta: Anna Rossi (Comune di Budrio)" in record and PLACE in record, record
    assert "Nessuna copia firmata per ora." in text_of(anna, "verbale-signed")

    # An unsigned PDF: refused, saying why, in Italian; nothing kept.
    by_id(anna, "verbale-signed-file").send_keys(str(unsigned))
    click_when(anna, lambda d: d.find_elements(By.ID, "verbale-signed-upload"))
    error = wait_until(anna, lambda d: d.find_elements(By.ID, "verbale-signed-upload-error"), timeout=30, message="the refusal")[0]
    assert "Il PDF non contiene una firma digitale" in error.text, error.text
    assert not anna.find_elements(By.ID, "verbale-download-signed")
    anna.execute_script("document.getElementById('verbale-signed').scrollIntoView({block: 'center'})")
    screenshot(anna, "record-signed-refused-laptop")

    # The .p7m of the approved PDF: checked and kept; everyone can download it now.
    by_id(anna, "verbale-signed-file").send_keys(str(signed))
    click_when(anna, lambda d: d.find_elements(By.ID, "verbale-signed-upload"))
    wait_until(anna, lambda d: "Verbale firmato caricato e verificato: verbale.pdf.p7m" in text_of(d, "verbale-signed"), timeout=30,
               message="the signed copy accepted")
    assert "busta firmata .p7m (CAdES)" in text_of(anna, "verbale-signed")
    assert by_id(anna, "verbale-download-signed").is_displayed()
    # Uploading another copy is folded away once there is one.
    assert not by_id(anna, "verbale-signed-upload").is_displayed()
    assert "Carica un’altra copia firmata" in text_of(anna, "verbale-signed")
    assert not anna.find_elements(By.ID, "verbale-signed-upload-error")
    anna.execute_script("document.getElementById('verbale-signed').scrollIntoView({block: 'center'})")
    screenshot(anna, "record-signed-laptop")
    assert violations(anna, "the verbale view with the signed copy") == []
    assert english_on_page(anna) == []
    assert fetch(table, f"/sessions/{session}/signed", "Bruno Bianchi") == signed.read_bytes()

    for width, height, name in [(1366, 768, "laptop"), (360, 740, "phone")]:
        rita = browsers(width, height)
        open_page(rita, table.url("Rita Bassi", "/history.html"))
        wait_until(rita, lambda d: d.find_elements(By.CSS_SELECTOR, f"#scope option[value='{session}']"), message="the session in the picker")
        Select(by_id(rita, "scope")).select_by_value(session)
        wait_until(rita, lambda d: d.find_elements(By.CSS_SELECTOR, f"#text option[value='minutes:{session}/text']"), message="the verbale's text")
        Select(by_id(rita, "text")).select_by_value(f"minutes:{session}/text")
        # The last moment of the session is its approval and signed copy: the approved text, "verbale approvato".
        wait_until(rita, lambda d: CORRECTION.strip() in text_of(d, "document") and WRITTEN in text_of(d, "document"),
                   message="the approved text at the last moment")
        wait_until(rita, lambda d: "verbale approvato" in text_of(d, "table-at-status"), message="'verbale approvato' beside it")
        side = text_of(rita, "table-at")
        assert "Approvazione del verbale" in side and "Copia firmata" in side and "caricata il" in side, side
        moment = text_of(rita, "moment")
        assert MOMENT.match(moment), moment
        # The events: a date above them, then clock times ("ore 15:05"), never bare elapsed times.
        days = [e.text for e in rita.find_elements(By.CSS_SELECTOR, "#events li.event-day")]
        assert days and re.match(r"^\d{1,2} \w+ \d{4}$", days[0]), days
        times = [e.text for e in rita.find_elements(By.CSS_SELECTOR, "#events button.event time")]
        assert times and all(re.match(r"^ore \d\d:\d\d$", t) for t in times), times
        # The last event is the signed copy: it is why the session's range runs past its approval.
        assert "è caricata la copia firmata del verbale di «Prima seduta»" in rita.find_elements(By.CSS_SELECTOR, "#events button.event")[-1].text
        # Downloads: Word and the signed copy.
        labels = [b.get_attribute("aria-label") for b in rita.find_elements(By.CSS_SELECTOR, "#downloads button")]
        assert "Verbale approvato: Prima seduta, formato DOCX" in labels, labels
        assert "Copia firmata del verbale: Prima seduta, formato P7M" in labels, labels
        rita.execute_script("document.getElementById('table-at').scrollIntoView({block: 'start'})")
        screenshot(rita, f"history-approved-{name}-side")
        rita.execute_script("window.scrollTo(0, 0)")
        screenshot(rita, f"history-approved-{name}")
        assert violations(rita, f"the history of an approved session ({name})") == []
        assert english_on_page(rita) == []
        assert rita.execute_script("return document.documentElement.scrollWidth") <= width

        # At the closing moment the verbale read as it was then, in review.
        closing = wait_until(rita, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "#events button.event")
                                                   if "chiude la seduta" in b.text), None), message="the closing in the events")
        rita.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", closing)
        wait_until(rita, lambda d: WRITTEN in text_of(d, "document") and CORRECTION.strip() not in text_of(d, "document"),
                   message="the text at closing")
        wait_until(rita, lambda d: "verbale in revisione" in text_of(d, "table-at-status"), message="'in revisione' at closing")
        if name == "laptop":
            screenshot(rita, "history-approved-closing-laptop")
            # The signed copy downloads through the API with the bearer.
            assert rita.execute_script(
                "const b = [...document.querySelectorAll('#downloads button')].find((b) => b.getAttribute('aria-label') === arguments[0]);"
                "if (b) b.click(); return !!b;", "Copia firmata del verbale: Prima seduta, formato P7M")
            saved = wait_until(rita, lambda d: (lambda s: s.startswith("Scaricato: ") and s)(text_of(d, "status")), message="the signed copy saved")
            assert saved.endswith(".p7m"), saved
        assert console_errors(rita) == []
    # The unsigned PDF's refusal is the only failed request the chair's page logged.
    assert [e for e in console_errors(anna) if "status of 422" not in e["message"]] == []
