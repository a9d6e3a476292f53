#!/usr/bin/env bash
# The benchmark behind `make bench` and docs/PERFORMANCE.md (never a test: timings are not pass/fail).
#
#   tools/bench/bench.sh [--quick] [--out FILE] [--keep]
#
# For each bench spec in tools/bench/specs/ it times, as whole processes, `repro run` on a fresh trial
# cache and the three Python versions of the same loops (tools/bench/python/), all on one thread;
# then `repro validate`, a fully cached `repro run` and the single-core float64 peak (a large matrix
# product, in the engine's libtorch and in NumPy). It prints one report and writes it to FILE
# (default docs/PERFORMANCE.md, replaced atomically). --quick runs a tenth of the steps, as a smoke
# run: its report says so, and it writes no file unless --out is given. --keep keeps the work folder
# (every measured process's output, logs and timings) and says where it is.
set -euo pipefail
command_line=${BENCH_COMMAND:-tools/bench/bench.sh${*:+ $*}}   # recorded in the report

quick=false
keep=false
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --out) out=$(realpath -m "${2:?--out needs a file}"); shift ;;   # relative to where it was called
    --keep) keep=true ;;
    *) echo "usage: tools/bench/bench.sh [--quick] [--out FILE] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
cd "$(dirname "$0")/../.."
if [ -z "$out" ] && ! $quick; then out=docs/PERFORMANCE.md; fi

py=/usr/bin/python3   # Debian's: the python3 on PATH may be another one without Debian's numpy and torch
repro=src/Repro.Cli/bin/Release/net10.0/repro.dll
peak=tools/bench/Peak/bin/Release/net10.0/peak.dll
cases=(min-norm-64 diagonal-alpha relu-batch-size)
# --quick: a tenth of the steps, recorded as often relative to the run (overrides apply to repro and Python alike).
declare -A quick_set=(
  [min-norm-64]="train.steps=1000 train.log_every=100"
  [diagonal-alpha]="train.steps=1500 train.log_every=100"
  [relu-batch-size]="sweep.optimizer.batch_size+train.steps=[[10,1000],[25,400],[50,200],[100,100],[200,50]] train.log_every=50"
)

work=$(mktemp -d)
if $keep; then trap 'echo "bench: kept $work" >&2' EXIT; else trap 'rm -rf "$work"' EXIT; fi
say() { echo "bench: $*" >&2; }
# overrides CASE: sets `sets` to CASE's --set arguments (none unless --quick); read -a splits without globbing.
overrides() {
  local words=()
  sets=()
  if $quick; then read -r -a words <<<"${quick_set[$1]}"; fi
  for s in "${words[@]}"; do sets+=(--set "$s"); done
}

# 1. What the Python versions need, from Debian: NumPy, PyTorch, and OpenBLAS (without it apt's numpy and
#    torch use the reference BLAS, ~25x slower on matrix products: an unfair comparison); GNU time for peak RSS.
missing=()
"$py" -c 'import numpy, torch' 2>/dev/null || missing+=(python3-numpy python3-torch)
dpkg-query -W -f '${Status}' libopenblas0-pthread 2>/dev/null | grep -q 'ok installed' || missing+=(libopenblas0-pthread)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=(env); elif command -v sudo >/dev/null; then as_root=(sudo -n env); else
    echo "bench: missing ${missing[*]}, and neither root nor sudo is available to install them" >&2; exit 1
  fi
  say "installing ${missing[*]}"
  apt=("${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0)
  # The package lists already there first; update them only when that fails.
  { "${apt[@]}" install "${missing[@]}" || { "${apt[@]}" update && "${apt[@]}" install "${missing[@]}"; }; } >"$work/apt.log" 2>&1 \
    || { echo "bench: could not install ${missing[*]}:" >&2; tail -n 5 "$work/apt.log" >&2; exit 1; }
fi

# 2. One core everywhere: the engine pins one intra-op thread itself; the BLAS libraries read these.
#    (And no __pycache__ in the source tree.)
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 PYTHONDONTWRITEBYTECODE=1

say "building repro and the peak tool (Release)"
for project in src/Repro.Cli tools/bench/Peak; do
  dotnet build "$project" -c Release >"$work/build.log" 2>&1 || { tail -n 20 "$work/build.log" >&2; exit 1; }
done

# measure NAME COMMAND...: runs COMMAND as one process; keeps its stdout, stderr, wall clock and peak RSS.
measure() {
  local name=$1 start end
  shift
  start=$EPOCHREALTIME
  if ! /usr/bin/time -f '%M' -o "$work/$name.rss" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "bench: failed: $*" >&2
    tail -n 20 "$work/$name.err" >&2
    exit 1
  fi
  end=$EPOCHREALTIME
  echo "$start $end" >"$work/$name.clock"
}

cat /proc/loadavg >"$work/loadavg.start"
clock_start=$EPOCHREALTIME

# 3. The three cases: repro on a cold trial cache, then the Python versions of the same spec.
for case in "${cases[@]}"; do
  spec=tools/bench/specs/$case.yaml
  overrides "$case"
  # The Python versions read the spec's canonical form, so sizes, steps, step sizes and seeds match.
  dotnet "$repro" validate "$spec" --canonical "${sets[@]}" >"$work/$case.spec.json"
  say "$case: repro run (cold cache)"
  # REPRO_DEBUG=1: the workers' batch lines ("trained K trials as one batch in X s"), which the report sums, are debug lines since the progress channel.
  measure "$case.repro" env REPRO_DEBUG=1 dotnet "$repro" run "$spec" "${sets[@]}" --results "$work/$case/results" --cache "$work/$case/cache"
  dotnet "$repro" query "SELECT median(train_loss) AS median_final_train_loss FROM summary" \
    --results "$work/$case/results" --out "$work/$case.repro.median.csv" >/dev/null
  for version in numpy_loop torch_loop numpy_vectorized; do
    say "$case: $version"
    measure "$case.$version" "$py" "tools/bench/python/$version.py" "$work/$case.spec.json"
  done
done

# 4. The small facts: validate (median of 5, and whether it loads libtorch), a fully cached run (median of 3).
first=tools/bench/specs/${cases[0]}.yaml
overrides "${cases[0]}"
say "repro validate x5, cached repro run x3"
for i in 1 2 3 4 5; do measure "validate.$i" dotnet "$repro" validate "$first"; done
LD_DEBUG=files dotnet "$repro" validate "$first" 2>&1 >/dev/null | grep -c -E 'file=.*lib(torch|LibTorchSharp)' >"$work/validate.libtorch" || true
for i in 1 2 3; do
  measure "cached.$i" dotnet "$repro" run "$first" "${sets[@]}" --results "$work/${cases[0]}/results" --cache "$work/${cases[0]}/cache"
done

# 5. The single-core float64 peak: libtorch as the engine loads it (unpinned and with repro's pinned
#    environment) and NumPy/OpenBLAS.
say "single-core float64 peak (2048x2048 matrix products)"
measure peak.libtorch dotnet "$peak"
measure peak.libtorch-pinned dotnet "$peak" --pinned
measure peak.numpy "$py" tools/bench/python/peak.py

echo "$clock_start $EPOCHREALTIME" >"$work/total.clock"
cat /proc/loadavg >"$work/loadavg.end"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && ! git diff --quiet HEAD -- src; then commit="$commit, with uncommitted changes under src/"; fi
printf 'dotnet=%s\ncommit=%s\n' "$(dotnet --version)" "$commit" >"$work/versions"

report=(--work "$work" --command "$command_line" --cases "${cases[@]}")
if $quick; then report+=(--quick); fi
if [ -n "$out" ]; then report+=(--out "$out"); fi
"$py" tools/bench/python/report.py "${report[@]}"
