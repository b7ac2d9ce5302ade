"""The facilitator's cockpit (issue 12, items 2 and 3) in a real headless Chromium: a facilitator on
a 1366×768 laptop runs a live session with eight participants — an ETS member on a 360-px phone
in a browser, seven scripted protocol clients (tavolo_client.py) — and everything the meeting
needs is on the first screen, without scrolling: the item under discussion with its timer (red
past its time box) and the next one, who has the floor and for how long, the queue in order with
each intervention's kind and who is away, the active poll with live counts, speaking time per
organisation, and the one-tap buttons. Hands are raised with kinds, a point of order jumps ahead,
a participant whose connection drops keeps the hand (shown away) and finds it on return, the
facilitator reorders the queue by keyboard and lowers a hand; polarità 1 then 2 are launched one
at a time, voted, closed and shown as charts, which fit the phone. Setup forms stay folded while
the session is live. Screenshots: test-output/screenshots/cockpit-*.png."""
import asyncio
import json
import threading
import time

import websockets

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, id_starting, online, open_page, screenshot, wait_until, open_agenda_form
from tavolo_client import TableClient

FACILITATOR = ("facilitator", "Giulia Ferri", "Ufficio di Piano Pianura Est")
PHONE = ("ets", "Carla Verdi", "Associazione Aurora ODV")
SCRIPTED = [
    ("pa", "Elena Conti", "Comune di Ozzano dell'Emilia"),
    ("pa", "Roberto Marchi", "AUSL di Bologna – Distretto Pianura Est"),
    ("ets", "Luca Bianchi", "Cooperativa sociale Sole"),
    ("ets", "Anna Esposito", "Coop. sociale Il Ponte"),
    ("ets", "Davide Russo", "Auser Volontariato Bologna"),
    ("ets", "Sara Galli", "Arci APS Pianura"),
    ("pa", "Marco Rinaldi", "Comune di San Lazzaro – Servizi sociali"),
]
AGENDA = [("Apertura e regole del tavolo", "Giulia Ferri", "1"),
          ("Analisi dei bisogni 2025 sui servizi domiciliari", "Marco Rinaldi", "20"),
          ("Le otto polarità della coprogettazione", "Giulia Ferri", "30")]
AXE_OPTIONS = json.dumps({"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
LAPTOP = (1366, 768)
PHONE_SIZE = (360, 740)


class Crowd:
    """Scripted participants: protocol clients on an asyncio loop of their own, beside Selenium."""

    def __init__(self, table):
        self.table = table
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.members = {}

    def run(self, coroutine, timeout=20):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def join(self, name):
        member = Member(self, name)
        self.run(member.connect())
        self.members[name] = member
        return member

    def close(self):
        for member in self.members.values():
            try:
                self.run(member.close(), timeout=5)
            except Exception:
                pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class Member:
    """One scripted participant: joins with their invitation, keeps reading, acts and waits for `done`."""

    def __init__(self, crowd, name):
        self.crowd, self.name = crowd, name
        self.replica = "script-" + name.lower().replace(" ", "-")
        self.state, self.waiting, self.client, self.reader = None, {}, None, None

    async def connect(self):
        table = self.crowd.table
        self.client = TableClient(table.server.ws_url, self.replica, table.table, name=self.name, token=table.tokens[self.name])
        joined = await self.client.connect()
        self.state = joined.get("state")
        self.reader = asyncio.ensure_future(self.read(self.client.ws))

    async def read(self, ws):
        try:
            async for raw in ws:
                message = json.loads(raw)
                if message["type"] == "table":
                    self.state = message["state"]
                elif message["type"] in ("done", "error") and message.get("ref") in self.waiting:
                    self.waiting.pop(message["ref"]).set_result(message)
                elif message["type"] in ("presence", "left", "error"):
                    self.client.handle(message)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a closed connection ends the reading; anything else is said
            if not isinstance(error, websockets.exceptions.ConnectionClosed):
                print(f"{self.name}: reading stopped: {error!r}")

    async def act_async(self, action):
        self.client.ref += 1
        ref = self.client.ref
        answer = asyncio.get_running_loop().create_future()
        self.waiting[ref] = answer
        await self.client.send({"type": "action", "ref": ref, "action": action})
        message = await asyncio.wait_for(answer, 10)
        assert message["type"] == "done", f"{self.name}: {action} → {message}"

    def act(self, action):
        self.crowd.run(self.act_async(action))

    async def drop_async(self):
        self.reader.cancel()
        self.client.drop()

    def drop(self):
        """Loses the connection as a flaky phone does (no close handshake)."""
        self.crowd.run(self.drop_async())

    async def close(self):
        if self.reader:
            self.reader.cancel()
        await self.client.close()

    def open_poll(self, polarity):
        for entry in (self.state or {}).get("polls", []):
            if entry["open"] and entry["poll"].get("polarity") == polarity:
                return entry["poll"]["id"]
        return None


def outside_viewport(driver, selectors):
    """The selectors whose element is missing, not shown, or not wholly inside the viewport
    with the page at its top (nothing scrolled)."""
    return driver.execute_script("""
        const out = [];
        if (window.scrollY !== 0 || document.scrollingElement.scrollTop !== 0) out.push(`the page is scrolled (${window.scrollY})`);
        for (const selector of arguments[0]) {
          const all = document.querySelectorAll(selector);
          if (!all.length) { out.push(`${selector}: missing`); continue; }
          for (const e of all) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) out.push(`${selector}: not shown`);
            else if (r.top < 0 || r.left < 0 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5)
              out.push(`${selector}: ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} outside ${innerWidth}×${innerHeight}`);
          }
        }
        return out;""", selectors)


def tap(driver, element_id, message=None):
    """Clicks a cockpit control from the top of the page: it must be on the first screen."""
    def attempt(d):
        found = d.find_elements(By.ID, element_id)
        if not found or not found[0].is_enabled():
            return None
        d.execute_script("window.scrollTo(0, 0)")
        assert outside_viewport(d, [f'[id="{element_id}"]']) == [], f"{element_id} is not on the first screen"
        found[0].click()
        return True
    wait_until(driver, attempt, message=message or element_id)


def queue_names(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#fac-cockpit .fac-queue .fac-hand-name')].map((e) => e.firstChild.textContent)")


def row_of(driver, name):
    """The text of `name`'s row in the cockpit's queue."""
    return driver.execute_script("""
        const row = [...document.querySelectorAll('#fac-cockpit .fac-hand-row')].find((r) => r.querySelector('.fac-hand-name').firstChild.textContent === arguments[0]);
        return row ? row.textContent : null;""", name)


def full_page(driver, name):
    """The whole page as one PNG (what lies below the first screen), for a look."""
    import base64
    from browser import SCREENSHOTS
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "fromSurface": True})
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
    driver.execute_script("window.scrollTo(0, 0)")


def axe_violations(driver, where):
    axe = Axe(driver)
    axe.inject()
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; axe.run(document, %s).then(done, (e) => done({error: String(e)}))" % AXE_OPTIONS)
    assert "error" not in result, result.get("error")
    return [f"{where}: {v['id']}: {v['help']} — " + "; ".join(n["html"][:160] for n in v["nodes"][:4]) for v in result["violations"]]


def test_the_facilitator_runs_a_live_session_from_the_first_screen(browsers, invited_table):
    table = invited_table([FACILITATOR, PHONE, *SCRIPTED], table="anziani-pianura-est", title="Anziani e domiciliarità – Pianura Est")
    facilitator = browsers(*LAPTOP)
    phone = browsers(*PHONE_SIZE)
    open_page(facilitator, table.url("Giulia Ferri"))
    open_page(phone, table.url("Carla Verdi"))
    for driver in (facilitator, phone):
        wait_until(driver, online, message="the table to be joined")
    # A 1366×768 browser window: what a laptop of that screen shows of the page (Chromium's own
    # bars take their share, as on the real thing, ~625 px high), not a 768-px-high page.
    inner = facilitator.execute_script("return [innerWidth, innerHeight]")
    assert inner[0] == LAPTOP[0] and 560 <= inner[1] <= LAPTOP[1], f"the laptop's viewport is {inner}"
    crowd = Crowd(table)
    try:
        run_the_session(table, crowd, facilitator, phone, browsers)
    finally:
        crowd.close()
    for driver in (facilitator, phone):
        assert console_errors(driver) == []


def run_the_session(table, crowd, facilitator, phone, browsers):
    members = {name: crowd.join(name) for _, name, _ in SCRIPTED}
    elena, roberto, luca, anna, davide, sara, marco = (members[name] for _, name, _ in SCRIPTED)

    # Before the session: the setup forms are open; the agenda is written while it is scheduled.
    wait_until(facilitator, lambda d: by_id(d, "fac-schedule-title").is_displayed(), message="the session form")
    by_id(facilitator, "fac-schedule-title").send_keys("Prima seduta – Bisogni e priorità della domiciliarità")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-schedule"))
    wait_until(facilitator, lambda d: id_starting(d, "fac-open-"), message="the scheduled session")
    wait_until(facilitator, lambda d: by_id(d, "agenda-form").is_displayed(), message="the agenda form")
    for title, presenter, minutes in AGENDA:
        open_agenda_form(facilitator)
        by_id(facilitator, "agenda-title-input").send_keys(title)
        by_id(facilitator, "agenda-presenter-input").send_keys(presenter)
        field = by_id(facilitator, "agenda-minutes-input")
        field.clear()
        field.send_keys(minutes)
        click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-submit"))
        wait_until(facilitator, lambda d, t=title: t in by_id(d, "agenda-list").text, message=f"the item {title}")
    # Before the session the cockpit offers only to open it, at the top.
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "cockpit-laptop-1366-ready")
    wait_until(facilitator, lambda d: "3 punti all’ordine del giorno" in by_id(d, "fac-cockpit").text, message="the session ready")
    assert facilitator.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-card") == []
    screenshot(facilitator, "cockpit-laptop-1366-ready")
    tap(facilitator, "fac-cockpit-open", "Apri la seduta")

    # Live: the cockpit is the first thing on the screen; the setup forms are folded.
    facilitator.execute_script("window.scrollTo(0, 0)")
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-card"), message="the live cockpit")
    for setup in ("schedule", "invite"):
        assert facilitator.execute_script(f"return document.querySelector('[data-setup={setup}]').open") is False, f"{setup} folded"
    assert "Nessun punto in corso" in by_id(facilitator, "fac-cockpit").text
    tap(facilitator, "fac-next-item", "Punto successivo (the first item)")
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-now-title")
               and d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-now-title").text == AGENDA[0][0], message="the first item current")
    started = time.monotonic()
    cockpit = by_id(facilitator, "fac-cockpit")
    wait_until(facilitator, lambda d: "Poi: " + AGENDA[1][0] in cockpit.text, message="the next item")
    assert "presenta: Giulia Ferri" in cockpit.text
    clock = facilitator.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-clock")
    assert "su 1 min" in clock.text and "fac-clock-over" not in clock.get_attribute("class")

    # Hands with kinds; a point of order jumps ahead of everyone.
    elena.act({"raiseHand": {}})
    luca.act({"raiseHand": {"kind": "reply"}})
    anna.act({"raiseHand": {"kind": "clarification"}})
    davide.act({"raiseHand": {"kind": "speech"}})
    sara.act({"raiseHand": {"kind": "speech"}})
    wait_until(facilitator, lambda d: queue_names(d) == ["Elena Conti", "Luca Bianchi", "Anna Esposito", "Davide Russo", "Sara Galli"],
               message="five hands in order")
    roberto.act({"raiseHand": {"kind": "pointOfOrder"}})
    wait_until(facilitator, lambda d: queue_names(d)[:1] == ["Roberto Marchi"], message="the point of order first")
    assert "mozione d’ordine" in row_of(facilitator, "Roberto Marchi")
    assert "replica" in row_of(facilitator, "Luca Bianchi")
    assert "chiarimento" in row_of(facilitator, "Anna Esposito")
    assert "intervento" in row_of(facilitator, "Elena Conti")

    # Anna's phone loses its connection: her hand stays, shown away; back within the grace period, she keeps it.
    anna.drop()
    wait_until(facilitator, lambda d: "fuori linea" in (row_of(d, "Anna Esposito") or ""), message="Anna shown away")
    assert queue_names(facilitator)[3] == "Anna Esposito"
    assert not by_id(facilitator, f"fac-give-{queued_id(facilitator, 'Anna Esposito')}").is_enabled(), "no floor to someone away"
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "cockpit-laptop-1366-hand-away")
    crowd.run(anna.connect())
    wait_until(facilitator, lambda d: "fuori linea" not in (row_of(d, "Anna Esposito") or "fuori linea"), message="Anna back")
    assert queue_names(facilitator) == ["Roberto Marchi", "Elena Conti", "Luca Bianchi", "Anna Esposito", "Davide Russo", "Sara Galli"]

    # The facilitator reorders by keyboard: Sara up one place; the focus stays on her button.
    sara_id = queued_id(facilitator, "Sara Galli")
    button = by_id(facilitator, f"fac-up-{sara_id}")
    facilitator.execute_script("arguments[0].focus({preventScroll: true})", button)
    facilitator.switch_to.active_element.send_keys(Keys.ENTER)
    wait_until(facilitator, lambda d: queue_names(d)[-2:] == ["Sara Galli", "Davide Russo"], message="Sara moved up")
    wait_until(facilitator, lambda d: d.switch_to.active_element.get_attribute("id") == f"fac-up-{sara_id}", message="focus kept")
    # … and lowers Elena's hand.
    tap(facilitator, f"fac-unqueue-{queued_id(facilitator, 'Elena Conti')}")
    wait_until(facilitator, lambda d: "Elena Conti" not in queue_names(d), message="Elena's hand lowered")

    # "Dai la parola al prossimo": the point of order speaks; the time runs.
    assert "Roberto Marchi" in by_id(facilitator, "fac-cockpit").find_element(By.CSS_SELECTOR, ".fac-give-next").text
    tap(facilitator, "fac-give-next")
    wait_until(facilitator, lambda d: "Roberto Marchi" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor").text,
               message="Roberto has the floor")
    wait_until(facilitator, lambda d: d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor .fac-ticking").text not in ("0:00", ""),
               message="the floor's time running")
    # The keyboard follows the meeting: from giving the floor to ending the turn.
    wait_until(facilitator, lambda d: d.switch_to.active_element.get_attribute("id") == "fac-release", message="focus on 'Termina'")

    marco.act({"raiseHand": {"kind": "clarification"}})
    wait_until(facilitator, lambda d: "Marco Rinaldi" in queue_names(d), message="a fifth hand")

    # Polarità 1, launched alone from the cockpit with its two statements; votes arrive live.
    statements = facilitator.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-statements").text
    assert "servizi consolidati" in statements and "complementari" in statements, statements
    assert Select(by_id(facilitator, "fac-polarity-number")).first_selected_option.get_attribute("value") == "1"
    tap(facilitator, "fac-polarity-launch", "Avvia la polarità 1")
    wait_until(facilitator, lambda d: d.find_elements(By.ID, "fac-close-poll"), message="polarity 1 open")
    poll = wait_until(facilitator, lambda d: elena.open_poll(1), message="the scripted clients see polarity 1")
    assert sum(1 for entry in elena.state["polls"] if entry["open"]) == 1, "one poll at a time"
    for member, choice in ((elena, 0), (luca, 0), (anna, 1), (davide, 0), (marco, 1)):
        member.act({"vote": {"poll": poll, "choices": [choice]}})
    wait_until(facilitator, lambda d: "5 voti" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-card-poll").text, message="live counts")
    assert "3 voti (60%)" in facilitator.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-chart").text

    # Everything at once, on the first screen of the laptop.
    facilitator.execute_script("window.scrollTo(0, 0)")
    time.sleep(1.1)  # one tick of the clocks
    live = ["#fac-cockpit .fac-now-title", "#fac-cockpit .fac-clock", "#fac-cockpit .fac-next", "#fac-next-item",
            "#fac-cockpit .fac-floor", "#fac-release", "#fac-give-next", "#fac-cockpit .fac-queue",
            "#fac-cockpit .fac-hand-row", "#fac-cockpit .fac-kind-pointOfOrder, #fac-cockpit .fac-kind-reply",
            "#fac-cockpit .fac-poll-question", "#fac-cockpit .fac-chart", "#fac-close-poll", "#fac-cockpit .fac-fairness"]
    screenshot(facilitator, "cockpit-laptop-1366-live")
    assert outside_viewport(facilitator, live) == []
    full_page(facilitator, "cockpit-laptop-1366-live-full")
    found = axe_violations(facilitator, "laptop, cockpit live")
    assert found == [], "\n".join(found)

    # Roberto ends; his organisation's time shows; then Sara, given the floor from her row.
    tap(facilitator, "fac-release", "Termina l'intervento")
    wait_until(facilitator, lambda d: "Nessuno ha la parola" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor").text,
               message="the turn ended")
    wait_until(facilitator, lambda d: "AUSL di Bologna" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-fairness").text,
               message="speaking time per organisation")

    # Close polarity 1: its chart stays in the cockpit, beside polarity 2 offered next.
    tap(facilitator, "fac-close-poll", "Chiudi il sondaggio")
    wait_until(facilitator, lambda d: d.find_elements(By.ID, "fac-show-poll"), message="polarity 1 closed")
    wait_until(facilitator, lambda d: d.switch_to.active_element.get_attribute("id") == "fac-show-poll", message="focus on 'Mostra i risultati'")
    wait_until(facilitator, lambda d: Select(by_id(d, "fac-polarity-number")).first_selected_option.get_attribute("value") == "2",
               message="polarity 2 offered next")
    assert "Unire le risorse del territorio" in facilitator.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-statements").text
    tap(facilitator, "fac-show-poll", "show polarity 1's results")
    facilitator.execute_script("window.scrollTo(0, 0)")
    assert outside_viewport(facilitator, ["#fac-cockpit .fac-chart", "#fac-polarity-launch", "#fac-cockpit .fac-statements",
                                          "#fac-next-item", "#fac-give-next", "#fac-cockpit .fac-queue"]) == []
    screenshot(facilitator, "cockpit-laptop-1366-polarity-1-closed")

    # Polarità 2 chosen from the list, anonymous; the phone votes in the browser.
    Select(by_id(facilitator, "fac-polarity-number")).select_by_value("2")
    facilitator.find_element(By.ID, "fac-polarity-anonymous").click()
    tap(facilitator, "fac-polarity-launch", "Avvia la polarità 2")
    poll2 = wait_until(facilitator, lambda d: elena.open_poll(2), message="polarity 2 open")
    click_when(phone, lambda d: d.find_elements(By.ID, "tab-people"))
    choice = wait_until(phone, lambda d: d.find_elements(By.ID, f"fac-choice-{poll2}-1"), message="polarity 2 on the phone")[0]
    phone.execute_script("arguments[0].closest('form').scrollIntoView()", choice)
    # The two statements are apart, each in its box, nothing wider than the phone.
    gap = phone.execute_script("""
        const [a, b] = [...document.querySelectorAll('#fac-polls form.fac-poll')].find((f) => f.querySelector(`[id^="fac-choice-${arguments[0]}-"]`))
          .querySelectorAll('.fac-options > label');
        return b.getBoundingClientRect().top - a.getBoundingClientRect().bottom;""", poll2)
    assert gap >= 4, f"the options run into each other ({gap} px apart)"
    assert phone.execute_script("return document.scrollingElement.scrollWidth") <= PHONE_SIZE[0]
    screenshot(phone, "cockpit-phone-360-polarity-2-vote")
    click_when(phone, lambda d: d.find_elements(By.ID, f"fac-choice-{poll2}-1"))
    click_when(phone, lambda d: d.find_elements(By.ID, f"fac-vote-{poll2}"))
    for member, choice in ((elena, 0), (luca, 1), (anna, 1), (sara, 0)):
        member.act({"vote": {"poll": poll2, "choices": [choice]}})
    wait_until(facilitator, lambda d: "5 voti" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-card-poll").text, message="polarity 2's votes")
    tap(facilitator, "fac-close-poll", "close polarity 2")
    tap(facilitator, "fac-show-poll", "show polarity 2's results")
    wait_until(facilitator, lambda d: "risultati visibili a tutti" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-card-poll").text,
               message="polarity 2's results shown")
    chart = facilitator.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-chart").text
    assert "Distinguere per valorizzare i soggetti più competenti: 3 voti (60%)" in chart, chart
    assert Select(by_id(facilitator, "fac-polarity-number")).first_selected_option.get_attribute("value") == "3"
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "cockpit-laptop-1366-polarity-2-results")

    # The phone reads the chart: text values, nothing sideways, the longer statement wrapped.
    wait_until(phone, lambda d: any("3 voti (60%)" in e.text for e in d.find_elements(By.CSS_SELECTOR, "#fac-polls .fac-chart")),
               message="polarity 2's results on the phone")
    phone.execute_script("document.querySelector('#fac-polls .fac-chart').closest('form').scrollIntoView()")
    assert phone.execute_script("return document.scrollingElement.scrollWidth") <= PHONE_SIZE[0]
    overflow = phone.execute_script("""
        return [...document.querySelectorAll('#fac-polls .fac-chart, #fac-polls .fac-chart *, #fac-polls legend')]
          .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5).map((e) => e.className || e.tagName);""")
    assert overflow == [], overflow
    screenshot(phone, "cockpit-phone-360-polarity-2-results")
    loaded = "return performance.getEntriesByType('resource').some((e) => e.name.endsWith('/facilitation/cockpit.js'))"
    assert phone.execute_script(loaded) is False, "members do not download the cockpit"
    assert facilitator.execute_script(loaded) is True

    # The phone asks for a clarification from the session's section; given the floor from her row,
    # she reads "Carla Verdi, hai la parola" and ends the intervention herself.
    phone.execute_script("window.scrollTo(0, 0)")
    Select(wait_until(phone, lambda d: d.find_elements(By.ID, "fac-hand-kind"), message="the kind of intervention")[0]).select_by_value("clarification")
    click_when(phone, lambda d: d.find_elements(By.ID, "fac-hand"))
    wait_until(facilitator, lambda d: "chiarimento" in (row_of(d, "Carla Verdi") or ""), message="Carla's clarification in the queue")
    wait_until(phone, lambda d: "Sei in coda: posizione 6 (chiarimento)." in by_id(d, "fac-queue").text, message="her place, on the phone")
    phone.execute_script("document.getElementById('fac-queue').scrollIntoView()")
    screenshot(phone, "cockpit-phone-360-member-queued")
    tap(facilitator, f"fac-give-{queued_id(facilitator, 'Carla Verdi')}", "give Carla the floor")
    wait_until(phone, lambda d: "Carla Verdi, hai la parola" in by_id(d, "fac-queue").text, message="'hai la parola' on the phone")
    assert phone.find_elements(By.ID, "fac-hand-kind") == [], "no hand to raise while speaking"
    phone.execute_script("document.getElementById('fac-queue').scrollIntoView()")
    screenshot(phone, "cockpit-phone-360-member-floor")
    assert by_id(phone, "fac-release").text == "Termina l'intervento"
    click_when(phone, lambda d: d.find_elements(By.ID, "fac-release"))
    wait_until(facilitator, lambda d: "Nessuno ha la parola" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor").text,
               message="Carla's turn ended from the phone")
    assert phone.execute_script("return document.scrollingElement.scrollWidth") <= PHONE_SIZE[0]

    # Past its one-minute time box the item's timer is red, with words; "Punto successivo" moves on.
    remaining = 62 - (time.monotonic() - started)
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-clock.fac-clock-over"),
               timeout=max(5, remaining + 5), message="the timer red past its time box")
    assert "tempo superato" in facilitator.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-clock").text
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "cockpit-laptop-1366-over-time")
    tap(facilitator, "fac-next-item", "Punto successivo (the second item)")
    wait_until(facilitator, lambda d: d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-now-title").text == AGENDA[1][0],
               message="the second item current")
    wait_until(facilitator, lambda d: "fac-clock-over" not in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-clock").get_attribute("class"),
               message="its own clock, not red")
    wait_until(facilitator, lambda d: AGENDA[1][0] in d.find_element(By.CSS_SELECTOR, "#agenda-list .agenda-item.current").text
               if d.find_elements(By.CSS_SELECTOR, "#agenda-list .agenda-item.current") else False, message="the agenda column follows")
    state = elena.state
    running = [item for item, timer in state["timers"].items() if timer.get("runningSince")]
    assert len(running) == 1, state["timers"]
    # A pause and back, from the cockpit.
    tap(facilitator, "fac-timer", "Ferma il timer")
    wait_until(facilitator, lambda d: "timer fermo" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-clock").text, message="the timer stopped")
    assert by_id(facilitator, "fac-timer").text == "Avvia il timer"
    tap(facilitator, "fac-timer", "Avvia il timer")
    wait_until(facilitator, lambda d: "timer fermo" not in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-clock").text, message="the timer running again")

    # In English (Italian first, English second) the cockpit still fits the first screen.
    click_when(facilitator, lambda d: d.find_elements(By.ID, "language"))
    wait_until(facilitator, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", message="English")
    wait_until(facilitator, lambda d: "Next item" in by_id(d, "fac-cockpit").text, message="the cockpit in English")
    facilitator.execute_script("window.scrollTo(0, 0)")
    assert outside_viewport(facilitator, ["#fac-cockpit .fac-now-title", "#fac-cockpit .fac-clock", "#fac-next-item", "#fac-give-next",
                                          "#fac-cockpit .fac-hand-row", "#fac-cockpit .fac-chart", "#fac-polarity-launch"]) == []
    screenshot(facilitator, "cockpit-laptop-1366-en")

    # The same cockpit on a facilitator's phone: with the "Seduta" section (not above the
    # documents), in one column, nothing sideways.
    pocket = browsers(*PHONE_SIZE)
    open_page(pocket, table.url("Giulia Ferri"))
    wait_until(pocket, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-card"), message="the cockpit on a phone")
    assert not by_id(pocket, "fac-cockpit").is_displayed(), "the documents come first on a phone"
    click_when(pocket, lambda d: d.find_elements(By.ID, "tab-people"))
    wait_until(pocket, lambda d: by_id(d, "fac-cockpit").is_displayed(), message="the cockpit with the session's section")
    wait_until(pocket, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-hand-row"), message="the queue on a phone")
    assert pocket.execute_script("return document.scrollingElement.scrollWidth") <= PHONE_SIZE[0]
    screenshot(pocket, "cockpit-phone-360-facilitator")
    pocket.execute_script("document.querySelector('#fac-cockpit .fac-card-floor').scrollIntoView()")
    screenshot(pocket, "cockpit-phone-360-facilitator-queue")

    # The session closes from the cockpit too, after a confirmation; the cockpit goes with it.
    tap(facilitator, "fac-cockpit-close", "Close the session")
    wait_until(facilitator, lambda d: d.switch_to.active_element.get_attribute("id") == "fac-cockpit-close-cancel", message="focus on cancel")
    assert "its minutes go to review" in by_id(facilitator, "fac-cockpit").text
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "cockpit-laptop-1366-en-closing")
    tap(facilitator, "fac-cockpit-close-confirm", "Yes, close the session")
    wait_until(facilitator, lambda d: not d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-card"), message="the cockpit gone")
    wait_until(facilitator, lambda d: all(s["status"] != "live" for s in elena.state["sessions"]), message="the session closed")


def queued_id(driver, name):
    """A queued person's participant id, from their row's give button."""
    return driver.execute_script("""
        const row = [...document.querySelectorAll('#fac-cockpit .fac-hand-row')].find((r) => r.querySelector('.fac-hand-name').firstChild.textContent === arguments[0]);
        return row.querySelector('[id^="fac-give-"]').id.slice('fac-give-'.length);""", name)
