"""Links in a shared text, in headless Chromium against the real server (issue 14): a PA member
writes Markdown links into the shared project; in the table's preview and on the history page a
protocol-relative `//host` link is shown as external (to https), a relative one stays on the site,
and a javascript: one is the text typed; axe finds nothing wrong with how they are labelled.
Every case: Tests/Fixtures/links.json."""
import asyncio

from selenium.webdriver.common.by import By

from browser import console_errors, open_page, wait_until
from tavolo_client import TableClient
from test_browser_accessibility import violations

PEOPLE = [("pa", "Anna Rossi", "Comune di Budrio"), ("coordinator", "Rita Bassi", "Ufficio di Piano")]
TEXT = ("Vedi [il sito](//evil.example/x), [la storia](/history.html), [il Comune](https://comune.example/) "
        "e [questo](javascript:alert(1)).")
EXTERNAL = "link esterno, si apre in una nuova scheda"
LINKS = [
    ["https://evil.example/x", "_blank", "noopener noreferrer", "il sito ↗", EXTERNAL],
    ["/history.html", "", "", "la storia", None],
    ["https://comune.example/", "_blank", "noopener noreferrer", "il Comune ↗", EXTERNAL],
]
READ_LINKS = """return [...document.querySelectorAll(arguments[0] + ' a')].map((a) => [a.getAttribute('href'), a.target, a.rel,
  a.textContent, a.querySelector('[role=img]')?.getAttribute('aria-label') ?? null]);"""


async def write_links(table):
    anna = TableClient(table.server.ws_url, "anna", table.table, token=table.tokens["Anna Rossi"])
    await anna.connect()
    anna.target = ("server", 0)  # the shared project (docs/protocol.md)
    anna.insert(0, TEXT)
    await anna.flush()
    while anna.acked < anna.count:
        await anna.pump(0.1)
    assert not anna.errors, anna.errors
    await anna.close()


def links_in(driver, container):
    return wait_until(driver, lambda d: (lambda found: len(found) == len(LINKS) and found)(d.execute_script(READ_LINKS, container)),
                      message=f"the links in {container}")


def test_a_protocol_relative_link_is_external_in_the_table_and_the_history(invited_table, browsers):
    table = invited_table(PEOPLE)
    asyncio.run(write_links(table))
    driver = browsers(1280, 900)

    open_page(driver, table.url("Rita Bassi"))
    assert links_in(driver, "#preview") == LINKS
    assert "[questo](javascript:alert(1))." in driver.find_element(By.ID, "preview").text
    assert violations(driver, "table with links") == []

    open_page(driver, table.url("Rita Bassi", "/history.html"))
    assert links_in(driver, "#document") == LINKS
    assert "[questo](javascript:alert(1))." in driver.find_element(By.ID, "document").text
    assert violations(driver, "history with links") == []
    assert console_errors(driver) == []
