#!/usr/bin/env bash
# Benchmarks TavoloCRDT against Loro and pycrdt (Yrs) on every trace in ../shared/traces.
# Builds tavolo-bench in release, installs the peers from PyPI into bench/crdt/.venv, runs both
# sides on the same machine in the same run, and prints every figure and the ratios.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
traces="${TRACES:-$repo/../shared/traces}"
out="${OUT:-$repo/bench/out/crdt}"
mkdir -p "$out"

if [ ! -d "$traces" ]; then echo "no traces at $traces" >&2; exit 1; fi
# Extra concurrent traces of the same format, made from the sequential ones (bench/crdt/make-traces.py).
python3 "$here/make-traces.py" "$traces" "$out/traces" >&2
files=$(ls "$traces"/sequential/*.json.gz "$traces"/concurrent/*.json.gz "$out"/traces/concurrent/*.json.gz 2>/dev/null)

echo "== building tavolo-bench (release)" >&2
(cd "$repo" && swift build -c release --scratch-path .build-crdt --product tavolo-bench >&2)
bench="$repo/.build-crdt/release/tavolo-bench"

echo "== peers virtualenv" >&2
if [ ! -x "$here/.venv/bin/python" ]; then python3 -m venv "$here/.venv"; fi
"$here/.venv/bin/pip" install -q --disable-pip-version-check loro pycrdt >&2

: > "$out/ours.jsonl"
for f in $files; do
    echo "== tavolo $(basename "$f")" >&2
    "$bench" crdt --trace "$f" --json | tee -a "$out/ours.jsonl" >&2
done
echo "== peers" >&2
"$here/.venv/bin/python" "$here/peers.py" $files | tee "$out/peers.jsonl" >&2
"$here/.venv/bin/python" "$here/compare.py" "$out/ours.jsonl" "$out/peers.jsonl"
