"""A newcomer's whole flow (issue 12, "Tests that must exist and pass"), in a real headless Chromium,
from the administrator link a fresh `tavolo serve` prints to an approved verbale, without the
command line:

- the administrator link opens the admin page on a 1366×768 laptop; a procedure is registered and
  a table of it created; a facilitator, a PA officer and an ETS member are invited from the page
  and their links read from it; five more participants are invited through the admin API (with the
  same key) and take part as scripted protocol clients — eight participants in all;
- the ETS member joins on a 360×740 phone, the PA officer on another laptop, the facilitator from
  the admin page's "open the table" link; the admin page then shows them present;
- the facilitator runs the session from the browser only: schedules it, writes the agenda, records
  its date and place, opens it, moves through the items; scripted participants raise hands, a
  point of order jumps ahead in the cockpit's queue; the phone raises her hand, loses her
  connection (offline, socket closed; a tap meanwhile is refused in Italian) and comes back with
  her hand still in its place; the facilitator gives the floor to the next
  (the point of order) and then to her from her row, and ends each intervention; polarità 1 then 2
  are launched, voted (phone, PA laptop and scripts), closed and shown; a decision is filed under
  an agenda item in the verbale view; the session is closed; the phone proposes an amendment, the
  facilitator accepts it; PA, ETS and the scripted attendees approve until "approvato".

At every state (no session, not started, live, hand raised, back after the drop, has the floor,
poll open, review, amendment pending, approve, approved by her, approved) the phone's "what now"
bar shows the right action INSIDE the viewport without scrolling on each of its tabs (at the top
and scrolled to the bottom); while the session is live the cockpit's elements are on the
facilitator's first screen. At every step no visible line on the Italian pages is English and
every error shown is an Italian catalogue sentence. Screenshots: test-output/screenshots/newcomer-*.png.
"""
import time
import types

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, id_starting, online, open_page, screenshot, wait_until, open_agenda_form
from italian import catalogues, english_on_page
from test_admin_api import call
from test_browser_admin import free_port, invite
from test_browser_cockpit import Crowd, outside_viewport, queue_names, queued_id, row_of, tap

PHONE = (360, 740)
LAPTOP = (1366, 768)
TABS = ("agenda", "documents", "people")
TITLE = "Anziani e domiciliarità – Distretto Pianura Est"
PROCEDURE = "Avviso pubblico per la coprogettazione dei servizi domiciliari per le persone anziane"
FACILITATOR = ("facilitator", "Giulia Ferri", "Ufficio di Piano Pianura Est")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio di Reno")
ETS = ("ets", "Carla Verdi", "Associazione Aurora ODV")
SCRIPTED = [
    ("pa", "Elena Conti", "Comune di Ozzano dell'Emilia"),
    ("pa", "Roberto Marchi", "AUSL di Bologna – Distretto Pianura Est"),
    ("ets", "Luca Bianchi", "Cooperativa sociale Sole"),
    ("ets", "Anna Esposito", "Coop. sociale Il Ponte"),
    ("ets", "Davide Russo", "Auser Volontariato Bologna"),
]
AGENDA = [("Apertura e regole del tavolo", "Giulia Ferri", "5"),
          ("Bisogni e priorità della domiciliarità", "Elena Conti", "20"),
          ("Le polarità della coprogettazione", "Giulia Ferri", "30")]
SESSION = "Prima seduta – Bisogni e priorità"
DECISION = "Priorità alla domiciliarità leggera nel primo anno."
WHEN = "2026-12-10T15:00"  # a datetime-local value
PLACE = "Sala consiliare, Piazza Garibaldi 1, Budrio"
AMENDMENT = "Aggiungere che l'Associazione Aurora ha chiesto il calendario degli incontri."

# Keeps every WebSocket the page opens, so the test can drop the phone's connection as a flaky
# network does (Chromium's offline emulation blocks new connections but leaves open ones alone).
KEEP_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.tavoloSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.tavoloSockets.push(this); }
  };
})();"""
NETWORK = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}

# Errors on screen: every alert and error line the pages draw.
SHOWN_ERRORS = """
return [...document.querySelectorAll('[role=alert], .error, .fac-error, .now-error, .person-error, [id$="-error"]')]
  .filter((e) => e.getClientRects().length && e.innerText.trim()).map((e) => e.innerText.trim());"""


class Checks:
    """Italian at every step: no English line on the page, every error an Italian catalogue sentence."""

    def __init__(self):
        self.it, self.en = None, None
        self.problems, self.errors_seen = [], []

    def __call__(self, driver, where):
        if self.it is None:
            self.it, self.en = catalogues(driver)
        self.problems += [f"{where}: {line}" for line in english_on_page(driver, self.it, self.en)]
        italian = set(self.it.values())
        long_italian = [text for text in italian if len(text) >= 12]
        for shown in driver.execute_script(SHOWN_ERRORS):
            self.errors_seen.append(f"{where}: {shown}")
            if shown not in italian and not any(text in shown for text in long_italian):
                self.problems.append(f"{where}: an error not from the Italian catalogue: {shown}")

    def italian_values(self, driver):
        if self.it is None:
            self.it, self.en = catalogues(driver)
        return set(self.it.values())

    def assert_clean(self):
        assert self.problems == [], "\n".join(self.problems)


# Live pages redraw their controls at any moment (a vote, a hand, a tick): texts are read in one
# script, and actions on controls are redone on the fresh element if a redraw replaced it.
def js_text(driver, selector):
    return driver.execute_script("return document.querySelector(arguments[0])?.textContent ?? ''", selector)


def text_of(driver, element_id):
    return js_text(driver, f'[id="{element_id}"]')


def status(driver):
    return text_of(driver, "now-status")


def invitation_text(driver, name):
    """The admin page's row of `name`'s invitation, as text ('' if none)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('#invitation-list > li')]
          .find((li) => li.querySelector('.invitation-name')?.textContent === arguments[0])?.textContent ?? '';""", name)


def steadily(driver, action, message):
    """Does `action(driver)`, finding its elements afresh and again if a redraw made them stale."""
    wait_until(driver, lambda d: action(d) or True, message=message)


def in_viewport(driver, element_id):
    """Whether the element is shown wholly inside the window (nothing to scroll to see it)."""
    return driver.execute_script("""
        const e = document.getElementById(arguments[0]);
        if (!e || !e.getClientRects().length) return false;
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
          && r.bottom <= window.innerHeight && r.right <= window.innerWidth;""", element_id)


def phone_tabs(driver):
    return driver.execute_script("return getComputedStyle(document.getElementById('sections')).display") != "none"


def show_tab(driver, name):
    click_when(driver, lambda d: d.find_elements(By.ID, f"tab-{name}"))
    wait_until(driver, lambda d: by_id(d, f"tab-{name}").get_attribute("aria-current") == "true", message=f"the {name} tab")


def what_now(driver, controls, words, shot, check, tabs=TABS):
    """The bar's `words` and every control of `controls` (ids) are inside the viewport on every tab,
    at the top of the page and scrolled to its bottom, with nothing to scroll sideways; a
    screenshot of each tab at its top; Italian only. Ends on the first tab of `tabs`."""
    device = "phone" if phone_tabs(driver) else "laptop"
    for name in tabs if device == "phone" else (None,):
        if name:
            show_tab(driver, name)
        where = f"{shot}, {device}" + (f", {name} tab" if name else "")
        for end in ("bottom", "top"):
            driver.execute_script("window.scrollTo(0, arguments[0] === 'top' ? 0 : document.scrollingElement.scrollHeight)", end)
            wait_until(driver, lambda d: words in status(d), message=f"«{words}» in the bar ({where}, {end}); it reads «{status(driver)}»")
            for control in ("now-status", *controls):
                wait_until(driver, lambda d: in_viewport(d, control), timeout=5,
                           message=f"#{control} inside the viewport without scrolling ({where}, {end})")
        width = driver.execute_script("return document.scrollingElement.scrollWidth")
        assert width <= driver.execute_script("return window.innerWidth"), f"sideways scrolling ({where}: {width} px)"
        screenshot(driver, f"newcomer-{shot}-{device}" + (f"-{name}" if name else ""))
        check(driver, where)
    if device == "phone":
        show_tab(driver, tabs[0])
        driver.execute_script("window.scrollTo(0, 0)")


# The cockpit's elements, on the facilitator's first screen while the session is live.
COCKPIT_ITEM = ["#fac-cockpit .fac-now-title", "#fac-cockpit .fac-clock", "#fac-cockpit .fac-next", "#fac-next-item"]
COCKPIT_FLOOR = ["#fac-cockpit .fac-floor", "#fac-give-next"]
# The queue in order: its first five hands whole (more scroll in the queue's own box).
COCKPIT_QUEUE = ["#fac-cockpit .fac-queue", "#fac-cockpit .fac-hand-row:nth-child(-n+5)"]
COCKPIT_POLL = ["#fac-cockpit .fac-poll-question", "#fac-cockpit .fac-chart", "#fac-close-poll"]


def hidden(driver, selectors):
    """`outside_viewport`, and also what a scrolling box of the page hides (a queue's own scroll)."""
    return outside_viewport(driver, selectors) + driver.execute_script("""
        const out = [];
        for (const selector of arguments[0]) for (const e of document.querySelectorAll(selector)) {
          const r = e.getBoundingClientRect();
          for (let box = e.parentElement; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const c = box.getBoundingClientRect();
            if (r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5 || r.left < c.left - 0.5 || r.right > c.right + 0.5)
              out.push(`${selector}: hidden in the scrolling box .${box.className}`);
          }
        }
        return out;""", selectors)


def cockpit_on_first_screen(driver, selectors, shot, check):
    driver.execute_script("window.scrollTo(0, 0)")
    wait_until(driver, lambda d: hidden(d, selectors) == [], timeout=5,
               message=f"the cockpit on the first screen ({shot}): {hidden(driver, selectors)}")
    screenshot(driver, f"newcomer-{shot}-laptop-facilitator")
    check(driver, f"{shot}, facilitator's cockpit")


def drop_connection(driver):
    """The phone loses its network: new connections fail, the open one closes."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, **NETWORK})
    closed = driver.execute_script("""
        const open = window.tavoloSockets.filter((s) => s.readyState === WebSocket.OPEN);
        open.forEach((s) => s.close());
        return open.length;""")
    assert closed == 1, f"{closed} open sockets on the phone"


def restore_connection(driver):
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, **NETWORK})


def test_a_newcomer_goes_from_the_printed_admin_link_to_an_approved_verbale(browsers, start_server):
    # As `scripts/serve.sh` runs it, on a known port whose address is the public URL of the links.
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server("--authentication", "invitations", "--port", str(port), "--public-url", base,
                          "--hand-grace-seconds", "30")
    line = server.process.stdout.readline()
    assert line.startswith("Amministrazione / administration: "), line
    admin_link = line.split(": ", 1)[1].strip()
    assert admin_link.startswith(f"{base}/admin/#chiave="), admin_link
    key = admin_link.split("#chiave=", 1)[1]
    check = Checks()
    started = time.monotonic()

    # 1. The administrator link on a laptop: a procedure, a table of it, three invitations.
    laptop = browsers(*LAPTOP)
    open_page(laptop, admin_link)
    wait_until(laptop, lambda d: by_id(d, "workspace").is_displayed(), message="the administration workspace")
    assert "chiave" not in laptop.current_url
    assert by_id(laptop, "no-tables").is_displayed() and by_id(laptop, "table-title-input").is_displayed()
    screenshot(laptop, "newcomer-0-admin-laptop-first-start")
    check(laptop, "admin, first start")
    click_when(laptop, lambda d: d.find_elements(By.CSS_SELECTOR, "#new-procedure > summary"))
    by_id(laptop, "procedure-title-input").send_keys(PROCEDURE)
    by_id(laptop, "procedure-basis-input").send_keys("art. 55 D.Lgs. 117/2017")
    by_id(laptop, "procedure-act-input").send_keys("Determina n. 123 del 15/09/2026")
    by_id(laptop, "procedure-areas-input").send_keys("Anziani e non autosufficienza\nDomiciliarità\n")
    click_when(laptop, lambda d: d.find_elements(By.ID, "procedure-submit"))
    wait_until(laptop, lambda d: f"Procedimento «{PROCEDURE}" in text_of(d, "status"), message="the procedure registered")
    procedure = by_id(laptop, "procedure-id-input").get_attribute("value") or \
        Select(by_id(laptop, "table-procedure-select")).first_selected_option.get_attribute("value")
    assert Select(by_id(laptop, "table-procedure-select")).first_selected_option.get_attribute("value") == procedure
    check(laptop, "admin, procedure")

    by_id(laptop, "table-title-input").send_keys(TITLE)
    table_id = by_id(laptop, "table-id-input").get_attribute("value")
    assert table_id == "anziani-e-domiciliarita-distretto-pianura-est", table_id
    by_id(laptop, "table-area-input").send_keys("Domiciliarità")
    click_when(laptop, lambda d: d.find_elements(By.ID, "table-submit"))
    wait_until(laptop, lambda d: f"Tavolo «{TITLE}» creato" in text_of(d, "status"), message="the table created")
    assert PROCEDURE in text_of(laptop, "table-meta")
    links = {name: invite(laptop, role, name, organisation) for role, name, organisation in (FACILITATOR, PA, ETS)}
    for link in links.values():
        assert link.startswith(f"{base}/#invito="), link
    screenshot(laptop, "newcomer-0-admin-laptop-invitations")
    check(laptop, "admin, invitations")

    # Five more participants, invited through the same API with the same key, scripted.
    tokens = {}
    for role, name, organisation in SCRIPTED:
        answer_status, answer = call(server, "POST", f"/api/tables/{table_id}/invitations",
                                     {"role": role, "name": name, "organisation": organisation}, token=key)
        assert answer_status == 201, answer
        tokens[name] = answer["token"]
    crowd = Crowd(types.SimpleNamespace(server=server, table=table_id, tokens=tokens))
    try:
        run(server, laptop, links, crowd, browsers, check)
    finally:
        crowd.close()
    check.assert_clean()
    print(f"newcomer flow: {time.monotonic() - started:.0f} s; errors shown: {check.errors_seen}")


def run(server, laptop, links, crowd, browsers, check):
    # 2. Each joins from their link: the ETS member on her phone, the PA officer on a laptop.
    phone = browsers(*PHONE)
    phone.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_SOCKETS})
    open_page(phone, links["Carla Verdi"])
    pa = browsers(*LAPTOP)
    open_page(pa, links["Paola Gialli"])
    for driver in (phone, pa):
        wait_until(driver, online, timeout=20, message="the table joined from the link")
        wait_until(driver, lambda d: by_id(d, "table-name").text == TITLE, message="the table's title in the header")
    # Her first screen: a welcome with the table's title and what she can do now.
    card = wait_until(phone, lambda d: by_id(d, "welcome-card") if by_id(d, "welcome-card").is_displayed() else None, message="the welcome")
    assert TITLE in by_id(phone, "welcome-title").text
    assert "Nessuna seduta programmata" in by_id(phone, "welcome-now").text
    assert card.find_elements(By.CSS_SELECTOR, "#welcome-can li")
    assert in_viewport(phone, "now-status") and "Nessuna seduta programmata" in status(phone), "the bar above the welcome"
    screenshot(phone, "newcomer-1-welcome-phone")
    check(phone, "welcome, phone")
    for driver in (phone, pa):
        click_when(driver, lambda d: d.find_elements(By.ID, "welcome-dismiss"))
        wait_until(driver, lambda d: not by_id(d, "welcome-card").is_displayed(), message="the welcome dismissed")
    what_now(phone, [], "Nessuna seduta programmata", "1-no-session", check)

    members = {name: crowd.join(name) for _, name, _ in SCRIPTED}
    elena, roberto, luca, anna, davide = (members[name] for _, name, _ in SCRIPTED)

    # The admin page sees them arrive; "Apri il tavolo" opens it, as facilitator, in a new tab.
    def present(d, name):
        """Refreshed by hand (the page also polls): whether `name` reads as present now."""
        click_when(d, lambda e: e.find_elements(By.ID, "refresh"))
        try:
            return wait_until(d, lambda e: "presente ora" in invitation_text(e, name), timeout=2, message=f"{name} present")
        except AssertionError:
            return False
    for name in ("Carla Verdi", "Paola Gialli"):
        wait_until(laptop, lambda d: present(d, name), timeout=30, message=f"{name} shown present on the admin page")
    assert "nessun accesso finora" in invitation_text(laptop, "Giulia Ferri")
    screenshot(laptop, "newcomer-1-admin-laptop-joined")
    check(laptop, "admin, joined")
    opener = wait_until(laptop, lambda d: by_id(d, "open-table-link") if by_id(d, "open-table-link").is_displayed() else None,
                        message="the link that opens the table")
    assert opener.get_attribute("href") == links["Giulia Ferri"]
    admin_tab = laptop.current_window_handle
    opener.click()
    wait_until(laptop, lambda d: len(d.window_handles) == 2, message="the table opened in a new tab")
    laptop.switch_to.window(next(h for h in laptop.window_handles if h != admin_tab))
    facilitator = laptop
    wait_until(facilitator, online, timeout=20, message="the facilitator at the table")
    wait_until(facilitator, lambda d: by_id(d, "table-name").text == TITLE, message="the title in the facilitator's header")
    inner = facilitator.execute_script("return [innerWidth, innerHeight]")
    assert inner[0] == LAPTOP[0] and 560 <= inner[1] <= LAPTOP[1], f"the laptop's viewport is {inner}"

    # 3. The facilitator, from the browser only: a session and its agenda.
    wait_until(facilitator, lambda d: by_id(d, "fac-schedule-title").is_displayed(), message="the session form")
    steadily(facilitator, lambda d: by_id(d, "fac-schedule-title").send_keys(SESSION), "the session's title typed")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-schedule"))
    wait_until(facilitator, lambda d: id_starting(d, "fac-open-"), message="the scheduled session")
    session = wait_until(facilitator, lambda d: id_starting(d, "fac-open-").get_attribute("id"), message="the session's id").removeprefix("fac-open-")
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
    wait_until(facilitator, lambda d: "3 punti all’ordine del giorno" in by_id(d, "fac-cockpit").text, message="the session ready")
    # When and where it meets, recorded from the form under the session (open while nothing is recorded).
    when = wait_until(facilitator, lambda d: d.find_elements(By.ID, f"fac-record-{session}-when"), message="the session's record form")[0]
    facilitator.execute_script("""arguments[0].scrollIntoView({block: 'center'}); arguments[0].value = arguments[1];
        arguments[0].dispatchEvent(new Event('input', {bubbles: true}));""", when, WHEN)
    steadily(facilitator, lambda d: by_id(d, f"fac-record-{session}-place").send_keys(PLACE), "the place typed")
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-record-{session}-save"))
    wait_until(facilitator, lambda d: PLACE in by_id(d, "fac-sessions").text, message="the session's record saved")
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "newcomer-2-scheduled-laptop-facilitator")
    check(facilitator, "scheduled, facilitator")

    # State: not started, with its date.
    what_now(phone, [], "non è ancora iniziata: è programmata per", "2-scheduled", check)
    assert "10 dicembre 2026" in status(phone), status(phone)

    # Live: the cockpit opens it and starts the first item.
    tap(facilitator, "fac-cockpit-open", "Apri la seduta")
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-card"), message="the live cockpit")
    tap(facilitator, "fac-next-item", "Punto successivo (the first item)")
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-cockpit .fac-now-title")
               and d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-now-title").text == AGENDA[0][0], message="the first item current")
    wait_until(facilitator, lambda d: "Poi: " + AGENDA[1][0] in by_id(d, "fac-cockpit").text, message="the next item shown")
    cockpit_on_first_screen(facilitator, COCKPIT_ITEM + COCKPIT_FLOOR, "3-live", check)
    what_now(phone, ["now-raise", "now-kind"], "in corso", "3-live", check)
    what_now(pa, ["now-raise"], "in corso", "3-live", check)
    assert text_of(phone, "now-raise") == "Alza la mano"

    # Hands: scripted participants with kinds, then a point of order jumps ahead of everyone.
    tap(facilitator, "fac-next-item", "Punto successivo (the second item)")
    wait_until(facilitator, lambda d: d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-now-title").text == AGENDA[1][0],
               message="the second item current")
    elena.act({"raiseHand": {}})
    luca.act({"raiseHand": {"kind": "reply"}})
    anna.act({"raiseHand": {"kind": "clarification"}})
    davide.act({"raiseHand": {}})
    wait_until(facilitator, lambda d: queue_names(d) == ["Elena Conti", "Luca Bianchi", "Anna Esposito", "Davide Russo"],
               message="four hands in order")
    roberto.act({"raiseHand": {"kind": "pointOfOrder"}})
    wait_until(facilitator, lambda d: queue_names(d)[:1] == ["Roberto Marchi"], message="the point of order first in the cockpit")
    assert "mozione d’ordine" in row_of(facilitator, "Roberto Marchi")

    # The phone raises her hand: sixth in the queue.
    click_when(phone, lambda d: d.find_elements(By.ID, "now-raise"))
    wait_until(facilitator, lambda d: queue_names(d)[-1:] == ["Carla Verdi"], message="her hand in the cockpit")
    expected = ["Roberto Marchi", "Elena Conti", "Luca Bianchi", "Anna Esposito", "Davide Russo", "Carla Verdi"]
    assert queue_names(facilitator) == expected
    what_now(phone, ["now-lower"], "6° posto in coda su 6", "4-hand-raised", check)
    cockpit_on_first_screen(facilitator, COCKPIT_ITEM + COCKPIT_FLOOR + COCKPIT_QUEUE + ["#fac-cockpit .fac-kind-pointOfOrder"],
                            "4-hand-raised", check)

    # Her connection drops: the cockpit shows her away with her hand kept; back, she has her place.
    drop_connection(phone)
    wait_until(facilitator, lambda d: "fuori linea" in (row_of(d, "Carla Verdi") or ""), timeout=20, message="her hand shown away")
    assert queue_names(facilitator) == expected
    wait_until(phone, lambda d: by_id(d, "offline-banner").is_displayed(), message="the phone's offline banner")
    assert "6° posto in coda su 6" in status(phone) and in_viewport(phone, "now-status"), "her place, still said offline"
    # A tap while offline is refused here, in Italian, and changes nothing at the table.
    click_when(phone, lambda d: d.find_elements(By.ID, "now-lower"))
    refused = wait_until(phone, lambda d: text_of(d, "now-error"), message="the offline tap refused")
    assert refused in check.italian_values(phone), refused
    screenshot(phone, "newcomer-5-offline-phone")
    check(phone, "offline, phone")
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "newcomer-5-offline-laptop-facilitator")
    time.sleep(2)  # the outage itself: a few seconds without network, as on a train (not a wait for anything)
    restore_connection(phone)
    wait_until(phone, online, timeout=30, message="the phone back online by itself")
    wait_until(facilitator, lambda d: "fuori linea" not in (row_of(d, "Carla Verdi") or "fuori linea"), message="her back in the cockpit")
    assert queue_names(facilitator) == expected, "the hand kept its place"
    what_now(phone, ["now-lower"], "6° posto in coda su 6", "5-back", check)
    assert not phone.find_elements(By.ID, "now-error"), "the offline refusal gone once back: " + text_of(phone, "now-error")

    # "Dai la parola a chi segue": the point of order speaks, with the running time; ended.
    give_next = js_text(facilitator, "#fac-cockpit .fac-give-next")
    assert "Dai la parola a chi segue" in give_next and "Roberto Marchi" in give_next, give_next
    tap(facilitator, "fac-give-next", "Dai la parola a chi segue")
    wait_until(facilitator, lambda d: "Roberto Marchi" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor").text,
               message="Roberto has the floor")
    wait_until(phone, lambda d: "5° posto in coda su 5" in status(d), message="the phone moved up")
    tap(facilitator, "fac-release", "Termina l'intervento")
    wait_until(facilitator, lambda d: "Nessuno ha la parola" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor").text,
               message="Roberto's turn ended")

    # The floor to her, from her row: "Hai la parola" with the running time on every tab.
    tap(facilitator, f"fac-give-{queued_id(facilitator, 'Carla Verdi')}", "give Carla the floor")
    wait_until(facilitator, lambda d: "Carla Verdi" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor").text,
               message="Carla has the floor")
    what_now(phone, ["now-end"], "Hai la parola", "6-floor", check)
    assert text_of(phone, "now-end") == "Termina l'intervento"
    first = status(phone)
    wait_until(phone, lambda d: status(d) != first, timeout=5, message="her running time ticking")
    wait_until(facilitator, lambda d: d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-floor .fac-ticking").text not in ("0:00", ""),
               message="the floor's time running in the cockpit")
    cockpit_on_first_screen(facilitator, COCKPIT_ITEM + COCKPIT_FLOOR + COCKPIT_QUEUE + ["#fac-release", "#fac-cockpit .fac-ticking"],
                            "6-floor", check)
    tap(facilitator, "fac-release", "Termina l'intervento (Carla)")
    wait_until(phone, lambda d: d.find_elements(By.ID, "now-raise"), message="her turn ended, the hand offered again")

    # Polarità 1, launched from the cockpit on the third item; the phone is asked to vote.
    tap(facilitator, "fac-next-item", "Punto successivo (the third item)")
    wait_until(facilitator, lambda d: d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-now-title").text == AGENDA[2][0],
               message="the third item current")
    wait_until(facilitator, lambda d: Select(by_id(d, "fac-polarity-number")).first_selected_option.get_attribute("value") == "1",
               message="polarità 1 offered first")
    tap(facilitator, "fac-polarity-launch", "Avvia la polarità 1")
    poll1 = wait_until(facilitator, lambda d: elena.open_poll(1), message="polarità 1 open")
    what_now(phone, ["now-vote"], "Polarità 1", "7-poll-open", check)
    what_now(pa, ["now-vote"], "Polarità 1", "7-poll-open", check)
    assert text_of(phone, "now-vote") == "Vota ora"
    for member, choice in ((elena, 0), (roberto, 1), (luca, 0), (anna, 1), (davide, 0)):
        member.act({"vote": {"poll": poll1, "choices": [choice]}})
    vote_in_browser(phone, poll1, 0)
    vote_in_browser(pa, poll1, 0)
    wait_until(facilitator, lambda d: "7 voti" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-card-poll").text,
               message="seven votes counted live")
    cockpit_on_first_screen(facilitator, COCKPIT_ITEM + COCKPIT_FLOOR + COCKPIT_POLL, "7-poll-open", check)
    assert "5 voti" in js_text(facilitator, "#fac-cockpit .fac-chart")
    tap(facilitator, "fac-close-poll", "Chiudi il sondaggio (polarità 1)")
    tap(facilitator, "fac-show-poll", "Mostra i risultati (polarità 1)")

    # Polarità 2, next in order.
    wait_until(facilitator, lambda d: Select(by_id(d, "fac-polarity-number")).first_selected_option.get_attribute("value") == "2",
               message="polarità 2 offered next")
    tap(facilitator, "fac-polarity-launch", "Avvia la polarità 2")
    poll2 = wait_until(facilitator, lambda d: elena.open_poll(2), message="polarità 2 open")
    what_now(phone, ["now-vote"], "Polarità 2", "8-poll-2-open", check, tabs=("people", "agenda", "documents"))
    for member, choice in ((elena, 1), (roberto, 1), (luca, 0), (anna, 1), (davide, 1)):
        member.act({"vote": {"poll": poll2, "choices": [choice]}})
    vote_in_browser(phone, poll2, 1)
    vote_in_browser(pa, poll2, 1)
    wait_until(facilitator, lambda d: "7 voti" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-card-poll").text,
               message="polarità 2's votes")
    cockpit_on_first_screen(facilitator, COCKPIT_ITEM + COCKPIT_FLOOR + COCKPIT_POLL, "8-poll-2-open", check)
    tap(facilitator, "fac-close-poll", "Chiudi il sondaggio (polarità 2)")
    tap(facilitator, "fac-show-poll", "Mostra i risultati (polarità 2)")
    wait_until(facilitator, lambda d: "risultati visibili a tutti" in d.find_element(By.CSS_SELECTOR, "#fac-cockpit .fac-card-poll").text,
               message="polarità 2's results shown")
    assert len([p for p in elena.state["polls"] if p["poll"].get("polarity")]) == 2, "polarità one at a time, two in all"
    what_now(phone, ["now-raise"], "in corso", "9-live-after-polls", check, tabs=("documents",))

    # A decision filed under the third agenda item, in the verbale view.
    steadily(facilitator, lambda d: Select(by_id(d, "text-picker")).select_by_value(f"minutes:{session}#text"), "the verbale chosen")
    steadily(facilitator, lambda d: Select(by_id(d, "fac-add-decisions-item")).select_by_visible_text(f"3. {AGENDA[2][0]}"),
             "the decision's agenda item")
    steadily(facilitator, lambda d: by_id(d, "fac-add-decisions-text").send_keys(DECISION), "the decision typed")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-add-decisions"))
    wait_until(facilitator, lambda d: [e.get_attribute("textContent") for e in d.find_elements(By.CSS_SELECTOR, "#fac-minutes .verbale-group > h4")]
               == [f"3. {AGENDA[2][0]}"], message="the decision under its agenda item")
    assert DECISION in text_of(facilitator, "fac-minutes")
    facilitator.execute_script("document.getElementById('fac-minutes').scrollIntoView()")
    screenshot(facilitator, "newcomer-10-decision-laptop-facilitator")
    check(facilitator, "decision, facilitator")

    # Close: the verbale goes into review. The phone may approve at once, or read and propose.
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-close-{session}"))
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-close-confirm-{session}"))
    what_now(phone, ["now-approve", "now-read"], "approvalo", "11-review", check)
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "newcomer-11-review-laptop-facilitator")
    check(facilitator, "review, facilitator")

    # She reads it and proposes an amendment from her phone.
    click_when(phone, lambda d: d.find_elements(By.ID, "now-read"))
    wait_until(phone, lambda d: d.find_elements(By.ID, "fac-amendment-text"), message="the amendment's field")
    assert DECISION in text_of(phone, "fac-minutes"), "the decision in the verbale she reads"
    steadily(phone, lambda d: d.execute_script("document.getElementById('fac-amendment-text').scrollIntoView({block: 'center'})")
             or by_id(d, "fac-amendment-text").send_keys(AMENDMENT), "the amendment typed")
    click_when(phone, lambda d: d.find_elements(By.ID, "fac-propose"))
    what_now(phone, ["now-read", "now-propose"], "attende la decisione", "12-amendment-pending", check)
    assert not phone.find_elements(By.ID, "now-approve"), "approving waits for the amendment"

    # The facilitator accepts it: "Approva il verbale" for her, on every tab.
    accept = wait_until(facilitator, lambda d: id_starting(d, "fac-accept-").get_attribute("id"), message="the amendment to decide")
    facilitator.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", accept)
    screenshot(facilitator, "newcomer-12-amendment-laptop-facilitator")
    click_when(facilitator, lambda d: d.find_elements(By.ID, accept))
    what_now(phone, ["now-approve"], "approvalo", "13-approve", check)
    what_now(pa, ["now-approve"], "approvalo", "13-approve", check)
    assert text_of(phone, "now-approve") == "Approva il verbale"

    # Approvals: the PA laptop, the phone, then the scripted attendees, until "approvato".
    click_when(pa, lambda d: d.find_elements(By.ID, "now-approve"))
    wait_until(pa, lambda d: "Hai approvato il verbale" in status(d), message="approved by the PA officer")
    click_when(phone, lambda d: d.find_elements(By.ID, "now-approve"))
    what_now(phone, ["now-read"], "mancano ancora 5 approvazioni", "14-approved-by-her", check)
    for member in (elena, roberto, luca, anna, davide):
        member.act({"approveMinutes": {"session": session}})
    what_now(phone, ["now-read"], "Il verbale è approvato", "15-approved", check)
    wait_until(facilitator, lambda d: "Verbale approvato il" in text_of(d, "fac-review"), message="approvato, for the facilitator")
    facilitator.execute_script("document.getElementById('fac-review').scrollIntoView()")
    screenshot(facilitator, "newcomer-15-approved-laptop-facilitator")
    check(facilitator, "approved, facilitator")
    what_now(pa, ["now-read"], "Il verbale è approvato", "15-approved", check)

    # Back on the admin tab: who joined.
    facilitator.switch_to.window(next(h for h in facilitator.window_handles if h != facilitator.current_window_handle))
    wait_until(facilitator, lambda d: present(d, "Giulia Ferri"), timeout=30, message="the facilitator shown present")
    screenshot(facilitator, "newcomer-16-admin-laptop-after")
    check(facilitator, "admin, after")
    for driver in (phone, pa, facilitator):
        errors = [e for e in console_errors(driver) if "ERR_INTERNET_DISCONNECTED" not in e["message"]]
        assert errors == [], errors


def vote_in_browser(driver, poll, choice):
    """From the bar: "Vota ora" opens the poll, in view; a choice and the vote; the bar moves on."""
    click_when(driver, lambda d: d.find_elements(By.ID, "now-vote"))
    wait_until(driver, lambda d: in_viewport(d, f"fac-choice-{poll}-0"), message="the poll opened in view")
    click_when(driver, lambda d: d.find_elements(By.ID, f"fac-choice-{poll}-{choice}"))
    click_when(driver, lambda d: d.find_elements(By.ID, f"fac-vote-{poll}"))
    wait_until(driver, lambda d: not d.find_elements(By.ID, "now-vote"), message="the vote cast")
