#!/usr/bin/env bash
# A throwaway PostgreSQL cluster (Debian's postgresql package) for the register tests.
#   .ci/postgres.sh start   create the cluster (once), start it, create the database; prints the test URL
#   .ci/postgres.sh stop    stop the cluster (the files stay, so the next start is quick)
# Then: ASSESSOR_TEST_POSTGRES_URL=<printed URL> make test
# Runs as root (CI) or as any user; the server itself runs as the postgres user when started by root.
# Settings: PG_DIR (default /tmp/assessor-pg), PG_PORT (55432), PG_DB (assessor_test).
set -euo pipefail

BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
DIR=${PG_DIR:-/tmp/assessor-pg}
PORT=${PG_PORT:-55432}
DB=${PG_DB:-assessor_test}
DATA="$DIR/data"

as_server_user() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "cd / && $*"
    else
        sh -c "$*"
    fi
}

running() {
    [ -f "$DATA/PG_VERSION" ] && as_server_user "'$BIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1
}

start() {
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    if [ ! -f "$DATA/PG_VERSION" ]; then
        as_server_user "'$BIN/initdb' -D '$DATA' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >/dev/null
    fi
    if ! running; then
        as_server_user "'$BIN/pg_ctl' -D '$DATA' -o \"-p $PORT -k '$DIR' -c listen_addresses=localhost\" -l '$DIR/log' -w start" >/dev/null
    fi
    if ! psql -h localhost -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
        psql -h localhost -p "$PORT" -U postgres -qc "CREATE DATABASE $DB"
    fi
    echo "postgresql://postgres@localhost:$PORT/$DB"
}

stop() {
    if running; then
        as_server_user "'$BIN/pg_ctl' -D '$DATA' -m fast -w stop" >/dev/null
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
