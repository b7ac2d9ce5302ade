#!/usr/bin/env bash
# Runs the Autobahn WebSocket test suite (RFC 6455 conformance, `wstest -m fuzzingclient`)
# against `tavolo serve --relay true` (release build) and writes the summary to docs/autobahn.md.
# Not part of CI: it takes ~1 minute without permessage-deflate and ~11 minutes with it.
#
#   scripts/autobahn.sh                 all 517 cases, permessage-deflate (12.*, 13.*) included
#   scripts/autobahn.sh --no-deflate    the 301 cases without permessage-deflate
#   scripts/autobahn.sh --cases '1.*,2.*'   only these (comma-separated Autobahn patterns)
#   AUTOBAHN_SUMMARY=path               write the summary there instead of docs/autobahn.md
#
# autobahntestsuite runs only on Python 2.7, which Debian bookworm lacks: python2.7 (and its
# headers, for wsaccel) install from Debian bullseye through a temporary apt source that is
# removed afterwards; `virtualenv<20.22` (the last to create 2.7 environments) makes
# .venv-autobahn/py27 and pip fills it with autobahntestsuite. Every step is skipped when done.
# Reports (HTML and JSON per case) go to bench/out/autobahn/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

AUTOBAHN_VERSION=25.10.1
ENV_DIR=.venv-autobahn
OUT_DIR=bench/out/autobahn
SUMMARY=${AUTOBAHN_SUMMARY:-docs/autobahn.md}
CASES='*'
EXCLUDE=''
MODE="all cases, permessage-deflate included"

while [ $# -gt 0 ]; do
  case "$1" in
    --no-deflate) EXCLUDE='12.*,13.*'; MODE="without permessage-deflate (12.* and 13.* excluded)" ;;
    --cases) CASES="$2"; MODE="cases $2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

PYTHON27=/usr/bin/python2.7
ensure_python27() {
  # A pyenv 2.7 (as on the development machines) will do as well as Debian's.
  local pyenv27
  pyenv27=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/2.7.*/bin/python2.7 2>/dev/null | tail -1 || true)
  if [ -n "$pyenv27" ]; then PYTHON27=$pyenv27; return 0; fi
  if [ -x /usr/bin/python2.7 ] && [ -f /usr/include/python2.7/Python.h ]; then return 0; fi
  local source_file=/etc/apt/sources.list.d/tavolo-autobahn-bullseye.list
  echo "Installing python2.7 from Debian bullseye (temporary apt source $source_file)"
  # deb.debian.org keeps bullseye while it is supported; archive.debian.org afterwards.
  local mirror
  for mirror in http://deb.debian.org/debian http://archive.debian.org/debian; do
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bullseye main" \
      | $sudo tee "$source_file" >/dev/null
    trap "$sudo rm -f '$source_file'" EXIT
    if $sudo apt-get update -qq && apt-cache show python2.7-dev >/dev/null 2>&1; then
      # Only packages bookworm lacks come from bullseye (its versions are older than bookworm's).
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        python2.7 python2.7-dev >/dev/null && break
    fi
  done
  $sudo rm -f "$source_file"
  trap - EXIT
  $sudo apt-get update -qq || true  # drop bullseye from the package lists again
  [ -x /usr/bin/python2.7 ] || { echo "could not install python2.7 from bullseye" >&2; exit 1; }
}

ensure_wstest() {
  local marker="$ENV_DIR/py27/.autobahntestsuite-$AUTOBAHN_VERSION"
  [ -x "$ENV_DIR/py27/bin/wstest" ] && [ -f "$marker" ] && return 0
  ensure_python27
  ensure_apt_packages gcc python3-venv
  if [ ! -x "$ENV_DIR/tools/bin/virtualenv" ]; then
    python3 -m venv "$ENV_DIR/tools"
    "$ENV_DIR/tools/bin/pip" install -q 'virtualenv<20.22'
  fi
  [ -x "$ENV_DIR/py27/bin/pip" ] || "$ENV_DIR/tools/bin/virtualenv" -q -p "$PYTHON27" "$ENV_DIR/py27"
  "$ENV_DIR/py27/bin/pip" install -q --disable-pip-version-check "autobahntestsuite==$AUTOBAHN_VERSION" 2>&1 \
    | grep -v DEPRECATION || true
  [ -x "$ENV_DIR/py27/bin/wstest" ] || { echo "autobahntestsuite did not install" >&2; exit 1; }
  touch "$marker"
}

ensure_swift
ensure_apt_packages "${SERVER_PACKAGES[@]}"
ensure_wstest

TAVOLO=.build-bench/release/tavolo
echo "Building tavolo (release, .build-bench)"
built=no
for attempt in 1 2 3; do
  # Others may be editing Sources/ meanwhile ("modified during the build"): try again.
  if swift build -c release --scratch-path .build-bench --product tavolo >"${TMPDIR:-/tmp}/tavolo-autobahn-build.log" 2>&1; then
    built=yes; break
  fi
  sleep 5
done
if [ "$built" = no ]; then
  tail -20 "${TMPDIR:-/tmp}/tavolo-autobahn-build.log" >&2
  [ -x "$TAVOLO" ] || { echo "build failed" >&2; exit 1; }
  echo "build failed; using the previous $TAVOLO" >&2
fi

WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -INT "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Limits raised for the suite: 9.* sends messages up to 16 MiB and echoes them back at once.
"$TAVOLO" serve --port 0 --host 127.0.0.1 --relay true --data-dir "$WORK/data" --web-root "$WORK" \
  --max-message-bytes 20000000 --send-queue-limit 100000 --send-queue-bytes 200000000 \
  --allowed-origin '*' --log-level warning >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
PORT=""
for _ in $(seq 100); do
  PORT=$(sed -n 's#^Tavolo listening on http://127.0.0.1:\([0-9]*\).*#\1#p' "$WORK/server.out")
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; echo "server did not start" >&2; exit 1; }
  sleep 0.1
done
[ -n "$PORT" ] || { echo "server did not print its port" >&2; exit 1; }
echo "Server on port $PORT; running Autobahn ($MODE)"

rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR"
python3 - "$PORT" "$CASES" "$EXCLUDE" "$PWD/$OUT_DIR" >"$WORK/fuzzingclient.json" <<'EOF'
import json, sys
port, cases, exclude, out = sys.argv[1:]
split = lambda s: [c for c in s.split(",") if c]
print(json.dumps({
    "outdir": out,
    "servers": [{"agent": "tavolo", "url": "ws://127.0.0.1:%s/ws?channel=autobahn" % port}],
    "cases": split(cases), "exclude-cases": split(exclude), "exclude-agent-cases": {},
}, indent=2))
EOF

started=$(date +%s)
# Bounded: the full suite with deflate takes ~11 minutes here.
if ! (cd "$WORK" && timeout 2400 "$OLDPWD/$ENV_DIR/py27/bin/wstest" -m fuzzingclient -s fuzzingclient.json \
      >"$WORK/wstest.log" 2>&1); then
  tail -20 "$WORK/wstest.log" >&2
  echo "wstest failed or timed out" >&2
fi
elapsed=$(( $(date +%s) - started ))
[ -f "$OUT_DIR/index.json" ] || { echo "no Autobahn report in $OUT_DIR" >&2; exit 1; }

server_alive="yes"
kill -0 "$SERVER_PID" 2>/dev/null || server_alive="no (it exited during the run)"

python3 - "$OUT_DIR" "$SUMMARY" "$MODE" "$elapsed" "$server_alive" "$AUTOBAHN_VERSION" \
  "$(git rev-parse --short HEAD)" "$(date -u +%Y-%m-%d)" <<'EOF'
import json, os, re, sys
from collections import Counter
out, summary, mode, elapsed, alive, version, commit, day = sys.argv[1:]
index = json.load(open(os.path.join(out, "index.json")))["tavolo"]
ok = {"OK", "NON-STRICT", "INFORMATIONAL"}

def key(case):
    return [int(p) for p in case.split(".")]

def outcome(r):
    b, c = r["behavior"], r["behaviorClose"]
    # Autobahn's verdict for a case is its behavior; a close-handshake verdict worse than OK is reported too.
    return b if b not in ok or c in ok else "%s (close: %s)" % (b, c)

counts = Counter(r["behavior"] for r in index.values())
close_counts = Counter(r["behaviorClose"] for r in index.values())
bad = sorted((c for c, r in index.items() if r["behavior"] not in ok or r["behaviorClose"] not in ok), key=key)
info = sorted((c for c, r in index.items() if r["behavior"] in ("NON-STRICT", "INFORMATIONAL")), key=key)

def details(case):
    r = index[case]
    try:
        d = json.load(open(os.path.join(out, r["reportfile"].replace(".html", ".json"))))
    except (IOError, OSError, ValueError):
        d = {}
    desc = re.sub(r"<[^>]+>", "", d.get("description", "")).strip()
    return r, d, " ".join(desc.split())

lines = ["# Autobahn WebSocket test suite", "",
         "RFC 6455 conformance of the libwebsockets transport, measured with `scripts/autobahn.sh` "
         "(autobahntestsuite %s, `wstest -m fuzzingclient`) against `tavolo serve --relay true` "
         "(release build; every message is echoed to its sender) with limits raised for the suite: "
         "`--max-message-bytes 20000000 --send-queue-limit 100000 --send-queue-bytes 200000000 --allowed-origin '*'`." % version, "",
         "- Run: %s, commit %s, %s; %d cases in %s s; server still running at the end: %s." % (day, commit, mode, len(index), elapsed, alive),
         "- HTML and JSON reports per case: `bench/out/autobahn/` (not committed; open `index.html`).", "",
         "## Outcomes", "", "| outcome | cases |", "|---|---|"]
for b in ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED", "WRONG CODE", "UNCLEAN"]:
    if counts.get(b):
        lines.append("| %s | %d |" % (b, counts[b]))
for b, n in sorted(counts.items()):
    if b not in ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED", "WRONG CODE", "UNCLEAN"]:
        lines.append("| %s | %d |" % (b, n))
lines += ["", "Closing handshake verdicts: " + ", ".join("%s %d" % kv for kv in sorted(close_counts.items())) + ".", ""]

lines += ["## Cases not OK", ""]
if not bad:
    lines += ["None: every case ended OK, NON-STRICT or INFORMATIONAL.", ""]
else:
    lines += ["| case | verdict | close verdict | close code seen | what Autobahn says |", "|---|---|---|---|---|"]
    for c in bad:
        r, d, desc = details(c)
        why = "; ".join(x for x in [d.get("result", ""), d.get("resultClose", "")] if x)
        lines.append("| %s | %s | %s | %s | %s |" % (c, r["behavior"], r["behaviorClose"], r.get("remoteCloseCode"), why.replace("|", "\\|")))
    lines.append("")
if info:
    lines += ["## NON-STRICT and INFORMATIONAL cases", "", "| case | verdict | what Autobahn says |", "|---|---|---|"]
    for c in info:
        r, d, desc = details(c)
        lines.append("| %s | %s | %s |" % (c, r["behavior"], d.get("result", "").replace("|", "\\|")))
    lines.append("")
marker = "<!-- analysis -->"
analysis = ""
if os.path.exists(summary):
    text = open(summary).read()
    if marker in text:
        analysis = text[text.index(marker):]
if analysis:
    lines.append(analysis.rstrip("\n"))
open(summary, "w").write("\n".join(lines) + "\n")
print("\n".join(lines[lines.index("## Outcomes"):]))
print("Summary written to %s" % summary)
EOF
