#!/usr/bin/env bash
# Runs every benchmark in BENCHMARKS.md: CloudTrail parsing and log-file ingestion
# (bench/logs.sh), then the real-time webhook, time to alert, provisioning and scale
# (bench/service.sh). Each prints its tables; results and process logs stay under .data/.
#
# Both scripts read HONEYTOKEN_PG_PORT and HONEYTOKEN_DATA_DIR; arguments are passed to
# bench/service.sh, for example --scale-tokens 100000.
set -euo pipefail

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

"$bench_dir/logs.sh"
"$bench_dir/service.sh" "$@"
