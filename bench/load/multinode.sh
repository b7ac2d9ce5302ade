#!/usr/bin/env bash
# Several nodes on PostgreSQL against one node on SQLite, same load (bench/load/loadgen.c):
#   1. one `tavolo serve` on SQLite, clients connected to it directly;
#   2. two `tavolo serve` on one PostgreSQL (scripts/postgres.sh), behind nginx
#      (config/nginx/tavolo.conf; least_conn spreads the members of every table over both nodes,
#      so most deliveries cross nodes).
# Prints loadgen's JSON line per run (send-to-peer and ack latency, lost), then PostgreSQL's
# commits per second and CPU over the run. Release build in .build-bench. Loopback only.
#
#   bench/load/multinode.sh [--clients 2000] [--tables 100] [--rate 1] [--seconds 20] [--parents seen]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/bench/out/load"
clients=2000 tables=100 rate=1 seconds=20 parents=seen
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --tables) tables="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --parents) parents="$2"; shift 2 ;;
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
  local data log
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
start_node
run_load "$port" "sqlite-1-node" "${pids[-1]}" | tee "$out/multinode-sqlite.json"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

# 2. two nodes, PostgreSQL, nginx
url="$("$root/scripts/postgres.sh" start "$pg_dir")"
start_node --store postgres --postgres-url "$url" --postgres-pool-size 8; node_a=$port
start_node --store postgres --postgres-url "$url" --postgres-pool-size 8; node_b=$port
nginx_dir="$(mktemp -d /tmp/tavolo-bench-nginx.XXXXXX)"; dirs+=("$nginx_dir")
mkdir -p "$nginx_dir/logs" "$nginx_dir/tmp"
nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
site="$(sed -e '/server 10.0.0.11:8080/d' \
  -e "s/    server 10.0.0.12:8080 max_fails=1 fail_timeout=5s;/    server 127.0.0.1:$node_a;\n    server 127.0.0.1:$node_b;/" \
  -e "s/listen 80;/listen 127.0.0.1:$nginx_port;/" "$root/config/nginx/tavolo.conf")"
cat >"$nginx_dir/nginx.conf" <<CONF
daemon off; worker_processes 1; pid nginx.pid; error_log logs/error.log warn;
events { worker_connections 8192; }
http { access_log off; client_body_temp_path tmp; proxy_temp_path tmp;
$site
}
CONF
nginx -p "$nginx_dir" -c nginx.conf -e logs/error.log &
pids+=($!)
sleep 0.5
pg_stats() { psql "${url%%\?*}" -At -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'tavolo'"; }
pg_cpu() {  # jiffies of every process of the cluster
  local total=0 pid
  for pid in $(pgrep -f "postgres.*$pg_dir" ; pgrep -P "$(head -1 "$pg_dir/data/postmaster.pid")"); do
    [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "$total"
}
commits_before=$(pg_stats); cpu_before=$(pg_cpu); started=$(date +%s.%N)
run_load "$nginx_port" "postgres-2-nodes-nginx" "${pids[-2]}" | tee "$out/multinode-postgres.json"
ended=$(date +%s.%N); commits_after=$(pg_stats); cpu_after=$(pg_cpu)
python3 - "$commits_before" "$commits_after" "$cpu_before" "$cpu_after" "$started" "$ended" <<'PY' | tee "$out/multinode-postgres-server.json"
import json, os, sys
c0, c1, j0, j1, t0, t1 = map(float, sys.argv[1:])
hz = os.sysconf("SC_CLK_TCK")
print(json.dumps({"postgres_commits_per_s": round((c1 - c0) / (t1 - t0), 1),
                  "postgres_cpu_percent": round(100 * (j1 - j0) / hz / (t1 - t0), 1), "seconds": round(t1 - t0, 1)}))
PY
