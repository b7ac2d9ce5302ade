"""A dropped connection in a real browser: the server goes away while a PA member types in the
shared project. The page shows the banner and keeps the editor usable; when the server is back
(same port, same data) the page reconnects by itself, sends what was typed meanwhile, and an ETS
member who joins afterwards reads every word."""
from selenium.webdriver.support.ui import Select

from browser import by_id, console_errors, open_page, screenshot, wait_until

PA = ("pa", "Paola Gialli", "Comune di Casalecchio")
ETS = ("ets", "Carla Verdi", "Associazione Aurora")


def state(driver):
    return by_id(driver, "connection").get_attribute("data-state")


def show_project(driver):
    Select(by_id(driver, "text-picker")).select_by_value("project")
    editor = by_id(driver, "editor")
    wait_until(driver, lambda d: editor.is_enabled() and editor.get_attribute("readonly") is None, message="an editable project")
    return editor


def test_typing_survives_a_lost_connection(browsers, invited_table, start_server):
    table = invited_table([PA, ETS])
    pa = browsers(1280, 900)
    open_page(pa, table.url("Paola Gialli"))
    wait_until(pa, lambda d: state(d) == "open", message="the table joined")
    editor = show_project(pa)
    editor.send_keys("Prima del guasto. ")

    port, data = table.server.port, table.data
    table.server.stop()
    banner = wait_until(pa, lambda d: (lambda b: b.is_displayed() and b)(by_id(d, "offline-banner")), message="the offline banner")
    assert "non si perde nulla" in banner.text
    editor.send_keys("Scritto senza rete.")
    assert "Scritto senza rete." in editor.get_attribute("value")
    screenshot(pa, "offline-pa-it-1280")

    # The server comes back on the same port with the same data: the page reconnects by itself.
    table.server = start_server("--authentication", "invitations", "--data-directory", data, "--port", str(port))
    assert table.server.port == port
    wait_until(pa, lambda d: state(d) == "open" and not by_id(d, "offline-banner").is_displayed(), timeout=30,
               message="the page to reconnect")

    member = browsers(1280, 900)
    open_page(member, table.url("Carla Verdi"))
    wait_until(member, lambda d: state(d) == "open", message="the ETS member joined")
    Select(by_id(member, "text-picker")).select_by_value("project")
    wait_until(member, lambda d: "Prima del guasto. Scritto senza rete." in by_id(d, "editor").get_attribute("value"), timeout=20,
               message="every word typed offline at the server")
    assert console_errors(member) == []
