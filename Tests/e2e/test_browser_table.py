"""The table screen in a real headless Chromium: a facilitator on a laptop and an ETS member on a
phone join one table through their invitation links, in Italian. The facilitator opens a session,
writes the agenda and the minutes; the ETS member sees the minutes live, is not offered the agenda,
and answers a poll. Screenshots land in test-output/screenshots (looked at by people, not asserted)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, id_starting, online, open_page, screenshot, wait_until, open_agenda_form

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
ETS = ("ets", "Carla Verdi", "Associazione Aurora")


def show_minutes(driver):
    picker = Select(by_id(driver, "text-picker"))
    minutes = next(o.get_attribute("value") for o in picker.options if o.get_attribute("value").startswith("minutes:"))
    picker.select_by_value(minutes)


def test_two_people_work_one_table_from_their_invitations(browsers, invited_table):
    table = invited_table([FACILITATOR, ETS])
    facilitator = browsers(1280, 900)
    member = browsers(360, 740)
    open_page(facilitator, table.url("Fabio Neri"))
    open_page(member, table.url("Carla Verdi"))
    for driver in (facilitator, member):
        wait_until(driver, online, message="the table to be joined")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "it"
        assert "Connesso" in by_id(driver, "connection-text").text

    # The facilitator schedules and opens the first session.
    wait_until(facilitator, lambda d: by_id(d, "fac-schedule-title").is_displayed(), message="the session form")
    by_id(facilitator, "fac-schedule-title").send_keys("Prima seduta")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-schedule"))
    click_when(facilitator, lambda d: id_starting(d, "fac-open-"), message="the new session")
    wait_until(facilitator, lambda d: id_starting(d, "fac-close-"), message="the session to be live")

    # The agenda: the facilitator adds an item; the ETS member sees it and is offered no editing.
    wait_until(facilitator, lambda d: by_id(d, "agenda-form").is_displayed() or by_id(d, "agenda-add-toggle").is_displayed(),
               message="the agenda form, or its toggle while the session is live")
    open_agenda_form(facilitator)
    by_id(facilitator, "agenda-title-input").send_keys("Analisi dei bisogni")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-submit"))
    wait_until(member, lambda d: "Analisi dei bisogni" in by_id(d, "agenda-list").get_attribute("textContent"),
               message="the agenda item to reach the ETS member")
    assert not by_id(member, "agenda-form").is_displayed()
    assert member.find_elements(By.CSS_SELECTOR, "#agenda-list button") == [], "ETS members may not edit the agenda"
    assert not by_id(member, "agenda-next").is_displayed()

    # The facilitator writes the minutes; the ETS member reads them live, read-only.
    wait_until(facilitator, lambda d: any(o.get_attribute("value").startswith("minutes:")
                                          for o in Select(by_id(d, "text-picker")).options), message="the minutes")
    show_minutes(facilitator)
    editor = by_id(facilitator, "editor")
    wait_until(facilitator, lambda d: editor.is_enabled() and editor.get_attribute("readonly") is None,
               message="an editable minutes text")
    editor.send_keys("Si apre la seduta alle 10. Presenti gli enti del distretto.")
    click_when(member, lambda d: d.find_elements(By.ID, "tab-documents"))
    wait_until(member, lambda d: any(o.get_attribute("value").startswith("minutes:")
                                     for o in Select(by_id(d, "text-picker")).options), message="the minutes (ETS)")
    show_minutes(member)
    wait_until(member, lambda d: "Presenti gli enti del distretto." in by_id(d, "editor").get_attribute("value"),
               message="the minutes typed by the facilitator")
    assert by_id(member, "editor").get_attribute("readonly") is not None, "ETS members read the minutes"

    # A poll: the facilitator launches it, the ETS member answers, the results are shown to everyone.
    click_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#fac-polls details.fac-details > summary"))
    by_id(facilitator, "fac-poll-question").send_keys("Quale priorità per il primo anno?")
    by_id(facilitator, "fac-poll-options").send_keys("Trasporti\nDomiciliarità\nSocialità")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-poll-create"))
    click_when(member, lambda d: d.find_elements(By.ID, "tab-people"))
    choice = wait_until(member, lambda d: id_starting(d, "fac-choice-"), message="the poll (ETS)")
    poll = choice.get_attribute("id").removeprefix("fac-choice-").rsplit("-", 1)[0]
    click_when(member, lambda d: d.find_elements(By.ID, f"fac-choice-{poll}-1"))
    click_when(member, lambda d: d.find_elements(By.ID, f"fac-vote-{poll}"))
    wait_until(facilitator, lambda d: "1" in d.find_element(By.CSS_SELECTOR, ".fac-results").text
               if d.find_elements(By.CSS_SELECTOR, ".fac-results") else False, message="the vote counted")
    click_when(facilitator, lambda d: id_starting(d, f"fac-poll-show-{poll}"), message="the show-results button")
    results = wait_until(member, lambda d: d.find_elements(By.CSS_SELECTOR, ".fac-results"), message="results (ETS)")
    assert "Domiciliarità" in results[0].text

    # Each sees the other present, with organisation.
    wait_until(facilitator, lambda d: "Associazione Aurora" in by_id(d, "presence").get_attribute("textContent"),
               message="the ETS member in the list of people present")

    click_when(member, lambda d: d.find_elements(By.ID, "tab-documents"))
    for driver in (facilitator, member):
        driver.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "table-facilitator-it-1280")
    screenshot(member, "table-ets-it-phone-360")
    click_when(member, lambda d: d.find_elements(By.ID, "tab-people"))
    screenshot(member, "table-ets-it-phone-360-people")
    for driver in (facilitator, member):
        assert console_errors(driver) == []
