#!/usr/bin/env bash
# Starts a PostgreSQL server for the local profile and the tests, on loopback only,
# under the project's own data folder. Safe to run again: an installed package, an
# initialised cluster and a running server are all left as they are.
#
# Prints the connection string (with the generated password) on the last line of
# standard output, so callers can capture it with $(deploy/local/postgres.sh).
#
# Usage: postgres.sh [start|stop|status]   (default: start)
#
# Settings (environment):
#   HONEYTOKEN_DATA_DIR   folder for local state (default: <repo>/.data)
#   HONEYTOKEN_PG_PORT    TCP port on 127.0.0.1 (default: 55432)
set -euo pipefail

command="${1:-start}"
case "$command" in
    start|stop|status) ;;
    *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data_root="${HONEYTOKEN_DATA_DIR:-$repo_root/.data}"
port="${HONEYTOKEN_PG_PORT:-55432}"

log() { echo "postgres.sh: $*" >&2; }

find_pg_bin() {
    local candidate
    for candidate in /usr/lib/postgresql/*/bin; do
        if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
            echo "$candidate"
        fi
    done | sort -V | tail -n 1
}

pg_bin="$(find_pg_bin)"
if [[ -z "$pg_bin" ]]; then
    log "PostgreSQL is not installed; installing Debian's postgresql package."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    pg_bin="$(find_pg_bin)"
fi
if [[ -z "$pg_bin" ]]; then
    log "error: no PostgreSQL server binaries found under /usr/lib/postgresql after installing."
    exit 1
fi

mkdir -p "$data_root"
pg_dir="$data_root/postgres"
password_file="$data_root/postgres-password"

# initdb and postgres refuse to run as root, so the server runs as the postgres
# account that Debian's package creates; it needs to reach its data folder.
run_as_postgres() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [[ "$(id -u)" -eq 0 ]] && ! runuser -u postgres -- test -x "$data_root"; then
    # The repository sits under a folder the postgres account cannot enter (such as
    # /root), so the server's files go to a folder of their own, named after the repo.
    pg_dir="/var/lib/honeytoken-orleans/$(echo -n "$repo_root" | sha256sum | cut -c1-16)/postgres"
    log "note: $data_root is not reachable by the postgres account; using $pg_dir"
fi

if [[ "$command" == "status" ]]; then
    run_as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1
    exit $?
fi

if [[ "$command" == "stop" ]]; then
    if run_as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; then
        run_as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" -m fast -w stop >&2
    fi
    exit 0
fi

if [[ ! -f "$password_file" ]]; then
    umask 077
    head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$password_file"
fi
password="$(cat "$password_file")"

if [[ ! -f "$pg_dir/PG_VERSION" ]]; then
    log "initialising a new cluster in $pg_dir"
    mkdir -p "$pg_dir"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown postgres:postgres "$pg_dir"
    fi
    chmod 700 "$pg_dir"
    pwfile="$(mktemp)"
    echo "$password" > "$pwfile"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown postgres "$pwfile"
    fi
    run_as_postgres "$pg_bin/initdb" -D "$pg_dir" -U postgres --pwfile="$pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
    rm -f "$pwfile"
fi

if run_as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; then
    log "server already running in $pg_dir"
else
    log "starting the server on 127.0.0.1:$port"
    run_as_postgres "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pg_dir -c max_connections=300" >&2
fi

echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
