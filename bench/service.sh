#!/usr/bin/env bash
# Runs the end-to-end service benchmarks: real-time webhook against a bare ASP.NET
# endpoint, time to alert, provisioning against the emulator's IAM rate limit, and the
# service with many honeytokens. Builds the solution in Release, starts PostgreSQL, and
# lets the harness start the emulator, the silo and the Api on free loopback ports. Prints
# the result table (Markdown) on standard output.
#
# Usage: bench/service.sh [harness options]   (bench/service.sh --help lists them)
#   e.g. bench/service.sh --scenarios webhook,alert
#        bench/service.sh --scale-tokens 10000
#
# Settings (environment):
#   HONEYTOKEN_PG_PORT     port of PostgreSQL (default: 55432)
#   HONEYTOKEN_DATA_DIR    folder for local state and logs (default: <repo>/.data)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${HONEYTOKEN_DATA_DIR:-$repo_root/.data}"
cd "$repo_root"

log() { echo "service.sh: $*" >&2; }

if [[ "${1:-}" == "--help" ]]; then
    dotnet run --project bench/Honeytoken.Bench.Service -c Release -- --help 2>&1 | sed -n '/^Usage/,$p' >&2
    exit 0
fi

if ! command -v wrk >/dev/null 2>&1; then
    log "wrk is not installed; installing Debian's wrk package."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq wrk >&2
fi

# Start PostgreSQL, remembering whether it ran before so that only what we started is stopped.
postgres_was_running=false
if deploy/local/postgres.sh status 2>/dev/null; then
    postgres_was_running=true
fi
HONEYTOKEN_TEST_POSTGRES="$(deploy/local/postgres.sh start | tail -n 1)"
export HONEYTOKEN_TEST_POSTGRES
stop_postgres() {
    if [[ "$postgres_was_running" == false ]]; then
        deploy/local/postgres.sh stop >&2 || true
    fi
}
trap stop_postgres EXIT

log "building (Release)"
dotnet build HoneytokenOrleans.sln -c Release -v quiet -nologo >&2

log_dir="$data_dir/bench-service"
mkdir -p "$log_dir"
log "running the scenarios (process logs: $log_dir)"
dotnet "bench/Honeytoken.Bench.Service/bin/Release/net10.0/Honeytoken.Bench.Service.dll" run \
    --log-dir "$log_dir" --results "$log_dir/results.md" "$@"
