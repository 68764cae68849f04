#!/usr/bin/env bash
# Runs the whole local profile on loopback: PostgreSQL, the AWS emulator, one silo and
# the Api. Ctrl+C stops everything this script started.
#
# Settings (environment):
#   HONEYTOKEN_HTTP_PORT      port of the Api and dashboard (default: 8080)
#   HONEYTOKEN_PG_PORT        port of PostgreSQL (default: 55432)
#   HONEYTOKEN_DATA_DIR       folder for local state and logs (default: <repo>/.data)
#   HONEYTOKEN_METRICS_PORT   Prometheus metrics (/metrics) of the silo on this port and of
#                             the Api on the next one (default: 9464, so 9464 and 9465)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data_dir="${HONEYTOKEN_DATA_DIR:-$repo_root/.data}"
http_port="${HONEYTOKEN_HTTP_PORT:-8080}"
# Each process serves its own metrics, so each needs its own port.
silo_metrics_port="${HONEYTOKEN_METRICS_PORT:-9464}"
api_metrics_port=$((silo_metrics_port + 1))
emulator_port=4566
emulator_url="http://127.0.0.1:$emulator_port"
log_dir="$data_dir/logs"
configuration="Release"

log() { echo "run.sh: $*" >&2; }

# Appends to a process's log with a marker, so the log of a crash survives the restart.
start_log() {
    echo "----- run.sh started this process at $(date -u +%Y-%m-%dT%H:%M:%SZ) -----" >>"$log_dir/$1.log"
}

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

# Logs, the emulator's state file and the admin token hold secrets, so files made from here
# on are private. It comes after PostgreSQL because the postgres account must be able to
# enter the data folder.
umask 077

log "building ($configuration)"
dotnet build HoneytokenOrleans.sln -c "$configuration" -v quiet -nologo >&2

emulator_pid=""
silo_pid=""
api_pid=""
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    local pid
    for pid in "$emulator_pid" "$silo_pid" "$api_pid"; do
        if [[ -n "$pid" ]]; then
            kill "$pid" 2>/dev/null || true
        fi
    done
    wait 2>/dev/null || true
    if [[ "$postgres_was_running" == false ]]; then
        deploy/local/postgres.sh stop || true
    fi
}
# A signal stops everything and ends the script, rather than letting the loop below take the
# stopped processes for crashed ones.
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

emulator_project="deploy/local/Honeytoken.AwsEmulator"
if curl -fsS -m 2 "$emulator_url/_emulator/health" >/dev/null 2>&1; then
    log "error: port $emulator_port already has an AWS emulator (another run.sh or cluster.sh?); stop it and run this again"
    exit 1
fi
log "starting the AWS emulator on $emulator_url (log: $log_dir/emulator.log)"
start_log emulator
dotnet "$emulator_project/bin/$configuration/net10.0/Honeytoken.AwsEmulator.dll" \
    --urls "$emulator_url" \
    --seed deploy/local/emulator-seed.json \
    --state-file "$data_dir/emulator-state.json" \
    >>"$log_dir/emulator.log" 2>&1 &
emulator_pid=$!

# The seed delivers events to port 8080; point the deliveries at this Api's port instead.
deadline=$((SECONDS + 60))
until curl -fsS -m 2 "$emulator_url/_emulator/health" >/dev/null 2>&1; do
    if (( SECONDS > deadline )) || ! kill -0 "$emulator_pid" 2>/dev/null; then
        log "error: the AWS emulator did not start; see $log_dir/emulator.log"
        exit 1
    fi
    sleep 1
done
curl -fsS -m 10 -X PUT "$emulator_url/_emulator/deliveries" -H 'Content-Type: application/json' \
    -d "{\"realTimeUrl\": \"http://127.0.0.1:$http_port/webhooks/aws/realtime\",
         \"realTimeHeaderName\": \"X-Honeytoken-Webhook-Key\",
         \"realTimeApiKey\": \"local-realtime-webhook-key-not-secret\",
         \"snsEndpointUrl\": \"http://127.0.0.1:$http_port/webhooks/aws/sns\"}" >/dev/null

export ConnectionStrings__Honeytoken="$connection"
# The key that encrypts secrets at rest, made once per data folder with mode 0600 and kept:
# losing it makes the stored configuration and honeytoken keys unreadable.
Honeytoken__Secrets__EncryptionKey="$(deploy/local/encryption-key.sh)"
export Honeytoken__Secrets__EncryptionKey

# S3 addresses an access point by host name (<name>-<account>. before the endpoint's host),
# which does not resolve on loopback, so S3 requests go to the emulator as their HTTP proxy.
export Aws__Endpoints__S3Proxy="$emulator_url"

# The emulator signs SNS messages with its own certificate, served over http on its port;
# real SNS certificates come only from https://sns.<region>.amazonaws.com.
export Sns__AllowHttpForAllowedHosts=true
export Sns__AllowedCertificateHosts__0="127.0.0.1:$emulator_port"

# Links in alerts point at this Api, and the admin token goes into the data folder.
export Honeytoken__Alerts__DashboardUrl="http://127.0.0.1:$http_port"
export Honeytoken__Bootstrap__TokenFile="$data_dir/admin-token"

# Each process runs in its output folder, so that it reads the appsettings.json beside it.
start_silo() {
    start_log silo
    (cd "Silo/Honeytoken.Silo/bin/$configuration/net10.0" && Honeytoken__Metrics__Port="$silo_metrics_port" exec dotnet Honeytoken.Silo.dll) \
        >>"$log_dir/silo.log" 2>&1 &
    silo_pid=$!
}
start_api() {
    start_log api
    (cd "Api/Honeytoken.Api/bin/$configuration/net10.0" && Honeytoken__Metrics__Port="$api_metrics_port" exec dotnet Honeytoken.Api.dll --urls "http://127.0.0.1:$http_port") \
        >>"$log_dir/api.log" 2>&1 &
    api_pid=$!
}

log "starting the silo (log: $log_dir/silo.log)"
start_silo
log "starting the Api on http://127.0.0.1:$http_port (log: $log_dir/api.log)"
start_api

# Wait for readiness, but give up loudly if a process dies or it takes too long.
deadline=$((SECONDS + 180))
until curl -fsS "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1; do
    for pid in "$emulator_pid" "$silo_pid" "$api_pid"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "error: a process exited during start-up; see the logs in $log_dir"
            exit 1
        fi
    done
    if (( SECONDS > deadline )); then
        log "error: /readyz did not return 200 within 180 s; see the logs in $log_dir"
        exit 1
    fi
    sleep 1
done

cat >&2 <<MESSAGE

HoneytokenOrleans is running.
  Api and dashboard:  http://127.0.0.1:$http_port   (readiness: /readyz)
  Metrics:            http://127.0.0.1:$silo_metrics_port/metrics (silo), http://127.0.0.1:$api_metrics_port/metrics (Api)
  AWS emulator:       $emulator_url
  PostgreSQL:         127.0.0.1:${HONEYTOKEN_PG_PORT:-55432}, database honeytoken (password in $data_dir/postgres-password)
  Admin API token:    $data_dir/admin-token
  Encryption key:     $data_dir/encryption-key
  Logs:               $log_dir
Press Ctrl+C to stop.
MESSAGE

# As Kubernetes restarts a pod's container, a silo or Api that exits is started again. The
# others keep running, and AWS retries the deliveries that failed meanwhile. The emulator
# replaces AWS locally and keeps undelivered events in memory only, so its exit ends the run.
restart_delay=5
while true; do
    wait -n "$emulator_pid" "$silo_pid" "$api_pid" || true
    if ! kill -0 "$emulator_pid" 2>/dev/null; then
        log "error: the AWS emulator exited; see $log_dir/emulator.log"
        exit 1
    fi
    if ! kill -0 "$silo_pid" 2>/dev/null; then
        log "the silo exited; starting it again in $restart_delay s (log: $log_dir/silo.log)"
        sleep "$restart_delay"
        start_silo
    fi
    if ! kill -0 "$api_pid" 2>/dev/null; then
        log "the Api exited; starting it again in $restart_delay s (log: $log_dir/api.log)"
        sleep "$restart_delay"
        start_api
    fi
done
