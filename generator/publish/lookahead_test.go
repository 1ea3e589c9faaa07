package publish

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// LookAhead's look at a spare's files, a folder at a time, finds as
// written exactly the files asWritten does, one by one by full name: a
// changed size or time, a link in a file's place (even to a file as
// written), a folder gone or a path that is not the site's are not.
func TestSpareAsWrittenAll(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, content string) Entry {
		t.Helper()
		name := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Lstat(name)
		if err != nil {
			t.Fatal(err)
		}
		return Entry{Key: "k", Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}
	}
	files := map[string]Entry{
		"index.html":          write("index.html", "首页"),
		"projects/a.html":     write("projects/a.html", "甲"),
		"projects/b.html":     write("projects/b.html", "乙"),
		"projects/c.html":     write("projects/c.html", "丙"),
		"units/u-1.html":      write("units/u-1.html", "单位"),
		"gone/x.html":         {Key: "k", Size: 1, ModTime: 1},
		"projects/none.html":  {Key: "k", Size: 1, ModTime: 1},
		"../outside.html":     {Key: "k", Size: 1, ModTime: 1},
		"projects/link.html":  {},
		"projects/moved.html": write("projects/moved.html", "丁"),
	}
	// b grows, c is touched, link.html is a link to a, entered with a's
	// size and time, and moved.html is replaced by a folder …
	e := files["projects/b.html"]
	e.Size--
	files["projects/b.html"] = e
	e = files["projects/c.html"]
	e.ModTime++
	files["projects/c.html"] = e
	if err := os.Symlink("a.html", filepath.Join(dir, "projects", "link.html")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	files["projects/link.html"] = files["projects/a.html"]
	if err := os.Remove(filepath.Join(dir, "projects", "moved.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "projects", "moved.html"), 0o755); err != nil {
		t.Fatal(err)
	}
	// … entered with the folder's own size and time: only its kind tells.
	fi, err := os.Lstat(filepath.Join(dir, "projects", "moved.html"))
	if err != nil {
		t.Fatal(err)
	}
	files["projects/moved.html"] = Entry{Key: "k", Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}

	want := map[string]bool{}
	for rel, e := range files {
		if checkRel(rel) == nil && asWritten(filepath.Join(dir, filepath.FromSlash(rel)), e) {
			want[rel] = true
		}
	}
	if len(want) != 3 {
		t.Fatalf("asWritten finds %d files as written, want index, a and u-1: the test no longer describes the files", len(want))
	}
	if got := spareAsWrittenAll(dir, files); !maps.Equal(got, want) {
		t.Errorf("as written: %v, want %v", got, want)
	}
}
