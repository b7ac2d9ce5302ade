"""The session record (issue 13, item 1) in a real browser: a facilitator on a 1366×768 laptop
schedules a session and records its date and time, mode, place, meeting link, chair and
secretary (chosen among the people who joined); an ETS member on a 360×740 phone reads them in the
session's header ("5 dicembre 2026, ore 15:00", the mode, the place, a link to the meeting, the
chair's and the secretary's names) and the what-now bar says when the session is called for. A
link without its scheme gets https://; a link that is not a web address is refused beside the form,
in Italian. axe-core finds nothing on either screen. Screenshots: test-output/screenshots/record-*.png."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, open_page, online, screenshot, wait_until
from italian import english_on_page
from test_browser_accessibility import violations
from test_browser_what_now import Actor

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio di Reno")
ETS = ("ets", "Carla Verdi", "Associazione Aurora")
PLACE = "Sala del Consiglio, via dei Mille 9, Casalecchio di Reno"
LINK_TYPED = "meet.comune.casalecchio.bo.it/tavolo-anziani"
LINK = "https://" + LINK_TYPED


def set_value(driver, element_id, value):
    """Types into a datetime-local field the way a person's picker does: the value, then `input`."""
    driver.execute_script(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true}));", element_id, value)


def record_text(driver, session):
    found = driver.find_elements(By.ID, f"fac-record-{session}")
    return found[0].text if found else ""


def test_a_facilitator_records_the_session_and_a_member_reads_it_on_a_phone(browsers, invited_table):
    table = invited_table([FACILITATOR, PA, ETS])
    paola = Actor(table, PA[1], "paola-actor")  # she has joined the table: she can chair it
    facilitator = browsers(1366, 768)
    phone = browsers(360, 740)
    open_page(facilitator, table.url(FACILITATOR[1]))
    open_page(phone, table.url(ETS[1]))
    for driver in (facilitator, phone):
        wait_until(driver, online, message="the table to be joined")

    wait_until(facilitator, lambda d: by_id(d, "fac-schedule-title").is_displayed(), message="the session form")
    by_id(facilitator, "fac-schedule-title").send_keys("Prima seduta")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-schedule"))
    editor = wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "details.fac-record-editor"), message="the record form")[0]
    session = editor.get_attribute("data-record")
    # Nothing recorded yet: the form is open, and the session says so.
    assert editor.get_attribute("open") is not None
    assert "non sono ancora indicati" in record_text(facilitator, session)

    key = f"fac-record-{session}"
    wait_until(facilitator, lambda d: len(Select(by_id(d, f"{key}-chair")).options) >= 4, message="the people who joined")
    chair_options = [o.text for o in Select(by_id(facilitator, f"{key}-chair")).options]
    assert chair_options[0] == "Non indicato"
    assert "Paola Gialli (Comune di Casalecchio di Reno)" in chair_options and "Carla Verdi (Associazione Aurora)" in chair_options

    # A link that is not a web address is refused beside the form, in Italian, and nothing is sent.
    by_id(facilitator, f"{key}-meetingLink").send_keys("javascript:alert(1)")
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"{key}-save"))
    error = wait_until(facilitator, lambda d: d.find_elements(By.ID, f"{key}-meetingLink-error"), message="the link refused, under the field")[0]
    assert "deve essere un indirizzo web che inizia con https://" in error.text, error.text
    assert facilitator.switch_to.active_element.get_attribute("id") == f"{key}-meetingLink"
    assert by_id(facilitator, f"{key}-meetingLink").get_attribute("aria-invalid") == "true"
    assert f"{key}-meetingLink-error" in by_id(facilitator, f"{key}-meetingLink").get_attribute("aria-describedby")
    facilitator.execute_script("document.querySelector('details.fac-record-editor').scrollIntoView({block: 'start'})")
    screenshot(facilitator, "record-laptop-form")
    assert violations(facilitator, "the record form, open, with an error") == []

    set_value(facilitator, f"{key}-when", "2026-12-05T15:00")
    Select(by_id(facilitator, f"{key}-mode")).select_by_value("mixed")
    by_id(facilitator, f"{key}-place").send_keys(PLACE)
    by_id(facilitator, f"{key}-meetingLink").clear()
    by_id(facilitator, f"{key}-meetingLink").send_keys(LINK_TYPED)
    Select(by_id(facilitator, f"{key}-chair")).select_by_visible_text("Paola Gialli (Comune di Casalecchio di Reno)")
    Select(by_id(facilitator, f"{key}-secretary")).select_by_visible_text("Carla Verdi (Associazione Aurora)")
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"{key}-save"))
    wait_until(facilitator, lambda d: "5 dicembre 2026, ore 15:00" in record_text(d, session), message="the record saved")
    assert not facilitator.find_elements(By.ID, f"{key}-meetingLink-error")

    # The server holds it: the session's details in the table state, the link with https://.
    def recorded():
        try:
            paola.expect("table", timeout=0.5)
        except TimeoutError:
            pass
        sessions = (paola.state or {}).get("sessions", [])
        return next((s.get("details") for s in sessions if s["id"] == session and s.get("details", {}).get("place")), None)
    details = wait_until(facilitator, lambda d: recorded(), message="the details in the table state")
    assert details["place"] == PLACE and details["meetingLink"] == LINK and details["mode"] == "mixed", details
    assert details["chair"] == paola.principal and isinstance(details["scheduledAt"], int), details

    shown = record_text(facilitator, session)
    for fact in ["Data e ora: 5 dicembre 2026, ore 15:00", "Modalità: Mista (in presenza e online)", f"Luogo: {PLACE}",
                 "Link della riunione: Partecipa alla riunione online", "Presidente della seduta: Paola Gialli (Comune di Casalecchio di Reno)",
                 "Verbalizzante: Carla Verdi (Associazione Aurora)"]:
        assert fact in shown, (fact, shown)
    assert "salvati" in by_id(facilitator, "fac-sessions").text
    facilitator.execute_script("document.getElementById(arguments[0]).closest('li').scrollIntoView({block: 'center'})", f"fac-record-{session}")
    screenshot(facilitator, "record-laptop")
    assert violations(facilitator, "facilitator's laptop with the record") == []

    # The member's phone: the what-now bar says when; the session's section states the record.
    wait_until(phone, lambda d: "5 dicembre 2026" in by_id(d, "now-status").text, message="the date in the what-now bar")
    bar = by_id(phone, "now-status").text
    assert "Prima seduta" in bar and "15:00" in bar, bar
    if phone.find_elements(By.ID, "welcome-dismiss") and by_id(phone, "welcome-dismiss").is_displayed():
        by_id(phone, "welcome-dismiss").click()
    click_when(phone, lambda d: d.find_elements(By.ID, "tab-people"))
    facts = wait_until(phone, lambda d: (lambda text: "Verbalizzante" in text and text)(record_text(d, session)), message="the record on the phone")
    assert "Data e ora: 5 dicembre 2026, ore 15:00" in facts
    assert "Presidente della seduta: Paola Gialli (Comune di Casalecchio di Reno)" in facts
    link = phone.find_element(By.CSS_SELECTOR, f"#fac-record-{session} a.fac-record-href")
    assert link.get_attribute("href") == LINK and link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    # Members read the record; they have no form to change it.
    assert not phone.find_elements(By.CSS_SELECTOR, "details.fac-record-editor")
    # Nothing runs off the phone's side.
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 360
    phone.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", f"fac-record-{session}")
    screenshot(phone, "record-phone")
    assert violations(phone, "member's phone with the record") == []
    assert english_on_page(phone) == []

    # In English the same record reads "5 December 2026, 15:00".
    click_when(phone, lambda d: d.find_elements(By.ID, "language"))
    wait_until(phone, lambda d: "Date and time: 5 December 2026, 15:00" in record_text(d, session), message="the record in English")
    assert "Chair of the session: Paola Gialli" in record_text(phone, session)
    screenshot(phone, "record-phone-en")
    for driver in (facilitator, phone):
        assert console_errors(driver) == []
    paola.ws.close()
