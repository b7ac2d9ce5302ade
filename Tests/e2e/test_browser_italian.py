"""No English on an Italian page, also when the server refuses (issue 12, item 6).

The server's error messages and close reasons are English sentences for developers; the page
says the error catalogue's Italian sentence instead (web/i18n/errors.js). In a real Chromium:

- an invitation revoked while its holder is at the table (the server sends `not_authenticated`
  "invitation revoked: …" and closes 1008), then the same link opened again, and on the history
  page (HTTP 401);
- an expired invitation (a token signed with the server's own key, its `exp` in the past);
- edits refused for good (a PA member types in the minutes as the session closes: `forbidden`
  "minutes in review change only through amendments").

Each time the text shown is the Italian catalogue entry, and no visible line is English: none
equals, or contains, an English catalogue string that differs from the Italian one, and none
carries the server's own words.
"""
import asyncio
import base64
import hashlib
import hmac
import json
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import by_id, open_page, online, screenshot, tavolo, wait_until
from italian import catalogues, english_on_page
from tavolo_client import TableClient

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio")
ETS = ("ets", "Carla Verdi", "Cooperativa Aurora")
REVOKED = ("ets", "Riccardo Bianchi", "Associazione Il Faro")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def claims_of(token):
    return json.loads(unb64url(token.split(".")[1]))


def expired_token(table, name):
    """`name`'s token with its `exp` an hour ago, signed with the server's key (data/invitation.key)."""
    header, payload, _ = table.tokens[name].split(".")
    claims = json.loads(unb64url(payload))
    now = int(time.time())
    claims.update(iat=now - 7200, exp=now - 3600)
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    key = (Path(table.data) / "invitation.key").read_bytes()
    signature = hmac.new(key, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64url(signature)}"


def connection_text(driver):
    return by_id(driver, "connection-text").text


async def act(client, action):
    client.ref += 1
    await client.send({"type": "action", "ref": client.ref, "action": action})
    state = None
    while True:
        message = json.loads(await asyncio.wait_for(client.ws.recv(), 10))
        if message["type"] == "table":
            state = message["state"]
        elif message["type"] == "done" and message["ref"] == client.ref:
            return state
        elif message["type"] == "error" and message.get("ref") == client.ref:
            raise AssertionError(f"{action} refused: {message}")


def test_refusals_are_said_in_italian_and_nothing_on_the_page_is_english(browsers, invited_table):
    table = invited_table([FACILITATOR, PA, ETS, REVOKED])
    page = browsers(1280, 900)

    # 1. An invitation revoked while its holder is at the table.
    open_page(page, table.url("Riccardo Bianchi"))
    wait_until(page, online, message="Riccardo at the table")
    it, en = catalogues(page)
    assert it["errors.invitationRevoked"] == "Il tuo invito è stato revocato: chiedi un nuovo link a chi facilita il tavolo."
    revoked = tavolo("invite", "revoke", "--data-directory", table.data, claims_of(table.tokens["Riccardo Bianchi"])["jti"])
    assert revoked.returncode == 0, revoked.stderr
    wanted = f"Accesso non riuscito. {it['errors.invitationRevoked']}"
    wait_until(page, lambda d: connection_text(d) == wanted, timeout=20, message="the revocation said in Italian")
    screenshot(page, "italian-1-revoked-laptop")
    assert english_on_page(page, it, en) == []

    # The same link opened again: refused at `hello`, the same words.
    open_page(page, table.url("Riccardo Bianchi"))
    wait_until(page, lambda d: connection_text(d) == wanted, message="the revoked link refused in Italian")
    assert english_on_page(page, it, en) == []

    # The history page answers 401 with the server's English: the page says the catalogue's words.
    open_page(page, table.url("Riccardo Bianchi", "/history.html"))
    wait_until(page, lambda d: it["errors.invitationRevoked"] in by_id(d, "status").text, message="the history page refusing in Italian")
    screenshot(page, "italian-2-history-revoked-laptop")
    assert english_on_page(page, it, en) == []

    # 2. An expired invitation, on a phone.
    phone = browsers(360, 740)
    open_page(phone, f"http://127.0.0.1:{table.server.port}/#invito={expired_token(table, 'Carla Verdi')}")
    wait_until(phone, lambda d: connection_text(d) == f"Accesso non riuscito. {it['errors.invitationExpired']}",
               message="the expiry said in Italian")
    assert "scaduto" in connection_text(phone)
    screenshot(phone, "italian-3-expired-phone")
    assert english_on_page(phone, it, en) == []

    # 3. Edits refused for good: the minutes go into review while a PA member's typing is on its way.
    facilitator = TableClient(table.server.ws_url, "fabio", table.table, token=table.tokens["Fabio Neri"])

    async def open_session():
        await facilitator.connect()
        state = await act(facilitator, {"scheduleSession": {"title": "Prima seduta"}})
        session = state["sessions"][-1]["id"]
        await act(facilitator, {"openSession": {"session": session}})
        return session
    session = asyncio.run(open_session())

    pa = browsers(1280, 900)
    open_page(pa, table.url("Paola Gialli"))
    wait_until(pa, online, message="Paola at the table")
    minutes = f"minutes:{session}#text"
    wait_until(pa, lambda d: any(o.get_attribute("value") == minutes for o in Select(by_id(d, "text-picker")).options),
               message="the minutes offered")
    pa.execute_script("const picker = document.getElementById('text-picker'); picker.value = arguments[0];"
                      "picker.dispatchEvent(new Event('change', { bubbles: true }));", minutes)
    editor = by_id(pa, "editor")
    wait_until(pa, lambda d: editor.is_displayed() and editor.get_attribute("readonly") is None, message="the minutes editable by PA")
    pa.execute_script("""
        const send = WebSocket.prototype.send;
        window.__held = [];
        window.__release = () => { WebSocket.prototype.send = send; for (const [socket, data] of window.__held) send.call(socket, data); };
        WebSocket.prototype.send = function (data) {
            if (String(data).includes('"type":"ops"')) { window.__held.push([this, data]); return; }
            return send.call(this, data);
        };""")
    editor.send_keys("Bozza scritta sulla rete lenta.")
    wait_until(pa, lambda d: d.execute_script("return window.__held.length") > 0, message="the operations held back")

    async def close_session():
        await facilitator.connect()
        await act(facilitator, {"closeSession": {"session": session}})
        await facilitator.close()
    asyncio.run(close_session())

    pa.execute_script("window.__release()")
    refused = wait_until(pa, lambda d: (lambda n: n.is_displayed() and n)(by_id(d, "editor-refused")), timeout=30,
                         message="the refused edits explained")
    note = refused.find_element(By.TAG_NAME, "p").text
    assert it["errors.minutesAmend"] in note, note
    assert note.startswith("Il server non ha accettato le tue ultime modifiche."), note
    pa.execute_script("arguments[0].scrollIntoView({block: 'center'})", refused)
    screenshot(pa, "italian-4-refused-edits-laptop")
    # What she typed is offered back: her own words are user data, not English.
    assert english_on_page(pa, it, en, allowed={"Bozza scritta sulla rete lenta."}) == []
