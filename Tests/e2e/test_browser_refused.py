"""Edits the server refuses for good: a PA member types in the minutes on a slow link (the
page's operations are held back); meanwhile the facilitator closes the session, which puts the
minutes in review (PA members then change them only through amendments). When the operations
arrive they are refused; the text returns to the saved one and what the member typed is offered
back to copy."""
import asyncio
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser import by_id, open_page, wait_until
from tavolo_client import TableClient

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio")


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


def test_refused_edits_are_offered_back(browsers, invited_table):
    table = invited_table([FACILITATOR, PA])
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
    wait_until(pa, lambda d: by_id(d, "connection").get_attribute("data-state") == "open", message="the table joined")
    wait_until(pa, lambda d: any(o.get_attribute("value") == f"minutes:{session}#text" for o in Select(by_id(d, "text-picker")).options), message="the minutes offered")
    Select(by_id(pa, "text-picker")).select_by_value(f"minutes:{session}#text")
    editor = by_id(pa, "editor")
    wait_until(pa, lambda d: editor.get_attribute("readonly") is None, message="the minutes editable by PA")

    # A slow link: the page's operations wait in the browser until released.
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
                         message="the refused edits offered back")
    assert "non ha accettato" in refused.text
    assert refused.find_element(By.TAG_NAME, "textarea").get_attribute("value") == "Bozza scritta sulla rete lenta."
    assert "Bozza scritta sulla rete lenta." not in by_id(pa, "editor").get_attribute("value")
