package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"tuijin/generator/sample"
)

// TestBuildDeterministicSample builds the bundled sample four ways: on one
// core and on four (pages are rendered and written concurrently), without
// a cache and from a warm one. All four sites are byte-identical.
func TestBuildDeterministicSample(t *testing.T) {
	cache := t.TempDir()
	var sites []map[string][]byte
	for i, procs := range []int{1, 4, 4, 1} {
		old := runtime.GOMAXPROCS(procs)
		out := filepath.Join(t.TempDir(), "site")
		cfg := Config{DataDir: "../data", OutDir: out}
		if i >= 2 {
			cfg.CacheDir = cache // cold, then warm
		}
		_, err := Build(context.Background(), cfg)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		sites = append(sites, siteFiles(t, out))
	}
	for i, s := range sites[1:] {
		if len(s) != len(sites[0]) {
			t.Fatalf("build %d: %d files, build 0: %d", i+1, len(s), len(sites[0]))
		}
		for p, b := range sites[0] {
			if !bytes.Equal(b, s[p]) {
				t.Errorf("build %d: %s differs from build 0", i+1, p)
			}
		}
	}
}

// TestKilledBuildKeepsPreviousSite kills a real build: the tuijin binary,
// built here, is SIGKILLed while it writes a larger site into its staging
// folder. The site published before must be byte for byte as it was, and
// the next build must clean up what the killed one left and publish.
func TestKilledBuildKeepsPreviousSite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and a larger sample")
	}
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "tuijin")
	if out, err := exec.Command("go", "build", "-o", bin, "tuijin/cmd/tuijin").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	if err := sample.Generate(data, sample.Options{Units: 12, Projects: 40, Months: 2, End: "2026-10"}); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	tuijin := func(args ...string) *exec.Cmd {
		cmd := exec.Command(bin, append([]string{"build", "--data", data, "--out", site, "--cache", ""}, args...)...)
		cmd.Dir = dir
		return cmd
	}
	// The previous site: September's.
	if out, err := tuijin("--period", "2026-09").CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := treeSums(t, site)

	// October's build, killed once its staging folder holds some pages.
	cmd := tuijin()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if n := stagedFiles(dir); n >= 50 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	err := cmd.Wait()
	if !killed {
		t.Fatalf("the build ended (%v) before its staging folder held 50 files; the corpus is too small to kill it mid-way", err)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("build was not killed: %v", cmd.ProcessState)
	}
	if n := stagedFiles(dir); n == 0 {
		t.Fatal("no staging folder left behind: the kill did not land mid-build")
	}
	after := treeSums(t, site)
	if len(after) != len(before) {
		t.Fatalf("killed build changed the site: %d files, was %d", len(after), len(before))
	}
	for p, sum := range before {
		if after[p] != sum {
			t.Errorf("killed build changed %s", p)
		}
	}

	// The next build cleans up and publishes October.
	if out, err := tuijin().CombinedOutput(); err != nil {
		t.Fatalf("build after the kill: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".site.") {
			t.Errorf("leftover %s after the next build", e.Name())
		}
	}
	index, err := os.ReadFile(filepath.Join(site, "index.html"))
	if err != nil || !bytes.Contains(index, []byte("2026年10月")) {
		t.Errorf("the next build did not publish October (%v)", err)
	}
}

// stagedFiles counts the files in the staging folders beside site.
func stagedFiles(dir string) int {
	tmps, _ := filepath.Glob(filepath.Join(dir, ".site.tmp-*"))
	n := 0
	for _, d := range tmps {
		filepath.WalkDir(d, func(_ string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				n++
			}
			return nil
		})
	}
	return n
}

// treeSums hashes every file under dir.
func treeSums(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	for p, b := range siteFiles(t, dir) {
		sums[p] = sha256.Sum256(b)
	}
	return sums
}
