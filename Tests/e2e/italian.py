"""No English on an Italian page: helpers any browser test can call on the page it is showing.

`english_on_page(driver)` lists the visible lines that are English — equal to (or, when long,
containing) an English catalogue string (web/i18n/en.js) that differs from its Italian one, or
carrying the server's own English words — so a flow can assert `english_on_page(driver) == []`
at each step. People's own words (names, titles, what they typed) are not English catalogue
strings, so they pass; pass `allowed` for a line that would otherwise match.
"""

# The server's words that must never reach the page (InvitationError, EditPolicy, close reasons).
SERVER_WORDS = ["invitation", "ask the facilitator", "revoked", "expired", "minutes in review",
                "amendments", "not valid", "policy", "slow consumer", "Could not join", "Error:"]

# Every string of both catalogues, flattened (functions left out: they carry people's data).
CATALOGUES = """
const done = arguments[arguments.length - 1];
Promise.all([import('/i18n/it.js'), import('/i18n/en.js')]).then(([it, en]) => {
  const flat = (object, prefix = '', out = {}) => {
    for (const [key, value] of Object.entries(object)) {
      if (typeof value === 'string') out[prefix + key] = value;
      else if (value && typeof value === 'object') flat(value, prefix + key + '.', out);
    }
    return out;
  };
  done({ it: flat(it.default), en: flat(en.default) });
}).catch((error) => done({ error: String(error) }));
"""


def catalogues(driver):
    found = driver.execute_async_script(CATALOGUES)
    assert "error" not in found, found
    return found["it"], found["en"]


def visible_lines(driver):
    return [line.strip() for line in driver.execute_script("return document.body.innerText").splitlines() if line.strip()]


def english_on_page(driver, it=None, en=None, allowed=()):
    """Visible lines that are English: equal to (or, when long, containing) an English catalogue
    string that differs from its Italian one, or carrying the server's own words."""
    if it is None or en is None:
        it, en = catalogues(driver)
    italian = set(it.values())
    english = {text for key, text in en.items() if text != it.get(key) and text not in italian}
    long_english = [text for text in english if len(text) >= 20]
    found = []
    for line in visible_lines(driver):
        if line in allowed:
            continue
        if line in english or any(text in line for text in long_english):
            found.append(f"English catalogue text: {line}")
        found += [f"server's words ({word}): {line}" for word in SERVER_WORDS if word.lower() in line.lower()]
    return found
