"""The members' "what now" bar (issue 12, item 4), in a real browser: an ETS member on a 360×740
phone and a PA officer on a 1366×768 laptop follow a session run by a facilitator (a scripted
protocol client). For every state — no session, not started, live (raise a hand with its kind), in
the queue (with its place, behind a point of order), having the floor, a poll to vote in, minutes
in review with a change pending, minutes to approve, approved — the right action is on screen
INSIDE the viewport without scrolling, on every tab (and still after scrolling to the bottom: the
bar is sticky), each change is said in the polite live region and shown as a notice. Also: the
member's first screen is a welcome with the table's title (dismissed for good), the header shows
the title, an invitation link pasted into a tab already on Tavolo joins without a reload, and the
history page does not scroll sideways at 360 px. Screenshots: test-output/screenshots/what-now-*.png."""
import json
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from websockets.sync.client import connect

from browser import by_id, click_when, console_errors, open_page, online, screenshot, wait_until
from test_browser_accessibility import violations

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio")
ETS = ("ets", "Carla Verdi", "Associazione Aurora")
TITLE = "Ambito anziani – Distretto Pianura Est"
PHONE = (360, 740)
LAPTOP = (1366, 768)
TABS = ("agenda", "documents", "people")


class Actor:
    """A participant speaking the protocol (docs/protocol.md) from the test: joins, acts, reads the state."""

    def __init__(self, table, name, replica):
        self.ws = connect(table.server.ws_url, subprotocols=["tavolo.v1"], max_size=None, open_timeout=10)
        self.ref = 0
        self.state = None
        self.send({"type": "hello", "protocol": 1, "replica": replica, "token": table.tokens[name]})
        self.principal = self.expect("welcome")["principal"]
        self.send({"type": "join", "table": table.table, "version": {}})
        joined = self.expect("joined")
        self.state = joined.get("state")
        self.title = joined.get("title")

    def send(self, message):
        self.ws.send(json.dumps(message))

    def expect(self, kind, ref=None, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            if message["type"] == "table":
                self.state = message["state"]
            if message["type"] == "error" and ref is not None and message.get("ref") == ref:
                raise AssertionError(f"action refused: {message}")
            if message["type"] == kind and (ref is None or message.get("ref") == ref):
                return message

    def act(self, action):
        self.ref += 1
        self.send({"type": "action", "ref": self.ref, "action": action})
        self.expect("done", self.ref)
        return self.state

    def until(self, predicate, timeout=10.0, message="a table state"):
        """Reads messages until `predicate(state)` holds (checked on the state known now first)."""
        deadline = time.monotonic() + timeout
        while not predicate(self.state or {}):
            assert time.monotonic() < deadline, f"timed out waiting for {message}"
            try:
                self.expect("table", timeout=deadline - time.monotonic())
            except TimeoutError:
                pass
        return self.state

    def person(self, name):
        return next(p["id"] for p in self.state["present"] if p["name"] == name)

    def close(self):
        self.ws.close()


def in_viewport(driver, element_id):
    """Whether the element is shown wholly inside the window (no scrolling needed to see it)."""
    return driver.execute_script("""
        const e = document.getElementById(arguments[0]);
        if (!e || !e.getClientRects().length) return false;
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
          && r.bottom <= window.innerHeight && r.right <= window.innerWidth;""", element_id)


def show_tab(driver, name):
    if driver.execute_script("return getComputedStyle(document.getElementById('sections')).display") != "none":
        click_when(driver, lambda d: d.find_elements(By.ID, f"tab-{name}"))
        wait_until(driver, lambda d: by_id(d, f"tab-{name}").get_attribute("aria-current") == "true", message=f"the {name} tab")


def status(driver):
    return by_id(driver, "now-status").get_attribute("textContent")


def assert_action_on_every_tab(driver, control, words, shot):
    """`control` (an id) and `words` (in the bar's status) are inside the viewport on every tab,
    at the top of the page and scrolled to its bottom; screenshots of each tab at the top."""
    phone = driver.execute_script("return window.innerWidth") < 500
    for name in TABS if phone else ("documents",):
        show_tab(driver, name)
        for where in ("top", "bottom"):
            driver.execute_script("window.scrollTo(0, arguments[0] === 'top' ? 0 : document.scrollingElement.scrollHeight)", where)
            wait_until(driver, lambda d: words in status(d), message=f"«{words}» in the bar ({name}, {where})")
            wait_until(driver, lambda d: in_viewport(d, control), timeout=5,
                       message=f"#{control} inside the viewport without scrolling ({name}, {where})")
            assert in_viewport(driver, "now-status"), f"the bar's status out of view ({name}, {where})"
        width = driver.execute_script("return document.scrollingElement.scrollWidth")
        assert width <= driver.execute_script("return window.innerWidth"), f"sideways scrolling on {name} ({width} px)"
        driver.execute_script("window.scrollTo(0, 0)")
        screenshot(driver, f"what-now-{shot}-{'phone' if phone else 'laptop'}-{name}")


def record_announcements(driver):
    driver.execute_script("""
        window.tavoloHeard = [];
        const region = document.getElementById('announcer');
        new MutationObserver(() => { if (region.textContent) window.tavoloHeard.push(region.textContent); })
          .observe(region, { childList: true, characterData: true, subtree: true });""")


def heard(driver, words):
    return any(words in text for text in driver.execute_script("return window.tavoloHeard"))


def assert_said_and_shown(driver, words):
    wait_until(driver, lambda d: heard(d, words), message=f"«{words}» announced")
    wait_until(driver, lambda d: words in by_id(d, "notice").get_attribute("textContent") and by_id(d, "notice").is_displayed(),
               message=f"«{words}» shown as a notice")


def test_the_what_now_bar_shows_the_action_of_each_state_inside_the_phone_viewport(browsers, invited_table):
    table = invited_table([FACILITATOR, PA, ETS], title=TITLE)
    phone = browsers(*PHONE)
    laptop = browsers(*LAPTOP)

    # A link pasted into a tab already on Tavolo joins without a reload.
    open_page(phone, f"http://127.0.0.1:{table.server.port}/")
    wait_until(phone, lambda d: by_id(d, "invitation").get_attribute("textContent"), message="the page without invitation")
    phone.execute_script("window.notReloaded = true")
    phone.execute_script("window.location.hash = arguments[0]", "#invito=" + table.tokens["Carla Verdi"])
    wait_until(phone, online, message="the pasted link joined")
    assert phone.execute_script("return window.notReloaded") is True, "the page was reloaded"
    open_page(laptop, table.url("Paola Gialli"))
    wait_until(laptop, online, message="the PA laptop joined")
    for driver in (phone, laptop):
        record_announcements(driver)

    facilitator = Actor(table, "Fabio Neri", "fac-script")
    pa_script = Actor(table, "Paola Gialli", "pa-script")
    assert facilitator.title == TITLE, f"joined.title: {facilitator.title!r}"

    # The header shows the title, not the id; the first screen is a welcome with the title and what to do.
    for driver in (phone, laptop):
        wait_until(driver, lambda d: by_id(d, "table-name").text == TITLE, message="the title in the header")
        card = wait_until(driver, lambda d: by_id(d, "welcome-card") if by_id(d, "welcome-card").is_displayed() else None, message="the welcome")
        assert TITLE in by_id(driver, "welcome-title").text
        assert "Nessuna seduta programmata" in by_id(driver, "welcome-now").text
        assert card.find_elements(By.CSS_SELECTOR, "#welcome-can li"), "what they can do"
    assert "proposta della tua organizzazione" in by_id(phone, "welcome-can").text
    screenshot(phone, "what-now-0-welcome-phone")
    screenshot(laptop, "what-now-0-welcome-laptop")
    # axe-core (WCAG A and AA) on each new view as it is reached: the welcome and bar first.
    found = violations(phone, "phone, welcome") + violations(laptop, "laptop, welcome")
    wait_until(phone, lambda d: "Nessuna seduta programmata" in status(d), message="no session in the bar")
    assert "Persone e conduzione" not in by_id(phone, "sections").text
    assert by_id(phone, "tab-people").text == "Seduta"

    # Dismissed, it stays dismissed for this table (a reload does not bring it back).
    click_when(phone, lambda d: d.find_elements(By.ID, "welcome-dismiss"))
    wait_until(phone, lambda d: not by_id(d, "welcome-card").is_displayed(), message="the welcome dismissed")
    phone.refresh()
    wait_until(phone, online, message="the phone back after a reload")
    time.sleep(0.5)
    assert not by_id(phone, "welcome-card").is_displayed(), "the welcome came back after dismissal"
    record_announcements(phone)
    click_when(laptop, lambda d: d.find_elements(By.ID, "welcome-dismiss"))

    # 1. A session scheduled, not started.
    facilitator.act({"scheduleSession": {"title": "Prima seduta"}})
    session = facilitator.state["sessions"][-1]["id"]
    wait_until(phone, lambda d: "non è ancora iniziata" in status(d), message="the session not started")
    assert "Prima seduta" in status(phone)
    assert_said_and_shown(phone, "non è ancora iniziata")
    assert_action_on_every_tab(phone, "now-status", "non è ancora iniziata", "1-scheduled")

    # 2. Live: raise a hand, choosing its kind.
    facilitator.act({"openSession": {"session": session}})
    assert_action_on_every_tab(phone, "now-raise", "in corso", "2-live")
    assert_action_on_every_tab(laptop, "now-raise", "in corso", "2-live")
    assert by_id(phone, "now-raise").text == "Alza la mano"
    found += violations(phone, "phone, raise a hand") + violations(laptop, "laptop, raise a hand")
    kinds = [o.text for o in Select(by_id(phone, "now-kind")).options]
    assert kinds == ["Intervento", "Replica", "Chiarimento", "Mozione d'ordine"], kinds
    Select(by_id(phone, "now-kind")).select_by_value("clarification")
    click_when(phone, lambda d: d.find_elements(By.ID, "now-raise"))
    wait_until(phone, lambda d: "prima persona in coda" in status(d), message="first in the queue")
    assert phone.switch_to.active_element.get_attribute("id") in ("now-lower", "now-kind"), "the focus stays in the bar"
    assert_said_and_shown(phone, "prima persona in coda")
    ets = facilitator.person("Carla Verdi")
    facilitator.until(lambda state: ets in state.get("queue", []), message="the hand at the facilitator")

    # 3. A point of order from the PA laptop goes ahead: the phone is second, with its kind kept.
    Select(by_id(laptop, "now-kind")).select_by_value("pointOfOrder")
    click_when(laptop, lambda d: d.find_elements(By.ID, "now-raise"))
    wait_until(laptop, lambda d: d.find_elements(By.ID, "now-lower"), message="the PA hand raised")
    assert_action_on_every_tab(phone, "now-lower", "2° posto in coda su 2", "3-queued")
    assert_action_on_every_tab(laptop, "now-lower", "prima persona in coda", "3-queued")
    assert Select(by_id(phone, "now-kind")).first_selected_option.get_attribute("value") == "clarification"
    pa = facilitator.person("Paola Gialli")
    facilitator.until(lambda state: pa in state.get("queue", []), message="the PA hand at the facilitator")
    hands = {h["participantID"]: h["kind"] for h in facilitator.state.get("hands", [])}
    assert hands.get(ets) == "clarification", hands

    # 4. The floor: "Hai la parola" with the running time, "Termina l'intervento".
    facilitator.act({"giveFloor": {"participantID": ets}})
    assert_said_and_shown(phone, "Hai la parola")
    assert_action_on_every_tab(phone, "now-end", "Hai la parola", "4-floor")
    assert by_id(phone, "now-end").text == "Termina l'intervento"
    found += violations(phone, "phone, the floor")
    # Typing on the phone (the keyboard takes half the screen): the bar keeps only its button.
    show_tab(phone, "documents")
    phone.execute_script("document.getElementById('editor').focus()")
    wait_until(phone, lambda d: not by_id(d, "now-status").is_displayed() and in_viewport(d, "now-end"), message="a compact bar while typing")
    screenshot(phone, "what-now-4-floor-phone-typing")
    phone.execute_script("document.activeElement.blur()")
    first = by_id(phone, "now-status").text
    wait_until(phone, lambda d: by_id(d, "now-status").text != first, timeout=5, message="the running time ticking")
    click_when(phone, lambda d: d.find_elements(By.ID, "now-end"))
    wait_until(phone, lambda d: d.find_elements(By.ID, "now-raise"), message="the turn ended")
    facilitator.until(lambda state: not state.get("floor"), message="the floor released")

    # 5. A poll: "Vota ora" opens it, the vote is cast, the bar goes back to the hand.
    facilitator.act({"createPoll": {"question": "Quale priorità per il primo anno?", "options": ["Trasporti", "Domiciliarità"],
                                     "multipleChoice": False, "anonymous": False}})
    poll = facilitator.state["polls"][-1]["poll"]["id"]
    assert_said_and_shown(phone, "Quale priorità per il primo anno?")
    assert_action_on_every_tab(phone, "now-vote", "Quale priorità", "5-poll")
    click_when(phone, lambda d: d.find_elements(By.ID, "now-vote"))
    choice = f"fac-choice-{poll}-1"
    wait_until(phone, lambda d: in_viewport(d, f"fac-choice-{poll}-0"), message="the poll opened in view")
    click_when(phone, lambda d: d.find_elements(By.ID, choice))
    click_when(phone, lambda d: d.find_elements(By.ID, f"fac-vote-{poll}"))
    wait_until(phone, lambda d: d.find_elements(By.ID, "now-raise"), message="the vote cast")

    # 6. Closed, in review, a change proposed and pending: read and propose, not approve yet.
    facilitator.act({"closeSession": {"session": session}})
    pa_script.act({"proposeAmendment": {"session": session, "text": "Aggiungere la data del prossimo incontro."}})
    assert_action_on_every_tab(phone, "now-read", "in revisione", "6-review")
    assert not phone.find_elements(By.ID, "now-approve"), "approving waits for the pending change"
    click_when(phone, lambda d: d.find_elements(By.ID, "now-read"))
    wait_until(phone, lambda d: by_id(d, "text-picker").get_attribute("value").startswith(f"minutes:{session}"), message="the minutes opened")
    wait_until(phone, lambda d: by_id(d, "documents-panel").is_displayed() and any(
        e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, "#editor, #document-rendered")), message="the minutes shown")

    # 7. The change decided: "Approva il verbale", on every tab; approving it from the bar.
    amendments = lambda state: next(s for s in state["sessions"] if s["id"] == session).get("amendments", [])
    amendment = amendments(facilitator.until(amendments, message="the amendment at the facilitator"))[-1]["id"]
    facilitator.act({"acceptAmendment": {"id": amendment}})
    assert_said_and_shown(phone, "leggilo e, se è corretto, approvalo")
    assert_action_on_every_tab(phone, "now-approve", "approvalo", "7-approve")
    assert_action_on_every_tab(laptop, "now-approve", "approvalo", "7-approve")
    assert by_id(phone, "now-approve").text == "Approva il verbale"
    found += violations(phone, "phone, approve") + violations(laptop, "laptop, approve")
    click_when(phone, lambda d: d.find_elements(By.ID, "now-approve"))
    wait_until(phone, lambda d: "Hai approvato il verbale" in status(d), message="approved by the ETS member")
    click_when(laptop, lambda d: d.find_elements(By.ID, "now-approve"))
    wait_until(phone, lambda d: "Il verbale è approvato" in status(d), message="the minutes approved")
    screenshot(phone, "what-now-8-approved-phone")

    # English too: the bar follows the language.
    click_when(phone, lambda d: d.find_elements(By.ID, "language"))
    wait_until(phone, lambda d: "The minutes are approved" in status(d), message="the bar in English")
    click_when(phone, lambda d: d.find_elements(By.ID, "language"))

    # Another person's link pasted into the same tab: that person joins, without a reload, on a fresh screen.
    phone.execute_script("window.notReloaded = true")
    phone.execute_script("window.location.hash = arguments[0]", "#invito=" + table.tokens["Paola Gialli"])
    wait_until(phone, lambda d: "Paola Gialli (tu)" in by_id(d, "presence").get_attribute("textContent"), message="the second link joined")
    assert phone.execute_script("return window.notReloaded") is True, "the page was reloaded"
    # Paola never voted in the poll still open: with the minutes approved, the bar asks her now.
    wait_until(phone, lambda d: "Quale priorità" in status(d) and d.find_elements(By.ID, "now-vote"), message="the bar for the second link")
    assert by_id(phone, "table-name").text == TITLE
    assert "Carla Verdi (tu)" not in by_id(phone, "presence").get_attribute("textContent")
    show_tab(phone, "people")
    show_tab(phone, "documents")
    assert len(phone.find_elements(By.CSS_SELECTOR, "#now-content .now-status")) == 1

    # The history page on the phone does not scroll sideways.
    open_page(phone, table.url("Carla Verdi", "/history.html"))
    wait_until(phone, lambda d: by_id(d, "controls").is_displayed(), message="the history controls")
    time.sleep(0.5)
    # Each view, with the longest text name chosen (a select is as wide as its longest option).
    Select(by_id(phone, "text")).select_by_index(len(Select(by_id(phone, "text")).options) - 1)
    for mode in ("text", "authorship", "diff"):
        click_when(phone, lambda d: d.find_elements(By.CSS_SELECTOR, f'#mode input[value="{mode}"]'))
        time.sleep(0.5)
        width = phone.execute_script("return document.scrollingElement.scrollWidth")
        screenshot(phone, f"what-now-9-history-phone-{mode}")
        assert width <= PHONE[0], f"the history page scrolls sideways at 360 px in the {mode} view ({width} px)"
    # The longest names the pickers can hold (a proposal's section of an organisation with a long name).
    phone.execute_script("""
        for (const id of ['scope', 'text']) {
          const option = document.createElement('option');
          option.textContent = 'Proposta Associazione di promozione sociale Aurora ODV ETS – Cofinanziamento e risorse (verbale in revisione)';
          document.getElementById(id).append(option);
        }""")
    width = phone.execute_script("return document.scrollingElement.scrollWidth")
    assert width <= PHONE[0], f"a long text name makes the history page scroll sideways ({width} px)"

    found += violations(phone, "phone, history")

    # A link the server refuses is explained in Italian, never with the server's English message.
    token = table.tokens["Carla Verdi"]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    open_page(phone, f"http://127.0.0.1:{table.server.port}/#invito={forged}")
    wait_until(phone, lambda d: "Accesso non riuscito" in by_id(d, "connection-text").text, message="the forged link refused")
    refused = by_id(phone, "connection-text").text
    assert "Il link di invito non è valido" in refused and "invitation" not in refused, refused
    screenshot(phone, "what-now-10-refused-phone")
    assert found == [], "\n".join(found)
    for driver in (phone, laptop):
        assert console_errors(driver) == []
    facilitator.close()
    pa_script.close()
