#!/usr/bin/env bash
# Runs the test suite and ends with one plain line, "N passed, N failed, N skipped", that any CI reads.
# Extra arguments go to `dotnet test` (e.g. -c Release, --filter Name~Spec).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The report's browser test opens results/index.html in headless Chromium (Debian's package). Install it
# when missing: as root, or through sudo without a password prompt. If that fails the test says so: it
# fails under CI=true and is skipped, with the reason, elsewhere.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=(env); elif command -v sudo >/dev/null; then as_root=(sudo -n env); else as_root=(); fi
  if [ ${#as_root[@]} -eq 0 ]; then
    echo "tools/test.sh: chromium is missing and neither root nor sudo is available to install it" >&2
  else
    echo "tools/test.sh: installing chromium for the report's browser test" >&2
    apt=("${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0)
    # Try the package lists already there first; update them only when that fails.
    if ! { "${apt[@]}" install chromium || { "${apt[@]}" update && "${apt[@]}" install chromium; }; } >"$log" 2>&1; then
      echo "tools/test.sh: could not install chromium:" >&2
      tail -n 5 "$log" >&2
    fi
  fi
fi
dotnet test repro.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\3 passed, \2 failed, \4 skipped/p' "$log" | tail -n 1)
if [ -n "$summary" ]; then echo "$summary"; fi
exit "$status"
