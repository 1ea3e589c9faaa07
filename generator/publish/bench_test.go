//go:build unix

package publish

import (
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkRebuild publishes a site of 20,000 pages again and again, 7 of
// them changed each time, as a rebuild after one corrected figure does;
// everything but rendering: staging, carrying the unchanged pages over,
// writing the changed ones, committing. It reports the CPU time (user and
// system) per rebuild besides the wall time, since nearly all of it is
// system calls.
func BenchmarkRebuild(b *testing.B) {
	const pages, changed = 20000, 7
	out := filepath.Join(b.TempDir(), "site")
	paths := make([]string, pages)
	for i := range paths {
		paths[i] = fmt.Sprintf("projects/%05d.html", i)
	}
	page := make([]byte, 10<<10)
	gen := 0
	var prev *Manifest
	rebuild := func() {
		gen++
		st, err := Stage(out)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Abort()
		st.Track("bench", prev)
		for i, p := range paths {
			k := key(p)
			if i < changed {
				k = key(fmt.Sprint(p, gen))
			}
			if _, ok := st.Carry(p, k); ok {
				continue
			}
			if err := st.WriteKeyed(p, k, page); err != nil {
				b.Fatal(err)
			}
		}
		if err := st.Commit(); err != nil {
			b.Fatal(err)
		}
		prev = st.Manifest()
	}
	// The first build writes everything, the second has no spare yet.
	rebuild()
	rebuild()
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	for b.Loop() {
		rebuild()
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := func(tv syscall.Timeval) time.Duration { return time.Duration(tv.Nano()) }
	b.ReportMetric(float64(cpu(after.Utime)-cpu(before.Utime))/float64(b.N)/1e6, "user-ms/op")
	b.ReportMetric(float64(cpu(after.Stime)-cpu(before.Stime))/float64(b.N)/1e6, "sys-ms/op")
}
