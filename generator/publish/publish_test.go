package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// writeTree creates files (slash paths → contents) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readTree returns every regular file under dir (slash paths → contents).
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func assertTree(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	got := readTree(t, dir)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("files in %s = %v, want %v", dir, got, want)
	}
}

// entryNames lists the names in dir, sorted.
func entryNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	return got
}

// assertEntries checks the names in dir, so leftovers show up.
func assertEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	got := entryNames(t, dir)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("entries of %s = %q, want %q", dir, got, want)
	}
}

func mustStage(t *testing.T, out string) *Staging {
	t.Helper()
	s, err := Stage(out)
	if err != nil {
		t.Fatalf("Stage(%q): %v", out, err)
	}
	return s
}

func mustWrite(t *testing.T, s *Staging, files map[string]string) {
	t.Helper()
	for name, data := range files {
		if err := s.WriteFile(name, []byte(data)); err != nil {
			t.Fatalf("WriteFile(%q): %v", name, err)
		}
	}
}

func TestCommitReplaces(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	writeTree(t, out, map[string]string{"index.html": "old", "gone.html": "old", "a/b.html": "old"})

	s := mustStage(t, out)
	if filepath.Dir(s.Dir()) != root {
		t.Errorf("Dir() = %s, want a folder in %s", s.Dir(), root)
	}
	newSite := map[string]string{"index.html": "新", "a/b.html": "new", "assets/vendor/x.js": "js"}
	mustWrite(t, s, newSite)
	assertTree(t, out, map[string]string{"index.html": "old", "gone.html": "old", "a/b.html": "old"})

	if err := s.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	assertTree(t, out, newSite)
	assertEntries(t, root, "site")
	if err := s.Abort(); err != nil {
		t.Errorf("Abort after Commit = %v, want nil", err)
	}
	assertTree(t, out, newSite)
}

func TestCommitNewOut(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public", "site") // parent missing too
	s := mustStage(t, out)
	mustWrite(t, s, map[string]string{"index.html": "x"})
	if err := s.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	assertTree(t, out, map[string]string{"index.html": "x"})
	assertEntries(t, filepath.Dir(out), "site")
}

func TestModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permissions")
	}
	out := filepath.Join(t.TempDir(), "site")
	s := mustStage(t, out)
	mustWrite(t, s, map[string]string{"d/f.html": "x"})
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	for name, max := range map[string]fs.FileMode{".": 0o755, "d": 0o755, "d/f.html": 0o644} {
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		// The umask may take bits away, never add any; and the owner
		// must keep what a web server running as them needs.
		if perm := fi.Mode().Perm(); perm&^max != 0 || perm&0o600 != 0o600 {
			t.Errorf("mode of %s = %v, want at most %v", name, perm, max)
		}
	}
}

func TestAbortKeepsPrevious(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	old := map[string]string{"index.html": "old"}
	writeTree(t, out, old)

	s := mustStage(t, out)
	mustWrite(t, s, map[string]string{"index.html": "new", "x.html": "new"})
	if err := s.Abort(); err != nil {
		t.Fatalf("Abort: %v", err)
	}
	assertTree(t, out, old)
	assertEntries(t, root, "site")

	if err := s.WriteFile("y.html", nil); !errors.Is(err, ErrDone) {
		t.Errorf("WriteFile after Abort = %v, want ErrDone", err)
	}
	if err := s.Commit(); !errors.Is(err, ErrDone) {
		t.Errorf("Commit after Abort = %v, want ErrDone", err)
	}
	if err := s.Abort(); err != nil {
		t.Errorf("second Abort = %v, want nil", err)
	}
	assertTree(t, out, old)
}

func TestCommitTwice(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	s := mustStage(t, out)
	mustWrite(t, s, map[string]string{"index.html": "x"})
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(); !errors.Is(err, ErrDone) {
		t.Errorf("second Commit = %v, want ErrDone", err)
	}
	if err := s.WriteFile("late.html", nil); !errors.Is(err, ErrDone) {
		t.Errorf("WriteFile after Commit = %v, want ErrDone", err)
	}
	assertTree(t, out, map[string]string{"index.html": "x"})
}

// TestCrashBeforeCommit simulates a build killed while writing: its
// staging folder stays behind, and so does an old site from a build killed
// after its swap but before removing the old one.
func TestCrashBeforeCommit(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	prev := map[string]string{"index.html": "prev"}
	writeTree(t, out, prev)

	crashed := mustStage(t, out)
	mustWrite(t, crashed, map[string]string{"index.html": "half"})
	writeTree(t, root, map[string]string{
		".site.old-0123456789abcdef/index.html": "older",
		// Not of the exact form, or for another folder: kept.
		".site.tmp-xyz/keep":               "k",
		".site.old-0123456789ABCDEF/keep":  "k",
		".site.tmp-0123456789abcdef0/keep": "k",
		".other.tmp-0123456789abcdef/keep": "k",
		"site.old-0123456789abcdef/keep":   "k",
		"notes.txt":                        "k",
	})
	// A file, not a folder, with a matching name: not ours either.
	writeTree(t, root, map[string]string{".site.tmp-fedcba9876543210": "k"})

	s := mustStage(t, out)
	assertTree(t, out, prev)
	assertEntries(t, root, "site", filepath.Base(s.Dir()),
		".site.tmp-xyz", ".site.old-0123456789ABCDEF", ".site.tmp-0123456789abcdef0",
		".other.tmp-0123456789abcdef", "site.old-0123456789abcdef", "notes.txt",
		".site.tmp-fedcba9876543210")

	// The crashed build's handle no longer has a folder to commit.
	if err := crashed.Commit(); err == nil {
		t.Error("Commit of a cleaned-up staging = nil, want an error")
	}
	assertTree(t, out, prev)

	mustWrite(t, s, map[string]string{"index.html": "next"})
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, map[string]string{"index.html": "next"})
}

// TestCrashMidCommit simulates a build killed between Commit's two
// renames: out is missing and the previous site sits in an old folder.
func TestCrashMidCommit(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	writeTree(t, root, map[string]string{
		".site.old-00000000000000aa/index.html": "prev",
		".site.tmp-00000000000000bb/index.html": "new but never swapped in",
	})

	s := mustStage(t, out)
	assertTree(t, out, map[string]string{"index.html": "prev"})
	assertEntries(t, root, "site", filepath.Base(s.Dir()))
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, map[string]string{"index.html": "prev"})
}

func TestWriteFilePaths(t *testing.T) {
	tests := []struct {
		rel string
		ok  bool
	}{
		{"index.html", true},
		{"a/b/c.html", true},
		{"项目/甲.html", true},
		{".well-known/x", true},
		{"a..b", true},
		{"", false},
		{".", false},
		{"/etc/passwd", false},
		{"../x", false},
		{"a/../../x", false},
		{"a/..", false},
		{"a/./b", false},
		{"./a", false},
		{"a//b", false},
		{"a/", false},
		{"a\\b", false},
		{"..\\x", false},
		{"a\x00b", false},
		{"C:x", false},
		{"c:/x", false},
	}
	out := filepath.Join(t.TempDir(), "site")
	s := mustStage(t, out)
	defer s.Abort()
	for _, tt := range tests {
		err := s.WriteFile(tt.rel, []byte("x"))
		if tt.ok && err != nil {
			t.Errorf("WriteFile(%q) = %v, want nil", tt.rel, err)
		}
		if !tt.ok && !errors.Is(err, ErrInvalidPath) {
			t.Errorf("WriteFile(%q) = %v, want ErrInvalidPath", tt.rel, err)
		}
	}
	// Nothing escaped the staging folder.
	assertEntries(t, filepath.Dir(out), filepath.Base(s.Dir()))
}

func TestStageRefuses(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"file": "f", "real/index.html": "r", "cwd/sub/x": "x"})
	if err := os.Symlink(filepath.Join(root, "real"), filepath.Join(root, "link")); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
	t.Chdir(filepath.Join(root, "cwd", "sub"))

	for _, out := range []string{
		"",
		string(filepath.Separator),
		".",
		"..",
		filepath.Join(root, "cwd"),
		filepath.Join(root, "cwd", "sub"),
		root,
		filepath.Join(root, "file"),
		filepath.Join(root, "link"),
	} {
		if s, err := Stage(out); !errors.Is(err, ErrUnsafeOut) {
			t.Errorf("Stage(%q) = %v, want ErrUnsafeOut", out, err)
			if s != nil {
				_ = s.Abort()
			}
		}
	}
	assertTree(t, filepath.Join(root, "real"), map[string]string{"index.html": "r"})

	// A folder beside the current one is fine.
	s := mustStage(t, "../site")
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
}

// TestCommitRefusesChangedOut: out turned into something else during the
// build; the previous state must survive and the staging stays abortable.
func TestCommitRefusesChangedOut(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	s := mustStage(t, out)
	mustWrite(t, s, map[string]string{"index.html": "new"})
	writeTree(t, root, map[string]string{"site": "a file now"})

	if err := s.Commit(); !errors.Is(err, ErrUnsafeOut) {
		t.Errorf("Commit over a file = %v, want ErrUnsafeOut", err)
	}
	if data, _ := os.ReadFile(out); string(data) != "a file now" {
		t.Errorf("out = %q, want the file untouched", data)
	}
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	assertEntries(t, root, "site")
}

func TestWriteFileConcurrent(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	s := mustStage(t, out)
	defer s.Abort()

	const workers, perWorker = 8, 25
	want := map[string]string{}
	for w := range workers {
		for i := range perWorker {
			// Shared parent folders, so MkdirAll races too.
			want[fmt.Sprintf("p/%d/%d.html", i%3, w*perWorker+i)] = strings.Repeat("页", i)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				name := fmt.Sprintf("p/%d/%d.html", i%3, w*perWorker+i)
				if err := s.WriteFile(name, []byte(want[name])); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, want)
}

func TestCopyFS(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	s := mustStage(t, out)
	defer s.Abort()
	src := fstest.MapFS{
		"vendor/echarts.min.js": {Data: []byte("js"), Mode: 0o755},
		"style.css":             {Data: []byte("css")},
	}
	if err := s.CopyFS("assets", src); err != nil {
		t.Fatal(err)
	}
	if err := s.CopyFS("", fstest.MapFS{"robots.txt": {Data: []byte("r")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.CopyFS("../up", src); !errors.Is(err, ErrInvalidPath) {
		t.Errorf("CopyFS(%q) = %v, want ErrInvalidPath", "../up", err)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, map[string]string{
		"assets/vendor/echarts.min.js": "js",
		"assets/style.css":             "css",
		"robots.txt":                   "r",
	})
}
