#!/usr/bin/env bash
# Builds one libFuzzer target of Fuzz/ (Swift's -sanitize=fuzzer with AddressSanitizer, release,
# into .build-fuzz) and runs it for SECONDS, niced, as one process, on its seed corpus
# Tests/Fuzz/TARGET. Prints libFuzzer's final statistics and a one-line summary (executions,
# coverage). Never part of the test suite.
#
# Usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER OPTION…]
#   TARGET: operations | version | snapshot | message | markdown | http
#   e.g. scripts/fuzz.sh markdown 600
#        scripts/fuzz.sh operations 0 .build-fuzz/artifacts/operations/crash-…   (replays one input)
#
# New inputs libFuzzer finds go to .build-fuzz/corpus/TARGET (kept between runs, not committed),
# crashes, leaks, timeouts and out-of-memory inputs to .build-fuzz/artifacts/TARGET/, the whole log
# to .build-fuzz/logs/TARGET.log. Minimise a crash with
#   .build-fuzz/release/TARGET -minimize_crash=1 -runs=10000 CRASH
# and turn it into a regression test in the module's Tests/<Module>Tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift

targets="operations version snapshot message markdown http"
if [ $# -lt 2 ] || ! [[ " $targets " == *" $1 "* ]] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER OPTION…]   (TARGET: ${targets// / | })" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2

scratch=$PWD/.build-fuzz
# -enable-testing: the Markdown and HTTP targets reach internal parsers with @testable import.
nice -n 10 swift build -c release --package-path Fuzz --scratch-path "$scratch" --product "$target" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing

seeds=Tests/Fuzz/$target
work=$scratch/corpus/$target
artifacts=$scratch/artifacts/$target
log=$scratch/logs/$target.log
mkdir -p "$work" "$artifacts" "$(dirname "$log")"

# Replaying given inputs (SECONDS 0 and a file): no corpus, no time limit.
corpora=("$work" "$seeds")
time_limit=(-max_total_time="$seconds")
if [ "$seconds" -eq 0 ]; then corpora=(); time_limit=(); fi

# Swift's own backtracer would hold the terminal for up to 30 s per crash; libFuzzer and ASan report.
status=0
started=$SECONDS
SWIFT_BACKTRACE=enable=no nice -n 10 "$scratch/release/$target" \
  "${time_limit[@]}" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts/" "$@" "${corpora[@]}" 2>&1 | tee "$log" || status=$?

# The last status line ("#N DONE cov: … ft: … corp: …") and the final statistics.
done_line=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
executions=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$log")
rate=$(awk '/^stat::average_exec_per_sec:/ { print $2 }' "$log")
coverage=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")
features=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$done_line")
corpus=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$done_line")
echo "fuzz $target: $((SECONDS - started)) s, ${executions:-?} executions (${rate:-?}/s), coverage ${coverage:-?} edges, ${features:-?} features, corpus ${corpus:-?}, exit $status"
exit "$status"
