"""The procedure and the publication on the administration page (issue 13, items 1 and 5), in a
real Chromium: an administrator edits a registered procedure in the form it was registered with
(the id stays, the creation date too), chooses that people's names appear as initials on the public
page, opens the procedure's public page from its link (/pubblico/<procedure>), publishes a table's
approved verbali and takes them off again; a table without a procedure says it has no public page.
axe-core finds nothing. Screenshots: test-output/screenshots/admin-publication-*.png."""
import json
import urllib.request

from selenium.webdriver.common.by import By

from browser import by_id, click_when, console_errors, open_page, screenshot, wait_until
from italian import english_on_page
from test_browser_accessibility import violations
from test_browser_admin import KEY, free_port, text_of

PROCEDURE = {"id": "avviso-anziani-2026", "title": "Avviso pubblico per la coprogettazione di interventi per le persone anziane",
             "legalBasis": "art. 55 D.Lgs. 117/2017", "actReference": "Determina n. 123 del 15/09/2026", "areas": ["Anziani", "Domiciliarità"]}


def api(base, method, path, body=None):
    request = urllib.request.Request(f"{base}{path}", method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def test_an_administrator_edits_the_procedure_and_publishes_a_tables_verbali(browsers, start_server):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    start_server("--authentication", "invitations", "--port", str(port), "--public-url", base, env={"TAVOLO_ADMIN_TOKEN": KEY})
    created = api(base, "POST", "/api/procedures", PROCEDURE)
    api(base, "POST", "/api/tables", {"id": "ambito-anziani", "title": "Ambito anziani – Pianura Est", "area": "Anziani", "procedure": PROCEDURE["id"]})
    api(base, "POST", "/api/tables", {"id": "tavolo-libero", "title": "Tavolo senza procedimento"})

    for width, height, name in [(1366, 768, "laptop"), (360, 740, "phone")]:
        admin = browsers(width, height)
        open_page(admin, f"{base}/admin/#chiave={KEY}")
        wait_until(admin, lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-edit-procedure='{PROCEDURE['id']}']"), message="the procedure's edit button")
        page = admin.find_element(By.CSS_SELECTOR, f"[data-public-page='{PROCEDURE['id']}']")
        assert page.get_attribute("href") == f"{base}/pubblico/{PROCEDURE['id']}" and page.text == "Pagina pubblica"
        assert page.get_attribute("target") == "_blank"
        if name == "phone":
            assert admin.execute_script("return document.documentElement.scrollWidth") <= width
            admin.execute_script("arguments[0].scrollIntoView({block: 'center'})", page)
            screenshot(admin, "admin-publication-phone-procedures")
            assert violations(admin, "the procedures on a phone") == []
            continue

        # Edit: the form it was registered with, filled in; the id does not change.
        click_when(admin, lambda d: d.find_elements(By.CSS_SELECTOR, f"[data-edit-procedure='{PROCEDURE['id']}']"))
        wait_until(admin, lambda d: by_id(d, "procedure-editing").is_displayed(), message="the edit note")
        assert "Stai modificando il procedimento «Avviso pubblico" in text_of(admin, "procedure-editing")
        assert by_id(admin, "procedure-title-input").get_attribute("value") == PROCEDURE["title"]
        assert by_id(admin, "procedure-id-input").get_attribute("readonly") is not None
        assert by_id(admin, "procedure-areas-input").get_attribute("value") == "Anziani\nDomiciliarità"
        assert text_of(admin, "procedure-submit") == "Salva le modifiche"
        assert admin.switch_to.active_element == by_id(admin, "procedure-title-input")
        act = by_id(admin, "procedure-act-input")
        act.clear()
        act.send_keys("Determina n. 456 del 01/12/2026")
        by_id(admin, "procedure-initials-input").click()
        admin.execute_script("document.getElementById('new-procedure').scrollIntoView({block: 'start'})")
        screenshot(admin, "admin-publication-laptop-edit")
        click_when(admin, lambda d: d.find_elements(By.ID, "procedure-submit"))
        wait_until(admin, lambda d: "aggiornato" in text_of(d, "status"), message="the procedure updated")
        listed = text_of(admin, "procedure-list")
        assert "Determina n. 456 del 01/12/2026" in listed and "nomi delle persone in forma di iniziali" in listed, listed
        assert by_id(admin, "procedure-editing").is_displayed() is False
        stored = next(p for p in api(base, "GET", "/api/procedures") if p["id"] == PROCEDURE["id"])
        assert stored["actReference"] == "Determina n. 456 del 01/12/2026" and stored["publicInitialsOnly"] is True
        assert stored["createdAt"] == created["createdAt"] and stored["areas"] == PROCEDURE["areas"]

        # A table without a procedure has no public page.
        click_when(admin, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-table='tavolo-libero']"))
        wait_until(admin, lambda d: "non appartiene a un procedimento" in text_of(d, "publication-state"), message="no public page")
        assert not by_id(admin, "publication-toggle").is_displayed() and not by_id(admin, "public-page-link").is_displayed()

        # Publish the approved verbali of the procedure's table, then take them off.
        click_when(admin, lambda d: d.find_elements(By.CSS_SELECTOR, "[data-table='ambito-anziani']"))
        wait_until(admin, lambda d: text_of(d, "publication-state").startswith("Non pubblicati"), message="not published yet")
        # Choosing a table ends with the keyboard on its section, once its invitations are read.
        wait_until(admin, lambda d: d.switch_to.active_element.get_attribute("id") == "table-section", message="the table shown")
        assert text_of(admin, "publication-toggle") == "Pubblica i verbali approvati"
        assert by_id(admin, "public-page-link").get_attribute("href") == f"{base}/pubblico/{PROCEDURE['id']}"
        click_when(admin, lambda d: d.find_elements(By.ID, "publication-toggle"))
        wait_until(admin, lambda d: text_of(d, "publication-state").startswith("Pubblicati dal "), message="published")
        assert "sono ora sulla pagina pubblica" in text_of(admin, "status")
        assert text_of(admin, "publication-toggle") == "Ritira i verbali dalla pagina pubblica"
        assert admin.switch_to.active_element == by_id(admin, "publication-toggle"), admin.switch_to.active_element.get_attribute("outerHTML")[:120]
        assert next(t for t in api(base, "GET", "/api/tables") if t["id"] == "ambito-anziani").get("publishedAt")
        admin.execute_script("document.getElementById('publication').scrollIntoView({block: 'center'})")
        screenshot(admin, "admin-publication-laptop")
        assert violations(admin, "the administration page with publication") == []
        assert english_on_page(admin) == []
        click_when(admin, lambda d: d.find_elements(By.ID, "publication-toggle"))
        wait_until(admin, lambda d: text_of(d, "publication-state").startswith("Non pubblicati"), message="taken off")
        assert "non sono più sulla pagina pubblica" in text_of(admin, "status")
        assert not next(t for t in api(base, "GET", "/api/tables") if t["id"] == "ambito-anziani").get("publishedAt")

        # In English too.
        click_when(admin, lambda d: d.find_elements(By.ID, "language"))
        wait_until(admin, lambda d: text_of(d, "publication-toggle") == "Publish the approved minutes", message="English")
        assert "Public page" in text_of(admin, "procedure-list")
        assert console_errors(admin) == []
