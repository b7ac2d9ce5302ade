#!/usr/bin/env bash
# Runs Tavolo on its embedded defaults (http://127.0.0.1:8080); extra arguments go to `tavolo serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_apt_packages "${SERVER_PACKAGES[@]}" "${EXPORT_PACKAGES[@]}"
swift build -c release --product tavolo
exec .build/release/tavolo serve "$@"
