#!/usr/bin/env bash
# Transport benchmark: tavolo's libwebsockets relay (`tavolo serve --relay true`, release build)
# against a minimal Python `websockets` relay (py_server.py), driven by a native load generator
# (loadgen.c, libwebsockets client API). Loopback only; every run stops by itself.
#
#   bench/transport/run.sh                  everything (about 4 minutes)
#   BENCH_DURATION=4 BENCH_WARMUP=1 bench/transport/run.sh     shorter windows
#   BENCH_SIDES=tavolo bench/transport/run.sh                  one side only
#   BENCH_SCENARIOS="echo-1 room-200-rate-40000" bench/transport/run.sh
#
# Scenarios: echo-N = N clients, each alone in its own channel, one message in flight each
# (round trips/s); room-200-rate-R = 200 clients in one channel, senders taking turns at R
# deliveries/s offered (R/200 messages/s, each delivered to all 200, the sender included);
# room-200-window-W = the same room as a closed loop with W messages in flight (saturation).
# Before each scenario it waits up to BENCH_QUIET_WAIT s (default 30) for other processes to use
# less than BENCH_QUIET_CORES (default 0.3) cores; each result says how busy the machine was
# (other_cpu), and a scenario disturbed by more than that is measured again (BENCH_TRIES, default
# 2 tries; the quietest is kept). Messages are 32-byte binary frames. The server runs on SERVER_CPUS (default 0), the load
# generator on LOADGEN_CPUS (default 1), via taskset. Output: a JSON line per scenario and
# side, a JSON ratio line (tavolo / python) per scenario, and a table; all kept in
# bench/out/transport/. Ratios are printed even when a side fails (the line says which).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib.sh

WARMUP=${BENCH_WARMUP:-2}
DURATION=${BENCH_DURATION:-8}
SIDES=${BENCH_SIDES:-tavolo python}
SCENARIOS=${BENCH_SCENARIOS:-echo-1 echo-4 echo-16 room-200-rate-40000 room-200-rate-80000 room-200-rate-120000 room-200-window-20}
SERVER_CPUS=${SERVER_CPUS:-0}
QUIET_WAIT=${BENCH_QUIET_WAIT:-30}
QUIET_CORES=${BENCH_QUIET_CORES:-0.3}
TRIES=${BENCH_TRIES:-2}
LOADGEN_CPUS=${LOADGEN_CPUS:-1}
WEBSOCKETS_VERSION=17.4
OUT=bench/out/transport
VENV=bench/transport/.venv
mkdir -p "$OUT"

ensure_swift
ensure_apt_packages "${SERVER_PACKAGES[@]}" gcc util-linux python3-venv

# taskset only where there are two cores or more; both sides run at nice BENCH_NICE (default -10
# as root) so that other work on a shared machine disturbs them less. Prefixes, not functions,
# so that $! is the server itself (nice and taskset exec it).
NICE=${BENCH_NICE:-$([ "$(id -u)" -eq 0 ] && echo -10 || echo 0)}
PIN_SERVER=(nice -n "$NICE")
PIN_LOADGEN=(nice -n "$NICE")
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  PIN_SERVER+=(taskset -c "$SERVER_CPUS")
  PIN_LOADGEN+=(taskset -c "$LOADGEN_CPUS")
fi

TAVOLO=.build-bench/release/tavolo
echo "Building tavolo (release, .build-bench)" >&2
built=no
for attempt in 1 2 3; do
  # Others may be editing Sources/ meanwhile ("modified during the build"): try again.
  if swift build -c release --scratch-path .build-bench --product tavolo >"$OUT/build.log" 2>&1; then
    built=yes; break
  fi
  sleep 5
done
if [ "$built" = no ]; then
  tail -20 "$OUT/build.log" >&2
  if [ -x "$TAVOLO" ]; then echo "build failed; using the previous $TAVOLO" >&2; else echo "build failed: tavolo side will fail" >&2; fi
fi

LOADGEN="$OUT/loadgen"
echo "Compiling the load generator" >&2
# shellcheck disable=SC2046
gcc -O2 -Wall -pthread -o "$LOADGEN" bench/transport/loadgen.c $(pkg-config --cflags --libs libwebsockets)

if [ ! -f "$VENV/.websockets-$WEBSOCKETS_VERSION" ]; then
  echo "Installing Python websockets $WEBSOCKETS_VERSION into $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "websockets==$WEBSOCKETS_VERSION"
  touch "$VENV/.websockets-$WEBSOCKETS_VERSION"
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$OUT/results-$STAMP.jsonl"
: >"$RESULTS"
WORK=$(mktemp -d)
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -INT "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$WORK"' EXIT

# Starts one side pinned to SERVER_CPUS; sets SERVER_PID and PORT, or returns 1.
start_server() {
  local side=$1
  PORT=""
  : >"$WORK/$side.out"
  case "$side" in
    tavolo)
      [ -x "$TAVOLO" ] || return 1
      "${PIN_SERVER[@]}" "$TAVOLO" serve --port 0 --host 127.0.0.1 --relay true \
        --data-dir "$WORK/data" --web-root "$WORK" --allowed-origin '*' --log-level warning \
        >"$WORK/$side.out" 2>"$WORK/$side.err" &
      ;;
    python)
      "${PIN_SERVER[@]}" "$VENV/bin/python" bench/transport/py_server.py --port 0 \
        >"$WORK/$side.out" 2>"$WORK/$side.err" &
      ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 150); do
    PORT=$(sed -n 's#.*listening on http://127.0.0.1:\([0-9]*\).*#\1#p' "$WORK/$side.out")
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -5 "$WORK/$side.err" >&2
  stop_server
  return 1
}

# Busy cores over the last second, from /proc/stat (our server idles meanwhile).
busy_cores() {
  local a b
  a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
  python3 -c "import sys; a=list(map(int,sys.argv[1].split())); b=list(map(int,sys.argv[2].split())); \
d=[y-x for x,y in zip(a,b)]; t=sum(d[:8]) or 1; print('%.2f' % ((t-d[3]-d[4])/t*$(nproc)))" "${a[*]:1}" "${b[*]:1}"
}

# On a shared machine, wait (at most QUIET_WAIT s per scenario) for other work to calm down.
wait_quiet() {
  local waited=0 busy
  while :; do
    busy=$(busy_cores)
    python3 -c "import sys; sys.exit(0 if float('$busy') <= $QUIET_CORES else 1)" && break
    [ "$waited" -ge "$QUIET_WAIT" ] && { echo "  machine still busy ($busy cores in use by others); measuring anyway" >&2; break; }
    [ "$waited" -eq 0 ] && echo "  waiting for the machine to calm down ($busy cores in use by others)" >&2
    sleep 4; waited=$((waited + 5))
  done
}

fail_line() {  # side scenario reason
  printf '{"server":"%s","scenario":"%s","ok":false,"error":"%s"}\n' "$1" "$2" "$3"
}

for side in $SIDES; do
  echo "== $side" >&2
  if ! start_server "$side"; then
    for scenario in $SCENARIOS; do fail_line "$side" "$scenario" "server did not start" | tee -a "$RESULTS"; done
    continue
  fi
  for scenario in $SCENARIOS; do
    case "$scenario" in
      echo-*) args=(--mode echo --clients "${scenario#echo-}" --channel "echo-$STAMP") ;;
      room-*-rate-*) n=${scenario#room-}; args=(--mode room --clients "${n%%-*}" --rate "${scenario##*-rate-}" --channel "room-$scenario") ;;
      room-*-window-*) n=${scenario#room-}; args=(--mode room --clients "${n%%-*}" --window "${scenario##*-window-}" --channel "room-$scenario") ;;
      *) echo "unknown scenario $scenario" >&2; continue ;;
    esac
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      fail_line "$side" "$scenario" "server exited" | tee -a "$RESULTS"; continue
    fi
    line=""
    for try in $(seq "$TRIES"); do
      wait_quiet
      attempt=$("${PIN_LOADGEN[@]}" timeout 120 "$LOADGEN" --port "$PORT" "${args[@]}" --warmup "$WARMUP" \
        --duration "$DURATION" --server-pid "$SERVER_PID" --label "$side" 2>"$WORK/loadgen.err" | tail -1) || true
      [ -s "$WORK/loadgen.err" ] && sed 's/^/  /' "$WORK/loadgen.err" | sort | uniq -c | head -5 >&2
      # Keep the try during which other processes used the least CPU; stop once one was quiet.
      line=$(python3 -c "import json,sys
def other(l):
    try: return json.loads(l).get('other_cpu', 9)
    except ValueError: return 99
a, b = sys.argv[1], sys.argv[2]
print(b if not a or other(b) < other(a) else a)" "$line" "$attempt")
      other=$(python3 -c "import json,sys
try: print(json.loads(sys.argv[1]).get('other_cpu', 9))
except ValueError: print(99)" "$line")
      python3 -c "import sys; sys.exit(0 if float('$other') <= $QUIET_CORES else 1)" && break
      [ "$try" -lt "$TRIES" ] && echo "  other processes used $other cores meanwhile: measuring again" >&2
      sleep 1
    done
    if [ -z "$line" ]; then
      fail_line "$side" "$scenario" "load generator printed nothing" | tee -a "$RESULTS"
    else
      echo "${line%\}},\"scenario\":\"$scenario\"}" | tee -a "$RESULTS"
    fi
    sleep 1  # let the server close the previous connections
  done
  stop_server
done

python3 bench/transport/summarize.py "$RESULTS" \
  --machine "tavolo at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' (Sources/ modified)'), websockets $WEBSOCKETS_VERSION; $(nproc) cores, load average at start $(cut -d" " -f1-3 /proc/loadavg), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(uname -r); server on CPU $SERVER_CPUS, load generator on CPU $LOADGEN_CPUS, nice $NICE; ${WARMUP} s warm-up, ${DURATION} s measured" \
  | tee "$OUT/summary-$STAMP.txt"
echo "Results: $RESULTS" >&2
