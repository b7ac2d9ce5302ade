"""The public page of a procedure (issue 13, item 5) in a real Chromium, on a 1366×768 laptop and
a 360×740 phone, with no token: after the administrator publishes the table (admin API), the page
at /pubblico/<procedure> shows the procedure, the table and its approved session with the content
hash; the verbale's link downloads a PDF; with the procedure's publicInitialsOnly the people's
names appear neither on the page nor in the PDF it serves. axe-core finds nothing; nothing
scrolls sideways at 360 px. Screenshots: test-output/screenshots/public-*.png."""
import base64
import json
import subprocess
import time
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By

from browser import console_errors, open_page, screenshot, wait_until
from conftest import Server
from italian import english_on_page
from test_browser_accessibility import violations
from test_exports import PEOPLE, PROCEDURE, TABLE, approved  # noqa: F401 (the fixture)


def admin(server, method, path, body, key):
    call = urllib.request.Request(f"http://127.0.0.1:{server.port}{path}", data=json.dumps(body).encode(), method=method,
                                  headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(call, timeout=10) as response:
        return json.load(response)


def downloaded_pdf(folder, before, timeout=90.0):
    """The PDF Chromium saved in `folder` that was not there `before` (waits for the download to end)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [p for p in folder.iterdir() if p.name not in before]
        done = [p for p in new if p.suffix == ".pdf"]
        if done and not any(p.suffix == ".crdownload" for p in new):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no PDF downloaded into {folder}: {list(folder.iterdir())}")


def fetched(driver, url):
    """The bytes the page gets from `url` (a PDF: checked to be served as one)."""
    answer = driver.execute_async_script("""
        const [url, done] = arguments;
        fetch(url).then(async (r) => {
          const bytes = new Uint8Array(await r.arrayBuffer());
          let text = '';
          for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
          done({status: r.status, type: r.headers.get('Content-Type'), body: btoa(text)});
        }, (e) => done({error: String(e)}));""", url)
    assert answer.get("status") == 200 and answer.get("type") == "application/pdf", answer.get("error") or (answer["status"], answer["type"])
    return base64.b64decode(answer["body"])


def pdf_text(path):
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())


def test_the_public_page_on_a_phone_and_a_laptop(approved, browsers, tmp_path):  # noqa: F811
    server = Server("--authentication", "invitations", data_directory=approved["data"])
    try:
        key = (Path(approved["data"]) / "admin.key").read_text().strip()
        admin(server, "PUT", f"/api/tables/{TABLE}/publication", {"published": True}, key)
        page_url = f"http://127.0.0.1:{server.port}/pubblico/{PROCEDURE['id']}"
        pdf_path = f"/pubblico/{PROCEDURE['id']}/{TABLE}/{approved['session']}.pdf"

        for initials in (False, True):
            if initials:
                admin(server, "PUT", f"/api/procedures/{PROCEDURE['id']}", {
                    "title": PROCEDURE["title"], "legalBasis": PROCEDURE["legal-basis"], "actReference": PROCEDURE["act"],
                    "areas": ["Anziani", "Disabilità"], "publicInitialsOnly": True}, key)
            for width, height, name in [(1366, 768, "laptop"), (360, 740, "phone")]:
                page = browsers(width, height)
                folder = tmp_path / f"downloads-{name}-{initials}"
                folder.mkdir()
                page.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
                open_page(page, page_url)
                text = page.execute_script("return document.body.innerText")
                assert PROCEDURE["title"] in text and PROCEDURE["legal-basis"] in text and PROCEDURE["act"] in text, text
                assert "Ambito anziani – Pianura Est" in text and "Seduta n. 1" in text and "Prima seduta" in text
                assert approved["hash"] in text.replace("\n", "")
                link = page.find_element(By.CSS_SELECTOR, f"a[href='{pdf_path}']")
                assert link.text.startswith("Verbale della seduta n. 1 (PDF")
                assert english_on_page(page) == []
                assert violations(page, f"the public page on a {name}{' with initials' if initials else ''}") == []
                suffix = "-initials" if initials else ""
                page.execute_script("window.scrollTo(0, 0)")
                screenshot(page, f"public-{name}{suffix}")
                page.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
                screenshot(page, f"public-{name}{suffix}-verbale")
                # Its own style sheet applies (an inline <style> was refused by the server's CSP: unstyled, 549 px wide).
                assert page.execute_script("return getComputedStyle(document.body).maxWidth") != "none"
                if name == "phone":
                    scroll_width = page.execute_script("return document.documentElement.scrollWidth")
                    assert scroll_width <= width, f"the public page is {scroll_width} px wide on a {width}-px phone"

                # The link downloads the verbale: a PDF, with the names whole or as initials. (Chromium
                # emulating a phone saves no download: there the link's file is fetched by the page.)
                if name == "laptop":
                    before = {p.name for p in folder.iterdir()}
                    link.click()
                    pdf = downloaded_pdf(folder, before)
                else:
                    pdf = folder / "verbale.pdf"
                    pdf.write_bytes(fetched(page, link.get_attribute("href")))
                assert pdf.read_bytes().startswith(b"%PDF"), pdf
                words = pdf_text(pdf)
                assert approved["hash"] in words.replace(" ", "")
                for person, organisation in PEOPLE.values():
                    assert (person in text) is False, f"{person} on the public page"
                    assert (person in words) is not initials, f"{person} {'in' if initials else 'missing from'} the public PDF"
                    assert organisation in words or not initials or organisation == PEOPLE["facilitator"][1]
                if initials:
                    assert "iniziali" in text
                assert console_errors(page) == []
    finally:
        server.stop()

