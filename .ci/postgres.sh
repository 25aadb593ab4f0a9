#!/usr/bin/env bash
# A throw-away PostgreSQL server on 127.0.0.1 from Debian's packages.
#   bash .ci/postgres.sh [start]   install PostgreSQL if missing (unless PG_NO_INSTALL is set), start a
#                                  server in PGDATA_DIR on PGPORT (if not running there yet), print its URL
#   bash .ci/postgres.sh stop      stop that server and remove its folder
# The tests start their own on a free port and stop it when the session ends (tests/throwaway_postgres.py);
# by hand, e.g. for the benchmark: `export NNECL_BENCH_POSTGRES_URL=$(bash .ci/postgres.sh)`, then
# `bash .ci/postgres.sh stop`.
set -euo pipefail
ACTION="${1:-start}"
PGPORT="${PGPORT:-55432}"
PGDATA_DIR="${PGDATA_DIR:-/tmp/nnecl-pg-$PGPORT}"
log() { echo "$@" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
# Only a folder that is empty or holds a PostgreSQL cluster is ever removed.
removable() { [ ! -e "$PGDATA_DIR" ] || [ -f "$PGDATA_DIR/PG_VERSION" ] || [ -z "$(ls -A "$PGDATA_DIR")" ]; }

case "$ACTION" in
  stop)
    BIN=$(pg_bin || true)
    if [ -n "$BIN" ] && [ -f "$PGDATA_DIR/PG_VERSION" ]; then
      as_pg "$BIN/pg_ctl -D $PGDATA_DIR -m fast -w stop" >/dev/null 2>&1 || true
    fi
    if removable; then rm -rf "$PGDATA_DIR"; else log "not removed (not a PostgreSQL folder): $PGDATA_DIR"; fi
    exit 0
    ;;
  start) ;;
  *) log "usage: bash .ci/postgres.sh [start|stop]"; exit 2 ;;
esac

if [ -z "$(pg_bin || true)" ]; then
  if [ -n "${PG_NO_INSTALL:-}" ]; then log "PostgreSQL is not installed"; exit 3; fi
  log "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN=$(pg_bin)
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres

if ! as_pg "$BIN/pg_ctl -D $PGDATA_DIR status" >/dev/null 2>&1; then
  if ! removable; then log "$PGDATA_DIR exists and is not a PostgreSQL folder"; exit 4; fi
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$PGDATA_DIR"; fi
  as_pg "$BIN/initdb -D $PGDATA_DIR -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  # The server's output goes to its log, never to the caller's pipe; its socket lives in its own folder.
  as_pg "$BIN/pg_ctl -D $PGDATA_DIR -o '-p $PGPORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1' -l $PGDATA_DIR/server.log -w start" >/dev/null
  as_pg "$BIN/createdb -h 127.0.0.1 -p $PGPORT -U postgres nnecl"
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/nnecl"
