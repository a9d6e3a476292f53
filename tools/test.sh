#!/usr/bin/env bash
# Runs the test suite and ends with one plain line, "N passed, N failed, N skipped", that any CI reads.
# Extra arguments go to `dotnet test` (e.g. -c Release, --filter Name~Spec).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test repro.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\3 passed, \2 failed, \4 skipped/p' "$log" | tail -n 1)
if [ -n "$summary" ]; then echo "$summary"; fi
exit "$status"
