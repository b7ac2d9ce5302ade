"""Administration in the browser (issue 12, item 1), in a real Chromium: from the administrator link
the server prints (`/admin/#chiave=<key>`) an administrator registers the procedure (the public
notice) and creates a table of it (title, an id suggested from it, an area suggested by the
procedure), invites a facilitator, a PA officer and an ETS member, copies the ETS
member's link (the clipboard holds it) and that link, opened on a 360-px phone, joins the table;
the page then shows her as joined and present. The QR code shown for her is read by a real
decoder (zbarimg) from a screenshot of the page. One invitation is revoked (after a confirmation)
and the states read attivo / revocato. A wrong key says so in Italian; "Esci" forgets the key.
Screenshots: test-output/screenshots/admin-*.png, phone (360×740) and laptop (1366×768)."""
import base64
import json
import shutil
import socket
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, online, open_page, screenshot, wait_until

KEY = "an-admin-key-long-enough-for-the-rule-0123456789"
PHONE = (360, 740)
LAPTOP = (1366, 768)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def text_of(driver, element_id):
    return by_id(driver, element_id).get_attribute("textContent")


def row(driver, name):
    """The invitation list item of `name` (or None)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('#invitation-list > li')]
          .find((li) => li.querySelector('.invitation-name')?.textContent === arguments[0]) ?? null;""", name)


def row_text(driver, name):
    found = row(driver, name)
    return found.get_attribute("textContent") if found else ""


def in_row(driver, name, prefix):
    """A control of `name`'s row whose id starts with `prefix` (inv-toggle-, inv-copy-, inv-qr-, inv-revoke-)."""
    found = row(driver, name)
    if not found:
        return None
    invitation = found.get_attribute("data-invitation")
    elements = driver.find_elements(By.ID, f"{prefix}{invitation}")
    return elements[0] if elements else None


def invite(driver, role, name, organisation, days=None):
    Select(by_id(driver, "invite-role")).select_by_value(role)
    by_id(driver, "invite-name").send_keys(name)
    by_id(driver, "invite-organisation").send_keys(organisation)
    if days is not None:
        by_id(driver, "invite-days").clear()
        by_id(driver, "invite-days").send_keys(str(days))
    click_when(driver, lambda d: d.find_elements(By.ID, "invite-submit"))
    wait_until(driver, lambda d: f"Invito creato per {name}" in text_of(d, "status"), message=f"the invitation of {name}")
    return wait_until(driver, lambda d: in_row(d, name, "inv-link-"), message=f"the link of {name}").get_attribute("value")


def claims(link):
    """The claims of an invitation link's token, but its times of signing."""
    payload = link.split("#invito=", 1)[1].split(".")[1]
    decoded = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return {key: value for key, value in decoded.items() if key != "iat"}


def assert_fits(driver, width, where):
    scroll = driver.execute_script("return document.scrollingElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways ({scroll} px) {where}"


def test_an_administrator_creates_a_table_invites_shares_and_revokes_from_the_browser(browsers, start_server, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server("--authentication", "invitations", "--port", str(port), "--public-url", base,
                          env={"TAVOLO_ADMIN_TOKEN": KEY})
    admin = browsers(*LAPTOP)
    admin.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})

    # The printed link: the key leaves the address bar at once and is kept in this browser.
    open_page(admin, f"{base}/admin/#chiave={KEY}")
    wait_until(admin, lambda d: by_id(d, "workspace").is_displayed(), message="the administration workspace")
    assert "chiave" not in admin.current_url, admin.current_url
    assert admin.execute_script("return localStorage.getItem('tavolo.adminKey')") == KEY
    assert admin.find_element(By.TAG_NAME, "html").get_attribute("lang") == "it"
    assert by_id(admin, "no-tables").is_displayed()
    assert by_id(admin, "table-title-input").is_displayed(), "with no tables, the new table form is open"
    screenshot(admin, "admin-laptop-1366-first-start")

    # First the procedure the tables belong to (the public notice), registered from the page.
    assert by_id(admin, "procedures-section").is_displayed()
    click_when(admin, lambda d: d.find_elements(By.CSS_SELECTOR, "#new-procedure > summary"))
    by_id(admin, "procedure-title-input").send_keys("Avviso pubblico per la coprogettazione di interventi per le persone anziane")
    assert by_id(admin, "procedure-id-input").get_attribute("value").startswith("avviso-pubblico-per-la-coprogettazione")
    by_id(admin, "procedure-id-input").clear()
    by_id(admin, "procedure-id-input").send_keys("avviso-anziani-2026")
    by_id(admin, "procedure-basis-input").send_keys("art. 55 D.Lgs. 117/2017")
    by_id(admin, "procedure-act-input").send_keys("Determina n. 123 del 15/09/2026")
    by_id(admin, "procedure-areas-input").send_keys("Anziani e non autosufficienza\nDomiciliarità\n")
    click_when(admin, lambda d: d.find_elements(By.ID, "procedure-submit"))
    wait_until(admin, lambda d: "Procedimento «Avviso pubblico per la coprogettazione" in text_of(d, "status"), message="the procedure registered")
    assert "art. 55 D.Lgs. 117/2017 · Determina n. 123 del 15/09/2026" in text_of(admin, "procedure-list")
    assert Select(by_id(admin, "table-procedure-select")).first_selected_option.get_attribute("value") == "avviso-anziani-2026", \
        "the new procedure is chosen for the next table"
    assert admin.switch_to.active_element == by_id(admin, "table-title-input")
    screenshot(admin, "admin-laptop-1366-procedure")

    # A table: the id follows the title until edited.
    by_id(admin, "table-title-input").send_keys("Ambito anziani – Pianura Est")
    assert by_id(admin, "table-id-input").get_attribute("value") == "ambito-anziani-pianura-est"
    # The table is created for its procedure, picked from those registered; the procedure's areas are suggested.
    by_id(admin, "table-procedure-select").find_element(By.CSS_SELECTOR, 'option[value="avviso-anziani-2026"]').click()
    suggested = [o.get_attribute("value") for o in admin.find_elements(By.CSS_SELECTOR, "#area-options option")]
    assert suggested == ["Anziani e non autosufficienza", "Domiciliarità"], suggested
    by_id(admin, "table-area-input").send_keys("Anziani e non autosufficienza")
    click_when(admin, lambda d: d.find_elements(By.ID, "table-submit"))
    wait_until(admin, lambda d: "Tavolo «Ambito anziani – Pianura Est» creato" in text_of(d, "status"), message="the table created")
    assert text_of(admin, "table-heading") == "Ambito anziani – Pianura Est"
    assert "Anziani e non autosufficienza" in text_of(admin, "table-meta")
    assert "Avviso pubblico per la coprogettazione di interventi per le persone anziane" in text_of(admin, "table-meta")
    assert [e.get_attribute("textContent") for e in admin.find_elements(By.CSS_SELECTOR, "#table-list .table-name")] == \
        ["Ambito anziani – Pianura Est"]
    assert Select(by_id(admin, "invite-role")).first_selected_option.get_attribute("value") == "facilitator", \
        "a new table suggests inviting its facilitator first"
    assert admin.switch_to.active_element == by_id(admin, "invite-name")

    # A second table, to see the list ordered by title; then back to the first.
    click_when(admin, lambda d: d.find_elements(By.CSS_SELECTOR, "#new-table > summary"))
    by_id(admin, "table-title-input").send_keys("Accoglienza e inclusione")
    by_id(admin, "table-id-input").clear()
    by_id(admin, "table-id-input").send_keys("accoglienza 2026")
    click_when(admin, lambda d: d.find_elements(By.ID, "table-submit"))
    wait_until(admin, lambda d: by_id(d, "table-id-error").is_displayed(), message="the id refused beside its field")
    assert text_of(admin, "table-id-error").startswith("L’identificativo può contenere solo lettere senza accenti")
    assert admin.switch_to.active_element == by_id(admin, "table-id-input")
    by_id(admin, "table-id-input").clear()
    by_id(admin, "table-id-input").send_keys("accoglienza_2026")
    by_id(admin, "table-title-input").send_keys(" dei migranti")
    assert by_id(admin, "table-id-input").get_attribute("value") == "accoglienza_2026", "an edited id stays"
    click_when(admin, lambda d: d.find_elements(By.ID, "table-submit"))
    wait_until(admin, lambda d: text_of(d, "table-heading") == "Accoglienza e inclusione dei migranti", message="the second table")
    assert [e.get_attribute("textContent") for e in admin.find_elements(By.CSS_SELECTOR, "#table-list .table-name")] == \
        ["Accoglienza e inclusione dei migranti", "Ambito anziani – Pianura Est"]
    click_when(admin, lambda d: d.find_elements(By.CSS_SELECTOR, '#table-list button[data-table="ambito-anziani-pianura-est"]'))
    wait_until(admin, lambda d: text_of(d, "table-heading") == "Ambito anziani – Pianura Est", message="the first table again")

    # A field the server would refuse is caught here, in Italian, beside the field.
    click_when(admin, lambda d: d.find_elements(By.ID, "invite-submit"))
    wait_until(admin, lambda d: by_id(d, "invite-name-error").is_displayed(), message="the empty name refused")
    assert text_of(admin, "invite-name-error") == "Compila «Nome e cognome»."
    assert by_id(admin, "invite-name").get_attribute("aria-invalid") == "true"

    # Three invitations: facilitator, PA, ETS; each shows its link at once.
    facilitator_link = invite(admin, "facilitator", "Fabio Neri", "Ufficio di Piano")
    pa_link = invite(admin, "pa", "Paola Gialli", "Comune di Casalecchio", days=7)
    ets_link = invite(admin, "ets", "Carla Verdi", "Associazione Aurora")
    for link in (facilitator_link, pa_link, ets_link):
        assert link.startswith(f"{base}/#invito="), link
    assert "Ente del Terzo settore" in row_text(admin, "Carla Verdi")
    assert "Pubblica amministrazione" in row_text(admin, "Paola Gialli")
    assert "Facilitazione" in row_text(admin, "Fabio Neri")
    assert "attivo" in row_text(admin, "Carla Verdi") and "nessun accesso finora" in row_text(admin, "Carla Verdi")
    # The table opens as facilitator with the facilitator's own link.
    opener = wait_until(admin, lambda d: by_id(d, "open-table-link") if by_id(d, "open-table-link").is_displayed() else None,
                        message="the link that opens the table")
    assert opener.get_attribute("href") == facilitator_link
    screenshot(admin, "admin-laptop-1366-invitations")

    # Copy the ETS member's link: the clipboard holds it.
    click_when(admin, lambda d: in_row(d, "Carla Verdi", "inv-copy-"))
    wait_until(admin, lambda d: "Link copiato." in row_text(d, "Carla Verdi"), message="the link copied")
    copied = admin.execute_async_script("navigator.clipboard.readText().then(arguments[0], (e) => arguments[0](String(e)))")
    assert copied == ets_link

    # She opens it on her phone and joins the table.
    phone = browsers(*PHONE)
    open_page(phone, copied)
    wait_until(phone, online, message="the ETS member to join with her link")
    assert "Carla Verdi" in text_of(phone, "invitation")

    # The admin page shows her as joined and present (refreshed by hand here; it also polls).
    def present(d):
        click_when(d, lambda e: e.find_elements(By.ID, "refresh"))
        time.sleep(0.3)
        return "presente ora" in row_text(d, "Carla Verdi")
    wait_until(admin, present, timeout=20, message="Carla shown present")
    assert "Carla Verdi è ora al tavolo." in text_of(admin, "status"), "the arrival is said (and announced)"
    assert "primo accesso" in row_text(admin, "Carla Verdi")
    assert "nessun accesso finora" in row_text(admin, "Fabio Neri")
    assert "1 presente ora" in text_of(admin, "table-counts")

    # The QR code for people in the room: read back by zbarimg from the screen.
    click_when(admin, lambda d: in_row(d, "Carla Verdi", "inv-qr-"))
    dialog = wait_until(admin, lambda d: by_id(d, "qr-dialog") if by_id(d, "qr-dialog").get_attribute("open") is not None else None,
                        message="the QR dialog")
    assert text_of(admin, "qr-title") == "Codice QR per Carla Verdi"
    svg = admin.find_element(By.CSS_SELECTOR, "#qr-image svg")
    assert svg.get_attribute("aria-label") == "Codice QR del link di invito di Carla Verdi"
    assert admin.switch_to.active_element == by_id(admin, "qr-close")
    screenshot(admin, "admin-laptop-1366-qr")
    if shutil.which("zbarimg"):
        image = tmp_path / "qr-screen.png"
        image.write_bytes(by_id(admin, "qr-image").screenshot_as_png)
        read = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "-Sbinary", str(image)],
                              capture_output=True, timeout=60)
        assert read.stdout.removesuffix(b"\n").decode() == ets_link, read
    click_when(admin, lambda d: d.find_elements(By.ID, "qr-close"))
    wait_until(admin, lambda d: dialog.get_attribute("open") is None, message="the dialog closed")
    assert admin.switch_to.active_element == in_row(admin, "Carla Verdi", "inv-qr-"), "focus back on the QR button"

    # Revoke the PA invitation, after a confirmation; its link stops working.
    click_when(admin, lambda d: in_row(d, "Paola Gialli", "inv-revoke-"))
    alert = wait_until(admin, lambda d: d.switch_to.alert, message="the confirmation")
    assert "Revocare l’invito di Paola Gialli?" in alert.text
    alert.accept()
    wait_until(admin, lambda d: "Invito di Paola Gialli revocato." in text_of(d, "status"), message="the revocation")
    wait_until(admin, lambda d: "revocato" in row_text(d, "Paola Gialli"), message="the revoked state")
    assert in_row(admin, "Paola Gialli", "inv-revoke-") is None, "a revoked invitation has no actions"
    states = {name: row(admin, name).get_attribute("data-state") for name in ("Fabio Neri", "Paola Gialli", "Carla Verdi")}
    assert states == {"Fabio Neri": "active", "Paola Gialli": "revoked", "Carla Verdi": "active"}
    assert "1 persona ha partecipato" in text_of(admin, "table-counts")
    # A revoked invitation offers a new one for the same person: the form is filled in.
    click_when(admin, lambda d: in_row(d, "Paola Gialli", "inv-again-"))
    wait_until(admin, lambda d: by_id(d, "invite-name").get_attribute("value") == "Paola Gialli", message="the form filled in")
    assert by_id(admin, "invite-organisation").get_attribute("value") == "Comune di Casalecchio"
    assert Select(by_id(admin, "invite-role")).first_selected_option.get_attribute("value") == "pa"
    assert admin.switch_to.active_element == by_id(admin, "invite-days")
    by_id(admin, "invite-name").clear()
    by_id(admin, "invite-organisation").clear()
    revoked_phone = browsers(*PHONE)
    open_page(revoked_phone, pa_link)
    wait_until(revoked_phone, lambda d: not online(d) and d.find_element(By.ID, "connection").get_attribute("data-state") == "closed",
               timeout=20, message="the revoked link refused")
    screenshot(admin, "admin-laptop-1366-states")
    assert_fits(admin, LAPTOP[0], "on the laptop")

    # The same on a 360-px phone: the table chosen from the list, link panel and QR code.
    admin_phone = browsers(*PHONE)
    open_page(admin_phone, f"{base}/admin/#chiave={KEY}")
    wait_until(admin_phone, lambda d: d.find_elements(By.CSS_SELECTOR, '#table-list button[data-table="ambito-anziani-pianura-est"]'),
               message="the tables on the phone")
    screenshot(admin_phone, "admin-phone-360-tables")
    click_when(admin_phone, lambda d: d.find_elements(By.CSS_SELECTOR, '#table-list button[data-table="ambito-anziani-pianura-est"]'))
    wait_until(admin_phone, lambda d: row(d, "Carla Verdi"), message="the invitations on the phone")
    assert_fits(admin_phone, PHONE[0], "with the invitations")
    screenshot(admin_phone, "admin-phone-360-table")
    # A phone has a share sheet (headless Chromium has none: a stand-in records what it is given).
    admin_phone.execute_script("navigator.share = async (data) => { window.tavoloShared = data; }")
    click_when(admin_phone, lambda d: in_row(d, "Carla Verdi", "inv-toggle-"))
    link_field = wait_until(admin_phone, lambda d: in_row(d, "Carla Verdi", "inv-link-"), message="the link, fetched again")
    # Re-sending signs the same invitation again (the claims' order may differ): same id, same person.
    assert claims(link_field.get_attribute("value")) == claims(ets_link)
    assert_fits(admin_phone, PHONE[0], "with a link shown")
    click_when(admin_phone, lambda d: in_row(d, "Carla Verdi", "inv-share-"))
    wait_until(admin_phone, lambda d: "Link condiviso." in row_text(d, "Carla Verdi"), message="the link shared")
    shared = admin_phone.execute_script("return window.tavoloShared")
    assert shared["url"] == link_field.get_attribute("value")
    assert shared["title"] == "Invito al tavolo «Ambito anziani – Pianura Est»"
    assert shared["text"].startswith("Carla Verdi, questo è il tuo link personale")
    admin_phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", link_field)
    screenshot(admin_phone, "admin-phone-360-link")
    click_when(admin_phone, lambda d: in_row(d, "Carla Verdi", "inv-qr-"))
    wait_until(admin_phone, lambda d: d.find_elements(By.CSS_SELECTOR, "#qr-dialog[open] #qr-image svg"), message="the QR on the phone")
    width = admin_phone.execute_script("return document.querySelector('#qr-image svg').getBoundingClientRect().width")
    assert width >= 250, f"the QR code is {width} px wide on the phone"
    screenshot(admin_phone, "admin-phone-360-qr")
    click_when(admin_phone, lambda d: d.find_elements(By.ID, "qr-close"))

    # "Esci" forgets the key; a wrong key is refused in plain Italian.
    click_when(admin_phone, lambda d: d.find_elements(By.ID, "sign-out"))
    wait_until(admin_phone, lambda d: by_id(d, "key-section").is_displayed(), message="the key form")
    assert admin_phone.execute_script("return localStorage.getItem('tavolo.adminKey')") is None
    by_id(admin_phone, "key-input").send_keys("not-the-key-" * 4)
    click_when(admin_phone, lambda d: d.find_elements(By.ID, "key-submit"))
    wait_until(admin_phone, lambda d: "La chiave di amministrazione non è valida" in text_of(d, "error"), message="the wrong key refused")
    assert not by_id(admin_phone, "workspace").is_displayed()
    assert_fits(admin_phone, PHONE[0], "on the key form")
    screenshot(admin_phone, "admin-phone-360-wrong-key")
    by_id(admin_phone, "key-input").clear()
    by_id(admin_phone, "key-input").send_keys(KEY)
    click_when(admin_phone, lambda d: d.find_elements(By.ID, "key-submit"))
    wait_until(admin_phone, lambda d: by_id(d, "workspace").is_displayed(), message="signed in with the form")

    # English second: the page switches and fits.
    click_when(admin_phone, lambda d: d.find_elements(By.ID, "language"))
    wait_until(admin_phone, lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", message="English")
    assert text_of(admin_phone, "tables-title") == "Tables"
    assert_fits(admin_phone, PHONE[0], "in English")
    click_when(admin_phone, lambda d: d.find_elements(By.ID, "language"))

    for driver in (admin, admin_phone, phone):
        # The wrong key's 401 is logged by Chromium as a failed load: expected, nothing else is.
        errors = [e for e in console_errors(driver) if not ("/api/tables - Failed to load resource" in e["message"] and "401" in e["message"])]
        assert errors == [], errors
    server.stop()
