#!/usr/bin/env bash
# Brings the whole platform up with demo data: in containers when a Docker engine runs,
# otherwise on this machine's PostgreSQL and Redis (installed and started if needed).
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  docker compose up -d --build
  echo "Platform starting in containers: http://localhost:3000/api/docs"
  exit 0
fi

bash scripts/ensure-services.sh

database_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wuhai_land}
database_name=${database_url##*/}
admin_url=${database_url%/*}/postgres
if [ "$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '${database_name}'")" != 1 ]; then
  psql "$admin_url" -qc "CREATE DATABASE ${database_name}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci
fi
npm run build
npm run migration:run
npm run seed:demo

mkdir -p var/log var/run
for process in api worker; do
  pid_file=var/run/$process.pid
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    kill "$(cat "$pid_file")" && sleep 1
  fi
  nohup node "dist/apps/$process/src/main.js" >"var/log/$process.log" 2>&1 &
  echo $! >"$pid_file"
done

port=${PORT:-3000}
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:${port}/api/v1/health/ready" >/dev/null 2>&1; then
    echo "Platform is up: http://localhost:${port}/api/docs (logs in var/log, stop with: npm run down)"
    exit 0
  fi
  sleep 1
done
echo "The API did not become ready; see var/log/api.log" >&2
exit 1
