#!/usr/bin/env bash
# Starts a private PostgreSQL server on 127.0.0.1 for the tests (installing Debian's postgresql if it is missing)
# and prints the URL the tests use. Safe to run again: a server already answering is left as it is.
# Usage: eval "$(bash .ci/postgres.sh)"   ->   exports CME_TEST_POSTGRES_URL
set -euo pipefail
PORT="${CME_PG_PORT:-54329}"
DIR="${CME_PG_DIR:-/tmp/cme-desk-pg}"
URL="postgresql://cme:cme@127.0.0.1:${PORT}/postgres"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if [ -z "$(pg_bin)" ]; then
  echo "Installing PostgreSQL from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) >&2
fi
BIN="$(pg_bin)"

if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    as_owner "'$BIN/initdb' -D '$DIR' -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  as_owner "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w -o \"-h 127.0.0.1 -p $PORT -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off\" start" >&2
fi
"$BIN/psql" -q -h /tmp -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cme') THEN
    CREATE ROLE cme LOGIN CREATEDB PASSWORD 'cme';
  END IF;
END \$\$;
-- Dropping a test database WITH (FORCE) may have to end a server process (autovacuum) that is not cme's.
GRANT pg_signal_backend TO cme;
SQL
echo "export CME_TEST_POSTGRES_URL='$URL'"
