"""The browser client's figures, in Debian's headless Chromium against a release server on loopback
(issue 6): page weight, time from opening an invitation link to an editable table, and
keystroke-to-screen latency in a 100,000-character minutes text while four other people type.

Usage: python bench/web/page.py <tavolo binary>   (bench/web/run.sh builds it and calls this)
Prints a table with the targets and ratios, and one JSON line per figure to bench/out/web/page.jsonl.
"""
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "e2e"))
from browser import chromium  # noqa: E402

OUT = ROOT / "bench" / "out" / "web"
TABLE = "bench-tavolo"
TYPISTS = 4
TYPING_SECONDS = 20
KEYS_PER_SECOND = 8
TYPIST_RATE = 5  # characters per second per simulated person

# Runs before the page's own scripts: notes when the minutes editor first becomes editable and
# times each keystroke from its keydown to the frame after the editor has handled its input.
PROBE = r"""
window.__tavolo = {editableAt: null, latencies: []};
(function poll() {
  const editor = document.getElementById('editor');
  const online = document.getElementById('connection')?.dataset.state === 'open';
  if (online && editor && !editor.disabled && !editor.readOnly) window.__tavolo.editableAt = performance.now();
  else requestAnimationFrame(poll);
})();
let keyAt = null;
window.addEventListener('keydown', (e) => { keyAt = e.timeStamp; }, true);
window.addEventListener('input', () => {
  const start = keyAt; keyAt = null;
  if (start === null) return;
  requestAnimationFrame(() => setTimeout(() => window.__tavolo.latencies.push(performance.now() - start), 0));
});
"""


def tavolo(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True, text=True, check=True)
    return result.stdout


def node(*args):
    result = subprocess.run(["node", "--experimental-websocket", str(ROOT / "bench/web/typists.mjs"), *args],
                            capture_output=True, text=True, check=True, timeout=300)
    return json.loads(result.stdout.strip().splitlines()[-1])


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def open_browser(width=1280, height=900):
    driver = chromium(width, height)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
    return driver


def wait(driver, script, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.02)
    raise RuntimeError(f"timed out: {script}")


def select_minutes(driver):
    wait(driver, "return [...document.getElementById('text-picker').options].some(o => o.value.startsWith('minutes:'))")
    driver.execute_script("""
        const picker = document.getElementById('text-picker');
        picker.value = [...picker.options].find(o => o.value.startsWith('minutes:')).value;
        picker.dispatchEvent(new Event('change'));""")


def main(binary):
    OUT.mkdir(parents=True, exist_ok=True)
    data = tempfile.mkdtemp(prefix="tavolo-bench-web-")
    tavolo(binary, "table", "create", "--data-directory", data, "--id", TABLE, "--title", "Ambito anziani")

    def invite(role, name, organisation):
        link = tavolo(binary, "invite", "--data-directory", data, "--table", TABLE, "--role", role,
                      "--name", name, "--org", organisation).strip().splitlines()[-1]
        return re.search(r"#invito=(\S+)", link).group(1)

    facilitator = invite("facilitator", "Fabio Neri", "Ufficio di Piano")
    writer = invite("pa", "Anna Rossi", "Comune di Budrio")
    typists = [invite("pa", f"Persona {i}", "Comune di Molinella") for i in range(TYPISTS)]
    server = subprocess.Popen([binary, "serve", "--port", "0", "--data-directory", data, "--web-root", str(ROOT / "web"),
                               "--log-level", "warning"], stdout=subprocess.PIPE, text=True)
    figures = []
    try:
        port = int(server.stdout.readline().strip().rsplit(":", 1)[1])
        ws = f"ws://127.0.0.1:{port}/ws"
        session = node("session", ws, TABLE, facilitator, "Seduta di prova")["session"]
        page = f"http://127.0.0.1:{port}/#invito={writer}"

        # Time to an editable table, each time in a new browser (nothing cached), 5 runs.
        opening, weights = [], None
        for _ in range(5):
            driver = open_browser()
            try:
                driver.get(page)
                opening.append(wait(driver, "return window.__tavolo.editableAt"))
                time.sleep(0.5)  # late modules (stylesheets added by scripts) finish loading
                weights = driver.execute_script("""
                    const entries = performance.getEntriesByType('resource');
                    const sum = (re) => entries.filter(e => re.test(new URL(e.name).pathname)).reduce((n, e) => n + e.decodedBodySize, 0);
                    const nav = performance.getEntriesByType('navigation')[0];
                    return {js: sum(/\\.m?js$/), css: sum(/\\.css$/), html: nav.decodedBodySize,
                            files: entries.filter(e => /\\.(m?js|css)$/.test(new URL(e.name).pathname)).length,
                            transferred: entries.reduce((n, e) => n + e.transferSize, 0) + nav.transferSize};""")
            finally:
                driver.quit()
        figures.append({"figure": "open_invitation_to_editable_ms", "median": statistics.median(opening),
                        "max": max(opening), "runs": len(opening)})
        figures.append({"figure": "page_weight_bytes", **weights, "js_css": weights["js"] + weights["css"]})

        # Keystroke-to-screen on 100,000 characters with four others typing.
        node("prefill", ws, TABLE, typists[0], session, "100000")
        driver = open_browser()
        try:
            driver.get(page)
            wait(driver, "return window.__tavolo.editableAt")
            select_minutes(driver)
            wait(driver, "return document.getElementById('editor').value.length >= 100000")
            driver.execute_script("const e = document.getElementById('editor'); e.focus(); e.setSelectionRange(50000, 50000);")
            others = subprocess.Popen(["node", "--experimental-websocket", str(ROOT / "bench/web/typists.mjs"), "type", ws, TABLE,
                                       session, str(TYPING_SECONDS), str(TYPIST_RATE), *typists],
                                      stdout=subprocess.PIPE, text=True)
            driver.execute_script("window.__tavolo.latencies = []")
            deadline = time.monotonic() + TYPING_SECONDS - 1
            sent = 0
            while time.monotonic() < deadline:
                character = "abcdefghij"[sent % 10]
                driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyDown", "text": character, "key": character})
                driver.execute_cdp_cmd("Input.dispatchKeyEvent", {"type": "keyUp", "key": character})
                sent += 1
                time.sleep(1 / KEYS_PER_SECOND)
            typed = json.loads(others.communicate(timeout=120)[0].strip().splitlines()[-1])
            time.sleep(0.5)
            latencies = driver.execute_script("return window.__tavolo.latencies")
            length = driver.execute_script("return document.getElementById('editor').value.length")
        finally:
            driver.quit()
        figures.append({"figure": "keystroke_to_screen_ms", "keystrokes": len(latencies), "sent": sent,
                        "others_typed": typed["typed"], "text_length": length,
                        "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95), "max": max(latencies)})
    finally:
        server.terminate()
        server.wait(timeout=10)

    with open(OUT / "page.jsonl", "w") as out:
        for figure in figures:
            out.write(json.dumps(figure) + "\n")
    opening, weight, keys = figures
    print(f"{'figure':44} {'measured':>12} {'target':>10} {'ratio':>7}")
    print(f"{'invitation link → editable table (median)':44} {opening['median']:>9.0f} ms {'—':>10} {'':>7}")
    print(f"{'JS + CSS loaded (uncompressed)':44} {weight['js_css'] / 1000:>9.1f} KB {'150 KB':>10} "
          f"{weight['js_css'] / 150_000:>6.2f}x")
    print(f"{'  of which JS / CSS / files':44} {weight['js'] / 1000:.1f} / {weight['css'] / 1000:.1f} KB / {weight['files']}")
    print(f"{'keystroke → screen p50 (100k chars, 5 typing)':44} {keys['p50']:>9.1f} ms {'16 ms':>10} {keys['p50'] / 16:>6.2f}x")
    print(f"{'keystroke → screen p95':44} {keys['p95']:>9.1f} ms {'16 ms':>10} {keys['p95'] / 16:>6.2f}x")
    print(f"{'  keystrokes measured / others typed':44} {keys['keystrokes']} / {keys['others_typed']}")


if __name__ == "__main__":
    main(sys.argv[1])
