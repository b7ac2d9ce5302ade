#!/usr/bin/env bash
# Live-table load benchmark: N WebSocket clients over loopback across T tables, each typing
# R edits/s into the table's shared text, against `tavolo serve` (native libwebsockets load
# generator, bench/load/loadgen.c), then the same shape against pycrdt-websocket driven by
# pycrdt clients (bench/load/pycrdt_peer.py, a Python load generator: it sweeps client
# counts to find what that server sustains). Prints JSON lines and a short table.
#
#   bench/load/run.sh [--clients 2000] [--tables 100] [--rate 1] [--seconds 20]
#                     [--parents "seen own"] [--peer-seconds 10] [--peer-steps 20,60,...] [--no-peer]
#                     [--tavolo-bin PATH | --build-root CHECKOUT] [--server-args "--event-loop poll"] [--hog]
#                     [--loadgen-cpu N]
#                     [--protocol 2]
#
# --protocol: the protocol version the load generator's clients speak (docs/protocol.md): 2 (the
# default) gets what one group commit made durable for a table in one `ops` message, 1 one `ops`
# per batch. The JSON line's ops_batches / ops_messages shows how many batches a message carried.
# --hog: a busy loop (one process, CPU-bound, normal priority) runs for the whole of each Tavolo run,
# so the server and the load generator share what is left of the machine (issue 16's "other core
# kept busy"). --server-args: extra `tavolo serve` options, e.g. to compare event loops or
# `--engine-workers 2`. --loadgen-cpu N: the load generator runs pinned to CPU N (taskset), so
# that comparing engine workers measures the server, not the two fighting for a core.
#
# --parents: what each client's operation depends on. "own": its own previous operation only
# (Tests/e2e/tavolo_client.py; 20 branches per table that never merge, the worst case for the
# server's merge); "seen": the frontier of everything it has received, as an editor that merges
# remote operations sends. Both are run by default, each on a fresh server.
#
# Every run stops by itself: the load generators stop sending after --seconds and drain for
# at most 5 s; servers are stopped with SIGTERM (SIGKILL after 10 s). Loopback only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/bench/out/load"

clients=2000 tables=100 rate=1 seconds=20 peer=1 parents="seen own" peer_seconds=10 tavolo_bin="" build_root="$root"
server_args="" hog=0 loadgen_cpu="" protocol=2
peer_steps="20,60,100,200,300,400,600,800,1000"
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --tables) tables="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --peer-seconds) peer_seconds="$2"; shift 2 ;;
    --peer-steps) peer_steps="$2"; shift 2 ;;
    --no-peer) peer=0; shift ;;
    --server-args) server_args="$2"; shift 2 ;;
    --hog) hog=1; shift ;;
    --loadgen-cpu) loadgen_cpu="$2"; shift 2 ;;
    --protocol) protocol="$2"; shift 2 ;;
    --parents) parents="$2"; shift 2 ;;       # "seen", "own" or "seen own" (both, one server each)
    --tavolo-bin) tavolo_bin="$2"; shift 2 ;;
    --build-root) build_root="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;               # where JSON results go (default bench/out/load)  # a checkout to build the server from (default: this one)
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
per_table=$(( clients / tables )); [ "$per_table" -ge 2 ] || per_table=2

# 1. the server and the native load generator
if [ -z "$tavolo_bin" ]; then
  (cd "$build_root" && swift build -c release --scratch-path .build-load --product tavolo >&2)
  tavolo_bin="$build_root/.build-load/release/tavolo"
fi
mkdir -p "$root/bench/out/load"
gcc -O2 -Wall "$here/loadgen.c" $(pkg-config --cflags --libs libwebsockets) -o "$root/bench/out/load/loadgen"

# 2. the peer's Python environment (versions checked: pycrdt 0.14.13, pycrdt-websocket 0.16.5, websockets 17.4)
if [ "$peer" = 1 ]; then
  if [ ! -x "$here/.venv/bin/python" ]; then python3 -m venv "$here/.venv"; fi
  "$here/.venv/bin/pip" install -q --disable-pip-version-check \
    "pycrdt==0.14.13" "pycrdt-websocket==0.16.5" "websockets==17.4" >&2
fi

ulimit -n 20000 2>/dev/null || true

# 3. Tavolo: a fresh server and data directory per run, durable acks (SQLite WAL, synchronous=FULL)
ours_files=()
for mode in $parents; do
data="$(mktemp -d /tmp/tavolo-load.XXXXXX)"
"$tavolo_bin" serve --port 0 --web-root "$root/web" --data-directory "$data" \
  --authentication open --messages-per-second 1000 --log-level warning $server_args >"$out/tavolo.stdout" 2>"$out/tavolo.stderr" &
srv=$!
hog_pid=""
if [ "$hog" = 1 ]; then
  # Bounded like everything else here: it dies with the run, or after the run's longest span.
  timeout $(( ${seconds%.*} + 200 )) sh -c 'while :; do :; done' &
  hog_pid=$!
fi
# SIGTERM exits within 2 s even overloaded (queued work is dropped, the store flushed):
# a server still there after 5 s is a bug, reported, then SIGKILLed.
stop_server() {
  kill "$srv" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$srv" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$srv" 2>/dev/null; then echo "BUG: tavolo still running 5 s after SIGTERM: SIGKILL" >&2; kill -9 "$srv" 2>/dev/null || true; fi
  wait "$srv" 2>/dev/null || true
}
cleanup() { stop_server; [ -z "$hog_pid" ] || kill "$hog_pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
port=""
for _ in $(seq 1 100); do
  port="$(grep -o 'http://127.0.0.1:[0-9]*' "$out/tavolo.stdout" 2>/dev/null | head -1 | cut -d: -f3 || true)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "tavolo did not start:" >&2; cat "$out/tavolo.stderr" >&2; exit 1; }

pin=()
[ -z "$loadgen_cpu" ] || pin=(taskset -c "$loadgen_cpu")
timeout $(( ${seconds%.*} + 200 )) "${pin[@]}" "$root/bench/out/load/loadgen" --port "$port" --server-pid "$srv" --clients "$clients" \
  --tables "$tables" --rate "$rate" --seconds "$seconds" --parents "$mode" --protocol "$protocol" --label tavolo | tee "$out/ours-$mode.json"
ours_files+=("$out/ours-$mode.json")
cleanup; trap - EXIT
done

[ "$peer" = 1 ] || exit 0

# 4. pycrdt-websocket: sweep client counts (same clients per table, same rate) until p99 or loss breaks
ours_p99="$("$here/.venv/bin/python" -c 'import json,sys; print(" ".join(str(json.load(open(f))["latency_ms"]["p99"]) for f in sys.argv[1:]))' "${ours_files[@]}")"
timeout 1800 "$here/.venv/bin/python" "$here/pycrdt_peer.py" sweep --per-table "$per_table" --rate "$rate" \
  --seconds "$peer_seconds" --steps "$peer_steps" --p99-ms $ours_p99 25 | tee "$out/peer.jsonl"

# 5. the ratio, as JSON and as a table
"$here/.venv/bin/python" "$here/compare.py" "$out/peer.jsonl" "${ours_files[@]}" | tee "$out/comparison.txt"
