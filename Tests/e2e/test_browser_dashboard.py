"""The procedure dashboard (issue 13, item 6) in a real Chromium, on a 1366×768 laptop and a
360×740 phone: a coordinator invited to the procedure's table (the cabina di regia) opens
/procedura/#procedimento=<id>&invito=<token>; the invitation leaves the address bar; the page
shows the procedure, the table with its ETS, the approved session (signed copy: no), a session
whose verbale is in review with who has still to approve it, and speaking and writing shares by
organisation; the CSV and the ODS download; an ETS member's invitation gets the catalogue's
Italian refusal; no English, axe-core finds nothing, nothing scrolls sideways at 360 px.
Screenshots: test-output/screenshots/dashboard-*.png."""
import asyncio
import base64
import json
import re
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By

from browser import by_id, click_when, console_errors, open_page, screenshot, wait_until
from conftest import Server
from italian import english_on_page
from test_browser_accessibility import focus_indicators_missing, violations
from test_exports import PEOPLE, PROCEDURE, TABLE, Member, approved  # noqa: F401 (the fixture)


def text_of(driver, element_id):
    return by_id(driver, element_id).get_attribute("innerText")


def invite_coordinator(server, key):
    call = urllib.request.Request(
        f"http://127.0.0.1:{server.port}/api/tables/{TABLE}/invitations", method="POST",
        data=json.dumps({"role": "coordinator", "name": "Rita Neri", "organisation": "Ufficio di Piano"}).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(call, timeout=10) as response:
        return json.load(response)["token"]


async def session_in_review(server, tokens):
    """A second session, opened with Anna (PA) and Bruno (ETS) present and closed: its verbale
    waits for their approval."""
    facilitator = Member(server, "fabio-cruscotto", tokens["facilitator"])
    anna = Member(server, "anna-cruscotto", tokens["pa"])
    bruno = Member(server, "bruno-cruscotto", tokens["ets"])
    for member in (facilitator, anna, bruno):
        await member.connect()
    state = await facilitator.act("scheduleSession", title="Seconda seduta: calendario")
    session = state["sessions"][-1]["id"]
    await facilitator.act("openSession", session=session)
    # Anna (PA) has the floor for a few seconds: the speaking shares are not all zero.
    ids = {p["name"]: p["id"] for p in facilitator.state["present"]}
    await facilitator.act("giveFloor", participantID=ids[PEOPLE["pa"][0]])
    await asyncio.sleep(3)
    await facilitator.act("releaseFloor")
    await facilitator.act("closeSession", session=session)
    for member in (facilitator, anna, bruno):
        await member.close()
    return session


async def schedule(server, token, title):
    facilitator = Member(server, "fabio-programma", token)
    await facilitator.connect()
    await facilitator.act("scheduleSession", title=title)
    await facilitator.close()


def catch_downloads(driver):
    """Keeps every blob the page saves (downloads go through a blob URL), to read it back."""
    driver.execute_script("""
        window.tavoloSaved = [];
        const make = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (blob) => { window.tavoloSaved.push(blob); return make(blob); };""")


def saved_start(driver, index, length=8):
    encoded = driver.execute_async_script("""
        const [index, length, done] = arguments;
        const blob = window.tavoloSaved[index];
        if (!blob) return done(null);
        blob.slice(0, length).arrayBuffer().then((b) => done(btoa(String.fromCharCode(...new Uint8Array(b)))));""", index, length)
    return base64.b64decode(encoded) if encoded else None


def no_sideways_scrolling(driver, width):
    return driver.execute_script("return document.documentElement.scrollWidth") <= width


def test_the_cabina_di_regia_reads_the_procedure_at_a_glance(approved, browsers):  # noqa: F811
    server = Server("--authentication", "invitations", data_directory=approved["data"])
    try:
        key = (Path(approved["data"]) / "admin.key").read_text().strip()
        coordinator = invite_coordinator(server, key)
        in_review = asyncio.run(session_in_review(server, approved["tokens"]))
        # A second table of the procedure, with no session yet.
        call = urllib.request.Request(
            f"http://127.0.0.1:{server.port}/api/tables", method="POST",
            data=json.dumps({"id": "ambito-disabilita", "title": "Ambito disabilità – Pianura Est", "area": "Disabilità", "procedure": PROCEDURE["id"]}).encode(),
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
        urllib.request.urlopen(call, timeout=10).close()
        base = f"http://127.0.0.1:{server.port}"
        link = f"{base}/procedura/#procedimento={PROCEDURE['id']}&invito={coordinator}"

        for width, height, name in [(1366, 768, "laptop"), (360, 740, "phone")]:
            if name == "phone":
                call = urllib.request.Request(
                    f"{base}/api/tables/{TABLE}/publication", method="PUT", data=json.dumps({"published": True}).encode(),
                    headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
                urllib.request.urlopen(call, timeout=10).close()
            page = browsers(width, height)
            # People at an Italian table read Italian time (the page uses the browser's zone).
            page.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Europe/Rome"})
            open_page(page, link)
            wait_until(page, lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-session='{approved['session']}']"), message="the approved session")
            # The invitation left the address bar; a reload still works (kept for this tab).
            assert page.execute_script("return location.hash") == f"#procedimento={PROCEDURE['id']}"
            assert PROCEDURE["title"] in text_of(page, "procedure-title")
            assert "art. 55 D.Lgs. 117/2017" in text_of(page, "procedure-meta") and "Determina n. 123" in text_of(page, "procedure-meta")
            assert by_id(page, "glance").get_attribute("textContent") == ("In sintesi: 2 tavoli · 2 sedute: 1 verbale in revisione, 1 verbale approvato · 2 approvazioni mancanti"
                                                                         if name == "laptop" else "In sintesi: 2 tavoli · 3 sedute: 1 programmata, 1 verbale in revisione, 1 verbale approvato · 2 approvazioni mancanti")

            card = page.find_element(By.CSS_SELECTOR, f"[data-table='{TABLE}']").get_attribute("innerText")
            assert "Ambito anziani – Pianura Est" in card and "Anziani" in card and PEOPLE["ets"][1] in card, card
            if name == "laptop":
                assert "verbali non pubblicati" in card
                assert not by_id(page, "public-page").is_displayed()  # nothing published yet
            else:
                # Published (by the administrator, after the laptop's pass): the public page is linked.
                assert "verbali approvati pubblicati" in card, card
                public = by_id(page, "public-page-link")
                assert public.get_attribute("href") == f"{base}/pubblico/{PROCEDURE['id']}" and public.get_attribute("target") == "_blank"
                assert public.text.startswith("Pagina pubblica del procedimento")
            second = page.find_element(By.CSS_SELECTOR, "[data-table='ambito-disabilita']").get_attribute("innerText")
            assert "Nessuna seduta programmata." in second and "nessuno finora" in second, second
            approved_row = page.find_element(By.CSS_SELECTOR, f"[data-session='{approved['session']}']").get_attribute("innerText")
            assert "Seduta n. 1 – Prima seduta" in approved_row and "verbale approvato" in approved_row, approved_row
            assert re.search(r"Data:?\s*\d+ dicembre 2026, ore \d\d:\d\d", approved_row), approved_row  # when it opened
            assert "Copia firmata" in approved_row and "nessuna" in approved_row
            review_row = page.find_element(By.CSS_SELECTOR, f"[data-session='{in_review}']").get_attribute("innerText")
            assert "verbale in revisione" in review_row
            assert f"{PEOPLE['pa'][0]} ({PEOPLE['pa'][1]}, pubblica amministrazione)" in review_row, review_row
            assert f"{PEOPLE['ets'][0]} ({PEOPLE['ets'][1]}, ente del Terzo settore)" in review_row

            chart = text_of(page, "organisations")
            facilitation = page.find_element(By.CSS_SELECTOR, f"[data-organisation='{PEOPLE['facilitator'][1]}']").get_attribute("innerText")
            assert "Parola:" in facilitation and "Scrittura:" in facilitation and "caratteri" in facilitation, facilitation
            anna = page.find_element(By.CSS_SELECTOR, f"[data-organisation='{PEOPLE['pa'][1]}']").get_attribute("innerText")
            assert "Parola: 100% (" in anna and " s)" in anna, anna
            assert chart.index(PEOPLE["pa"][1]) < chart.index(PEOPLE["facilitator"][1]), chart  # most speaking first

            assert english_on_page(page) == []
            assert violations(page, f"the dashboard on a {name}") == []
            missing, reached = focus_indicators_missing(page)
            assert missing == [] and reached >= 4, (missing, reached)  # refresh, language, CSV, ODS
            if name == "phone":
                assert no_sideways_scrolling(page, width), page.execute_script("return document.documentElement.scrollWidth")
            page.execute_script("window.scrollTo(0, 0)")  # axe scrolled to check contrasts
            screenshot(page, f"dashboard-{name}")
            page.execute_script("document.getElementById('tables-section').scrollIntoView({block: 'start'})")
            screenshot(page, f"dashboard-{name}-tables")
            page.execute_script("document.getElementById('organisations-section').scrollIntoView({block: 'start'})")
            screenshot(page, f"dashboard-{name}-organisations")

            if name == "laptop":
                # The spreadsheet: CSV and ODS, through the API with the bearer.
                catch_downloads(page)
                click_when(page, lambda d: d.find_elements(By.ID, "download-csv"))
                wait_until(page, lambda d: text_of(d, "status") == f"Scaricato: cruscotto-{PROCEDURE['id']}.csv.", message="the CSV")
                assert saved_start(page, 0, 6) == b"Sedute"
                click_when(page, lambda d: d.find_elements(By.ID, "download-ods"))
                wait_until(page, lambda d: text_of(d, "status") == f"Scaricato: cruscotto-{PROCEDURE['id']}.ods.", message="the ODS")
                assert saved_start(page, 1, 2) == b"PK"
                # Refreshing by hand, then after a reload: the invitation was kept for this tab.
                click_when(page, lambda d: d.find_elements(By.ID, "refresh"))
                wait_until(page, lambda d: text_of(d, "status").startswith("Aggiornato alle ore "), message="refreshed")
                page.refresh()
                wait_until(page, lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-session='{in_review}']"), message="reloaded")
                # In English too.
                click_when(page, lambda d: d.find_elements(By.ID, "language"))
                wait_until(page, lambda d: text_of(d, "downloads-title") == "Download the dashboard", message="English")
                assert "minutes approved" in text_of(page, "tables")
                page.execute_script("window.scrollTo(0, 0)")
                screenshot(page, "dashboard-laptop-english")
                click_when(page, lambda d: d.find_elements(By.ID, "language"))
                wait_until(page, lambda d: text_of(d, "downloads-title") == "Scarica il cruscotto", message="Italian again")
                # Every 30 s while in sight, by itself: a session scheduled meanwhile appears.
                asyncio.run(schedule(server, approved["tokens"]["facilitator"], "Terza seduta: verifica"))
                wait_until(page, lambda d: "Seduta n. 3 – Terza seduta: verifica" in text_of(d, "tables"), timeout=45, message="the auto-refresh")
                assert "programmata" in page.find_element(By.CSS_SELECTOR, "[data-status='scheduled']").get_attribute("innerText")
            assert console_errors(page) == []

        # An ETS member's invitation: the catalogue's Italian refusal, nothing else.
        ets = browsers(360, 740)
        open_page(ets, f"{base}/procedura/#procedimento={PROCEDURE['id']}&invito={approved['tokens']['ets']}")
        wait_until(ets, lambda d: text_of(d, "error"), message="the refusal")
        assert text_of(ets, "error") == ("Il cruscotto del procedimento è per il coordinamento (la cabina di regia) e per l’amministrazione: "
                                         "apri il link di un invito di coordinamento.")
        assert not by_id(ets, "content").is_displayed() and not by_id(ets, "procedure").is_displayed()
        assert english_on_page(ets) == []
        screenshot(ets, "dashboard-phone-refused")
        # An unknown procedure and a link without credential.
        open_page(ets, f"{base}/procedura/#procedimento=nessuno&invito={coordinator}")
        wait_until(ets, lambda d: text_of(d, "error").startswith("Procedimento non trovato: controlla il link"), message="unknown procedure")
        open_page(ets, f"{base}/procedura/")
        wait_until(ets, lambda d: text_of(d, "error").startswith("Nel link manca il procedimento"), message="no procedure in the link")
        assert english_on_page(ets) == []

        # The administrator: "Cruscotto del procedimento" beside the procedure on the admin page;
        # the link carries no key (the dashboard reads the one the admin page keeps in this browser).
        admin = browsers(1366, 768)
        open_page(admin, f"{base}/admin/#chiave={key}")
        wait_until(admin, lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-dashboard='{PROCEDURE['id']}']"), message="the dashboard link")
        link = admin.find_element(By.CSS_SELECTOR, f"[data-dashboard='{PROCEDURE['id']}']")
        assert link.text == "Cruscotto del procedimento" and link.get_attribute("target") == "_blank"
        assert link.get_attribute("href") == f"{base}/procedura/#procedimento={PROCEDURE['id']}"
        open_page(admin, link.get_attribute("href"))
        wait_until(admin, lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-session='{in_review}']"), message="the dashboard with the admin key")
        assert console_errors(admin) == []
    finally:
        server.stop()
