"""A whole co-design session run from the browser, in Italian (issue 6, "done when"): a facilitator
on a laptop, a PA officer on a laptop and an ETS member on a 360-px phone join from their
invitation links. The facilitator invites a second ETS member in the interface (whose link opens
the table for them), schedules and opens the session, writes and reorders the agenda by keyboard,
moves through it and runs the timers, gives the floor to a raised hand, runs a poll, writes the
minutes with a decision and an action item, closes the session; PA and ETS approve the minutes
in their browsers and everyone sees them approved. Screen-reader announcements of the new
speaker and of the poll results are checked in the live region; the phone never scrolls sideways.
Screenshots (Italian, phone and laptop) land in test-output/screenshots."""
import socket

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, id_starting, online, open_page, press_when, screenshot, wait_until, open_agenda_form

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio")
ETS = ("ets", "Carla Verdi", "Associazione Aurora")
PHONE_WIDTH = 360


def text_of(driver, element_id):
    return by_id(driver, element_id).get_attribute("textContent")


def tab(driver, name):
    """On a phone one section shows at a time: agenda, documents or people (with facilitation)."""
    if driver.execute_script("return getComputedStyle(document.getElementById('sections')).display") != "none":
        click_when(driver, lambda d: d.find_elements(By.ID, f"tab-{name}"))


def record_announcements(driver):
    """Keeps every text the polite live region (#announcer) is given, for screen readers."""
    driver.execute_script("""
        window.tavoloHeard = [];
        const region = document.getElementById('announcer');
        new MutationObserver(() => { if (region.textContent) window.tavoloHeard.push(region.textContent); })
          .observe(region, { childList: true, characterData: true, subtree: true });""")


def heard(driver, words):
    return any(words in text for text in driver.execute_script("return window.tavoloHeard"))


def assert_fits_phone(driver, where):
    width = driver.execute_script("return document.scrollingElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the phone scrolls sideways ({width} px) {where}"


def colours_in_people_list(driver):
    """name → the colour the list of people shows them in."""
    return {e.get_attribute("textContent").removesuffix(" (tu)"): e.value_of_css_property("color")
            for e in driver.find_elements(By.CSS_SELECTOR, "#presence .person-name")}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_only_switch(driver, name):
    """The facilitator's read-only switch in the row of `name` in the list of people."""
    return driver.execute_script("""
        const row = [...document.querySelectorAll('#presence > li')].find((li) => li.querySelector('.person-name')?.textContent === arguments[0]);
        return row ? row.querySelector('button.person-action') : null;""", name)


def agenda_titles(driver):
    return [e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "#agenda-list .item-title")]


def test_a_facilitator_runs_a_whole_session_with_pa_and_ets_from_their_links(browsers, invited_table):
    # Invitation links name the server's public address: serve on a known port so the link the
    # facilitator creates in the interface is the one the new member opens, as it is.
    port = free_port()
    table = invited_table([FACILITATOR, PA, ETS], extra_args=("--port", str(port), "--public-url", f"http://127.0.0.1:{port}"))
    facilitator = browsers(1280, 900)
    pa = browsers(1280, 900)
    ets = browsers(PHONE_WIDTH, 740)
    for driver, name in ((facilitator, "Fabio Neri"), (pa, "Paola Gialli"), (ets, "Carla Verdi")):
        open_page(driver, table.url(name))
    for driver in (facilitator, pa, ets):
        wait_until(driver, online, message="the table to be joined")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "it"
        record_announcements(driver)
    assert_fits_phone(ets, "on arrival")

    # Invite a second ETS member in the interface, copy the link; it opens the table for them.
    wait_until(facilitator, lambda d: by_id(d, "fac-invite-name").is_displayed(), message="the invitation form")
    Select(by_id(facilitator, "fac-invite-role")).select_by_value("ets")
    by_id(facilitator, "fac-invite-name").send_keys("Luca Blu")
    by_id(facilitator, "fac-invite-organisation").send_keys("Cooperativa Sole")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-invite-create"))
    link = wait_until(facilitator, lambda d: d.find_elements(By.ID, "fac-invite-link"), message="the invitation link")[0]
    link = link.get_attribute("value")
    assert link.startswith(f"http://127.0.0.1:{port}/#invito="), link
    facilitator.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": f"http://127.0.0.1:{port}", "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-copy"))
    wait_until(facilitator, lambda d: "Link copiato." in text_of(d, "fac-invite"), message="the link copied")
    assert facilitator.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0](String(e)))") == link
    newcomer = browsers(PHONE_WIDTH, 740)
    open_page(newcomer, link)
    wait_until(newcomer, online, message="the new ETS member to join with the link")
    assert "Luca Blu" in text_of(newcomer, "invitation")
    wait_until(facilitator, lambda d: "Cooperativa Sole" in text_of(d, "presence"), message="the new member present")
    newcomer.quit()  # they leave before the session: the minutes need no approval from them

    # The facilitator makes the ETS member read-only from the list of people, by keyboard: everyone
    # sees the badge, her editor says a facilitator did it; then she may edit again.
    assert read_only_switch(facilitator, "Paola Gialli") is not None
    assert read_only_switch(facilitator, "Fabio Neri (tu)") is None, "no switch for oneself (nor other facilitators)"
    assert pa.find_elements(By.CSS_SELECTOR, "#presence button.person-action") == [], "only facilitators get the switch"
    switch = wait_until(facilitator, lambda d: read_only_switch(d, "Carla Verdi"), message="the read-only switch")
    assert switch.text == "Sola lettura" and switch.get_attribute("aria-label") == "Sola lettura per Carla Verdi"
    press_when(facilitator, lambda d: read_only_switch(d, "Carla Verdi"), Keys.ENTER)
    for driver in (facilitator, pa, ets):
        wait_until(driver, lambda d: "sola lettura" in [b.get_attribute("textContent") for b in d.find_elements(By.CSS_SELECTOR, "#presence .badge.read-only")],
                   message="the read-only badge")
    wait_until(ets, lambda d: "chi facilita il tavolo ha sospeso le tue modifiche" in text_of(d, "editor-readonly")
               and by_id(d, "editor-readonly").is_displayed(), message="the ETS member told she is read-only")
    assert by_id(ets, "editor").get_attribute("readonly") is not None
    wait_until(ets, lambda d: heard(d, "Chi facilita il tavolo ti ha messo in sola lettura"), message="being made read-only announced")
    wait_until(facilitator, lambda d: heard(d, "Carla Verdi ora è in sola lettura."), message="the outcome announced")
    assert facilitator.switch_to.active_element.text == "Consenti modifiche", "the focus stays on the switch, now the other way"
    assert_fits_phone(ets, "read-only")
    screenshot(ets, "session-ets-it-phone-360-read-only")
    facilitator.switch_to.active_element.send_keys(Keys.ENTER)
    wait_until(ets, lambda d: by_id(d, "editor").get_attribute("readonly") is None, message="the ETS member editing again")
    for driver in (facilitator, ets):
        wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#presence .badge.read-only") == [], message="the badge gone")

    # Schedule and open the session.
    by_id(facilitator, "fac-schedule-title").send_keys("Prima seduta")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-schedule"))
    click_when(facilitator, lambda d: id_starting(d, "fac-open-"), message="the new session")
    session = wait_until(facilitator, lambda d: id_starting(d, "fac-close-"), message="the session live").get_attribute("id").removeprefix("fac-close-")

    # Two agenda items; the second moved up by keyboard (Alt+Arrow), then through the agenda.
    wait_until(facilitator, lambda d: by_id(d, "agenda-form").is_displayed() or by_id(d, "agenda-add-toggle").is_displayed(),
               message="the agenda form, or its toggle while the session is live")
    for title in ("Analisi dei bisogni", "Risorse disponibili"):
        open_agenda_form(facilitator)
        by_id(facilitator, "agenda-title-input").send_keys(title)
        click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-submit"))
        wait_until(facilitator, lambda d: title in agenda_titles(d), message=f"the item {title}")
    press_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#agenda-list > li.agenda-item:nth-child(2)"),
               Keys.ALT, Keys.ARROW_UP, message="the second item")
    wait_until(facilitator, lambda d: agenda_titles(d) == ["Risorse disponibili", "Analisi dei bisogni"], message="the reordered agenda")
    assert facilitator.switch_to.active_element.get_attribute("data-key").startswith("item:"), "focus stays on the moved item"
    tab(ets, "agenda")
    wait_until(ets, lambda d: agenda_titles(d) == ["Risorse disponibili", "Analisi dei bisogni"], message="the agenda on the phone")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-next"))
    wait_until(ets, lambda d: "Risorse disponibili" in d.find_element(By.CSS_SELECTOR, ".agenda-item.current").text
               if d.find_elements(By.CSS_SELECTOR, ".agenda-item.current") else False, message="the first item current")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-next"))
    # Read in one step: the list is redrawn when the timer starts, which would make a found element stale.
    item = wait_until(facilitator, lambda d: d.execute_script(
        "const e = [...document.querySelectorAll('.agenda-item.current')].find((e) => e.textContent.includes(arguments[0]));"
        "return e ? e.dataset.item : null;", "Analisi dei bisogni"), message="the second item current")
    wait_until(ets, lambda d: d.find_elements(By.CSS_SELECTOR, f'[data-timer="{item}"].running'), message="its timer running")
    click_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, f'[data-key="stop:{item}"]'), message="stop")
    wait_until(ets, lambda d: not d.find_elements(By.CSS_SELECTOR, f'[data-timer="{item}"].running'), message="the timer stopped")
    click_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, f'[data-key="start:{item}"]'), message="start")
    wait_until(ets, lambda d: d.find_elements(By.CSS_SELECTOR, f'[data-timer="{item}"].running'), message="the timer running again")
    assert ets.find_elements(By.CSS_SELECTOR, "#agenda-list button") == [], "ETS members may not edit the agenda"
    assert_fits_phone(ets, "on the agenda")

    # The ETS member raises a hand by keyboard; the facilitator gives the floor; it is announced.
    tab(ets, "people")
    press_when(ets, lambda d: d.find_elements(By.ID, "fac-hand"), Keys.ENTER, message="the hand button")
    click_when(facilitator, lambda d: id_starting(d, "fac-give-invitation"), message="the raised hand")
    # Carla hears it in the second person, the others in the third.
    wait_until(ets, lambda d: heard(d, "Carla Verdi, hai la parola"), message="the floor announced to Carla")
    wait_until(pa, lambda d: heard(d, "Ha la parola: Carla Verdi"), message="the new speaker announced")
    assert "Carla Verdi" in ets.find_element(By.CSS_SELECTOR, ".fac-floor").text
    # Everyone's colour is the same on every screen, different from the others', and the one
    # the speaker is shown in.
    colours = colours_in_people_list(facilitator)
    assert len(set(colours.values())) == 3, colours
    for driver in (pa, ets):
        assert colours_in_people_list(driver) == colours
        floor_dot = driver.find_element(By.CSS_SELECTOR, ".fac-floor .fac-dot").value_of_css_property("background-color")
        assert floor_dot == colours["Carla Verdi"], (floor_dot, colours)

    # A poll: PA votes with the mouse, ETS by keyboard; closed, results shown and announced.
    click_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-polls details.fac-details > summary"))
    by_id(facilitator, "fac-poll-question").send_keys("Quale priorità per il primo anno?")
    by_id(facilitator, "fac-poll-options").send_keys("Trasporti\nDomiciliarità\nSocialità")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-poll-create"))
    choice = wait_until(pa, lambda d: id_starting(d, "fac-choice-"), message="the poll (PA)")
    poll = choice.get_attribute("id").removeprefix("fac-choice-").rsplit("-", 1)[0]
    click_when(pa, lambda d: d.find_elements(By.ID, f"fac-choice-{poll}-1"))
    click_when(pa, lambda d: d.find_elements(By.ID, f"fac-vote-{poll}"))
    press_when(ets, lambda d: d.find_elements(By.ID, f"fac-choice-{poll}-1"), Keys.SPACE, message="the poll (ETS)")
    press_when(ets, lambda d: d.find_elements(By.ID, f"fac-vote-{poll}"), Keys.ENTER)
    wait_until(facilitator, lambda d: "Domiciliarità: 2" in d.find_element(By.CSS_SELECTOR, ".fac-results").text
               if d.find_elements(By.CSS_SELECTOR, ".fac-results") else False, message="both votes counted")
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-poll-close-{poll}"))
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-poll-show-{poll}"), message="show results")
    for driver in (ets, pa):
        wait_until(driver, lambda d: heard(d, "Risultati di «Quale priorità per il primo anno?»: Trasporti 0, Domiciliarità 2"),
                   message="the results announced")
    assert "Domiciliarità" in ets.find_element(By.CSS_SELECTOR, ".fac-results").text
    assert_fits_phone(ets, "on people and facilitation")
    ets.execute_script("document.getElementById('fac-queue').scrollIntoView()")
    screenshot(ets, "session-ets-it-phone-360-floor-poll")
    facilitator.execute_script("document.getElementById('fac-queue').scrollIntoView()")
    screenshot(facilitator, "session-facilitator-it-1280-floor-poll")

    # Minutes: the text, a decision and an action item.
    picker = Select(by_id(facilitator, "text-picker"))
    picker.select_by_value(f"minutes:{session}#text")
    editor = by_id(facilitator, "editor")
    wait_until(facilitator, lambda d: editor.get_attribute("readonly") is None, message="editable minutes")
    editor.send_keys("Si apre la seduta alle 10. Presenti il Comune e gli enti del distretto.")
    by_id(facilitator, "fac-add-decisions-text").send_keys("Priorità alla domiciliarità nel primo anno.")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-add-decisions"))
    by_id(facilitator, "fac-add-actions-what").send_keys("Mappare i servizi domiciliari")
    by_id(facilitator, "fac-add-actions-who").send_keys("Associazione Aurora")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-add-actions"))
    # Decisions and actions are part of the verbale view, in the documents (issue 12, item 5).
    tab(ets, "documents")
    for driver in (pa, ets):
        Select(by_id(driver, "text-picker")).select_by_value(f"minutes:{session}#text")
        wait_until(driver, lambda d: "Mappare i servizi domiciliari" in text_of(d, "fac-minutes")
                   and "Priorità alla domiciliarità" in text_of(d, "fac-minutes"), message="the decision and the action item")
    tab(ets, "documents")
    Select(by_id(ets, "text-picker")).select_by_value(f"minutes:{session}#text")
    wait_until(ets, lambda d: "enti del distretto." in by_id(d, "editor").get_attribute("value"), message="the minutes text (ETS)")
    assert_fits_phone(ets, "on the documents")
    screenshot(ets, "session-ets-it-phone-360-minutes")

    # Close (with confirmation) → the minutes review; PA and ETS approve in their browsers.
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-close-{session}"))
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-close-confirm-{session}"))
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-review .fac-hash"), message="the review's hash (facilitator)")
    review = text_of(facilitator, "fac-review")
    assert "Paola Gialli – Comune di Casalecchio (pubblica amministrazione): deve ancora approvare" in review, review
    assert "Carla Verdi – Associazione Aurora (ente del Terzo settore): deve ancora approvare" in review, review
    click_when(pa, lambda d: d.find_elements(By.ID, "fac-approve"), message="approval offered to PA")
    press_when(ets, lambda d: d.find_elements(By.ID, "fac-approve"), Keys.ENTER, message="approval offered to ETS")
    for driver in (facilitator, pa, ets):
        wait_until(driver, lambda d: "Verbale approvato il" in text_of(d, "fac-review"), message="the minutes approved")
        assert "verbale approvato" in text_of(driver, "agenda-session")
    # The minutes are read-only now for everyone, and the editor says it is the approval, not the role.
    wait_until(facilitator, lambda d: "il verbale è approvato" in d.find_element(By.ID, "editor-readonly").get_attribute("textContent"),
               message="the facilitator told the minutes are approved")
    assert facilitator.find_element(By.ID, "editor").get_attribute("readonly") is not None
    assert_fits_phone(ets, "after approval")
    ets.execute_script("document.getElementById('fac-minutes').scrollIntoView()")
    screenshot(ets, "session-ets-it-phone-360-minutes-lists")
    ets.execute_script("document.getElementById('fac-review').scrollIntoView()")
    screenshot(ets, "session-ets-it-phone-360-review")

    for driver in (facilitator, pa, ets):
        driver.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "session-facilitator-it-1280-approved")
    screenshot(ets, "session-ets-it-phone-360-approved")
    tab(ets, "agenda")
    assert ets.find_elements(By.CSS_SELECTOR, ".agenda-item.current") == [], "nothing is under discussion after the session"
    assert [e.text for e in ets.find_elements(By.CSS_SELECTOR, ".item-status")] == ["TRATTATO", "TRATTATO"]
    screenshot(ets, "session-ets-it-phone-360-agenda")
    for driver in (facilitator, pa, ets):
        assert console_errors(driver) == []
