#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks: Debian's PostgreSQL 15, a cluster
# initialised in a temporary folder owned by the `postgres` user (the server refuses to run as
# root), listening on 127.0.0.1 on a free port, trusting local connections.
#
#   scripts/postgres.sh start DIR     initialises DIR (must not exist or be empty), starts the
#                                     server, prints its URL (postgres://tavolo@127.0.0.1:PORT/tavolo)
#   scripts/postgres.sh stop DIR      stops it (fast shutdown) and removes DIR
#   scripts/postgres.sh restart DIR   stops and starts it on the same port (the e2e restart test)
#   scripts/postgres.sh pause DIR     stops the server, keeping DIR (an outage)
#   scripts/postgres.sh resume DIR    starts it again on the same port
#
# Callers source nothing: read the URL from stdout, and stop in a trap.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

command=${1:?usage: scripts/postgres.sh start|stop|restart|pause|resume DIR}
dir=${2:?usage: scripts/postgres.sh start|stop|restart|pause|resume DIR}

bin_dir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] || { echo "postgres.sh: no PostgreSQL server in /usr/lib/postgresql" >&2; exit 1; }
  echo "$found"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
  local bin=$1 port
  port=$(cat "$dir/port")
  # -k: the Unix socket lives in the cluster's own folder, not /var/run/postgresql.
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
}

case $command in
  start)
    ensure_apt_packages postgresql
    bin=$(bin_dir)
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || { echo "postgres.sh: $dir is not empty" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_postgres "$bin/initdb" -D "$dir/data" -U tavolo -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    free_port >"$dir/port"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/port"
    start_server "$bin"
    port=$(cat "$dir/port")
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U tavolo -d postgres -c 'CREATE DATABASE tavolo' >/dev/null
    echo "postgres://tavolo@127.0.0.1:$port/tavolo?sslmode=disable"
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    as_postgres "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  restart)
    bin=$(bin_dir)
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    start_server "$bin"
    ;;
  pause)
    as_postgres "$(bin_dir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    start_server "$(bin_dir)"
    ;;
  *)
    echo "usage: scripts/postgres.sh start|stop|restart|pause|resume DIR" >&2
    exit 2
    ;;
esac
