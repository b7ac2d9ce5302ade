#!/usr/bin/env bash
# Runs every test: Swift unit and in-memory tests, then the real-socket tests
# (pytest against the built binary), then the browser client's logic (node --test).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
scripts/check-imports.sh  # Package.swift lists exactly what each target imports
ensure_apt_packages "${SERVER_PACKAGES[@]}" "${EXPORT_PACKAGES[@]}" "${BROWSER_TEST_PACKAGES[@]}" \
  python3-venv openssl poppler-utils nginx

venv=.venv-test
if [ ! -x "$venv/bin/pytest" ] || ! cmp -s Tests/e2e/requirements.txt "$venv/requirements.txt"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r Tests/e2e/requirements.txt
  cp Tests/e2e/requirements.txt "$venv/requirements.txt"
fi

# A throwaway PostgreSQL server (scripts/postgres.sh) for the store contract suite and the
# multi-node tests; stopped and removed whatever happens.
postgres_dir=$(mktemp -u -d /tmp/tavolo-test-postgres.XXXXXX)
trap 'scripts/postgres.sh stop "$postgres_dir"' EXIT
TAVOLO_TEST_POSTGRES_URL=$(scripts/postgres.sh start "$postgres_dir")
# The failure tests restart the server (scripts/postgres.sh restart DIR).
export TAVOLO_TEST_POSTGRES_URL TAVOLO_TEST_POSTGRES_DIR=$postgres_dir

status=0
swift build --build-tests
# The CRDT suites replay long traces on every core; the server suites have timeouts and
# would starve beside them on a 2-core machine, so the two groups run one after the other.
swift test --skip-build --filter TavoloCRDTTests || status=1
swift test --skip-build --skip TavoloCRDTTests || status=1
# Node 20+ (its WebSocket is behind --experimental-websocket) runs the browser client's tests;
# some e2e tests run browser modules with it too (the admin page's QR encoder), so it comes first.
command -v node >/dev/null 2>&1 || ensure_apt_packages nodejs
"$venv/bin/pytest" -q Tests/e2e || status=1
# Tables sharded over two engine workers: live tables, crashes, shutdown, invitations and two
# nodes on PostgreSQL (shared-log notifications and relayed presence reach the table's worker).
TAVOLO_E2E_ENGINE_WORKERS=2 "$venv/bin/pytest" -q Tests/e2e/test_live_tables.py Tests/e2e/test_crash_durability.py \
  Tests/e2e/test_shutdown.py Tests/e2e/test_invitations.py Tests/e2e/test_multinode.py || status=1

# The browser client's logic: every *.test.js under web/ (the CRDT replica, the live client,
# the table screen, facilitation and history views).
mapfile -t web_tests < <(find web -name '*.test.js' -not -path '*/node_modules/*' | sort)
node --test --experimental-websocket "${web_tests[@]}" || status=1
exit $status
