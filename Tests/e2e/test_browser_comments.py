"""Comments on selected text and remote cursors, in two real browsers (issue 6): a PA officer on a
phone selects a passage of the shared project by keyboard and comments on it; the facilitator
sees the comment beside the text (the quote shows the passage in the text), replies; the PA
officer sees the reply and resolves it. Meanwhile each sees the other's cursor and selection in
that person's colour with their name, the same colour the list of people shows on both screens."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser import by_id, console_errors, online, open_page, screenshot, wait_until

FACILITATOR = ("facilitator", "Fabio Neri", "Ufficio di Piano")
PA = ("pa", "Paola Gialli", "Comune di Casalecchio")
TEXT = "Il progetto riguarda la domiciliarità per gli anziani del distretto."
PASSAGE = "domiciliarità"


def press(driver, element, *keys):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", element)
    element.send_keys(*keys)


def colours_in_people_list(driver):
    """name → the CSS colour the list of people shows them in."""
    return dict(driver.execute_script("""return [...document.querySelectorAll('#presence .person-name')]
        .map((e) => [e.textContent.replace(/ \\(tu\\)$/, ''), getComputedStyle(e).color]);"""))


def comment_button(driver, label, *keys):
    """Finds the comment list's button `label` afresh and presses it (by keyboard when `keys`
    are given): the list is redrawn as the text and the comments change."""
    def attempt(d):
        button = next((b for b in d.find_elements(By.CSS_SELECTOR, "#comments-list button") if b.text == label), None)
        if button is None:
            return None
        if keys:
            d.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", button)
            button.send_keys(*keys)
        else:
            button.click()
        return True
    wait_until(driver, attempt, message=f"the button {label}")


def remote_cursor_colour(driver, name):
    """The background of the name label of `name`'s cursor, or None (read in one step: the
    cursors are redrawn whenever anyone moves)."""
    return driver.execute_script("""
        const label = [...document.querySelectorAll('#editor-cursors .remote-name')].find((e) => e.textContent === arguments[0]);
        return label ? getComputedStyle(label).backgroundColor : null;""", name)


def remote_selection_colours(driver):
    return driver.execute_script(
        "return [...document.querySelectorAll('#editor-cursors .remote-selection')].map((e) => getComputedStyle(e).backgroundColor)")


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
    wait_until(facilitator, lambda d: "Paola Gialli: Serve anche il trasporto sociale." in by_id(d, "comments-list").text, message="the comment")
    assert facilitator.execute_script("return getComputedStyle(document.querySelector('#comments-list .comment strong')).color") == colours["Paola Gialli"]
    wait_until(facilitator, lambda d: "Nuovo commento di Paola Gialli" in d.execute_script("return window.tavoloHeard.join('|')"),
               message="the new comment announced")
    comment_button(facilitator, f"«{PASSAGE}»")
    assert facilitator.execute_script("const e = document.getElementById('editor'); return e.value.slice(e.selectionStart, e.selectionEnd)") == PASSAGE

    # The PA officer's selection and cursor, in her colour, with her name, on the facilitator's screen.
    label = wait_until(facilitator, lambda d: remote_cursor_colour(d, "Paola Gialli"), message="the PA officer's cursor")
    assert label == colours["Paola Gialli"]
    marks = remote_selection_colours(facilitator)
    assert marks and all(m == colours["Paola Gialli"] for m in marks), marks
    # …and the facilitator's (selecting the quoted passage moved it) on the phone, in his.
    label = wait_until(pa, lambda d: remote_cursor_colour(d, "Fabio Neri"), message="the facilitator's cursor on the phone")
    assert label == colours["Fabio Neri"]

    # A reply from the facilitator reaches the phone; the PA officer resolves the comment.
    comment_button(facilitator, "Rispondi")
    # The reply field has the focus, and the list is not redrawn under it while it does.
    reply = facilitator.switch_to.active_element
    assert reply.get_attribute("id").startswith("reply-")
    assert facilitator.find_element(By.CSS_SELECTOR, "#comments-list [aria-expanded]").get_attribute("aria-expanded") == "true"
    reply.send_keys("D'accordo, lo aggiungo")
    # A redraw of the list (here: the language switched) keeps the half-written reply.
    facilitator.execute_script("document.getElementById('language').click()")
    wait_until(facilitator, lambda d: "Reply" in by_id(d, "comments-list").text, message="the list in English")
    draft = facilitator.find_element(By.CSS_SELECTOR, "#comments-list textarea")
    assert draft.get_attribute("value") == "D'accordo, lo aggiungo" and draft.is_displayed()
    facilitator.execute_script("document.getElementById('language').click()")
    wait_until(facilitator, lambda d: "Rispondi" in by_id(d, "comments-list").text, message="the list in Italian again")
    draft = facilitator.find_element(By.CSS_SELECTOR, "#comments-list textarea")
    draft.send_keys(Keys.END, " alle risorse.")
    comment_button(facilitator, "Invia")
    wait_until(pa, lambda d: "Fabio Neri: D'accordo, lo aggiungo alle risorse." in by_id(d, "comments-list").text, message="the reply")
    comment_button(pa, "Segna come risolto", Keys.ENTER)
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#comments-list .comment.resolved"), message="resolved")
    assert "Riapri" in by_id(facilitator, "comments-list").text

    pa.execute_script("document.getElementById('comments-section').scrollIntoView()")
    assert pa.execute_script("return document.scrollingElement.scrollWidth") <= 360
    screenshot(pa, "comments-pa-it-phone-360")
    screenshot(facilitator, "comments-facilitator-it-1280")
    for driver in (facilitator, pa):
        assert console_errors(driver) == []
