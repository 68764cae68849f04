#!/usr/bin/env bash
# Creates a database on the server named by an Npgsql connection string, unless it exists.
# Usage: create-database.sh "<admin connection string>" <database name>
set -euo pipefail

connection="$1"
database="$2"

if [[ ! "$database" =~ ^[a-z_][a-z0-9_]*$ ]]; then
    echo "create-database.sh: invalid database name '$database': use lower-case letters, digits and _" >&2
    exit 2
fi

# Turn the Npgsql keywords into the libpq environment that psql reads.
IFS=';' read -ra parts <<<"$connection"
for part in "${parts[@]}"; do
    key="${part%%=*}"
    value="${part#*=}"
    case "${key,,}" in
        host) export PGHOST="$value" ;;
        port) export PGPORT="$value" ;;
        username) export PGUSER="$value" ;;
        password) export PGPASSWORD="$value" ;;
    esac
done
export PGDATABASE=postgres

exists="$(psql -XtAc "SELECT 1 FROM pg_database WHERE datname = '$database'")"
if [[ "$exists" != "1" ]]; then
    psql -Xq -c "CREATE DATABASE $database" >/dev/null
    echo "create-database.sh: created database $database" >&2
fi
