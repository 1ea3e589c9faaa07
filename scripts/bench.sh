#!/usr/bin/env bash
# Runs the build benchmarks at three sizes and prints the table of
# docs/performance.md: wall time, rows per second, peak memory and the ratio
# to the floor (excelize streaming the same workbooks on one goroutine,
# measured in the same run).
#
# The corpora are generated once with `tuijin sample` into $TUIJIN_BENCH_DIR
# (default: the user's cache folder, tuijin-bench/) and regenerated when
# generator/sample changes; generating them is never timed. The bundled
# sample in data/ is the first size.
#
#   scripts/bench.sh              # all three sizes
#   SIZES="sample u100p200m1" scripts/bench.sh
#   COUNT=3 scripts/bench.sh      # three runs of each; the table shows the median
#
# The 12-month corpus takes a few minutes to generate and each of its builds
# one to two minutes; a whole run takes about ten minutes on two cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cache_home="${XDG_CACHE_HOME:-$HOME/.cache}"
export TUIJIN_BENCH_DIR="${TUIJIN_BENCH_DIR:-$cache_home/tuijin-bench}"
SIZES="${SIZES:-sample u100p200m1 u100p200m12}"
COUNT="${COUNT:-1}"
mkdir -p "$TUIJIN_BENCH_DIR"

# The corpora depend on the generator alone: its source is their version.
version="$(cat generator/sample/*.go | sha256sum | cut -c1-16)"
go build -o "$TUIJIN_BENCH_DIR/tuijin" ./cmd/tuijin

corpus() { # name units projects months
  local dir="$TUIJIN_BENCH_DIR/$1"
  if [ "$(cat "$dir.version" 2>/dev/null)" = "$version" ]; then
    return
  fi
  echo "generating $1 ($2 units × $3 projects × $4 months) in $dir …" >&2
  rm -rf "$dir" "$dir.version"
  "$TUIJIN_BENCH_DIR/tuijin" sample --out "$dir" --units "$2" --projects "$3" --months "$4" >/dev/null
  echo "$version" >"$dir.version"
}
for s in $SIZES; do
  case "$s" in
    u100p200m1) corpus u100p200m1 100 200 1 ;;
    u100p200m12) corpus u100p200m12 100 200 12 ;;
  esac
done

pattern="^($(echo "$SIZES" | tr ' ' '|'))\$"
out="$TUIJIN_BENCH_DIR/results"
mkdir -p "$out"
# The benchmarks are built once and run one at a time, so that the floor
# and the builds never share the cores; each build runs in a child process
# (see generator/bench_test.go). The floor and the build alternate, one run
# of each at a time, so that a machine whose speed drifts (a shared virtual
# machine does, by a third within minutes) slows both alike.
# What the builds write is kept until the end (TUIJIN_BENCH_SCRATCH): on
# ext4, creating files is several times slower for minutes after many were
# removed, and each build would otherwise pay for the removal of the last.
bin="$TUIJIN_BENCH_DIR/bin"
mkdir -p "$bin"
TUIJIN_BENCH_SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/tuijin-bench-scratch.XXXXXX")"
export TUIJIN_BENCH_SCRATCH
trap 'rm -rf "$TUIJIN_BENCH_SCRATCH"' EXIT
go test -c -o "$bin/xlsx.test" ./generator/xlsx
go test -c -o "$bin/generator.test" ./generator
: >"$out/floor.txt"
: >"$out/build.txt"
for _ in $(seq "$COUNT"); do
  (cd generator/xlsx && "$bin/xlsx.test" -test.run '^$' -test.bench "^BenchmarkFloor\$/$pattern" -test.benchtime 1x -test.timeout 2h) | tee -a "$out/floor.txt" >&2
  (cd generator && "$bin/generator.test" -test.run '^$' -test.bench "^BenchmarkBuild\$/$pattern" -test.benchtime 1x -test.timeout 2h) | tee -a "$out/build.txt" >&2
done
# Four rebuilds in a row, one workbook corrected before each, as a clerk's
# corrections come: the first has no spare site yet, the others have, as
# every rebuild of a site built twice before (see docs/performance.md).
(cd generator && "$bin/generator.test" -test.run '^$' -test.bench "^BenchmarkRebuild\$/$pattern" -test.benchtime 4x -test.count "$COUNT" -test.timeout 2h) | tee -a "$out/build.txt" >&2
# The same rebuilds in one process, as tuijin serve runs them.
(cd generator && "$bin/generator.test" -test.run '^$' -test.bench "^BenchmarkServeRebuild\$/$pattern" -test.benchtime 3x -test.count "$COUNT" -test.timeout 2h) | tee -a "$out/build.txt" >&2

# The table: medians over COUNT runs.
awk -v sizes="$SIZES" '
function median(list,   n, a, i, j, t) {
  n = split(list, a, " ")
  for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
  return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function metric(unit,   i) { for (i = 3; i < NF; i++) if ($(i + 1) == unit) return $i; return "" }
/^Benchmark(Floor|Build|Rebuild|ServeRebuild)\// {
  split($1, p, "/"); kind = substr(p[1], 10); name = p[2]; sub(/-[0-9]+$/, "", name)
  k = kind SUBSEP name
  ns[k] = ns[k] " " metric("ns/op"); cpu[k] = cpu[k] " " metric("cpu-s/op")
  rss[k] = rss[k] " " metric("peak-RSS-MB"); rows[k] = metric("rows"); pages[k] = metric("pages")
  flt[k] = flt[k] " " metric("minor-faults/op")
  spare[k] = spare[k] " " metric("spare-s"); first[k] = first[k] " " metric("first-s")
}
END {
  n = split(sizes, s, " ")
  printf "| corpus | rows | floor (s) | build (s) | × floor | rows/s | CPU (s) | peak RSS (MB) | rebuild (s) | rebuild / build | first rebuild (s) | / build | later rebuilds (s) | / build | serve rebuild (s) | serve / build | page faults, build / rebuild / serve rebuild |\n"
  printf "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
  for (i = 1; i <= n; i++) {
    c = s[i]; f = median(ns["Floor" SUBSEP c]) / 1e9; b = median(ns["Build" SUBSEP c]) / 1e9
    r = median(ns["Rebuild" SUBSEP c]) / 1e9; sr = median(ns["ServeRebuild" SUBSEP c]) / 1e9; sp = median(spare["Rebuild" SUBSEP c]); fr = median(first["Rebuild" SUBSEP c])
    printf "| %s | %s | %.2f | %.2f | %.2f | %.0f | %.1f | %.0f | %.2f | %.0f %% | %.2f | %.0f %% | %.2f | %.0f %% | %.2f | %.0f %% | %.0fk / %.0fk / %.1fk |\n", c, rows["Build" SUBSEP c], f, b, (f > 0 ? b / f : 0),
      (b > 0 ? rows["Build" SUBSEP c] / b : 0), median(cpu["Build" SUBSEP c]), median(rss["Build" SUBSEP c]), r, (b > 0 ? 100 * r / b : 0),
      fr, (b > 0 ? 100 * fr / b : 0), sp, (b > 0 ? 100 * sp / b : 0), sr, (b > 0 ? 100 * sr / b : 0), median(flt["Build" SUBSEP c]) / 1000, median(flt["Rebuild" SUBSEP c]) / 1000,
      median(flt["ServeRebuild" SUBSEP c]) / 1000
  }
}' "$out/floor.txt" "$out/build.txt"
echo >&2
echo "raw results: $out/floor.txt $out/build.txt; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" >&2
# Transparent huge pages change what a page fault costs (docs/performance.md,
# "Page faults"); the mode in brackets is the one in force.
echo "transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo n/a)" >&2
