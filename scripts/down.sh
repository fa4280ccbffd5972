#!/usr/bin/env bash
# Stops the api and worker started by scripts/up.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
for process in api worker; do
  pid_file=var/run/$process.pid
  if [ -f "$pid_file" ]; then
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  fi
done
