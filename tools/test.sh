#!/usr/bin/env bash
# Runs the test suite and ends with one plain line, "N passed, N failed, N skipped", that any CI reads.
# Extra arguments go to `dotnet test` (e.g. -c Release, --filter Name~Spec).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if [ "$(id -u)" -eq 0 ]; then as_root=(env); elif command -v sudo >/dev/null; then as_root=(sudo -n env); else as_root=(); fi

# Installs Debian packages for a test ($1 says which) when missing: as root, or through sudo without a password
# prompt. If that fails the test says so: it fails under CI=true and is skipped, with the reason, elsewhere.
apt_install() {
  local why=$1; shift
  if [ ${#as_root[@]} -eq 0 ]; then
    echo "tools/test.sh: $* missing and neither root nor sudo is available to install them" >&2
    return
  fi
  echo "tools/test.sh: installing $* for $why" >&2
  local apt=("${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0)
  # Try the package lists already there first; update them only when that fails.
  if ! { "${apt[@]}" install "$@" || { "${apt[@]}" update && "${apt[@]}" install "$@"; }; } >"$log" 2>&1; then
    echo "tools/test.sh: could not install $*:" >&2
    tail -n 5 "$log" >&2
  fi
}

# The report's browser test opens results/index.html in headless Chromium (Debian's package).
if [ ! -x /usr/bin/chromium ]; then apt_install "the report's browser test" chromium; fi

# The JUnit test validates `repro verify --junit` with xmllint against Jenkins' strict junit-10.xsd.
if ! command -v xmllint >/dev/null; then apt_install "the JUnit schema test" libxml2-utils; fi

# The editor tests run ajv and the real yaml-language-server (tools/schema-check, pinned by its
# package-lock.json) on Node.js; `npm ci` installs them from the npm registry when they are missing or
# older than the lock file (the tests install them too when run alone).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install "the editor tests" nodejs npm; fi
if command -v npm >/dev/null && [ ! tools/schema-check/node_modules/.package-lock.json -nt tools/schema-check/package-lock.json ]; then
  echo "tools/test.sh: npm ci --prefix tools/schema-check" >&2
  if ! npm ci --no-audit --no-fund --prefix tools/schema-check >"$log" 2>&1; then
    echo "tools/test.sh: npm ci failed:" >&2
    tail -n 5 "$log" >&2
  fi
fi
dotnet test repro.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(sed -nE 's/.*(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\3 passed, \2 failed, \4 skipped/p' "$log" | tail -n 1)
if [ -n "$summary" ]; then echo "$summary"; fi
exit "$status"
