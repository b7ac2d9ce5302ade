#!/usr/bin/env bash
# The browser client's figures in one run (issue 6, "Performance"):
#  1. builds a RELEASE tavolo (scratch path shared with the load benchmark);
#  2. replays ../shared/traces/sequential/automerge-paper.json.gz through the JavaScript CRDT in
#     Node (target < 1 s), and through the peers Loro and pycrdt (Yrs) in the same run, installed
#     from PyPI into bench/crdt/.venv as bench/crdt/run.sh does, for the ratio JS / peer;
#  3. runs bench/web/page.py against the release server in headless Chromium: time to an editable
#     table, what each role loads, keystroke-to-screen latency with four others typing;
#  4. prints one table (figure, value, target, ratio). Raw results: bench/out/web/ (git-ignored).
# Usage: bench/web/run.sh            (SKIP_BUILD=1 reuses .build-load/release/tavolo)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
trace="${TRACE:-$repo/../shared/traces/sequential/automerge-paper.json.gz}"
out="$repo/bench/out/web"
mkdir -p "$out"

if [ -z "${SKIP_BUILD:-}" ]; then
    echo "== building tavolo (release)" >&2
    (cd "$repo" && swift build -c release --product tavolo --scratch-path .build-load >&2)
fi
binary="$repo/.build-load/release/tavolo"

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
python="$repo/.venv-test/bin/python"
if [ ! -x "$python" ]; then
    python3 -m venv "$repo/.venv-test"
    "$repo/.venv-test/bin/pip" install -q -r "$repo/Tests/e2e/requirements.txt" >&2
fi
"$python" "$repo/bench/web/page.py" "$binary" > "$out/page.txt"

"$python" "$repo/bench/web/summary.py" "$out" | tee "$out/summary.txt"
