#!/usr/bin/env bash
# Compares two versions of tuijin on one build benchmark, in alternated
# runs: old, new, old, new… so that a machine whose speed drifts (a shared
# virtual machine does, by a fifth or more within minutes) slows both
# alike. Each run is one process of the benchmark; the table at the end
# gives each run's figures, the medians, and in how many pairs the new
# version was faster. docs/performance.md says "alternated runs" of what
# this measures.
#
#   scripts/ab.sh OLD [NEW]        # git revisions; NEW defaults to the working tree
#   BENCH=Rebuild BENCHTIME=3x scripts/ab.sh HEAD~1
#   PAIRS=6 SIZE=u100p200m12 scripts/ab.sh main my-branch
#
# BENCH is one of Build, Rebuild, ServeRebuild (the default) of
# generator/bench_test.go; SIZE one of sample, u100p200m1 (the default),
# u100p200m12, whose corpora scripts/bench.sh generates into
# $TUIJIN_BENCH_DIR. What the builds write is kept until the script ends,
# as in scripts/bench.sh (several GB for many runs of the large sizes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
fi
old="$1"
new="${2:-}"
BENCH="${BENCH:-ServeRebuild}"
BENCHTIME="${BENCHTIME:-8x}"
PAIRS="${PAIRS:-4}"
SIZE="${SIZE:-u100p200m1}"
cache_home="${XDG_CACHE_HOME:-$HOME/.cache}"
export TUIJIN_BENCH_DIR="${TUIJIN_BENCH_DIR:-$cache_home/tuijin-bench}"
case "$BENCH" in
  Build | Rebuild | ServeRebuild) ;;
  *) echo "ab.sh: BENCH must be Build, Rebuild or ServeRebuild, not $BENCH" >&2; exit 2 ;;
esac
if [ "$SIZE" != sample ] && [ ! -d "$TUIJIN_BENCH_DIR/$SIZE" ]; then
  echo "ab.sh: no corpus $SIZE in $TUIJIN_BENCH_DIR; run SIZES=$SIZE scripts/bench.sh once to generate it" >&2
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tuijin-ab.XXXXXX")"
export TUIJIN_BENCH_SCRATCH="$work/scratch"
mkdir -p "$TUIJIN_BENCH_SCRATCH"
trap 'git -C "$root" worktree prune; rm -rf "$work"' EXIT

# binary REV NAME builds the benchmarks of revision REV ("" for the working
# tree) as $work/NAME.test.
binary() {
  if [ -z "$1" ]; then
    (cd generator && go test -c -o "$work/$2.test" .)
    return
  fi
  git worktree add --quiet --detach "$work/src-$2" "$1"
  (cd "$work/src-$2/generator" && go test -c -o "$work/$2.test" .)
  git worktree remove --force "$work/src-$2"
}
binary "$old" old
binary "$new" new

# Both run from this tree's generator folder, so that the bundled sample
# (the sample size) is the same input for both.
cd generator
: >"$work/runs.txt"
for pair in $(seq "$PAIRS"); do
  for side in old new; do
    line="$("$work/$side.test" -test.run '^$' -test.bench "^Benchmark$BENCH\$/^$SIZE\$" -test.benchtime "$BENCHTIME" -test.timeout 2h | grep "^Benchmark")"
    echo "$pair $side $line" | tee -a "$work/runs.txt" >&2
  done
done

awk -v bench="$BENCH/$SIZE" -v old="${old}" -v new="${new:-working tree}" '
function metric(unit,   i) { for (i = 4; i < NF; i++) if ($(i + 1) == unit) return $i; return "" }
function median(list,   n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
  s = metric("ns/op") / 1e9; wall[$1, $2] = s; all[$2] = all[$2] " " s
  c = metric("cpu-s/op"); cpu[$2] = cpu[$2] " " c
  f = metric("minor-faults/op"); flt[$2] = flt[$2] " " f
  printf "| %d | %s | %.3f s | %s s | %s |\n", $1, $2, s, c, (f == "" ? "—" : f)
  pairs = $1
}
BEGIN { printf "%s, old = %s, new = %s\n\n| pair | version | wall | CPU | page faults |\n|---|---|---|---|---|\n", bench, old, new }
END {
  for (p = 1; p <= pairs; p++) if (wall[p, "new"] < wall[p, "old"]) faster++
  printf "\nmedian wall: old %.3f s, new %.3f s (%+.1f %%); CPU old %s s, new %s s; new faster in %d of %d pairs\n",
    median(all["old"]), median(all["new"]), 100 * (median(all["new"]) / median(all["old"]) - 1),
    median(cpu["old"]), median(cpu["new"]), faster, pairs
}' "$work/runs.txt"
