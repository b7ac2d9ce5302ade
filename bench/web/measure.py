"""Weight and speed of the web client on a weak connection (issue 12, item 7), in Debian's headless
Chromium against a release server with invitations, under DevTools network emulation.

For each page (the table as facilitator, PA, ETS and coordinator; the history page as coordinator),
each run in a new browser with an empty profile and the cache disabled:
  - JS + CSS bytes transferred (DevTools Network.loadingFinished encodedDataLength: compressed body
    plus response headers) and uncompressed (Resource Timing decodedBodySize), per file;
  - the time from navigation start to the first editable table (see READY below), median of --runs.
Then --identity-runs more runs per page with `Accept-Encoding: identity` (Network.setExtraHTTPHeaders):
compression defeated, the "before" in the same run.

Usage: python bench/web/measure.py <tavolo binary> [--runs 5] [--identity-runs 1] [--web-root web]
                                   [--latency-ms 150] [--mbps 1.6] [--out bench/out/web.json]
(bench/web/run.sh builds the release server and calls this.) KB = 1,000 bytes throughout.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "e2e"))
from browser import CHROMEDRIVER, CHROMIUM  # noqa: E402  (the Debian browser and driver the tests use)

TABLE = "bench-peso"
MARKER = "Progetto condiviso del tavolo"   # the project text's first line: the probes wait for it
PROJECT_CHARACTERS = 3000
ROLES = (("facilitator", "Fabio Neri", "Ufficio di Piano"), ("pa", "Anna Rossi", "Comune di Budrio"),
         ("ets", "Elena Bianchi", "Cooperativa Il Ponte"), ("coordinator", "Carla Verdi", "Ufficio di Piano"))
# (name in the report, invitation's role, page)
PAGES = (("facilitator", "facilitator", "/"), ("pa", "pa", "/"), ("ets", "ets", "/"),
         ("coordinator", "coordinator", "/"), ("history (coordinator)", "coordinator", "/history.html"))

# Issue 12, item 7.
TARGET_COMPRESSED = 60_000      # JS + CSS transferred per role, bytes (under)
TARGET_UNCOMPRESSED = 252_000   # JS + CSS per role uncompressed, bytes (not above): 251.8 KB before issue 12
TARGET_READY_MS = 1000          # first editable table at 150 ms latency and 1.6 Mbit/s (under)
BASELINE_READY_MS = 1987        # the same figure before issue 12 (bench/web/README.md, issue 6)

# READY, the moment measured (performance.now(), i.e. ms since navigation start), polled every frame
# by a script that runs before the page's own:
#  - table page: the client has joined (#connection[data-state=open], set when the server's `joined`
#    arrives and the client is online) and the table screen is shown (#table-screen not hidden, which
#    app.js does only once joined), and the editor (#editor) holds the shared project's text (starts
#    with the seeded MARKER heading), is enabled, and is editable (not readOnly) for every role that
#    may edit the project; for the coordinator (read-only by role) it is the same moment with the
#    editor read-only: the first readable table.
#  - history page: the workspace is shown (#workspace not hidden) and the text at the latest moment
#    is drawn (#document holds the MARKER, no request pending: no aria-busy).
# It also notes, for the breakdown, when the first WebSocket opened and got its first message.
PROBE = r"""
window.__bench = {readyAt: null, socketAt: null, socketOpenAt: null, firstMessageAt: null};
(function () {
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    window.__bench.socketAt ??= performance.now();
    const socket = new Native(...args);
    socket.addEventListener('open', () => { window.__bench.socketOpenAt ??= performance.now(); });
    socket.addEventListener('message', () => { window.__bench.firstMessageAt ??= performance.now(); });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  const MARKER = %(marker)s, PAGE = %(page)s, READ_ONLY = %(read_only)s;
  const ready = () => {
    const $ = (id) => document.getElementById(id);
    if (PAGE === 'history') {
      const workspace = $('workspace'), text = $('document');
      return workspace && !workspace.hidden && text && !text.hasAttribute('aria-busy') && text.textContent.includes(MARKER);
    }
    const screen = $('table-screen'), editor = $('editor');
    return $('connection')?.dataset.state === 'open' && screen && !screen.hidden && editor && !editor.disabled
      && editor.readOnly === READ_ONLY && editor.value.startsWith('# ' + MARKER);
  };
  (function poll() {
    if (ready()) window.__bench.readyAt = performance.now();
    else requestAnimationFrame(poll);
  })();
})();
"""


def log(*words):
    print(*words, file=sys.stderr, flush=True)


def tavolo(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True, check=True, timeout=60).stdout


class Server:
    """`tavolo serve` on a free port with invitations, on its own data folder and web root."""

    def __init__(self, binary, data, web_root):
        self.process = subprocess.Popen(
            [binary, "serve", "--port", "0", "--data-directory", data, "--web-root", web_root,
             "--authentication", "invitations", "--log-level", "warning"],
            stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        self.base = None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            found = re.search(r"Tavolo listening on (\S+)", line)
            if found:
                self.base = found.group(1).replace("0.0.0.0", "127.0.0.1")
                break
        if not self.base:
            self.stop()
            raise RuntimeError("the server did not say where it listens")
        # Keep reading stdout so the server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.process.stdout], daemon=True).start()

    def wait_for_compression(self, timeout=120):
        """Files are compressed in the background after start: wait until app.js goes out as brotli."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            request = urllib.request.Request(self.base + "/app.js", headers={"Accept-Encoding": "br"})
            with urllib.request.urlopen(request, timeout=10) as answer:
                if answer.headers.get("Content-Encoding") == "br":
                    return
            time.sleep(0.1)
        raise RuntimeError("the server did not start compressing its files")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def browser(probe, latency_ms, bytes_per_second, identity):
    """A new headless Chromium (empty profile) with the network emulated and the cache disabled."""
    options = Options()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="tavolo-bench-chromium-")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=it-IT", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": latency_ms,
        "downloadThroughput": bytes_per_second, "uploadThroughput": bytes_per_second})
    if identity:
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Accept-Encoding": "identity"}})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": probe})
    return driver, profile


def wait(driver, script, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value is not None and value is not False:
            return value
        time.sleep(0.02)
    raise RuntimeError(f"timed out waiting for {what}")


def network_log(driver, origin):
    """What DevTools saw for each request to `origin`: {requestId: {url, status, encoding, mime, transferred}}."""
    requests = {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.responseReceived" and params["response"]["url"].startswith(origin):
            response = params["response"]
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            requests.setdefault(params["requestId"], {}).update(
                url=response["url"], status=response["status"], mime=response.get("mimeType", ""),
                encoding=headers.get("content-encoding", "identity"))
        elif method == "Network.loadingFinished":
            requests.setdefault(params["requestId"], {})["transferred"] = params["encodedDataLength"]
    return {key: value for key, value in requests.items() if "url" in value}


def load(driver, url, origin):
    """Opens `url`; returns the run's figures once the page is ready and the network has been quiet."""
    driver.get(url)
    ready = wait(driver, "return window.__bench.readyAt", 120, f"{url} to be ready")
    # Modules imported after the table is shown (the facilitation panel, …) count in the weight:
    # wait until no new resource has appeared for 2 s.
    count, quiet_since = -1, time.monotonic()
    while time.monotonic() - quiet_since < 2:
        now = driver.execute_script("return performance.getEntriesByType('resource').length")
        if now != count:
            count, quiet_since = now, time.monotonic()
        time.sleep(0.1)
    timing = driver.execute_script("""
        const n = performance.getEntriesByType('navigation')[0];
        return {html: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, socket: window.__bench.socketAt, socketOpen: window.__bench.socketOpenAt,
                firstMessage: window.__bench.firstMessageAt,
                resources: performance.getEntriesByType('resource').concat([n]).map(e => ({
                  url: e.name, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize,
                  startTime: e.startTime, responseStart: e.responseStart, responseEnd: e.responseEnd}))};""")
    decoded = {entry["url"].split("#")[0]: entry for entry in timing.pop("resources")}
    files = []
    for request in network_log(driver, origin).values():
        url_ = request["url"].split("#")[0]
        path = urllib.parse.urlparse(url_).path
        sizes = decoded.get(url_, {})
        files.append({"path": path, "status": request["status"], "encoding": request["encoding"],
                      "transferred": request.get("transferred", 0),
                      "body": sizes.get("encodedBodySize"), "decoded": sizes.get("decodedBodySize"),
                      "by_ready": sizes.get("responseEnd") is not None and sizes["responseEnd"] <= ready,
                      # the waterfall, ms since navigation start: asked, first byte, last byte
                      "at_ms": [round(sizes[k]) for k in ("startTime", "responseStart", "responseEnd") if sizes.get(k) is not None]})
    return {"ready_ms": ready, **timing, "files": files}


def kind(path):
    return "css" if path.endswith(".css") else "js" if path.endswith((".js", ".mjs")) else "other"


def folders(files):
    grouped = {}
    for f in files:
        grouped.setdefault(f["path"].rsplit("/", 1)[0] + "/", []).append(f)
    return grouped


def weight(files):
    scripts = [f for f in files if kind(f["path"]) != "other"]
    total = lambda key, chosen: sum(f[key] or 0 for f in chosen)
    return {
        "js_css_transferred": total("transferred", scripts), "js_css_body": total("body", scripts),
        "js_css_decoded": total("decoded", scripts), "js_css_files": len(scripts),
        "js_decoded": total("decoded", [f for f in scripts if kind(f["path"]) == "js"]),
        "css_decoded": total("decoded", [f for f in scripts if kind(f["path"]) == "css"]),
        "all_transferred": total("transferred", files), "requests": len(files),
        # What had arrived when the page became ready (the rest: modules imported later, e.g. the facilitation panel).
        "js_css_transferred_by_ready": total("transferred", [f for f in scripts if f["by_ready"]]),
        "js_css_decoded_by_ready": total("decoded", [f for f in scripts if f["by_ready"]]),
        "js_css_files_by_ready": sum(1 for f in scripts if f["by_ready"]),
        "encodings": sorted({f["encoding"] for f in scripts}),
        # Per folder of web/: [uncompressed, transferred] bytes, heaviest first.
        "by_folder": dict(sorted(((folder, [total("decoded", chosen), total("transferred", chosen)])
                                  for folder, chosen in folders(scripts).items()), key=lambda item: -item[1][0])),
        "statuses": sorted({f["status"] for f in files}),
    }


def measure_page(name, page, token, base, args, identity, runs):
    read_only = "true" if name.startswith("coordinator") else "false"
    probe = PROBE % {"marker": json.dumps(MARKER), "page": json.dumps("history" if page != "/" else "table"),
                     "read_only": read_only}
    results = []
    for run in range(runs):
        driver, profile = browser(probe, args.latency_ms, int(args.mbps * 1_000_000 / 8), identity)
        try:
            result = load(driver, f"{base}{page}#invito={token}", base)
        finally:
            driver.quit()
            shutil.rmtree(profile, ignore_errors=True)
        result["weight"] = weight(result["files"])
        log(f"  {name:22} {'identity' if identity else 'compressed':10} run {run + 1}/{runs}: "
            f"ready {result['ready_ms']:.0f} ms, JS+CSS {result['weight']['js_css_transferred'] / 1000:.1f} KB transferred "
            f"/ {result['weight']['js_css_decoded'] / 1000:.1f} KB, encodings {result['weight']['encodings']}")
        results.append(result)
    last = results[-1]
    files = sorted((f for f in last["files"] if kind(f["path"]) != "other"), key=lambda f: -(f["decoded"] or 0))
    median = lambda key: statistics.median(r[key] for r in results if r[key] is not None) if any(r[key] is not None for r in results) else None
    return {
        "runs": runs,
        "ready_ms": {"median": median("ready_ms"), "min": min(r["ready_ms"] for r in results),
                     "max": max(r["ready_ms"] for r in results), "all": [round(r["ready_ms"]) for r in results]},
        "breakdown_ms_median": {key: median(key) for key in ("html", "domContentLoaded", "socket", "socketOpen", "firstMessage")},
        **last["weight"],
        # Bytes should not vary from run to run: the range says whether they did.
        "js_css_transferred_range": [min(r["weight"]["js_css_transferred"] for r in results),
                                     max(r["weight"]["js_css_transferred"] for r in results)],
        # The last run's files, heaviest first, with their waterfall (at_ms).
        "files": [{k: f[k] for k in ("path", "encoding", "transferred", "decoded", "by_ready", "at_ms")} for f in files],
        "other_requests": [{k: f[k] for k in ("path", "status", "encoding", "transferred", "decoded", "at_ms")}
                           for f in last["files"] if kind(f["path"]) == "other"],
    }


def verdicts(name, compressed):
    checks = [("js_css_transferred", compressed["js_css_transferred"], TARGET_COMPRESSED, "<"),
              ("js_css_decoded", compressed["js_css_decoded"], TARGET_UNCOMPRESSED, "<=")]
    if not name.startswith("history"):
        checks.append(("ready_ms", compressed["ready_ms"]["median"], TARGET_READY_MS, "<"))
    return {figure: {"value": value, "target": target, "comparison": comparison,
                     "pass": value < target if comparison == "<" else value <= target}
            for figure, value, target, comparison in checks}


def print_report(report):
    conditions = report["conditions"]
    print(f"\nWeb client weight and speed — {report['date']}, {conditions['latency_ms']} ms latency, "
          f"{conditions['mbps']} Mbit/s down and up, cache disabled, headless Chromium {report['chromium']}")
    print(f"web root: {report['web']}; medians of {conditions['runs']} runs (compressed), "
          f"{conditions['identity_runs']} with Accept-Encoding: identity. KB = 1,000 bytes.\n")
    header = f"{'page':22} {'figure':40} {'compressed':>11} {'identity':>10} {'c/i':>6}  {'target':>18}  verdict"
    print(header)
    print("-" * len(header))
    for name, figures in report["pages"].items():
        c, i, v = figures["compressed"], figures.get("identity"), figures["verdicts"]
        rows = [("JS+CSS transferred", c["js_css_transferred"] / 1000, i and i["js_css_transferred"] / 1000, "KB",
                 "< 60 KB", v["js_css_transferred"]),
                ("JS+CSS uncompressed", c["js_css_decoded"] / 1000, i and i["js_css_decoded"] / 1000, "KB",
                 "<= 252 KB", v["js_css_decoded"]),
                ("  of which arrived by ready (last run)", c["js_css_transferred_by_ready"] / 1000,
                 i and i["js_css_transferred_by_ready"] / 1000, "KB", "", None),
                ("  uncompressed, by ready (last run)", c["js_css_decoded_by_ready"] / 1000,
                 i and i["js_css_decoded_by_ready"] / 1000, "KB", "", None),
                ("all transferred (HTML, images, …)", c["all_transferred"] / 1000, i and i["all_transferred"] / 1000, "KB", "", None),
                ("history shown, median" if name.startswith("history") else
                 "first readable (read-only role), median" if name.startswith("coordinator") else "first editable, median",
                 c["ready_ms"]["median"], i and i["ready_ms"]["median"], "ms",
                 f"< 1000 ms (was {BASELINE_READY_MS})" if "ready_ms" in v else "(no target)", v.get("ready_ms"))]
        for label, value, before, unit, target, verdict in rows:
            ratio = f"{value / before:.2f}" if before else ""
            shown = lambda x: "" if x is None else f"{x:.1f} {unit}" if unit == "KB" else f"{x:.0f} {unit}"
            mark = "" if verdict is None else "PASS" if verdict["pass"] else "FAIL"
            print(f"{name:22} {label:40} {shown(value):>11} {shown(before):>10} {ratio:>6}  {target:>18}  {mark}")
        b = c["breakdown_ms_median"]
        print(f"{'':22}   "
              + " / ".join("–" if b[k] is None else f"{b[k]:.0f}" for k in ("html", "domContentLoaded", "socket", "socketOpen", "firstMessage"))
              + f" ms: HTML, DOMContentLoaded, WebSocket created, open, 1st message (runs: {', '.join(map(str, c['ready_ms']['all']))})")
        print(f"{'':22}   per folder, KB → transferred: "
              + ", ".join(f"{folder} {sizes[0] / 1000:.1f}→{sizes[1] / 1000:.1f}" for folder, sizes in c["by_folder"].items()))
        heaviest = ", ".join(f"{f['path']} {f['decoded'] / 1000:.1f}→{f['transferred'] / 1000:.1f}" for f in c["files"][:6])
        print(f"{'':22}   {c['js_css_files']} JS/CSS files ({c['js_css_files_by_ready']} by ready); heaviest, KB → transferred: {heaviest}")
    failed = [f"{name}: {figure}" for name, figures in report["pages"].items()
              for figure, verdict in figures["verdicts"].items() if not verdict["pass"]]
    print("\nall targets met" if not failed else f"\nnot met: {'; '.join(failed)}")


def snapshot_web(source, commit=None):
    """A copy of the web client (without its tests), so edits made during the run change nothing."""
    folder = Path(tempfile.mkdtemp(prefix="tavolo-bench-web-root-"))
    if commit:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "web"], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        return str(folder / "web")
    shutil.copytree(source, folder / "web", ignore=shutil.ignore_patterns("tests", "node_modules"))
    return str(folder / "web")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--identity-runs", type=int, default=1)
    parser.add_argument("--web-root", default=str(ROOT / "web"), help="the web client to serve (copied first)")
    parser.add_argument("--web-commit", help="serve web/ as committed at this git revision instead (git archive)")
    parser.add_argument("--latency-ms", type=float, default=150)
    parser.add_argument("--mbps", type=float, default=1.6)
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "web.json"))
    parser.add_argument("--command", default=" ".join(sys.argv), help="the command recorded in the report")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="tavolo-bench-web-data-")
    web_root = snapshot_web(args.web_root, args.web_commit)
    tavolo(args.binary, "table", "create", "--data-directory", data, "--id", TABLE, "--title", "Ambito anziani – pianura est")
    tokens = {}
    for role, name, organisation in ROLES:
        link = tavolo(args.binary, "invite", "--data-directory", data, "--table", TABLE, "--role", role,
                      "--name", name, "--org", organisation).strip().splitlines()[-1]
        tokens[role] = re.search(r"#invito=(\S+)", link).group(1)

    server = Server(args.binary, data, web_root)
    try:
        log(f"== server at {server.base} (data {data}, web root {web_root})")
        server.wait_for_compression()
        seeded = subprocess.run(
            ["node", "--experimental-websocket", str(ROOT / "bench/web/seed.mjs"), server.base.replace("http", "ws", 1) + "/ws",
             TABLE, tokens["facilitator"], str(PROJECT_CHARACTERS), MARKER],
            capture_output=True, text=True, timeout=120)
        if seeded.returncode != 0:
            raise RuntimeError(f"seeding the table failed: {seeded.stderr}")
        log(f"== seeded: {seeded.stdout.strip()}")
        pages = {}
        for name, role, page in PAGES:
            compressed = measure_page(name, page, tokens[role], server.base, args, False, args.runs)
            identity = measure_page(name, page, tokens[role], server.base, args, True, args.identity_runs) if args.identity_runs else None
            if "br" not in compressed["encodings"]:
                raise RuntimeError(f"{name}: no JS or CSS went out brotli-compressed ({compressed['encodings']})")
            if identity and identity["encodings"] != ["identity"]:
                raise RuntimeError(f"{name}: Accept-Encoding: identity did not defeat compression ({identity['encodings']})")
            pages[name] = {"compressed": compressed, "identity": identity, "verdicts": verdicts(name, compressed)}
    finally:
        server.stop()
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(Path(web_root).parent, ignore_errors=True)

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", args.web_commit or "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    dirty = not args.web_commit and subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", os.path.relpath(args.web_root, ROOT)],
        capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": args.command,
        "web": (f"web/ as committed at {commit}" if args.web_commit
                else f"{os.path.relpath(args.web_root, ROOT)}/ at {commit}" + (" with uncommitted changes" if dirty else "")),
        "chromium": re.sub(r"^\D*", "", chromium).split()[0] if chromium else "?",
        "conditions": {"latency_ms": args.latency_ms, "mbps": args.mbps, "runs": args.runs, "identity_runs": args.identity_runs,
                       "project_characters": PROJECT_CHARACTERS},
        "targets": {"js_css_transferred_bytes": f"< {TARGET_COMPRESSED}", "js_css_uncompressed_bytes": f"<= {TARGET_UNCOMPRESSED}",
                    "first_editable_ms": f"< {TARGET_READY_MS}", "first_editable_baseline_ms": BASELINE_READY_MS},
        "pages": pages,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print_report(report)
    log(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
