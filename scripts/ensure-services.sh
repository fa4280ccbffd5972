#!/usr/bin/env bash
# Makes sure the local PostgreSQL (with PostGIS), Redis and the CJK font are there and running.
# Safe to run again: every step checks before it acts.
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_major=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1 || true)
if [ -z "$pg_major" ]; then
  log "installing PostgreSQL 15 with PostGIS"
  apt_install postgresql-15 postgresql-15-postgis-3
  pg_major=15
fi

if [ ! -f "/usr/share/postgresql/${pg_major}/extension/postgis.control" ]; then
  log "installing PostGIS for PostgreSQL ${pg_major}"
  apt_install "postgresql-${pg_major}-postgis-3"
fi

if [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
  log "installing the Noto CJK font for Chinese documents"
  apt_install fonts-noto-cjk
fi

if [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium for the browser tests of the web front end"
  apt_install chromium
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  log "starting PostgreSQL ${pg_major}"
  as_root pg_ctlcluster --skip-systemctl-redirect "$pg_major" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

if ! command -v redis-server >/dev/null 2>&1; then
  log "installing Redis"
  apt_install redis-server
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --maxmemory-policy noeviction --dir /var/lib/redis --logfile /var/log/redis/wuhai.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
# BullMQ must never have its keys evicted; a running Redis is switched over if it was started otherwise.
redis-cli -h 127.0.0.1 -p 6379 config set maxmemory-policy noeviction >/dev/null

log "PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'show server_version' | cut -d' ' -f1), Redis $(redis-cli -h 127.0.0.1 info server | grep redis_version | cut -d: -f2 | tr -d '\r') ready"
