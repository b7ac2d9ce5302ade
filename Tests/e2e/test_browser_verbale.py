"""One verbale view per session (issue 12, item 5), in a real browser: a facilitator on a
1366×768 laptop writes the verbale with the labelled toolbar (Titolo, Grassetto, Elenco, Link —
by mouse and by keyboard) and files decisions and actions under agenda items; after closing,
the ETS member on a 360×740 phone and the PA officer are shown the verbale by themselves,
formatted, with "Approva il verbale" at its top; an amendment is proposed and accepted, both
approve, and the approved verbale downloads as "PDF per l'archivio" (a real PDF) and the other
formats named in words. axe-core finds nothing on the verbale view. Screenshots:
test-output/screenshots/verbale-*.png."""
import base64

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser import by_id, click_when, console_errors, id_starting, online, open_page, press_when, screenshot, wait_until, open_agenda_form
from test_browser_accessibility import violations

FACILITATOR = ("facilitator", "Giulia Ferri", "Ufficio di Piano Pianura Est")
PA = ("pa", "Marco Rinaldi", "Comune di San Lazzaro")
ETS = ("ets", "Carla Verdi", "Associazione Aurora ODV")


def text_of(driver, element_id):
    return by_id(driver, element_id).get_attribute("textContent")


def tab(driver, name):
    """On a phone one section shows at a time."""
    if driver.execute_script("return getComputedStyle(document.getElementById('sections')).display") != "none":
        click_when(driver, lambda d: d.find_elements(By.ID, f"tab-{name}"))


def show(driver, element_id):
    """Scrolls `element_id` to the top of the window, below whatever stays stuck there (the what-now bar)."""
    driver.execute_script("""
        const element = document.getElementById(arguments[0]);
        element.scrollIntoView({ block: 'start' });
        const stuck = [...document.body.querySelectorAll('*')].filter((e) => {
          const style = getComputedStyle(e);
          const box = e.getBoundingClientRect();
          return (style.position === 'sticky' || style.position === 'fixed') && box.top <= 1 && box.height > 0 && box.height < innerHeight / 2;
        });
        window.scrollBy(0, -Math.max(0, ...stuck.map((e) => e.getBoundingClientRect().bottom)) - 8);""", element_id)


def fits_phone(driver):
    return driver.execute_script("return document.scrollingElement.scrollWidth") <= 360


def group_headings(driver):
    return [e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "#fac-minutes .verbale-group > h4")]


def toolbar_labels(driver):
    return [b.text for b in driver.find_elements(By.CSS_SELECTOR, "#editor-toolbar button")]


def catch_downloads(driver):
    """Keeps every blob the page saves (downloads go through a blob URL), to read it back."""
    driver.execute_script("""
        window.tavoloSaved = [];
        const make = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (blob) => { window.tavoloSaved.push(blob); return make(blob); };""")


def saved_start(driver, index, length=8):
    """The first bytes of the `index`-th saved blob, or None while there is none."""
    encoded = driver.execute_async_script("""
        const [index, length, done] = arguments;
        const blob = window.tavoloSaved[index];
        if (!blob) return done(null);
        blob.slice(0, length).arrayBuffer().then((b) => done(btoa(String.fromCharCode(...new Uint8Array(b)))));""", index, length)
    return base64.b64decode(encoded) if encoded else None


def test_the_verbale_is_one_view_written_reviewed_approved_and_downloaded(browsers, invited_table):
    table = invited_table([FACILITATOR, PA, ETS])
    facilitator = browsers(1366, 768)
    pa = browsers(360, 740)        # a PA officer writing the verbale on a phone
    ets = browsers(360, 740)
    for driver, (_, name, _) in ((facilitator, FACILITATOR), (pa, PA), (ets, ETS)):
        open_page(driver, table.url(name))
    for driver in (facilitator, pa, ets):
        wait_until(driver, online, message="the table joined")

    # A session with two agenda items; the second under discussion.
    wait_until(facilitator, lambda d: d.find_elements(By.ID, "fac-schedule-title"), message="the session form")
    facilitator.execute_script("const d = document.getElementById('fac-schedule-title').closest('details'); if (d) d.open = true;")
    by_id(facilitator, "fac-schedule-title").send_keys("Prima seduta")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-schedule"))
    click_when(facilitator, lambda d: id_starting(d, "fac-open-"), message="the new session")
    session = wait_until(facilitator, lambda d: id_starting(d, "fac-close-"), message="the session live").get_attribute("id").removeprefix("fac-close-")
    wait_until(facilitator, lambda d: by_id(d, "agenda-form").is_displayed() or by_id(d, "agenda-add-toggle").is_displayed(),
               message="the agenda form, or its toggle while the session is live")
    for title in ("Apertura e regole del tavolo", "Analisi dei bisogni"):
        open_agenda_form(facilitator)
        by_id(facilitator, "agenda-title-input").send_keys(title)
        click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-submit"))
        wait_until(facilitator, lambda d: title in text_of(d, "agenda-list"), message=f"the item {title}")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-next"))
    click_when(facilitator, lambda d: d.find_elements(By.ID, "agenda-next"))
    wait_until(facilitator, lambda d: "Analisi dei bisogni" in d.find_element(By.CSS_SELECTOR, ".agenda-item.current").text
               if d.find_elements(By.CSS_SELECTOR, ".agenda-item.current") else False, message="the second item current")

    # The picker groups the texts: the project, the verbali by session, the proposals by organisation.
    picker = Select(by_id(facilitator, "text-picker"))
    wait_until(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#text-picker optgroup[label='Verbali']"), message="the verbali group")
    groups = [g.get_attribute("label") for g in facilitator.find_elements(By.CSS_SELECTOR, "#text-picker optgroup")]
    assert groups[0] == "Verbali" and "Proposta – Associazione Aurora ODV" in groups, groups
    assert by_id(facilitator, "text-picker-label").text == "Documento da aprire"
    picker.select_by_value(f"minutes:{session}#text")

    # The toolbar in words; the verbale being written live opens on its source.
    editor = wait_until(facilitator, lambda d: by_id(d, "editor") if by_id(d, "editor").is_displayed() and by_id(d, "editor").get_attribute("readonly") is None else None,
                        message="the verbale's text open for writing")
    assert toolbar_labels(facilitator) == ["Titolo", "Grassetto", "Corsivo", "Elenco", "Link"]
    assert text_of(facilitator, "verbale-edit") == "Fine modifica"
    click_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#editor-toolbar [data-format=heading]"))
    editor.send_keys("Sintesi della discussione", Keys.ENTER, Keys.ENTER, "Gli enti concordano sulla ")
    click_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#editor-toolbar [data-format=bold]"))
    editor.send_keys("domiciliarità")   # replaces the selected placeholder
    editor.send_keys(Keys.END, ".", Keys.ENTER, Keys.ENTER)
    # By keyboard: one tab stop, arrows move along the toolbar, Enter formats.
    by_id(facilitator, "editor").send_keys("Polarità 1: servizi consolidati")
    press_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#editor-toolbar [data-format=heading]"), Keys.ARROW_RIGHT)
    assert facilitator.switch_to.active_element.text == "Grassetto"
    facilitator.switch_to.active_element.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    assert facilitator.switch_to.active_element.text == "Elenco"
    facilitator.switch_to.active_element.send_keys(Keys.ENTER)
    wait_until(facilitator, lambda d: "- Polarità 1: servizi consolidati" in by_id(d, "editor").get_attribute("value"), message="the list made by keyboard")
    by_id(facilitator, "editor").send_keys(Keys.END, Keys.ENTER, Keys.ENTER, "Dati: ")
    by_id(facilitator, "editor").send_keys(Keys.CONTROL, "k")
    by_id(facilitator, "editor").send_keys("https://example.org/dati")
    source = by_id(facilitator, "editor").get_attribute("value")
    assert source.startswith("## Sintesi della discussione\n\nGli enti concordano sulla **domiciliarità**."), source
    assert "[testo](https://example.org/dati)" in source, source

    # Decisions and actions filed under agenda items; "Altro" for the rest.
    assert Select(by_id(facilitator, "fac-add-decisions-item")).first_selected_option.text == "2. Analisi dei bisogni"
    by_id(facilitator, "fac-add-decisions-text").send_keys("Priorità alla domiciliarità nel primo anno.")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-add-decisions"))
    Select(by_id(facilitator, "fac-add-decisions-item")).select_by_visible_text("Altro")
    by_id(facilitator, "fac-add-decisions-text").send_keys("Calendario degli incontri da concordare.")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-add-decisions"))
    Select(by_id(facilitator, "fac-add-actions-item")).select_by_visible_text("1. Apertura e regole del tavolo")
    by_id(facilitator, "fac-add-actions-what").send_keys("Inviare il regolamento del tavolo")
    by_id(facilitator, "fac-add-actions-who").send_keys("Ufficio di Piano")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "fac-add-actions"))
    wait_until(facilitator, lambda d: group_headings(d) == ["1. Apertura e regole del tavolo", "2. Analisi dei bisogni", "Altro"],
               message="the entries grouped by agenda item")
    show(facilitator, "documents-title")
    screenshot(facilitator, "verbale-facilitator-laptop-writing")
    found = violations(facilitator, "verbale (laptop, writing, with its forms)")
    assert found == [], "\n".join(found)
    click_when(facilitator, lambda d: d.find_elements(By.ID, "verbale-edit"))
    rendered = by_id(facilitator, "document-rendered")
    wait_until(facilitator, lambda d: rendered.find_elements(By.TAG_NAME, "strong"), message="the formatted verbale")
    assert not by_id(facilitator, "editor").is_displayed()
    show(facilitator, "fac-minutes")
    screenshot(facilitator, "verbale-facilitator-laptop-entries")

    # The PA officer may write the verbale while the session is live: on a phone too, the toolbar in words.
    tab(pa, "documents")
    Select(by_id(pa, "text-picker")).select_by_value(f"minutes:{session}#text")
    wait_until(pa, lambda d: by_id(d, "editor").is_displayed() and toolbar_labels(d) == ["Titolo", "Grassetto", "Corsivo", "Elenco", "Link"],
               message="the toolbar on the PA phone")
    assert fits_phone(pa), "the phone scrolls sideways with the toolbar"
    show(pa, "verbale-text-title")
    screenshot(pa, "verbale-pa-phone-writing")
    tab(pa, "agenda")

    # From the session tab on the phone, "Apri il verbale" leads to the verbale view in the documents.
    tab(ets, "people")
    click_when(ets, lambda d: d.find_elements(By.ID, "fac-open-verbale"), message="Apri il verbale")
    wait_until(ets, lambda d: "active" in by_id(d, "documents-panel").get_attribute("class")
               and Select(by_id(d, "text-picker")).first_selected_option.get_attribute("value") == f"minutes:{session}#text",
               message="the verbale shown on the phone")
    wait_until(ets, lambda d: group_headings(d) == ["1. Apertura e regole del tavolo", "2. Analisi dei bisogni", "Altro"], message="the entries on the phone")
    assert fits_phone(ets), "the phone scrolls sideways on the live verbale"
    tab(ets, "agenda")

    # Close: the verbale goes into review; the others are shown it by themselves.
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-close-{session}"))
    click_when(facilitator, lambda d: d.find_elements(By.ID, f"fac-close-confirm-{session}"))
    tab(ets, "documents")
    tab(pa, "documents")
    for driver in (pa, ets):
        wait_until(driver, lambda d: Select(by_id(d, "text-picker")).first_selected_option.get_attribute("value") == f"minutes:{session}#text",
                   message="the verbale in review shown by itself")
        wait_until(driver, lambda d: d.find_elements(By.ID, "fac-approve"), message="Approva il verbale")
    # Formatted, not Markdown: a heading, bold, a list and a link; no raw markers on screen.
    rendered = by_id(ets, "document-rendered")
    assert rendered.find_element(By.TAG_NAME, "h4").text == "Sintesi della discussione"
    assert rendered.find_element(By.TAG_NAME, "strong").text == "domiciliarità"
    assert rendered.find_element(By.CSS_SELECTOR, "ul > li").text == "Polarità 1: servizi consolidati"
    assert rendered.find_element(By.TAG_NAME, "a").get_attribute("href") == "https://example.org/dati"
    assert "**" not in rendered.text and "##" not in rendered.text
    assert not by_id(ets, "editor").is_displayed() and not by_id(ets, "editor-toolbar").is_displayed()
    assert by_id(ets, "verbale-edit").get_attribute("hidden") is not None, "members do not edit the verbale in review"
    assert group_headings(ets) == ["1. Apertura e regole del tavolo", "2. Analisi dei bisogni", "Altro"]
    approve_top = ets.execute_script("const r = document.getElementById('fac-approve').getBoundingClientRect(); return r.top + window.scrollY")
    rendered_top = ets.execute_script("return document.getElementById('document-rendered').getBoundingClientRect().top + window.scrollY")
    assert approve_top < rendered_top, "Approva il verbale comes before the text, not thousands of pixels below"
    assert "Il verbale si potrà scaricare quando" in text_of(ets, "verbale-downloads")
    assert fits_phone(ets), "the phone scrolls sideways on the verbale"
    show(ets, "documents-title")
    screenshot(ets, "verbale-ets-phone-review")
    show(ets, "verbale-text-title")
    screenshot(ets, "verbale-ets-phone-text")
    show(ets, "fac-minutes")
    screenshot(ets, "verbale-ets-phone-entries")
    show(facilitator, "documents-title")
    screenshot(facilitator, "verbale-facilitator-laptop-review")
    found = violations(ets, "verbale (phone, review)") + violations(facilitator, "verbale (laptop, review)")
    assert found == [], "\n".join(found)

    # The what-now bar's "Proponi una modifica" leads to the amendment's field, from any text.
    Select(by_id(facilitator, "text-picker")).select_by_value("project")
    click_when(facilitator, lambda d: d.find_elements(By.ID, "now-propose"), message="Proponi una modifica in the bar")
    wait_until(facilitator, lambda d: d.switch_to.active_element.get_attribute("id") == "fac-amendment-text", message="the amendment's field focused")
    assert Select(by_id(facilitator, "text-picker")).first_selected_option.get_attribute("value") == f"minutes:{session}#text"

    # An amendment: proposed on the phone, accepted by the facilitator; then both approve.
    show(ets, "fac-review")
    click_when(ets, lambda d: d.find_elements(By.LINK_TEXT, "Proponi una modifica (emendamento)"))
    assert ets.switch_to.active_element.get_attribute("id") == "fac-amendment-text", "the link leads to the amendment's field"
    assert "#invito=" in ets.current_url, "the invitation stays in the address"
    ets.switch_to.active_element.send_keys("Aggiungere che il Comune di Ozzano era assente giustificato.")
    click_when(ets, lambda d: d.find_elements(By.ID, "fac-propose"))
    wait_until(ets, lambda d: not d.find_elements(By.ID, "fac-approve"), message="approval waits for the amendment")
    assert "attende la decisione" in text_of(ets, "fac-review")
    accept = wait_until(facilitator, lambda d: id_starting(d, "fac-accept-"), message="the amendment to decide")
    show(facilitator, "fac-amendments")
    screenshot(facilitator, "verbale-facilitator-laptop-amendment")
    click_when(facilitator, lambda d: d.find_elements(By.ID, accept.get_attribute("id")))
    wait_until(ets, lambda d: "accolto" in text_of(d, "fac-amendments"), message="the amendment accepted")
    click_when(pa, lambda d: d.find_elements(By.ID, "fac-approve"), message="approval offered to PA")
    wait_until(facilitator, lambda d: "Approvazioni: 1 su 2" in text_of(d, "fac-review"), message="one approval of two")
    press_when(ets, lambda d: d.find_elements(By.ID, "fac-approve"), Keys.ENTER, message="approval offered to ETS")
    for driver in (facilitator, pa, ets):
        wait_until(driver, lambda d: "Verbale approvato il" in text_of(d, "fac-review"), message="the verbale approved")
    assert ets.switch_to.active_element.get_attribute("data-key") == "fac-review-title", "the keyboard stays in the review once the button is gone"
    review = text_of(facilitator, "fac-review")
    assert "Marco Rinaldi – Comune di San Lazzaro (pubblica amministrazione): ha approvato" in review, review

    # "Scarica il verbale": the formats in words; the PDF for the archive is a real PDF.
    labels = [b.text for b in facilitator.find_elements(By.CSS_SELECTOR, "#verbale-downloads button")]
    assert labels == ["PDF per l’archivio", "Documento Word (DOCX)", "Documento modificabile (ODT)", "Testo (Markdown)", "Pagina web (HTML)"], labels
    catch_downloads(facilitator)
    click_when(facilitator, lambda d: d.find_elements(By.CSS_SELECTOR, "#verbale-downloads button[data-format=pdf]"))
    start = wait_until(facilitator, lambda d: saved_start(d, 0), timeout=120, message="the PDF downloaded")
    assert start.startswith(b"%PDF"), start
    wait_until(facilitator, lambda d: "Scaricato:" in text_of(d, "verbale-downloads"), message="the download confirmed")
    catch_downloads(ets)
    press_when(ets, lambda d: d.find_elements(By.CSS_SELECTOR, "#verbale-downloads button[data-format=md]"), Keys.ENTER)
    assert wait_until(ets, lambda d: saved_start(d, 0, 40), timeout=30, message="the Markdown downloaded")
    facilitator.execute_script("window.scrollTo(0, 0)")
    screenshot(facilitator, "verbale-facilitator-laptop-approved")
    show(ets, "documents-title")
    screenshot(ets, "verbale-ets-phone-approved-top")
    show(ets, "verbale-downloads")
    screenshot(ets, "verbale-ets-phone-downloads")
    assert fits_phone(ets), "the phone scrolls sideways after approval"
    found = violations(ets, "verbale (phone, approved)")
    assert found == [], "\n".join(found)
    # In English, the same view in English words.
    click_when(facilitator, lambda d: d.find_elements(By.ID, "language"))
    wait_until(facilitator, lambda d: "PDF for the archive" in text_of(d, "verbale-downloads"), message="the downloads in English")
    assert "Approvals: 2 of 2" in text_of(facilitator, "fac-review")
    assert [g.get_attribute("label") for g in facilitator.find_elements(By.CSS_SELECTOR, "#text-picker optgroup")][0] == "Minutes"
    show(facilitator, "documents-title")
    screenshot(facilitator, "verbale-facilitator-laptop-approved-en")
    for driver in (facilitator, pa, ets):
        assert console_errors(driver) == []
