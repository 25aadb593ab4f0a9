#!/usr/bin/env bash
# Install (if missing) and start a throw-away PostgreSQL server on 127.0.0.1, then print its URL.
# Used by .ci/run and by developers: `export NNECL_TEST_POSTGRES_URL=$(bash .ci/postgres.sh)`.
set -euo pipefail
PGPORT="${PGPORT:-55432}"
PGDATA_DIR="${PGDATA_DIR:-/tmp/nnecl-pg-$PGPORT}"
log() { echo "$@" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

if [ -z "$(pg_bin)" ]; then
  if [ -n "${PG_NO_INSTALL:-}" ]; then log "PostgreSQL is not installed"; exit 3; fi
  log "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN=$(pg_bin)
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

if ! as_pg "$BIN/pg_ctl -D $PGDATA_DIR status" >/dev/null 2>&1; then
  rm -rf "$PGDATA_DIR"; mkdir -p "$PGDATA_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
  as_pg "$BIN/initdb -D $PGDATA_DIR -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  as_pg "$BIN/pg_ctl -D $PGDATA_DIR -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1' -l $PGDATA_DIR/server.log -w start" >/dev/null
  as_pg "$BIN/createdb -h 127.0.0.1 -p $PGPORT -U postgres nnecl"
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/nnecl"
