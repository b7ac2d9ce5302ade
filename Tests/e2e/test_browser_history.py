"""The history view in headless Chromium against the real server: a short scripted session
(a facilitator opens it and gives the floor, a PA member and an ETS member write in the shared
project), then a coordinator scrubs back to the earlier version, reads who wrote what and
compares versions."""
import asyncio
import json
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser import console_errors, open_page, screenshot, wait_until
from tavolo_client import TableClient

PEOPLE = [
    ("facilitator", "Elena Gialli", "Studio Facilita"),
    ("pa", "Anna Rossi", "Comune di Budrio"),
    ("ets", "Bruno Neri", "Coop. Il Ponte"),
    ("coordinator", "Rita Bassi", "Ufficio di Piano"),
]
ANNA_TEXT = "Servizio di assistenza domiciliare per gli anziani."
BRUNO_TEXT = "Trasporto sociale il martedì."
PROJECT = ("server", 0)  # the server creates the shared project text first (docs/protocol.md)


async def act(client, action):
    """Runs a table action; returns the table state broadcast just before `done`."""
    client.ref += 1
    ref = client.ref
    await client.send({"type": "action", "ref": ref, "action": action})
    state = None
    while True:
        message = json.loads(await asyncio.wait_for(client.ws.recv(), 10))
        if message["type"] == "table":
            state = message["state"]
        elif message["type"] == "done" and message["ref"] == ref:
            return state
        elif message["type"] == "error" and message.get("ref") == ref:
            raise AssertionError(f"action {action} refused: {message}")
        else:
            client.handle(message)


async def present_id(client, name):
    """Reads the table states sent to `client` until `name` is present; returns their id."""
    while True:
        message = json.loads(await asyncio.wait_for(client.ws.recv(), 10))
        if message["type"] == "table":
            for person in message["state"].get("present", []):
                if person["name"] == name:
                    return person["id"]
        else:
            client.handle(message)


async def write(client, text):
    """Types `text` into the shared project and waits until the server has it on disk."""
    client.target = PROJECT
    client.insert(0, text)
    await client.flush()
    while client.acked < client.count:
        await client.pump(0.1)
    assert not client.errors, client.errors


async def scripted_session(table):
    """Returns the moment (ms) between Anna's edit and Bruno's."""
    elena = TableClient(table.server.ws_url, "elena", table.table, token=table.tokens["Elena Gialli"])
    await elena.connect()
    state = await act(elena, {"scheduleSession": {"title": "Prima seduta"}})
    session = state["sessions"][-1]["id"]
    await act(elena, {"openSession": {"session": session}})

    anna = TableClient(table.server.ws_url, "anna", table.table, token=table.tokens["Anna Rossi"])
    await anna.connect()
    anna_id = await present_id(elena, "Anna Rossi")
    await act(elena, {"giveFloor": {"participantID": anna_id}})
    await write(anna, ANNA_TEXT)

    # Slider positions are whole seconds: leave more than one on each side of the middle.
    await asyncio.sleep(1.5)
    middle = int(time.time() * 1000)
    await asyncio.sleep(1.5)

    bruno = TableClient(table.server.ws_url, "bruno", table.table, token=table.tokens["Bruno Neri"])
    await bruno.connect()
    await write(bruno, BRUNO_TEXT)
    # Closing puts the minutes in review; the PA and ETS attendees approve them, so the
    # coordinator can download the archived minutes.
    await act(elena, {"closeSession": {"session": session}})
    await act(anna, {"approveMinutes": {"session": session}})
    await act(bruno, {"approveMinutes": {"session": session}})
    await bruno.close()
    await anna.close()
    await elena.close()
    return middle


def history_overview(table, name):
    request = urllib.request.Request(f"http://127.0.0.1:{table.server.port}/api/tables/{table.table}/history",
                                     headers={"Authorization": f"Bearer {table.tokens[name]}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def shown_text(driver):
    return driver.find_element(By.ID, "document").text


def test_a_coordinator_scrubs_back_sees_authors_and_differences(invited_table, browsers):
    table = invited_table(PEOPLE)
    middle = asyncio.run(scripted_session(table))
    overview = history_overview(table, "Rita Bassi")
    assert overview["start"] < middle < overview["end"]
    assert any(text["path"] == "project" for text in overview["texts"])

    driver = browsers(1280, 1000)
    open_page(driver, table.url("Rita Bassi", "/history.html"))
    wait_until(driver, lambda d: ANNA_TEXT in shown_text(d) and BRUNO_TEXT in shown_text(d), message="the latest version")
    assert driver.find_element(By.ID, "text").get_attribute("value") == "project"
    assert "Ambito anziani" in driver.find_element(By.ID, "table-title").text
    # The table state at the end, with the floor given during the session.
    wait_until(driver, lambda d: "Anna Rossi" in d.find_element(By.ID, "events").text, message="the events")

    # Drag the slider to the moment between the two edits: only Anna's text was there.
    value = (middle - overview["start"]) // 1000
    driver.execute_script("const s = document.getElementById('slider'); s.value = arguments[0];"
                          "s.dispatchEvent(new Event('input', {bubbles: true}));", value)
    wait_until(driver, lambda d: ANNA_TEXT in shown_text(d) and BRUNO_TEXT not in shown_text(d), message="the earlier version")
    # The table as it was then: Elena and Anna present, Anna speaking.
    table_at = wait_until(driver, lambda d: (lambda text: "Ha la parola\nAnna Rossi" in text and text)(
        d.find_element(By.ID, "table-at").text), message="the table at that moment")
    assert "Presenti (2)" in table_at and "Elena Gialli" in table_at
    screenshot(driver, "history-earlier-version")

    # The keyboard moves the slider too: Home is the first moment, before anyone wrote.
    slider = driver.find_element(By.ID, "slider")
    slider.send_keys(Keys.HOME)
    wait_until(driver, lambda d: ANNA_TEXT not in shown_text(d), message="the first moment")
    assert slider.get_attribute("value") == "0"

    # A click on an event of the timeline jumps there: Bruno joining, before he wrote.
    bruno_joined = wait_until(driver, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "#events button.event")
                                                      if b.text.endswith("Bruno Neri: entra al tavolo")), None),
                              message="Bruno's join in the timeline")
    bruno_joined.click()
    wait_until(driver, lambda d: ANNA_TEXT in shown_text(d) and BRUNO_TEXT not in shown_text(d), message="the moment Bruno joined")
    current = driver.find_element(By.CSS_SELECTOR, "#events button[aria-current=true] time")
    assert current.text == bruno_joined.find_element(By.TAG_NAME, "time").text

    # Playback from the first moment at 300x runs to the end and stops there.
    slider.send_keys(Keys.HOME)
    Select(driver.find_element(By.ID, "speed")).select_by_value("300")
    play = driver.find_element(By.ID, "play")
    play.click()
    assert play.get_attribute("aria-pressed") == "true"
    wait_until(driver, lambda d: play.get_attribute("aria-pressed") == "false", message="playback to stop at the end")
    assert slider.get_attribute("value") == slider.get_attribute("max")
    wait_until(driver, lambda d: BRUNO_TEXT in shown_text(d), message="the last version after playback")

    # Authorship at the end: both writers in the legend, each passage named.
    slider.send_keys(Keys.END)
    driver.find_element(By.CSS_SELECTOR, "input[name=mode][value=authorship]").click()
    legend = wait_until(driver, lambda d: (lambda text: "Bruno Neri" in text and "Anna Rossi" in text and text)(
        d.find_element(By.ID, "legend").text), message="both authors in the legend")
    assert "Comune di Budrio" in legend and "Coop. Il Ponte" in legend
    titles = {span.get_attribute("title") for span in driver.find_elements(By.CSS_SELECTOR, "#document .authored")}
    assert "scritto da Anna Rossi (Comune di Budrio)" in titles and "scritto da Bruno Neri (Coop. Il Ponte)" in titles
    people = driver.find_element(By.ID, "people-table").text
    assert "Rita Bassi" not in driver.find_element(By.ID, "legend").text
    assert f"{len(ANNA_TEXT)}" in people
    screenshot(driver, "history-authorship")

    # Differences between the middle and the end: Bruno's sentence inserted, by him.
    driver.find_element(By.CSS_SELECTOR, "input[name=mode][value=diff]").click()
    driver.execute_script("const s = document.getElementById('slider'); s.value = arguments[0];"
                          "s.dispatchEvent(new Event('input', {bubbles: true}));", value)
    driver.find_element(By.ID, "set-a").click()
    slider.send_keys(Keys.END)
    driver.find_element(By.ID, "set-b").click()
    # Read text and titles in one step: the view is redrawn as A and B settle.
    def insertions(d):
        found = d.execute_script("return [...document.querySelectorAll('#document ins')].map((i) => [i.innerText, i.title]);")
        return found if BRUNO_TEXT in "".join(text for text, _ in found) else None
    inserted = wait_until(driver, insertions, message="Bruno's sentence inserted")
    assert any(title == "inserito da Bruno Neri (Coop. Il Ponte)" for _, title in inserted)
    assert not driver.find_elements(By.CSS_SELECTOR, "#document del")
    screenshot(driver, "history-diff")

    # Downloads go through the API with the bearer: the text as shown, and the audit log (a
    # coordinator's); the status line names each file saved.
    for label in ["Il testo in quel momento, formato MD", "Registro di audit, formato CSV",
                  "Verbale approvato: Prima seduta, formato PDF"]:
        # The list is redrawn as the moment changes: find and press the button in one step.
        assert driver.execute_script(
            "const b = [...document.querySelectorAll('#downloads button')].find((b) => b.getAttribute('aria-label') === arguments[0]);"
            "if (b) b.click(); return !!b;", label), label
        saved = wait_until(driver, lambda d: (lambda text: text.startswith("Scaricato: ") and text)(
            d.find_element(By.ID, "status").text), message=f"the download of {label}")
        assert saved.endswith("." + label.rsplit(" ", 1)[1].lower()), saved
        driver.execute_script("document.getElementById('status').textContent = ''")
    assert console_errors(driver) == []

    # Someone who chose English reopens the page: it loads that catalogue before drawing.
    driver.execute_script("window.localStorage.setItem('tavolo.language', 'en'); window.location.reload()")
    wait_until(driver, lambda d: "Table history" in d.find_element(By.TAG_NAME, "body").text, message="the history in English")
    assert console_errors(driver) == []
