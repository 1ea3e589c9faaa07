//go:build unix

package publish

import (
	"fmt"
	"maps"
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

// BenchmarkManifest saves and reads the manifest of a 20,000-page site
// with its spare, as every rebuild does once each.
func BenchmarkManifest(b *testing.B) {
	files := map[string]Entry{}
	for i := range 20000 {
		files[fmt.Sprintf("projects/%05d.html", i)] = Entry{Key: fmt.Sprintf("%064x", i), Size: 10240 + int64(i), ModTime: 1795000000000000000 + int64(i)}
	}
	spare := maps.Clone(files)
	for i := range 7 {
		spare[fmt.Sprintf("projects/%05d.html", i)] = Entry{Key: fmt.Sprintf("%064x", -i), Size: 1, ModTime: 2}
	}
	out := filepath.Join(b.TempDir(), "site")
	m := &Manifest{Program: manifestFormat + "bench", Files: files, Spare: &Spare{Out: out, Dir: ".site.spare-0123456789abcdef", Files: spare}}
	name := filepath.Join(b.TempDir(), "m.json")
	if err := m.Save(name); err != nil {
		b.Fatal(err)
	}
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			if err := m.Save(name); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			if ReadManifest(name, "bench") == nil {
				b.Fatal("not read")
			}
		}
	})
}
