#!/usr/bin/env bash
# Runs a three-silo cluster on loopback, a local stand-in for three Kubernetes nodes:
# PostgreSQL, the AWS emulator (when the project has one), silos silo-1 to silo-3 and the
# Api. Each silo is a separate process with its own silo, gateway and health ports, so any
# one of them can be killed or restarted while the others carry on. Ctrl+C stops everything
# this script started.
#
# Ports (silo-N for N = 1, 2, 3):
#   silo-to-silo  11110+N      gateway  29999+N      health (/healthz, /readyz)  8080+N
#   Prometheus metrics (/metrics)  9463+N          the Api's metrics: 9467
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
log_dir="$data_dir/logs/cluster"
configuration="Release"
silo_count=3
readiness_timeout_seconds=180
# How long a stopping process may take before it is killed; a silo uses it to leave the
# membership table and hand its grains over.
stop_timeout_seconds=60

log() { echo "cluster.sh: $*" >&2; }

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

# Logs, the emulator's state file and a generated admin token hold secrets, so files made from
# here on are private. It comes after PostgreSQL because the postgres account must be able to
# enter the data folder.
umask 077
chmod -R go-rwx "$log_dir"

log "building ($configuration)"
dotnet build HoneytokenOrleans.sln -c "$configuration" -v quiet -nologo >&2

pids=()
names=()
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    # SIGTERM lets each host shut down in order: the Api first, then the silos hand over
    # their grains. Whatever still runs after stop_timeout_seconds is killed.
    local i
    for (( i = ${#pids[@]} - 1; i >= 0; i-- )); do
        kill -TERM "${pids[$i]}" 2>/dev/null || true
    done
    local deadline=$((SECONDS + stop_timeout_seconds))
    for i in "${!pids[@]}"; do
        while kill -0 "${pids[$i]}" 2>/dev/null && (( SECONDS < deadline )); do
            sleep 0.5
        done
        if kill -0 "${pids[$i]}" 2>/dev/null; then
            log "warning: ${names[$i]} did not stop within $stop_timeout_seconds s; killing it"
            kill -KILL "${pids[$i]}" 2>/dev/null || true
        fi
    done
    wait 2>/dev/null || true
    if [[ "$postgres_was_running" == false ]]; then
        deploy/local/postgres.sh stop || true
    fi
}
# After Ctrl+C or SIGTERM the script exits once everything stopped, with the shell's usual
# status for that signal.
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

pid_of() {
    local i
    for i in "${!names[@]}"; do
        [[ "${names[$i]}" == "$1" ]] && echo "${pids[$i]}"
    done
    return 0
}

name_of() {
    local i
    for i in "${!pids[@]}"; do
        [[ "${pids[$i]}" == "$1" ]] && echo "${names[$i]}"
    done
    return 0
}

start() {
    local name="$1"
    shift
    # Appending keeps the log of an earlier run, which may show why that run failed.
    echo "----- cluster.sh started this process at $(date -u +%Y-%m-%dT%H:%M:%SZ) -----" >>"$log_dir/$name.log"
    "$@" >>"$log_dir/$name.log" 2>&1 &
    pids+=($!)
    names+=("$name")
}

# Runs a command in a folder. The hosts run in their output folders so that they read the
# appsettings.json beside them (log levels, cluster ids), as run.sh does.
in_folder() {
    cd "$1"
    shift
    exec "$@"
}

emulator_project="deploy/local/Honeytoken.AwsEmulator"
emulator_line="  AWS emulator:       not started: the project has no $emulator_project"
if [[ -d "$emulator_project" ]]; then
    emulator_line="  AWS emulator:       $emulator_url"
    log "starting the AWS emulator on $emulator_url (log: $log_dir/emulator.log)"
    start emulator dotnet "$emulator_project/bin/$configuration/net10.0/Honeytoken.AwsEmulator.dll" \
        --urls "$emulator_url" \
        --seed deploy/local/emulator-seed.json \
        --state-file "$data_dir/emulator-state.json"

    # The seed delivers events to port 8080, and the state file keeps any later change; point
    # the deliveries at this Api's port.
    deadline=$((SECONDS + 60))
    until curl -fsS -m 2 "$emulator_url/_emulator/health" >/dev/null 2>&1; do
        if (( SECONDS > deadline )) || ! kill -0 "$(pid_of emulator)" 2>/dev/null; then
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
fi

export ConnectionStrings__Honeytoken="$connection"
# Generated once and kept in the data folder: every silo must encrypt with the same key.
Honeytoken__Secrets__EncryptionKey="$(deploy/local/encryption-key.sh)"
export Honeytoken__Secrets__EncryptionKey

# A generated first admin token goes to the data folder, not to the working directory.
export Honeytoken__Bootstrap__TokenFile="$data_dir/admin-token"

# S3 addresses an access point by host name (<name>-<account>.s3-accesspoint.<region>...),
# so S3 requests go to the emulator as their HTTP proxy.
export Aws__Endpoints__S3Proxy="$emulator_url"

# The emulator signs SNS messages with its own certificate, served over http on its port.
# Without these settings every log-file notification is rejected.
export Sns__AllowHttpForAllowedHosts=true
export Sns__AllowedCertificateHosts__0="${emulator_url#http://}"

# Links in alerts point at this Api.
export Honeytoken__Alerts__DashboardUrl="http://127.0.0.1:$http_port"

for (( n = 1; n <= silo_count; n++ )); do
    log "starting silo-$n (log: $log_dir/silo-$n.log)"
    Orleans__SiloName="silo-$n" \
    Orleans__SiloPort=$((11110 + n)) \
    Orleans__GatewayPort=$((29999 + n)) \
    Honeytoken__Health__Port=$((8080 + n)) \
    Honeytoken__Metrics__Port=$((9463 + n)) \
        start "silo-$n" in_folder "Silo/Honeytoken.Silo/bin/$configuration/net10.0" dotnet Honeytoken.Silo.dll
done

log "starting the Api on http://127.0.0.1:$http_port (log: $log_dir/api.log)"
Honeytoken__Metrics__Port=$((9464 + silo_count)) \
    start api in_folder "Api/Honeytoken.Api/bin/$configuration/net10.0" dotnet Honeytoken.Api.dll \
    --urls "http://127.0.0.1:$http_port"

# Ready when the Api and every silo return 200 from /readyz. Give up loudly if a process
# dies or it takes too long.
readiness_urls=("http://127.0.0.1:$http_port/readyz")
for (( n = 1; n <= silo_count; n++ )); do
    readiness_urls+=("http://127.0.0.1:$((8080 + n))/readyz")
done
deadline=$((SECONDS + readiness_timeout_seconds))
for url in "${readiness_urls[@]}"; do
    until curl -fsS "$url" >/dev/null 2>&1; do
        for i in "${!pids[@]}"; do
            if ! kill -0 "${pids[$i]}" 2>/dev/null; then
                log "error: ${names[$i]} exited during start-up; see $log_dir/${names[$i]}.log"
                exit 1
            fi
        done
        if (( SECONDS > deadline )); then
            log "error: $url did not return 200 within $readiness_timeout_seconds s; see the logs in $log_dir"
            exit 1
        fi
        sleep 1
    done
done

silo_lines=""
for (( n = 1; n <= silo_count; n++ )); do
    silo_lines+="  silo-$n:             pid $(pid_of "silo-$n"), health http://127.0.0.1:$((8080 + n))/readyz, metrics http://127.0.0.1:$((9463 + n))/metrics"$'\n'
done

cat >&2 <<MESSAGE

HoneytokenOrleans is running with $silo_count silos.
  Api and dashboard:  http://127.0.0.1:$http_port   (readiness: /readyz, metrics: http://127.0.0.1:$((9464 + silo_count))/metrics)
$silo_lines$emulator_line
  PostgreSQL:         127.0.0.1:${HONEYTOKEN_PG_PORT:-55432}, database honeytoken (password in $data_dir/postgres-password)
  Encryption key:     $data_dir/encryption-key
  Admin token:        $data_dir/admin-token (written at the first start)
  Logs:               $log_dir
Kill a silo (kill -9 <pid>) to watch the others take over its grains.
Press Ctrl+C to stop.
MESSAGE

# A silo that exits is reported and the rest carry on, as the cluster would on a node
# failure. The script ends when the Api, the emulator or the last silo exits.
alive=("${pids[@]}")
while (( ${#alive[@]} > 0 )); do
    exited_pid=""
    wait -n -p exited_pid "${alive[@]}" || true
    [[ -n "${exited_pid:-}" ]] || continue

    exited_name="$(name_of "$exited_pid")"
    remaining=()
    for pid in "${alive[@]}"; do
        [[ "$pid" == "$exited_pid" ]] || remaining+=("$pid")
    done
    alive=("${remaining[@]}")

    silos_left=0
    for pid in "${alive[@]}"; do
        [[ "$(name_of "$pid")" == silo-* ]] && silos_left=$((silos_left + 1))
    done

    if [[ "$exited_name" == silo-* && $silos_left -gt 0 ]]; then
        log "warning: $exited_name exited; $silos_left silo(s) still running (see $log_dir/$exited_name.log)"
        continue
    fi

    log "error: $exited_name exited; see $log_dir/$exited_name.log"
    exit 1
done
