#!/usr/bin/env bash
# Benchmarks of CloudTrail log ingestion: builds Release, runs the parsing and routing
# micro-benchmarks (BenchmarkDotNet, short job, in process so that it builds nothing more)
# and the end-to-end log-file ingestion harness against its baselines, and prints the tables.
#
# Settings (environment):
#   HONEYTOKEN_PG_PORT        port of the PostgreSQL server that deploy/local/postgres.sh starts (default: 55432)
#   BENCH_LOG_SHAPES          FILESxRECORDS of each ingestion run, comma-separated; the first is the
#                             headline figure, the others show peak memory against file size
#                             (default: 200x10000,100x1000,10x100000)
#   BENCH_SKIP_MICRO          set to 1 to skip the micro-benchmarks
#   HONEYTOKEN_DATA_DIR       folder for results, generated files and logs (default: <repo>/.data)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_dir="${HONEYTOKEN_DATA_DIR:-$repo_root/.data}"
results_dir="$data_dir/bench"
shapes="${BENCH_LOG_SHAPES:-200x10000,100x1000,10x100000}"

log() { echo "logs.sh: $*" >&2; }

cd "$repo_root"
mkdir -p "$results_dir"

# The jq baseline needs jq; the harness needs zcat, which gzip provides.
if ! command -v jq >/dev/null || ! command -v zcat >/dev/null; then
    log "installing jq and gzip"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq jq gzip >&2
fi

admin_connection="$(deploy/local/postgres.sh start | tail -n 1)"

log "building (Release)"
dotnet build HoneytokenOrleans.sln -c Release -nologo -v quiet >&2

if [[ "${BENCH_SKIP_MICRO:-0}" != 1 ]]; then
    log "running the micro-benchmarks (short job)"
    (cd "$results_dir" && dotnet "$repo_root/bench/Honeytoken.Benchmarks/bin/Release/net10.0/Honeytoken.Benchmarks.dll" \
        --filter '*' --job short --inProcess --exporters github --artifacts "$results_dir/micro" >"$results_dir/micro.log" 2>&1) \
        || { log "error: the micro-benchmarks failed; see $results_dir/micro.log"; exit 1; }
fi

log "running log-file ingestion for $shapes"
dotnet bench/Honeytoken.Bench.Logs/bin/Release/net10.0/Honeytoken.Bench.Logs.dll ingest \
    --repo "$repo_root" --postgres "$admin_connection" --work "$results_dir/logs" \
    --shapes "$shapes" --report "$results_dir/ingestion.md" >/dev/null

echo "## Machine"
echo "nproc $(nproc), $(free -g | awk '/^Mem:/ { print $2 }') GiB memory, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET SDK $(dotnet --version)"
echo
if [[ "${BENCH_SKIP_MICRO:-0}" != 1 ]]; then
    echo "## Micro-benchmarks"
    for report in "$results_dir"/micro/results/*-report-github.md; do
        echo
        sed -n '/^|/p' "$report"
    done
    echo
fi
echo "## Log-file ingestion"
cat "$results_dir/ingestion.md"
