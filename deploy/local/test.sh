#!/usr/bin/env bash
# Runs the test suite against real components: it installs what the tests need when
# absent (PostgreSQL, Debian's AWS CLI v2 and boto3), starts PostgreSQL on loopback,
# builds the solution and runs every test project.
#
# Extra arguments go to `dotnet test`, for example:
#   deploy/local/test.sh --filter "FullyQualifiedName~Migration"
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data_dir="${HONEYTOKEN_DATA_DIR:-$repo_root/.data}"
results_dir="$data_dir/test-results"

log() { echo "test.sh: $*" >&2; }

cd "$repo_root"
started=$SECONDS

# The emulator's conformance tests drive independent AWS clients: Debian's AWS CLI v2
# (/usr/bin/aws) and boto3 under Debian's Python (/usr/bin/python3).
missing=()
[[ -x /usr/bin/aws ]] || missing+=(awscli)
/usr/bin/python3 -c "import boto3" 2>/dev/null || missing+=(python3-boto3)
command -v curl >/dev/null || missing+=(curl)
# The dashboard's browser tests drive Debian's Chromium through Playwright, which must not
# download a browser of its own.
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
if (( ${#missing[@]} > 0 )); then
    if [[ "$(id -u)" -ne 0 ]]; then
        log "error: missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}"
        exit 1
    fi
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
fi

HONEYTOKEN_TEST_POSTGRES="$(deploy/local/postgres.sh start | tail -n 1)"
export HONEYTOKEN_TEST_POSTGRES
export AWS_EC2_METADATA_DISABLED=true

log "building"
dotnet build HoneytokenOrleans.sln -c Release -nologo -v quiet

rm -rf "$results_dir"
mkdir -p "$results_dir"

log "running the tests"
status=0
# One test project at a time: the cluster tests start several silos and are sensitive to a
# starved CPU on small machines.
dotnet test HoneytokenOrleans.sln -c Release --no-build -nologo -m:1 \
    --results-directory "$results_dir" --logger "trx" --logger "console;verbosity=normal" "$@" \
    | tee "$results_dir/console.log" || status=$?

# One closing line that sums every project's counts, in the form CI reads. The console
# logger ends each project with "Total tests: N" followed by Passed/Failed/Skipped lines.
read -r passed failed skipped < <(
    awk '/^Total tests:/ { in_summary = 1; next }
         in_summary && /^ +(Passed|Failed|Skipped): +[0-9]+ *$/ { key = $1; sub(":", "", key); count[key] += $2; next }
         { in_summary = 0 }
         END { printf "%d %d %d\n", count["Passed"], count["Failed"], count["Skipped"] }' \
        "$results_dir/console.log")

# CI shows only the end of the output, so repeat each failed test and the first lines of its
# error message here, after the last project's output.
if (( failed > 0 )); then
    log "failed tests:"
    awk '/^  Failed / { print; lines = 6; next }
         lines > 0 && /^  Stack Trace:/ { lines = 0; next }
         lines > 0 && !/^  Error Message:/ { print; lines-- }' \
        "$results_dir/console.log" >&2
fi

log "finished in $((SECONDS - started)) s"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if (( status == 0 && passed == 0 )); then
    log "error: no test ran"
    exit 1
fi
exit "$status"
