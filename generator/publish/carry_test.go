package publish

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func key(s string) Key {
	var k Key
	copy(k[:], s)
	return k
}

// publishTracked builds a site of files (path → [key, data]) into out with
// the previous manifest, and returns the new manifest and which files were
// carried over.
func publishTracked(t *testing.T, out, program string, prev *Manifest, files map[string][2]string) (*Manifest, map[string]bool) {
	t.Helper()
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	st.Track(program, prev)
	carried := map[string]bool{}
	for p, f := range files {
		if size, ok := st.Carry(p, key(f[0])); ok {
			if size != int64(len(f[1])) {
				t.Errorf("Carry(%s) size = %d, want %d", p, size, len(f[1]))
			}
			carried[p] = true
			continue
		}
		if err := st.WriteKeyed(p, key(f[0]), []byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	return st.Manifest(), carried
}

func TestCarry(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	first := map[string][2]string{
		"index.html":   {"k-index", "index v1"},
		"a/page.html":  {"k-a", "page a"},
		"a/other.html": {"k-o", "other"},
		"gone.html":    {"k-gone", "gone"},
	}
	m1, carried := publishTracked(t, out, "prog", nil, first)
	if len(carried) != 0 {
		t.Fatalf("first build carried %v with no previous manifest", carried)
	}
	// Edited by hand after publishing, keeping the size: made again.
	other := filepath.Join(out, "a", "other.html")
	if err := os.WriteFile(other, []byte("OTHER"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(other, later, later); err != nil {
		t.Fatal(err)
	}

	second := map[string][2]string{
		"index.html":   {"k-index2", "index v2"}, // new data
		"a/page.html":  {"k-a", "page a"},        // unchanged: carried
		"a/other.html": {"k-o", "other"},         // unchanged data, but the file was edited
		"new.html":     {"k-new", "new"},
	}
	m2, carried := publishTracked(t, out, "prog", m1, second)
	if want := map[string]bool{"a/page.html": true}; len(carried) != 1 || !carried["a/page.html"] {
		t.Errorf("carried %v, want %v", carried, want)
	}
	assertTree(t, out, map[string]string{"index.html": "index v2", "a/page.html": "page a", "a/other.html": "other", "new.html": "new"})
	if len(m2.Files) != 4 || m2.Files["a/page.html"] != m1.Files["a/page.html"] {
		t.Errorf("manifest after the second build = %v", m2.Files)
	}

	// Another program's manifest means nothing, even with equal keys.
	_, carried = publishTracked(t, out, "other program", m2, second)
	if len(carried) != 0 {
		t.Errorf("carried %v from another program's manifest", carried)
	}
}

func TestCarryNeverMatchesZeroKey(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	m, _ := publishTracked(t, out, "p", nil, map[string][2]string{"x.html": {"", "x"}})
	if len(m.Files) != 0 {
		t.Errorf("a file without a key was recorded: %v", m.Files)
	}
	st, err := Stage(out)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	st.Track("p", &Manifest{Program: manifestFormat + "p", Files: map[string]Entry{"x.html": {Key: "0000000000000000000000000000000000000000000000000000000000000000", Size: 1}}})
	if _, ok := st.Carry("x.html", Key{}); ok {
		t.Error("Carry matched the zero key")
	}
}

func TestManifestSaveRead(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	m, _ := publishTracked(t, out, "prog", nil, map[string][2]string{"a.html": {"k", "a"}, "b/c.html": {"l", "bc"}})
	name := filepath.Join(dir, "cache", "sites", "m.json")
	if err := m.Save(name); err != nil {
		t.Fatal(err)
	}
	got := ReadManifest(name, "prog")
	if got == nil || len(got.Files) != 2 || got.Files["b/c.html"] != m.Files["b/c.html"] {
		t.Fatalf("ReadManifest = %+v, want %+v", got, m)
	}
	if ReadManifest(name, "another program") != nil {
		t.Error("a manifest of another program was read")
	}
	if err := os.WriteFile(name, []byte(`{"program": "tuijin-manifest-1 prog", "files": {`), 0o644); err != nil {
		t.Fatal(err)
	}
	if ReadManifest(name, "prog") != nil {
		t.Error("a damaged manifest was read")
	}
	if ReadManifest(filepath.Join(dir, "missing.json"), "prog") != nil {
		t.Error("a missing manifest was read")
	}
	entries, _ := os.ReadDir(filepath.Dir(name))
	if len(entries) != 1 {
		t.Errorf("Save left %d files in its folder, want 1", len(entries))
	}
}
