#!/usr/bin/env bash
# The browser client's figures (bench/web/README.md), against a RELEASE server built into
# .build-bench (the scratch path bench/transport and scripts/autobahn.sh share):
#
#   bench/web/run.sh weight [measure.py options]
#       issue 12, item 7: the JS + CSS each role transfers (compressed) and loads (uncompressed), and
#       the time from navigation to the first editable table at 150 ms latency and 1.6 Mbit/s, in
#       headless Chromium with DevTools network emulation; the same once more with compression
#       defeated (Accept-Encoding: identity). Table with PASS/FAIL against the issue's targets on
#       stdout, everything in bench/out/web.json. Options: --runs 5 --identity-runs 1
#       --web-root web --latency-ms 150 --mbps 1.6 (bench/web/measure.py --help).
#   bench/web/run.sh typing
#       issue 6: the JavaScript CRDT replaying automerge-paper in Node (target < 1 s) beside Loro and
#       pycrdt (installed from PyPI into bench/crdt/.venv as bench/crdt/run.sh does), then
#       bench/web/page.py: time to an editable table on loopback, what each role loads,
#       keystroke-to-screen latency with four others typing. One table; raw results in bench/out/web/.
#   bench/web/run.sh
#       both, one build.
# SKIP_BUILD=1 reuses .build-bench/release/tavolo. bench/out/ is git-ignored.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
. scripts/lib.sh

what="${1:-all}"
case "$what" in
    weight|typing) shift ;;
    all) [ $# -eq 0 ] || shift ;;
    -*) what=weight ;;   # options only: they are measure.py's
    *) echo "usage: bench/web/run.sh [weight [measure.py options] | typing]" >&2; exit 2 ;;
esac

ensure_swift
ensure_apt_packages "${SERVER_PACKAGES[@]}" "${BROWSER_TEST_PACKAGES[@]}" python3-venv nodejs
if [ -z "${SKIP_BUILD:-}" ]; then
    echo "== building tavolo (release, .build-bench)" >&2
    swift build -c release --product tavolo --scratch-path .build-bench >&2
fi
binary="$repo/.build-bench/release/tavolo"

# The test suite's virtualenv (Selenium), made as scripts/test.sh makes it.
python="$repo/.venv-test/bin/python"
if [ ! -x "$python" ] || ! cmp -s Tests/e2e/requirements.txt "$repo/.venv-test/requirements.txt"; then
    python3 -m venv "$repo/.venv-test"
    "$repo/.venv-test/bin/pip" install -q --disable-pip-version-check -r Tests/e2e/requirements.txt >&2
    cp Tests/e2e/requirements.txt "$repo/.venv-test/requirements.txt"
fi

if [ "$what" = weight ] || [ "$what" = all ]; then
    echo "== weight and speed on a weak connection (issue 12)" >&2
    "$python" "$here/measure.py" "$binary" --command "bench/web/run.sh weight${*:+ $*}" "$@"
fi

if [ "$what" = typing ] || [ "$what" = all ]; then
    trace="${TRACE:-$repo/../shared/traces/sequential/automerge-paper.json.gz}"
    out="$repo/bench/out/web"
    mkdir -p "$out"

    echo "== JavaScript CRDT replay in Node" >&2
    node "$repo/bench/web/replay.mjs" "$trace" 5 | tee "$out/replay.json" >&2

    echo "== peers (Loro, pycrdt) on the same trace" >&2
    peers="$repo/bench/crdt/.venv"
    if [ ! -x "$peers/bin/python" ]; then python3 -m venv "$peers"; fi
    if "$peers/bin/pip" install -q --disable-pip-version-check loro pycrdt >&2; then
        "$peers/bin/python" "$repo/bench/crdt/peers.py" "$trace" | tee "$out/peers.jsonl" >&2
    else
        echo "peers not installed (no PyPI?): the table has no JS/peer ratios" >&2
        : > "$out/peers.jsonl"
    fi

    echo "== the page in headless Chromium" >&2
    "$python" "$repo/bench/web/page.py" "$binary" > "$out/page.txt"
    "$python" "$repo/bench/web/summary.py" "$out" | tee "$out/summary.txt"
fi
