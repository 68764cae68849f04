#!/usr/bin/env bash
# Runs the whole local profile on loopback: PostgreSQL, the AWS emulator, one silo and
# the Api. Ctrl+C stops everything this script started.
#
# Settings (environment):
#   HONEYTOKEN_HTTP_PORT   port of the Api and dashboard (default: 8080)
#   HONEYTOKEN_PG_PORT     port of PostgreSQL (default: 55432)
#   HONEYTOKEN_DATA_DIR    folder for local state and logs (default: <repo>/.data)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data_dir="${HONEYTOKEN_DATA_DIR:-$repo_root/.data}"
http_port="${HONEYTOKEN_HTTP_PORT:-8080}"
emulator_url="http://127.0.0.1:4566"
log_dir="$data_dir/logs"
configuration="Release"

log() { echo "run.sh: $*" >&2; }

mkdir -p "$log_dir"
cd "$repo_root"

# Start PostgreSQL, remembering whether it ran before so that Ctrl+C stops only what we started.
postgres_was_running=false
if deploy/local/postgres.sh status 2>/dev/null; then
    postgres_was_running=true
fi
admin_connection="$(deploy/local/postgres.sh start | tail -n 1)"
connection="${admin_connection/Database=postgres/Database=honeytoken}"
deploy/local/create-database.sh "$admin_connection" honeytoken

log "building ($configuration)"
dotnet build HoneytokenOrleans.sln -c "$configuration" -v quiet -nologo >&2

pids=()
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait "${pids[@]}" 2>/dev/null || true
    if [[ "$postgres_was_running" == false ]]; then
        deploy/local/postgres.sh stop || true
    fi
}
trap stop_all INT TERM EXIT

emulator_project="deploy/local/Honeytoken.AwsEmulator"
if [[ -d "$emulator_project" ]]; then
    log "starting the AWS emulator on $emulator_url (log: $log_dir/emulator.log)"
    dotnet "$emulator_project/bin/$configuration/net10.0/Honeytoken.AwsEmulator.dll" \
        --urls "$emulator_url" \
        --seed deploy/local/emulator-seed.json \
        --state-file "$data_dir/emulator-state.json" \
        >"$log_dir/emulator.log" 2>&1 &
    pids+=($!)
fi

export ConnectionStrings__Honeytoken="$connection"

# The emulator signs SNS messages with its own certificate, served over HTTP on loopback.
export Sns__AllowedCertificateHosts__0="127.0.0.1:4566"
export Sns__AllowHttpForAllowedHosts=true

# The key that encrypts secrets at rest, made once per data folder and kept with mode 0600.
# Losing it makes the stored configuration and honeytoken keys unreadable.
key_file="$data_dir/secrets-key"
if [[ ! -s "$key_file" ]]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$key_file")
fi
Honeytoken__Secrets__EncryptionKey="$(cat "$key_file")"
export Honeytoken__Secrets__EncryptionKey

# S3 addresses an access point by host name (<name>-<account>. before the endpoint's host),
# which does not resolve on loopback, so S3 requests go to the emulator as their HTTP proxy.
export Aws__Endpoints__S3Proxy="$emulator_url"

log "starting the silo (log: $log_dir/silo.log)"
dotnet "Silo/Honeytoken.Silo/bin/$configuration/net10.0/Honeytoken.Silo.dll" >"$log_dir/silo.log" 2>&1 &
pids+=($!)

log "starting the Api on http://127.0.0.1:$http_port (log: $log_dir/api.log)"
dotnet "Api/Honeytoken.Api/bin/$configuration/net10.0/Honeytoken.Api.dll" \
    --urls "http://127.0.0.1:$http_port" >"$log_dir/api.log" 2>&1 &
pids+=($!)

# Wait for readiness, but give up loudly if a process dies or it takes too long.
deadline=$((SECONDS + 180))
until curl -fsS "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1; do
    for pid in "${pids[@]}"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "error: a process exited during start-up; see the logs in $log_dir"
            exit 1
        fi
    done
    if (( SECONDS > deadline )); then
        log "error: /readyz did not answer 200 within 180 s; see the logs in $log_dir"
        exit 1
    fi
    sleep 1
done

cat >&2 <<MESSAGE

HoneytokenOrleans is running.
  Api and dashboard:  http://127.0.0.1:$http_port   (readiness: /readyz)
  AWS emulator:       $emulator_url
  PostgreSQL:         $connection
  Logs:               $log_dir
Press Ctrl+C to stop.
MESSAGE

wait -n "${pids[@]}"
log "error: a process exited; see the logs in $log_dir"
exit 1
