#!/usr/bin/env bash
# Issue 7's figures: time to open the history of a simulated three-hour, five-person session and
# to jump to any moment in it (state, authorship, diff, playback steps; target 100 ms per jump),
# and the export time of the approved minutes in every format (PDF/A through LibreOffice).
# Builds tavolo-bench in release (shared scratch folder with bench/crdt) and writes the table
# to bench/out/history/history.md. Arguments go to `tavolo-bench history` (e.g. --hours 1).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$repo/bench/out/history}"
mkdir -p "$out"
cd "$repo"
. scripts/lib.sh
ensure_swift
ensure_apt_packages "${SERVER_PACKAGES[@]}" "${EXPORT_PACKAGES[@]}"

echo "== building tavolo-bench (release)" >&2
swift build -c release --scratch-path .build-crdt --product tavolo-bench >&2
echo "== three hours, five people (about 3 minutes to write the session)" >&2
.build-crdt/release/tavolo-bench history "$@" | tee "$out/history.md"
