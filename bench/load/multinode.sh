#!/usr/bin/env bash
# Several nodes on PostgreSQL against one node on SQLite, same load (bench/load/loadgen.c):
#   1. one `tavolo serve` on SQLite, clients connected to it directly;
#   2. two `tavolo serve` on one PostgreSQL (scripts/postgres.sh), clients connected to the
#      nodes directly, the members of every table alternating between them, so half of a table's
#      peers are on the sender's node and half on the other (nginx only forwards bytes: it is
#      left out so that the two latencies can be told apart; e2e tests run through it).
# Prints loadgen's JSON line per run (send-to-peer latency in total, within a node and across
# nodes; ack latency; lost; server CPU summed over the nodes), then PostgreSQL's commits per
# second and CPU over the run. Release build in .build-bench. Loopback only.
#
#   bench/load/multinode.sh [--clients 2000] [--tables 100] [--rate 1] [--seconds 20] [--parents seen] [--postgres-only]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/bench/out/load"
clients=2000 tables=100 rate=1 seconds=20 parents=seen sqlite=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --tables) tables="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --parents) parents="$2"; shift 2 ;;
    --postgres-only) sqlite=no; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
(cd "$root" && swift build -c release --scratch-path .build-bench --product tavolo >&2)
bin="$root/.build-bench/release/tavolo"
gcc -O2 -Wall "$here/loadgen.c" $(pkg-config --cflags --libs libwebsockets) -o "$out/loadgen"
ulimit -n 20000 2>/dev/null || true

pids=() dirs=()
pg_dir="$(mktemp -u -d /tmp/tavolo-bench-pg.XXXXXX)"
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$root/scripts/postgres.sh" stop "$pg_dir"
  rm -rf "${dirs[@]}"
}
trap cleanup EXIT

# Starts a node; sets `port` and appends its pid to `pids`. Extra arguments go to `tavolo serve`.
start_node() {
  local log
  port=""
  data="$(mktemp -d /tmp/tavolo-bench-node.XXXXXX)"; dirs+=("$data")
  log="$data/stdout"
  "$bin" serve --port 0 --web-root "$root/web" --data-directory "$data" --authentication open \
    --messages-per-second 1000 --log-level warning "$@" >"$log" 2>"$data/stderr" &
  pids+=($!)
  for _ in $(seq 1 100); do
    port="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" 2>/dev/null | head -1 | cut -d: -f3 || true)"
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "node did not start" >&2; cat "$data/stderr" >&2; exit 1; }
}

run_load() {  # port label server-pid
  timeout $(( ${seconds%.*} + 200 )) "$out/loadgen" --port "$1" --server-pid "$3" --clients "$clients" \
    --tables "$tables" --rate "$rate" --seconds "$seconds" --parents "$parents" --label "$2"
}

# 1. one node, SQLite
if [ "$sqlite" = yes ]; then
  start_node
  run_load "$port" "sqlite-1-node" "${pids[-1]}" | tee "$out/multinode-sqlite.json"
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
fi

# 2. two nodes, PostgreSQL; each table's members alternate between the nodes (loadgen --port A,B)
url="$("$root/scripts/postgres.sh" start "$pg_dir")"
# --log-level info: each node logs its group commits and reads every 10 s ("shared log timings").
start_node --store postgres --postgres-url "$url" --postgres-pool-size 8 --log-level info; node_a=$port; log_a="$data/stderr"
start_node --store postgres --postgres-url "$url" --postgres-pool-size 8 --log-level info; node_b=$port; log_b="$data/stderr"
pg_stats() { psql "${url%%\?*}" -At -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'tavolo'"; }
pg_cpu() {  # jiffies of every process of the cluster
  local total=0 pid
  for pid in $(pgrep -f "postgres.*$pg_dir" ; pgrep -P "$(head -1 "$pg_dir/data/postmaster.pid")"); do
    [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "$total"
}
commits_before=$(pg_stats); cpu_before=$(pg_cpu); started=$(date +%s.%N)
run_load "$node_a,$node_b" "postgres-2-nodes" "${pids[-2]},${pids[-1]}" | tee "$out/multinode-postgres.json"
ended=$(date +%s.%N); commits_after=$(pg_stats); cpu_after=$(pg_cpu)
python3 - "$commits_before" "$commits_after" "$cpu_before" "$cpu_after" "$started" "$ended" <<'PY' | tee "$out/multinode-postgres-server.json"
import json, os, sys
c0, c1, j0, j1, t0, t1 = map(float, sys.argv[1:])
hz = os.sysconf("SC_CLK_TCK")
print(json.dumps({"postgres_commits_per_s": round((c1 - c0) / (t1 - t0), 1),
                  "postgres_cpu_percent": round(100 * (j1 - j0) / hz / (t1 - t0), 1), "seconds": round(t1 - t0, 1)}))
PY
echo "shared log timings, node A then node B (10 s intervals):"
grep -h "shared log timings" "$log_a" | tail -4
grep -h "shared log timings" "$log_b" | tail -4
