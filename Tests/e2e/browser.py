"""Real-browser tests: Debian's headless Chromium driven by Selenium through chromium-driver.

Fixtures (imported by conftest.py):
- `browsers`: a factory `browsers(width=1280, height=900)` of Chromium sessions, each with its own
  profile (so two sessions are two people), all closed after the test;
- `invited_table`: a factory that creates a co-design table and invitations with the `tavolo`
  command, then starts a server with invitations on that data directory.

Helpers: `open_page`, `wait_until`, `click_when` and `press_when` (robust to redraws), `screenshot` (PNGs under test-output/screenshots, or
$TAVOLO_TEST_OUTPUT/screenshots), `console_errors`.
"""
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("TAVOLO_TEST_OUTPUT", ROOT / "test-output"))
SCREENSHOTS = OUTPUT / "screenshots"
CHROMIUM = os.environ.get("TAVOLO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TAVOLO_CHROMEDRIVER", "/usr/bin/chromedriver")


def chromium(width=1280, height=900, language="it-IT"):
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", f"--lang={language}",
                     f"--user-data-dir={tempfile.mkdtemp(prefix='tavolo-chromium-')}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The Debian driver, never a downloaded one (CI has no internet but Debian and PyPI).
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    if width < 500:
        # Chromium windows are at least 500 px wide: a phone is emulated, viewport and all.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
    return driver


@pytest.fixture
def browsers():
    opened = []

    def open_browser(width=1280, height=900, language="it-IT"):
        driver = chromium(width, height, language)
        opened.append(driver)
        return driver

    yield open_browser
    for driver in opened:
        try:
            driver.quit()
        except WebDriverException:
            pass


def tavolo(*args):
    from conftest import BINARY
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=60)


class InvitedTable:
    """A table with invitations, served with `--authentication invitations`."""

    def __init__(self, server, table, tokens, data):
        self.server = server
        self.table = table
        self.tokens = tokens  # name -> invitation token
        self.data = data      # the data folder (to restart the server on it)

    def url(self, name, page="/"):
        return f"http://127.0.0.1:{self.server.port}{page}#invito={self.tokens[name]}"


@pytest.fixture
def invited_table(start_server, tmp_path):
    def create(people, table="ambito-anziani", title="Ambito anziani", extra_args=()):
        """`people`: [(role, name, organisation)]. Returns an InvitedTable."""
        data = str(tmp_path / "data")
        created = tavolo("table", "create", "--data-directory", data, "--id", table, "--title", title)
        assert created.returncode == 0, created.stderr
        tokens = {}
        for role, name, organisation in people:
            invited = tavolo("invite", "--data-directory", data, "--table", table, "--role", role,
                             "--name", name, "--org", organisation)
            assert invited.returncode == 0, invited.stderr
            link = invited.stdout.strip().splitlines()[-1]
            tokens[name] = re.search(r"#invito=(\S+)", link).group(1)
        server = start_server("--authentication", "invitations", "--data-directory", data, *extra_args)
        return InvitedTable(server, table, tokens, data)

    return create


def open_page(driver, url):
    driver.get(url)


def wait_until(driver, condition, timeout=15.0, message="condition"):
    """Polls `condition(driver)` until it returns something truthy; returns that value."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition(driver)
            if value:
                return value
        except (StaleElementReferenceException, WebDriverException) as error:
            last_error = error
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}" + (f" (last error: {last_error})" if last_error else ""))


def screenshot(driver, name):
    """Saves a PNG of the current window and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), f"could not save {path}"
    return path


def console_errors(driver):
    """Severe messages the page logged (uncaught exceptions, failed loads; the favicon aside)."""
    return [entry for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]


def click_when(driver, find, message="a control to click", timeout=15.0):
    """Clicks what `find(driver)` returns (an element, or the first of a list) once it exists,
    finding it afresh after a redraw: live updates replace controls between finding and clicking."""
    def attempt(d):
        found = find(d)
        element = (found[0] if found else None) if isinstance(found, list) else found
        if not element:
            return None
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return True
    wait_until(driver, attempt, timeout, message)


def press_when(driver, find, *keys, message="a control to press keys on", timeout=15.0):
    """Keyboard use, like `click_when`: focuses what `find(driver)` returns, then presses `keys` on it."""
    def attempt(d):
        found = find(d)
        element = (found[0] if found else None) if isinstance(found, list) else found
        if not element:
            return None
        d.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", element)
        if d.switch_to.active_element != element:
            return None
        element.send_keys(*keys)
        return True
    wait_until(driver, attempt, timeout, message)


# Small readers of the table screen, shared by the browser tests.
def by_id(driver, element_id):
    return driver.find_element(By.ID, element_id)


def id_starting(driver, prefix):
    elements = driver.find_elements(By.CSS_SELECTOR, f'[id^="{prefix}"]')
    return elements[0] if elements else None


def online(driver):
    return by_id(driver, "connection").get_attribute("data-state") == "open"


def open_agenda_form(driver):
    """While a session is live the agenda's form to add items is folded (issue 12): unfold it.
    The screen may redraw just after the session goes live, so the form must stay shown a moment."""
    deadline = time.monotonic() + 15
    shown_since = None
    while time.monotonic() < deadline:
        toggle = driver.find_element(By.ID, "agenda-add-toggle")
        form = driver.find_element(By.ID, "agenda-form")
        if toggle.is_displayed() and toggle.get_attribute("aria-expanded") == "false":
            # Centred first: scrolled in at the top, the sticky "what now" bar would take the click.
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", toggle)
            toggle.click()
            shown_since = None
        elif form.is_displayed():
            shown_since = shown_since or time.monotonic()
            if time.monotonic() - shown_since > 0.3:
                return
        time.sleep(0.05)
    raise AssertionError("the agenda form did not stay open")
