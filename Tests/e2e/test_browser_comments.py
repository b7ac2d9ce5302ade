"""Comments on selected text and remote cursors, in two real browsers (issue 6): a PA officer on a
phone selects a passage of the shared project by keyboard and comments on it; the facilitator
sees the comment beside the text (the quote shows the passage in the text), replies; the PA
officer sees the reply and resolves it. Meanwhile each sees the other's cursor and selection in
that person's colour with their name, the same colour the list of people shows on both screens."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import console_errors, open_page, screenshot, wait_until

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio")
TEXT = "Il progetto riguarda la domiciliarità per gli anziani del distretto."
PASSAGE = "domiciliarità"


def by_id(driver, element_id):
    return driver.find_element(By.ID, element_id)


def press(driver, element, *keys):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", element)
    element.send_keys(*keys)


def online(driver):
    return by_id(driver, "connection").get_attribute("data-state") == "open"


def colours_in_people_list(driver):
    """name → the CSS colour the list of people shows them in."""
    return {e.get_attribute("textContent").removesuffix(" (tu)"): e.value_of_css_property("color")
            for e in driver.find_elements(By.CSS_SELECTOR, "#presence .person-name")}


def remote_cursor(driver, name):
    for label in driver.find_elements(By.CSS_SELECTOR, "#editor-cursors .remote-name"):
        if label.text == name:
            return label
    return None


def test_a_comment_on_selected_text_reaches_the_other_person_with_reply_and_resolve(browsers, invited_table):
    table = invited_table([FACILITATOR, PA])
    facilitator = browsers(1280, 900)
    pa = browsers(360, 740)
    open_page(facilitator, table.url("Fabio Neri"))
    open_page(pa, table.url("Paola Gialli"))
    for driver in (facilitator, pa):
        wait_until(driver, online, message="the table to be joined")
        wait_until(driver, lambda d: by_id(d, "editor").is_enabled() and by_id(d, "editor").get_attribute("readonly") is None,
                   message="the shared project, editable")
    facilitator.execute_script("""
        window.tavoloHeard = [];
        const region = document.getElementById('announcer');
        new MutationObserver(() => { if (region.textContent) window.tavoloHeard.push(region.textContent); })
          .observe(region, { childList: true, characterData: true, subtree: true });""")

    by_id(facilitator, "editor").send_keys(TEXT)
    wait_until(pa, lambda d: by_id(d, "editor").get_attribute("value") == TEXT, message="the text on the phone")

    # Both see the same two colours, different from each other, in the list of people.
    wait_until(facilitator, lambda d: len(colours_in_people_list(d)) == 2, message="both present")
    wait_until(pa, lambda d: colours_in_people_list(d) == colours_in_people_list(facilitator), message="the same colours on both screens")
    colours = colours_in_people_list(facilitator)
    assert colours["Fabio Neri"] != colours["Paola Gialli"], colours

    # The PA officer selects the passage by keyboard and comments on it, by keyboard.
    editor = by_id(pa, "editor")
    start = TEXT.index(PASSAGE)
    press(pa, editor, Keys.CONTROL, Keys.HOME)
    editor.send_keys(Keys.ARROW_RIGHT * start)
    editor.send_keys(Keys.SHIFT + Keys.ARROW_RIGHT * len(PASSAGE))
    assert pa.execute_script("const e = arguments[0]; return e.value.slice(e.selectionStart, e.selectionEnd)", editor) == PASSAGE
    button = wait_until(pa, lambda d: by_id(d, "comment-button") if by_id(d, "comment-button").is_enabled() else None,
                        message="'Commenta' enabled by the selection")
    assert button.text == "Commenta"
    press(pa, button, Keys.ENTER)
    assert pa.switch_to.active_element == by_id(pa, "comment-body"), "the comment field takes the focus"
    assert f"«{PASSAGE}»" in by_id(pa, "comment-quote").text
    pa.switch_to.active_element.send_keys("Serve anche il trasporto sociale.")
    press(pa, by_id(pa, "comment-submit"), Keys.ENTER)

    # The facilitator sees it beside the text, is told of it, and finds the passage from it.
    comment = wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#comments-list .comment"), message="the comment")[0]
    assert "Paola Gialli: Serve anche il trasporto sociale." in comment.text
    assert comment.find_element(By.TAG_NAME, "strong").value_of_css_property("color") == colours["Paola Gialli"]
    wait_until(facilitator, lambda d: "Nuovo commento di Paola Gialli" in d.execute_script("return window.tavoloHeard.join('|')"),
               message="the new comment announced")
    quote = comment.find_element(By.CSS_SELECTOR, "button.quote")
    assert quote.text == f"«{PASSAGE}»"
    quote.click()
    assert facilitator.execute_script("const e = document.getElementById('editor'); return e.value.slice(e.selectionStart, e.selectionEnd)") == PASSAGE

    # The PA officer's selection and cursor, in her colour, with her name, on the facilitator's screen.
    label = wait_until(facilitator, lambda d: remote_cursor(d, "Paola Gialli"), message="the PA officer's cursor")
    assert label.value_of_css_property("background-color") == colours["Paola Gialli"]
    marks = facilitator.find_elements(By.CSS_SELECTOR, "#editor-cursors .remote-selection")
    assert marks and all(m.value_of_css_property("background-color") == colours["Paola Gialli"] for m in marks)
    # …and the facilitator's (selecting the quoted passage moved it) on the phone, in his.
    wait_until(pa, lambda d: remote_cursor(d, "Fabio Neri"), message="the facilitator's cursor on the phone")
    assert remote_cursor(pa, "Fabio Neri").value_of_css_property("background-color") == colours["Fabio Neri"]

    # A reply from the facilitator reaches the phone; the PA officer resolves the comment.
    reply = next(b for b in comment.find_elements(By.TAG_NAME, "button") if b.text == "Rispondi")
    reply.click()
    assert reply.get_attribute("aria-expanded") == "true"
    facilitator.switch_to.active_element.send_keys("D'accordo, lo aggiungo alle risorse.")
    next(b for b in facilitator.find_elements(By.CSS_SELECTOR, "#comments-list .reply-form button") if b.text == "Invia").click()
    wait_until(pa, lambda d: "Fabio Neri: D'accordo, lo aggiungo alle risorse." in by_id(d, "comments-list").text, message="the reply")
    resolve = next(b for b in pa.find_elements(By.CSS_SELECTOR, "#comments-list button") if b.text == "Segna come risolto")
    press(pa, resolve, Keys.ENTER)
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#comments-list .comment.resolved"), message="resolved")
    assert "Riapri" in by_id(facilitator, "comments-list").text

    pa.execute_script("document.getElementById('comments-section').scrollIntoView()")
    assert pa.execute_script("return document.scrollingElement.scrollWidth") <= 360
    screenshot(pa, "comments-pa-it-phone-360")
    screenshot(facilitator, "comments-facilitator-it-1280")
    for driver in (facilitator, pa):
        assert console_errors(driver) == []
