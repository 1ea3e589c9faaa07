package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"syscall"
	"testing"
	"time"
)

// The build benchmarks. Each build runs in a child process (this test
// binary again, running TestBenchChild), so that its peak memory can be
// read from the operating system (getrusage's maximum resident set size)
// and no build inherits the heap of the one before. The wall time of the
// child is the benchmark's time; starting it costs a few milliseconds.
//
// With TUIJIN_BENCH_CPUPROFILE=FILE the child writes a CPU profile of its
// build there (of the last run, when there are several).
//
// The corpora: the bundled sample, and two that scripts/bench.sh
// generates under $TUIJIN_BENCH_DIR (100 units × 200 projects, one month
// and twelve months); benchmarks of a missing corpus are skipped. The floor
// they are compared with is BenchmarkFloor in generator/xlsx, on the same
// corpora; scripts/bench.sh runs both and prints the table.

var buildCorpora = []struct{ name, dir string }{
	{"sample", "../data"},
	{"u100p200m1", "u100p200m1"},
	{"u100p200m12", "u100p200m12"},
}

func corpusDir(b *testing.B, name, dir string) string {
	b.Helper()
	if name != "sample" {
		root := os.Getenv("TUIJIN_BENCH_DIR")
		if root == "" {
			b.Skip("TUIJIN_BENCH_DIR not set; scripts/bench.sh generates the corpora")
		}
		dir = filepath.Join(root, dir)
	}
	if books, _ := filepath.Glob(filepath.Join(dir, "ledgers", "*", "*.xlsx")); len(books) == 0 {
		if name == "sample" {
			b.Fatalf("no workbooks in %s", dir)
		}
		b.Skipf("no corpus in %s; run scripts/bench.sh", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	return abs
}

// childResult is what the child reports back.
type childResult struct {
	Result   *Result
	Err      string
	Wall     time.Duration // the build alone, as the child measured it
	MaxRSSKB int64         // filled in by the parent
	CPU      time.Duration // user and system time of the child, filled in by the parent
}

// runChild builds data into out in a child process.
func runChild(b *testing.B, data, out, cache string) childResult {
	b.Helper()
	resFile := filepath.Join(b.TempDir(), "result.json")
	cmd := exec.Command(os.Args[0], "-test.run=^TestBenchChild$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"TUIJIN_BENCH_CHILD=1", "TUIJIN_BENCH_DATA="+data, "TUIJIN_BENCH_OUT="+out,
		"TUIJIN_BENCH_CACHE="+cache, "TUIJIN_BENCH_RESULT="+resFile)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Run(); err != nil {
		b.Fatalf("build child: %v\n%s", err, stderr.String())
	}
	raw, err := os.ReadFile(resFile)
	if err != nil {
		b.Fatalf("build child wrote no result: %v\n%s", err, stderr.String())
	}
	var res childResult
	if err := json.Unmarshal(raw, &res); err != nil {
		b.Fatal(err)
	}
	if res.Err != "" {
		b.Fatalf("build: %s", res.Err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.MaxRSSKB = int64(ru.Maxrss) // kilobytes on Linux
		res.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return res
}

// TestBenchChild is the child of runChild; it does nothing in a normal
// test run.
func TestBenchChild(t *testing.T) {
	if os.Getenv("TUIJIN_BENCH_CHILD") != "1" {
		t.Skip("only run by the build benchmarks")
	}
	if p := os.Getenv("TUIJIN_BENCH_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	res, err := Build(context.Background(), Config{
		DataDir: os.Getenv("TUIJIN_BENCH_DATA"), OutDir: os.Getenv("TUIJIN_BENCH_OUT"),
		CacheDir: os.Getenv("TUIJIN_BENCH_CACHE"),
	})
	out := childResult{Result: res, Wall: time.Since(start)}
	if err != nil {
		out.Err = err.Error()
	}
	if res != nil {
		res.Sizes = nil
	}
	raw, _ := json.Marshal(out)
	if err := os.WriteFile(os.Getenv("TUIJIN_BENCH_RESULT"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

// report adds the metrics every build benchmark reports.
func report(b *testing.B, runs []childResult) {
	var rss int64
	var cpu time.Duration
	for _, r := range runs {
		rss = max(rss, r.MaxRSSKB)
		cpu += r.CPU
	}
	last := runs[len(runs)-1].Result
	b.ReportMetric(float64(last.RowsRead), "rows")
	b.ReportMetric(float64(last.RowsRead)*float64(len(runs))/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
	b.ReportMetric(cpu.Seconds()/float64(len(runs)), "cpu-s/op")
	b.ReportMetric(float64(last.Pages), "pages")
}

// BenchmarkBuild is a full build without a cache (cold): every workbook
// read, validated, analysed, every page rendered and published.
func BenchmarkBuild(b *testing.B) {
	for _, c := range buildCorpora {
		b.Run(c.name, func(b *testing.B) {
			data := corpusDir(b, c.name, c.dir)
			out := filepath.Join(b.TempDir(), "site")
			var runs []childResult
			for b.Loop() {
				runs = append(runs, runChild(b, data, out, ""))
			}
			report(b, runs)
		})
	}
}

// BenchmarkRebuild is a build after one workbook of the newest month
// changed, with the cache of an earlier build: the other workbooks come
// from the cache, the changed one is read again. (The change rewrites the
// workbook's zip comment: new bytes, so a new content hash, same data.)
func BenchmarkRebuild(b *testing.B) {
	for _, c := range buildCorpora {
		b.Run(c.name, func(b *testing.B) {
			src := corpusDir(b, c.name, c.dir)
			data := filepath.Join(b.TempDir(), "data")
			if err := os.CopyFS(data, os.DirFS(src)); err != nil {
				b.Fatal(err)
			}
			months, _ := filepath.Glob(filepath.Join(data, "ledgers", "*"))
			slices.Sort(months)
			books, _ := filepath.Glob(filepath.Join(months[len(months)-1], "*.xlsx"))
			slices.Sort(books)
			out, cache := filepath.Join(b.TempDir(), "site"), b.TempDir()
			runChild(b, data, out, cache) // fills the cache
			var runs []childResult
			i := 0
			for b.Loop() {
				b.StopTimer()
				i++
				touchWorkbook(b, books[0], fmt.Sprintf("rebuild %d", i))
				b.StartTimer()
				runs = append(runs, runChild(b, data, out, cache))
			}
			report(b, runs)
		})
	}
}

// touchWorkbook rewrites a workbook with a new zip comment: its parts stay
// byte for byte the same.
func touchWorkbook(tb testing.TB, path, comment string) {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		r, err := f.OpenRaw()
		if err != nil {
			tb.Fatal(err)
		}
		w, err := zw.CreateRaw(&f.FileHeader)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			tb.Fatal(err)
		}
	}
	zr.Close()
	if err := zw.SetComment(comment); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}
