package publish

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestPrelink: a build after one that left no spare finds, right after
// Track, the published site's files linked into its staging folder —
// only those its manifest lists and that are still as written, never a
// path outside it — and then builds as from a spare: unchanged files
// stay, changed ones are written anew without touching the published
// bytes, and the files the new site lacks are gone from it.
func TestPrelink(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	a := site{"x.html": {"x", "x"}, "y.html": {"y1", "y one"}, "z.html": {"z", "z"}, "d/w.html": {"w", "w"}, "gone.html": {"g", "g"}}
	m1, _ := buildTracked(t, out, nil, a)
	dropSpare(t, out, m1)
	// Edited by hand, dropped in by a person, removed; and a manifest
	// entry naming a file beside the site.
	writeTree(t, out, map[string]string{"x.html": "X", "stray.html": "stray"})
	touchLater(t, filepath.Join(out, "x.html"))
	if err := os.Remove(filepath.Join(out, "gone.html")); err != nil {
		t.Fatal(err)
	}
	writeTree(t, root, map[string]string{"beside.html": "beside"})
	fi, err := os.Lstat(filepath.Join(root, "beside.html"))
	if err != nil {
		t.Fatal(err)
	}
	prev := &Manifest{Program: m1.Program, Files: maps.Clone(m1.Files)}
	prev.Files["../beside.html"] = Entry{Key: "b", Size: fi.Size(), ModTime: fi.ModTime().UnixNano()}

	st := mustStage(t, out)
	defer st.Abort()
	st.Track("prog", prev)
	st.LookAhead() // nothing left to look at; must not look again
	staged := readTree(t, st.Dir())
	if got, want := slices.Sorted(maps.Keys(staged)), []string{"d/w.html", "y.html", "z.html"}; !slices.Equal(got, want) {
		t.Fatalf("staging folder after Track holds %q, want %q", got, want)
	}
	for p := range staged {
		if !sameFile(t, filepath.Join(st.Dir(), p), filepath.Join(out, p)) {
			t.Errorf("staged %s is not the published file", p)
		}
	}
	assertEntries(t, root, "beside.html", "site", filepath.Base(st.Dir()))

	b := site{"x.html": {"x", "x"}, "y.html": {"y2", "y two"}, "z.html": {"z", "z"}, "n.html": {"n", "new"}}
	n := fillTracked(t, st, b)
	if want := (counts{linked: 1, written: 3}); n != want {
		t.Errorf("%+v, want %+v (z linked; x edited, y changed, n new)", n, want)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, b.contents())
	if got := dirsOf(t, out); len(got) != 0 {
		t.Errorf("the site kept folders %q it no longer has files in", got)
	}
	// The previous site, published bytes intact, is the spare now.
	spare := theSpare(t, out, st.Manifest())
	assertTree(t, spare, map[string]string{"x.html": "X", "y.html": "y one", "z.html": "z", "d/w.html": "w", "stray.html": "stray"})
	assertEntries(t, root, "beside.html", "site", filepath.Base(spare))
}

// TestPrelinkAbort: a build that fails after its staging folder was
// filled with links removes it, leaving the site as it was and no spare.
func TestPrelinkAbort(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	a := site{"x.html": {"x", "x"}, "d/y.html": {"y", "y"}}
	m1, _ := buildTracked(t, out, nil, a)
	dropSpare(t, out, m1)
	st := mustStage(t, out)
	st.Track("prog", m1)
	if got := readTree(t, st.Dir()); !maps.Equal(got, a.contents()) {
		t.Fatalf("staging folder after Track = %v, want the site", got)
	}
	if err := st.WriteFile("x.html", []byte("half-made")); err != nil {
		t.Fatal(err)
	}
	if err := st.Abort(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, a.contents())
	assertEntries(t, root, "site")
}

// TestLinkAll: a file gone from the source is left out and the others
// are linked; a folder that cannot be made ends the linking, and nothing
// is reported linked that is not.
func TestLinkAll(t *testing.T) {
	from, to := t.TempDir(), t.TempDir()
	writeTree(t, from, map[string]string{"a/1.html": "1", "a/3.html": "3", "b/2.html": "2"})
	entries := []pathEntry{{"a/1.html", Entry{Key: "1"}}, {"a/2.html", Entry{Key: "gone"}}, {"a/3.html", Entry{Key: "3"}}, {"b/2.html", Entry{Key: "2"}}}
	refused := errors.New("refused")
	linked := linkAll(from, to, entries, func(rel string) error {
		if rel == "b" {
			return refused
		}
		return os.MkdirAll(filepath.Join(to, filepath.FromSlash(rel)), 0o755)
	})
	if got, want := slices.Sorted(maps.Keys(linked)), []string{"a/1.html", "a/3.html"}; !slices.Equal(got, want) {
		t.Fatalf("linked %q, want %q", got, want)
	}
	for p, e := range linked {
		if e.Key != p[2:3] || !sameFile(t, filepath.Join(from, p), filepath.Join(to, p)) {
			t.Errorf("%s: entry %+v, or not linked", p, e)
		}
	}
	assertTree(t, to, map[string]string{"a/1.html": "1", "a/3.html": "3"})
}

// TestPrelinkNoLinks: where no link can be made, the folders made for
// them are gone again and the build goes on as without a spare, leaving
// none of them in the site.
func TestPrelinkNoLinks(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	m1, _ := buildTracked(t, out, nil, site{"a.html": {"a", "a"}, "d/e/b.html": {"b", "b"}})
	dropSpare(t, out, m1)
	linkEvery = func(from, to string, entries []pathEntry, mkdir func(string) error) map[string]Entry {
		for _, d := range []string{".", "d", "d/e"} {
			if err := mkdir(d); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	}
	defer func() { linkEvery = linkAll }()
	next := site{"a.html": {"a2", "a two"}, "d/c.html": {"c", "c"}}
	st, n := stageTracked(t, out, m1, next)
	defer st.Abort()
	if want := (counts{written: 2}); n != want {
		t.Errorf("%+v, want %+v", n, want)
	}
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, next.contents())
	if got, want := dirsOf(t, out), []string{"d"}; !slices.Equal(got, want) {
		t.Errorf("folders of the site %q, want %q", got, want)
	}
}

// TestFirstBuildSpareNoLinks: a tracked build with no previous manifest leaves a
// spare of the site it published (TestSpareGenerations checks it), and
// where no link can be made, none, and no folder for one.
func TestFirstBuildSpareNoLinks(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	linkEvery = func(from, to string, entries []pathEntry, mkdir func(string) error) map[string]Entry {
		if err := mkdir("d"); err != nil {
			t.Fatal(err)
		}
		return nil
	}
	defer func() { linkEvery = linkAll }()
	m, _ := buildTracked(t, out, nil, site{"a.html": {"a", "a"}, "d/b.html": {"b", "b"}})
	if m.Spare != nil {
		t.Errorf("manifest names spare %+v, which could not be made", m.Spare)
	}
	assertEntries(t, root, "site")
}
