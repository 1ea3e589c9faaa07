//go:build linux

package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"tuijin/generator/analysis"
	"tuijin/generator/load"
	"tuijin/generator/memlimit"
	"tuijin/generator/model"
)

// The build benchmarks. Each build runs in a child process (this test
// binary again, running TestBenchChild), so that its peak memory can be
// read from the operating system (getrusage's maximum resident set size)
// and no build inherits the heap of the one before. The wall time of the
// child is the benchmark's time; starting it costs a few milliseconds.
//
// With TUIJIN_BENCH_CPUPROFILE=FILE the child writes a CPU profile of its
// build there, and with TUIJIN_BENCH_TRACE=FILE an execution trace whose
// regions are the build's phases (of the last run, when there are several;
// BenchmarkServeRebuild, which has no child, records both of its rebuilds
// and not of the builds that prepare them);
// with TUIJIN_BENCH_MEMPROFILE=FILE, a profile of the memory it allocated;
// with TUIJIN_BENCH_HEAPPEAK=FILE, the profile of what was live when the
// most was (recordPeakHeap).
//
// The corpora: the bundled sample, and two that scripts/bench.sh
// generates under $TUIJIN_BENCH_DIR (100 units × 200 projects, one month
// and twelve months); benchmarks of a missing corpus are skipped. The floor
// they are compared with is BenchmarkFloor in generator/xlsx, on the same
// corpora; scripts/bench.sh runs both and prints the table.

// benchRoot holds what the build benchmarks write until the test process
// ends, rather than each run's output being removed when the run ends (as
// b.TempDir's is). On this machine's ext4 disk, creating files is several
// times slower for minutes after many files were removed (the kernel's
// inode allocator skips recently deleted inodes, one by one): removing one
// build's 20,000 pages made the next build's file creation cost 2–4 s
// instead of 0.4–0.9 s, which measured the previous run's clean-up, not
// the build (docs/performance.md). With TUIJIN_BENCH_SCRATCH set, the
// folder is made there and left for the caller to remove: scripts/bench.sh
// runs several test processes in turn and removes it when all are done.
var benchRoot struct {
	once sync.Once
	dir  string
	keep bool
	err  error
}

// benchDir returns a new folder under benchRoot.
func benchDir(b *testing.B) string {
	b.Helper()
	benchRoot.once.Do(func() {
		scratch := os.Getenv("TUIJIN_BENCH_SCRATCH")
		benchRoot.keep = scratch != ""
		benchRoot.dir, benchRoot.err = os.MkdirTemp(scratch, "tuijin-bench-")
	})
	if benchRoot.err != nil {
		b.Fatal(benchRoot.err)
	}
	d, err := os.MkdirTemp(benchRoot.dir, "run-")
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchRoot.dir != "" && !benchRoot.keep {
		os.RemoveAll(benchRoot.dir)
	}
	os.Exit(code)
}

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
	Process  time.Duration // the child from its start to its end, filled in by the parent
	MaxRSSKB int64         // filled in by the parent
	CPU      time.Duration // user and system time of the child, filled in by the parent
	// Minor page faults of the child, filled in by the parent: each is
	// the first touch of a page of memory, which on some virtual machines
	// costs more than the work done in it (docs/performance.md, "Page
	// faults").
	MinorFaults int64
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
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("build child: %v\n%s", err, stderr.String())
	}
	elapsed := time.Since(start)
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
	res.Process = elapsed
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.MaxRSSKB = int64(ru.Maxrss) // kilobytes on Linux
		res.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		res.MinorFaults = ru.Minflt
	}
	return res
}

// TestBenchChild is the child of runChild; it does nothing in a normal
// test run.
func TestBenchChild(t *testing.T) {
	if os.Getenv("TUIJIN_BENCH_CHILD") != "1" {
		t.Skip("only run by the build benchmarks")
	}
	defer recordTo(t, "TUIJIN_BENCH_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)()
	defer recordTo(t, "TUIJIN_BENCH_TRACE", trace.Start, trace.Stop)()
	defer writeAllocs(t, os.Getenv("TUIJIN_BENCH_MEMPROFILE"))
	defer recordPeakHeap(t, os.Getenv("TUIJIN_BENCH_HEAPPEAK"))()
	// As tuijin build does (cmd/tuijin's main): the peak memory reported
	// is the command's.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	memlimit.ApplyWithGC(ctx, memlimit.Default, memlimit.GCPercent)
	start := time.Now()
	res, err := Build(ctx, Config{
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

// recordTo starts a recording (a CPU profile, an execution trace) into the
// file the environment variable names, if it names one, and returns what
// stops it.
func recordTo(t testing.TB, env string, start func(io.Writer) error, stop func()) func() {
	p := os.Getenv(env)
	if p == "" {
		return func() {}
	}
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := start(f); err != nil {
		f.Close()
		t.Fatal(err)
	}
	return func() {
		stop()
		f.Close()
	}
}

// writeAllocs writes the profile of the memory the build allocated to
// the file name, unless it is "".
func writeAllocs(t *testing.T, name string) {
	if name == "" {
		return
	}
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		t.Fatal(err)
	}
}

// recordPeakHeap keeps in the file name the heap profile of the moment
// the live heap was largest, unless name is "": after each collection
// that found more live data than any before, the profile (which counts
// what that collection found live) is written again. A new process
// touches about twice its largest live heap (the collector lets the heap
// double before it collects), so this is what decides its page faults.
// It returns what stops the recording.
func recordPeakHeap(t *testing.T, name string) func() {
	if name == "" {
		return func() {}
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"}}
		var cycles, peak uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			metrics.Read(s)
			if c, live := s[0].Value.Uint64(), s[1].Value.Uint64(); c != cycles {
				cycles = c
				if live > peak {
					peak = live
					var b bytes.Buffer
					if err := pprof.Lookup("heap").WriteTo(&b, 0); err != nil {
						t.Error(err)
						return
					}
					if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
						t.Error(err)
						return
					}
				}
			}
		}
	}()
	return func() {
		close(stop)
		<-done
	}
}

// report adds the metrics every build benchmark reports.
func report(b *testing.B, runs []childResult) {
	var rss, faults int64
	var cpu time.Duration
	for _, r := range runs {
		rss = max(rss, r.MaxRSSKB)
		cpu += r.CPU
		faults += r.MinorFaults
	}
	last := runs[len(runs)-1].Result
	b.ReportMetric(float64(last.RowsRead), "rows")
	b.ReportMetric(float64(last.RowsRead)*float64(len(runs))/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(rss)/1024, "peak-RSS-MB")
	b.ReportMetric(cpu.Seconds()/float64(len(runs)), "cpu-s/op")
	b.ReportMetric(float64(faults)/float64(len(runs)), "minor-faults/op")
	b.ReportMetric(float64(last.Pages), "pages")
	b.ReportMetric(float64(last.Pages-last.PagesReused), "pages-rendered")
}

// BenchmarkBuild is a full build without a cache (cold): every workbook
// read, validated, analysed, every page rendered and published.
func BenchmarkBuild(b *testing.B) {
	for _, c := range buildCorpora {
		b.Run(c.name, func(b *testing.B) {
			data := corpusDir(b, c.name, c.dir)
			out := filepath.Join(benchDir(b), "site")
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
// from the cache, the changed one is read again, and only the pages that
// show something of it are rendered again. The change is what a clerk's
// correction looks like: one project's 本年累计完成投资 goes up by 100 万元,
// which moves the totals its unit, its centre and the zone show. The
// benchmark fails if the change made the site lose or gain a page (the
// row rejected, say): the rebuild would not be the case it measures.
func BenchmarkRebuild(b *testing.B) {
	for _, c := range buildCorpora {
		b.Run(c.name, func(b *testing.B) {
			data, books := rebuildCorpus(b, c.name, c.dir)
			out, cache := filepath.Join(benchDir(b), "site"), benchDir(b)
			first := runChild(b, data, out, cache) // fills the cache
			var runs []childResult
			for b.Loop() {
				b.StopTimer()
				bumpDoneYear(b, books[0])
				b.StartTimer()
				r := runChild(b, data, out, cache)
				if r.Result.Pages != first.Result.Pages {
					b.Fatalf("the change made %d pages of %d; the benchmark needs a change that keeps them all", r.Result.Pages, first.Result.Pages)
				}
				runs = append(runs, r)
			}
			report(b, runs)
			// The first rebuild after a cold build is what a person trying
			// the cache measures, and the one that has found no spare
			// folder of its own making before (docs/performance.md);
			// the later ones are every rebuild after.
			b.ReportMetric(runs[0].Process.Seconds(), "first-s")
			if len(runs) > 1 {
				var later []float64
				for _, r := range runs[1:] {
					later = append(later, r.Process.Seconds())
				}
				slices.Sort(later)
				b.ReportMetric(later[len(later)/2], "spare-s")
			}
		})
	}
}

// BenchmarkFirstTouch prices the minor-faults/op the build benchmarks
// report: writing one byte into each page of memory fresh from the
// system, so that every write is a page fault ("fresh"), against writing
// into the same pages again ("touched"). On the machine of
// docs/performance.md a fault costs about 19 µs, a thousand times the
// write, so the 45,000 faults of a one-month rebuild by tuijin build cost
// about 0.9 s of its 1.7 s; a process that stays (tuijin serve) pays them
// once.
func BenchmarkFirstTouch(b *testing.B) {
	const size = 64 << 20
	page := os.Getpagesize()
	touch := func(m []byte) {
		for i := 0; i < len(m); i += page {
			m[i]++
		}
	}
	mapFresh := func(b *testing.B) []byte {
		m, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			b.Skipf("mmap: %v", err)
		}
		return m
	}
	perPage := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*size/page), "ns/page")
	}
	b.Run("fresh", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			m := mapFresh(b)
			b.StartTimer()
			touch(m)
			b.StopTimer()
			if err := syscall.Munmap(m); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		perPage(b)
	})
	b.Run("touched", func(b *testing.B) {
		m := mapFresh(b)
		defer syscall.Munmap(m)
		touch(m)
		for b.Loop() {
			touch(m)
		}
		perPage(b)
	})
}

// BenchmarkServeRebuild is BenchmarkRebuild as tuijin serve runs it: the
// builds one after another in one process, which keeps the parsed
// templates and a heap already grown by the builds before, where a child
// process starts from nothing and asks the system for every page of
// memory again. It is what a clerk previewing corrections waits for.
// Unlike the other build benchmarks it reports no peak memory (the
// process is the benchmark's own); cpu-s/op is the process's CPU time,
// and minor-faults/op the page faults taken during the rebuilds
// themselves: memory the runtime gave back to the system between or
// during rebuilds, and had to fault in again (docs/performance.md, "Page
// faults").
func BenchmarkServeRebuild(b *testing.B) {
	for _, c := range buildCorpora {
		b.Run(c.name, func(b *testing.B) {
			data, books := rebuildCorpus(b, c.name, c.dir)
			// The memory limit and the collector's target as cmd/tuijin
			// sets them for serve; the benchmarks after this one run with
			// those they had.
			defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
			gc := debug.SetGCPercent(100) // read; -1 would turn it off
			debug.SetGCPercent(gc)
			defer debug.SetGCPercent(gc)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			memlimit.ApplyWithGC(ctx, memlimit.Default, memlimit.GCPercent)
			cfg := Config{DataDir: data, OutDir: filepath.Join(benchDir(b), "site"), CacheDir: benchDir(b)}
			// Two builds first, as a session of serve has had: the first
			// fills the cache, the second leaves a spare site.
			var first *Result
			for i := range 2 {
				if i > 0 {
					bumpDoneYear(b, books[0])
				}
				r, err := Build(ctx, cfg)
				if err != nil {
					b.Fatal(err)
				}
				first = r
			}
			cpu0, _ := processUsage()
			// Only the rebuilds are profiled, not the builds before them.
			stopProfile := recordTo(b, "TUIJIN_BENCH_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
			stopTrace := recordTo(b, "TUIJIN_BENCH_TRACE", trace.Start, trace.Stop)
			var last *Result
			var faults int64
			for b.Loop() {
				b.StopTimer()
				bumpDoneYear(b, books[0])
				b.StartTimer()
				_, faults0 := processUsage()
				r, err := Build(ctx, cfg)
				_, faults1 := processUsage()
				faults += faults1 - faults0
				if err != nil {
					b.Fatal(err)
				}
				if r.Pages != first.Pages {
					b.Fatalf("the change made %d pages of %d; the benchmark needs a change that keeps them all", r.Pages, first.Pages)
				}
				last = r
			}
			stopTrace()
			stopProfile()
			cpu1, _ := processUsage()
			b.ReportMetric((cpu1-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(faults)/float64(b.N), "minor-faults/op")
			b.ReportMetric(float64(last.Pages), "pages")
			b.ReportMetric(float64(last.Pages-last.PagesReused), "pages-rendered")
		})
	}
}

// processUsage is the user and system time the process has used so far,
// and the minor page faults it has taken: pages of memory touched for the
// first time since the system gave them (or took them back).
func processUsage() (cpu time.Duration, faults int64) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Minflt
}

// rebuildCorpus copies a corpus into the benchmark's folder, for the
// rebuilds to correct, and returns the copy and the newest month's
// workbooks in name order.
func rebuildCorpus(b *testing.B, name, dir string) (data string, books []string) {
	src := corpusDir(b, name, dir)
	data = filepath.Join(benchDir(b), "data")
	if err := os.CopyFS(data, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	months, _ := filepath.Glob(filepath.Join(data, "ledgers", "*"))
	slices.Sort(months)
	books, _ = filepath.Glob(filepath.Join(months[len(months)-1], "*.xlsx"))
	slices.Sort(books)
	return data, books
}

// bumpDoneYear adds 100 to the first project's 本年累计完成投资 in the
// workbook, rewriting its first sheet's part; the other parts are copied as
// they are. The column is found by its header: tuijin sample varies the
// column order from unit to unit, as real workbooks do.
func bumpDoneYear(tb testing.TB, path string) {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	var sst []byte
	for _, f := range zr.File {
		if f.Name == "xl/sharedStrings.xml" {
			sst = readPart(tb, f)
		}
	}
	// The header is a shared string; its index is what the header cell holds.
	header := -1
	for i, si := range bytes.Split(sst, []byte("<si>"))[1:] {
		if bytes.HasPrefix(si, []byte("<t>本年累计完成投资")) {
			header = i
			break
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	bumped := false
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
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
			continue
		}
		part := readPart(tb, f)
		m := regexp.MustCompile(`<c r="([A-Z]+)([0-9]+)" t="s"><v>` + strconv.Itoa(header) + `</v>`).FindSubmatch(part)
		if header < 0 || m == nil {
			tb.Fatalf("%s: no 本年累计完成投资 header; has tuijin sample's layout changed?", path)
		}
		// The first number below the header in that column.
		loc := regexp.MustCompile(`<c r="` + string(m[1]) + `[0-9]+"><v>([0-9.]+)</v>`).FindSubmatchIndex(part[bytes.Index(part, m[0]):])
		if loc == nil {
			tb.Fatalf("%s: no 本年累计完成投资 figure under the header", path)
		}
		off := bytes.Index(part, m[0])
		at, end := off+loc[2], off+loc[3]
		v, err := strconv.ParseFloat(string(part[at:end]), 64)
		if err != nil {
			tb.Fatal(err)
		}
		part = slices.Concat(part[:at], []byte(strconv.FormatFloat(v+100, 'f', -1, 64)), part[end:])
		w, err := zw.Create(f.Name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(part); err != nil {
			tb.Fatal(err)
		}
		bumped = true
	}
	if !bumped {
		tb.Fatalf("%s has no xl/worksheets/sheet1.xml", path)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func readPart(tb testing.TB, f *zip.File) []byte {
	tb.Helper()
	r, err := f.Open()
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkCompute is the analysis of the newest month alone (without
// history), its workbooks read once beforehand: the part of every build
// and rebuild that runs on one core.
func BenchmarkCompute(b *testing.B) {
	for _, c := range buildCorpora[:2] {
		b.Run(c.name, func(b *testing.B) {
			data := corpusDir(b, c.name, c.dir)
			months, _ := filepath.Glob(filepath.Join(data, load.LedgersDir, "*"))
			slices.Sort(months)
			newest := months[len(months)-1]
			period, err := model.ParsePeriod(filepath.Base(newest))
			if err != nil {
				b.Fatal(err)
			}
			res, err := load.Folder(context.Background(), newest, filepath.Base(newest), period, nil, load.Options{})
			if err != nil {
				b.Fatal(err)
			}
			in := analysis.Input{Ledger: res.Ledger}
			b.ReportAllocs()
			for b.Loop() {
				analysis.Compute(in)
			}
		})
	}
}
