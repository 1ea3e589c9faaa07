package publish

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// site is what a build makes: path → {key, data}.
type site map[string][2]string

func (s site) contents() map[string]string {
	m := map[string]string{}
	for p, f := range s {
		m[p] = f[1]
	}
	return m
}

// counts says what a tracked build did with each of its files.
type counts struct{ kept, linked, written int }

// stageTracked stages a tracked build of files into out with the previous
// manifest and fills the staging folder, carrying what it can, but does
// not commit: the caller commits, or stops there as a killed build would.
func stageTracked(t *testing.T, out string, prev *Manifest, files site) (*Staging, counts) {
	t.Helper()
	st := mustStage(t, out)
	st.Track("prog", prev)
	return st, fillTracked(t, st, files)
}

// fillTracked carries or writes files into a tracked staging folder.
func fillTracked(t *testing.T, st *Staging, files site) counts {
	t.Helper()
	var n counts
	for _, p := range slices.Sorted(maps.Keys(files)) {
		f := files[p]
		if size, ok := st.Carry(p, key(f[0])); ok {
			if size != int64(len(f[1])) {
				t.Errorf("Carry(%s) size = %d, want %d", p, size, len(f[1]))
			}
			continue
		}
		if err := st.WriteKeyed(p, key(f[0]), []byte(f[1])); err != nil {
			t.Fatal(err)
		}
		n.written++
	}
	n.kept, n.linked = int(st.kept.Load()), int(st.linked.Load())
	return n
}

// buildTracked publishes files like a rebuild does and checks that the
// published site is exactly files.
func buildTracked(t *testing.T, out string, prev *Manifest, files site) (*Manifest, counts) {
	t.Helper()
	st, n := stageTracked(t, out, prev, files)
	defer st.Abort()
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, files.contents())
	return st.Manifest(), n
}

// spares returns the spare folders beside out (not files or links named
// like them).
func spares(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), leftoverPrefix(out, spareTag)) {
			names = append(names, e.Name())
		}
	}
	return names
}

// theSpare returns the path of the one spare beside out, which m names.
func theSpare(t *testing.T, out string, m *Manifest) string {
	t.Helper()
	names := spares(t, out)
	if len(names) != 1 {
		t.Fatalf("spares beside %s = %q, want one", out, names)
	}
	if m.Spare == nil || m.Spare.Dir != names[0] {
		t.Fatalf("manifest names spare %+v, want %s", m.Spare, names[0])
	}
	return filepath.Join(filepath.Dir(out), names[0])
}

// dropSpare removes the spare beside out that m names, as a person may:
// the next build then has none to adopt.
func dropSpare(t *testing.T, out string, m *Manifest) {
	t.Helper()
	if err := os.RemoveAll(theSpare(t, out, m)); err != nil {
		t.Fatal(err)
	}
}

// dirsOf returns every folder under dir, "." left out.
func dirsOf(t *testing.T, dir string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && p != dir {
			rel, _ := filepath.Rel(dir, p)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	fa, err := os.Lstat(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := os.Lstat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(fa, fb)
}

func touchLater(t *testing.T, name string) {
	t.Helper()
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(name, later, later); err != nil {
		t.Fatal(err)
	}
}

// TestSpareGenerations publishes six generations of a site whose pages
// change, disappear, come back, and turn from files into folders and back.
// After each commit the site is exactly that generation, the spare is
// exactly the generation before, files unchanged between the two are one
// file (hard links), and each file was kept from the spare, linked from
// the site or written as expected.
func TestSpareGenerations(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	gens := []struct {
		files site
		want  counts
		dirs  []string // the site's folders, and no others
	}{
		{ // 0: nothing to reuse; the spare made is generation 0 itself
			files: site{"index.html": {"i1", "index 1"}, "a/p1.html": {"p1", "p1"}, "a/p2.html": {"p2", "p2 v1"}, "b/q.html": {"q", "q"}, "gone.html": {"g", "gone"}},
			want:  counts{written: 5},
			dirs:  []string{"a", "b"},
		},
		{ // 1: index changes, gone.html goes, new.html comes
			files: site{"index.html": {"i2", "index 2"}, "a/p1.html": {"p1", "p1"}, "a/p2.html": {"p2", "p2 v1"}, "b/q.html": {"q", "q"}, "new.html": {"n", "new"}},
			want:  counts{kept: 3, written: 2},
			dirs:  []string{"a", "b"},
		},
		{ // 2: the spare is generation 0: gone.html comes back from it
			files: site{"index.html": {"i3", "index 3"}, "a/p1.html": {"p1", "p1"}, "a/p2.html": {"p2b", "p2 v2"}, "b/q.html": {"q", "q"}, "new.html": {"n", "new"}, "gone.html": {"g", "gone"}},
			want:  counts{kept: 3, linked: 1, written: 2}, // kept p1, q, gone; linked new
			dirs:  []string{"a", "b"},
		},
		{ // 3: spare 1; b/ becomes a file, a/p1.html a folder, new.html goes
			files: site{"index.html": {"i3", "index 3"}, "a/p2.html": {"p2b", "p2 v2"}, "gone.html": {"g", "gone"}, "b": {"bf", "b is a file"}, "a/p1.html/deep.html": {"d", "deep"}},
			want:  counts{linked: 3, written: 2},
			dirs:  []string{"a", "a/p1.html"},
		},
		{ // 4: spare 2, which has b/ and a/p1.html where this one has files and folders
			files: site{"index.html": {"i3", "index 3"}, "a/p2.html": {"p2b", "p2 v2"}, "gone.html": {"g", "gone"}, "b": {"bf", "b is a file"}, "a/p1.html/deep.html": {"d", "deep"}},
			want:  counts{kept: 3, linked: 2},
			dirs:  []string{"a", "a/p1.html"},
		},
		{ // 5: spare 3, same as this one but for one page; c/ is new
			files: site{"index.html": {"i4", "index 4"}, "a/p2.html": {"p2b", "p2 v2"}, "gone.html": {"g", "gone"}, "b": {"bf", "b is a file"}, "a/p1.html/deep.html": {"d", "deep"}, "c/x.html": {"x", "x"}},
			want:  counts{kept: 4, written: 2},
			dirs:  []string{"a", "a/p1.html", "c"},
		},
	}
	var prev *Manifest
	for i, g := range gens {
		m, got := buildTracked(t, out, prev, g.files)
		if got != g.want {
			t.Errorf("generation %d: %+v, want %+v", i, got, g.want)
		}
		if got := dirsOf(t, out); !slices.Equal(got, g.dirs) {
			t.Errorf("generation %d: folders %q, want %q", i, got, g.dirs)
		}
		spare := theSpare(t, out, m)
		if i == 0 {
			// Made of links to the site's own files.
			assertTree(t, spare, g.files.contents())
			for p := range g.files {
				if !sameFile(t, filepath.Join(out, p), filepath.Join(spare, p)) {
					t.Errorf("generation 0: %s of the spare is not the site's file", p)
				}
			}
			if !maps.Equal(m.Spare.Files, m.Files) {
				t.Errorf("generation 0: the spare's files are not the site's")
			}
		} else {
			assertTree(t, spare, gens[i-1].files.contents())
			if !maps.Equal(m.Spare.Files, prev.Files) {
				t.Errorf("generation %d: the spare's files are not the previous manifest's", i)
			}
			for p, f := range g.files {
				if pf, ok := gens[i-1].files[p]; ok && pf == f && !sameFile(t, filepath.Join(out, p), filepath.Join(spare, p)) {
					t.Errorf("generation %d: unchanged %s is not shared with the spare", i, p)
				}
			}
			assertEntries(t, root, "site", filepath.Base(spare))
		}
		if len(m.Files) != len(g.files) {
			t.Errorf("generation %d: manifest has %d files, want %d", i, len(m.Files), len(g.files))
		}
		prev = m
	}
}

// TestSpareIsolation: a file kept from the spare or linked from the site is
// the published file itself; writing that name again, by any of the ways
// to write, must make a new file and leave the published one's bytes.
func TestSpareIsolation(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	files := site{"a.html": {"a", "a"}, "b.html": {"b", "b"}, "assets/s.css": {"s", "css"}}
	m1, _ := buildTracked(t, out, nil, files)
	m2, _ := buildTracked(t, out, m1, files) // linked: the spare and the site share every file
	st, n := stageTracked(t, out, m2, files)
	defer st.Abort()
	if n != (counts{kept: 3}) {
		t.Fatalf("staged %+v, want all kept", n)
	}
	spareOf := func(p string) string { return filepath.Join(st.Dir(), filepath.FromSlash(p)) }
	if !sameFile(t, spareOf("a.html"), filepath.Join(out, "a.html")) {
		t.Fatal("the kept file is not the published one; the test checks nothing")
	}
	if err := st.WriteFile("a.html", []byte("A changed")); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteKeyed("b.html", key("b2"), []byte("B changed")); err != nil {
		t.Fatal(err)
	}
	if err := st.CopyFS("assets", os.DirFS(writeSrc(t, map[string]string{"s.css": "CSS changed"}))); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, files.contents())
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, map[string]string{"a.html": "A changed", "b.html": "B changed", "assets/s.css": "CSS changed"})
	assertTree(t, theSpare(t, out, st.Manifest()), files.contents())
	if _, ok := st.Manifest().Files["a.html"]; ok {
		t.Error("a.html, rewritten without a key, is still recorded with the key it was kept with")
	}
}

// TestLinkIsolation is TestSpareIsolation without a spare: the files
// linked from the published site into a new staging folder are the
// published files themselves, and writing such a name again must make a
// new file.
func TestLinkIsolation(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	files := site{"a.html": {"a", "a"}, "b.html": {"b", "b"}, "assets/s.css": {"s", "css"}}
	m1, _ := buildTracked(t, out, nil, files)
	dropSpare(t, out, m1)
	st, n := stageTracked(t, out, m1, files)
	defer st.Abort()
	if n != (counts{linked: 3}) {
		t.Fatalf("staged %+v, want all linked", n)
	}
	if !sameFile(t, filepath.Join(st.Dir(), "a.html"), filepath.Join(out, "a.html")) {
		t.Fatal("the linked file is not the published one; the test checks nothing")
	}
	if err := st.WriteFile("a.html", []byte("A changed")); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteKeyed("b.html", key("b2"), []byte("B changed")); err != nil {
		t.Fatal(err)
	}
	if err := st.CopyFS("assets", os.DirFS(writeSrc(t, map[string]string{"s.css": "CSS changed", "t.css": "new"}))); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, files.contents())
	if err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, map[string]string{"a.html": "A changed", "b.html": "B changed", "assets/s.css": "CSS changed", "assets/t.css": "new"})
}

func writeSrc(t *testing.T, files map[string]string) string {
	dir := t.TempDir()
	writeTree(t, dir, files)
	return dir
}

// twoGenerations publishes site a and then b, which differs from it in
// y.html, so that a is the spare; it returns the output folder, both
// sites, b's manifest and the spare's folder.
func twoGenerations(t *testing.T) (out string, a, b site, m2 *Manifest, spare string) {
	t.Helper()
	out = filepath.Join(t.TempDir(), "site")
	a = site{"x.html": {"x", "x"}, "y.html": {"y1", "y one"}, "z.html": {"z", "z"}}
	b = site{"x.html": {"x", "x"}, "y.html": {"y2", "y two"}, "z.html": {"z", "z"}}
	m1, _ := buildTracked(t, out, nil, a)
	m2, _ = buildTracked(t, out, m1, b)
	return out, a, b, m2, theSpare(t, out, m2)
}

// TestSpareHandEdits: a file edited by hand, in the site or in the spare,
// is never kept or linked again — also when LookAhead looked at the
// spare's files before Carry was asked for them.
func TestSpareHandEdits(t *testing.T) {
	for _, look := range []bool{false, true} {
		t.Run(fmt.Sprintf("LookAhead=%t", look), func(t *testing.T) {
			out, a, _, m2, spare := twoGenerations(t)

			// In the site: x.html is also the spare's file, so both change.
			if err := os.WriteFile(filepath.Join(out, "x.html"), []byte("X"), 0o644); err != nil {
				t.Fatal(err)
			}
			touchLater(t, filepath.Join(out, "x.html"))
			// In the spare: y.html of a, which the next build wants back.
			if err := os.WriteFile(filepath.Join(spare, "y.html"), []byte("Y ONE"), 0o644); err != nil {
				t.Fatal(err)
			}
			touchLater(t, filepath.Join(spare, "y.html"))
			// Replaced in the site by a new file, as editors save: the spare's
			// z.html is still as written, and may be kept.
			zTmp := filepath.Join(filepath.Dir(out), "z.tmp")
			if err := os.WriteFile(zTmp, []byte("Z"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(zTmp, filepath.Join(out, "z.html")); err != nil {
				t.Fatal(err)
			}

			st := mustStage(t, out)
			defer st.Abort()
			st.Track("prog", m2)
			if look {
				st.LookAhead()
				st.LookAhead() // a second call changes nothing
			}
			n := fillTracked(t, st, a)
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			assertTree(t, out, a.contents())
			if want := (counts{kept: 1, written: 2}); n != want {
				t.Errorf("after hand edits: %+v, want %+v", n, want)
			}
			// The spare is the edited site, as it was.
			assertTree(t, theSpare(t, out, st.Manifest()), map[string]string{"x.html": "X", "y.html": "y two", "z.html": "Z"})
		})
	}
}

// TestSpareDamaged: a spare that is gone, or is not a folder any more, is
// not used; the build links from the site instead, and never touches what
// a symbolic link points to.
func TestSpareDamaged(t *testing.T) {
	files := site{"a.html": {"a", "a"}, "d/b.html": {"b", "b"}}
	for _, damage := range []string{"deleted", "symlink", "file", "emptied"} {
		t.Run(damage, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "site")
			m1, _ := buildTracked(t, out, nil, files)
			m2, _ := buildTracked(t, out, m1, files)
			spare := theSpare(t, out, m2)
			elsewhere := filepath.Join(t.TempDir(), "elsewhere")
			decoy := map[string]string{"a.html": "decoy", "d/b.html": "decoy", "stray.html": "decoy"}
			writeTree(t, elsewhere, decoy)
			if err := os.RemoveAll(spare); err != nil {
				t.Fatal(err)
			}
			switch damage {
			case "symlink":
				if err := os.Symlink(elsewhere, spare); err != nil {
					t.Skip(err)
				}
			case "file":
				writeTree(t, root, map[string]string{filepath.Base(spare): "a file"})
			case "emptied":
				if err := os.Mkdir(spare, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			m3, n := buildTracked(t, out, m2, files)
			// Emptied, it is adopted but holds nothing to keep.
			if want := (counts{linked: 2}); n != want {
				t.Errorf("%+v, want %+v", n, want)
			}
			assertTree(t, elsewhere, decoy)
			newSpare := theSpare(t, out, m3)
			entries := []string{"site", filepath.Base(newSpare)}
			if damage == "symlink" || damage == "file" {
				entries = append(entries, filepath.Base(spare)) // never ours to remove
			}
			assertEntries(t, root, entries...)
		})
	}
}

// TestSpareStrays: whatever is in the spare besides its manifest's files
// (the PDF, files a person dropped there, symbolic links) is not
// published, and a link is removed, not followed.
func TestSpareStrays(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	files := site{"a.html": {"a", "a"}, "d/b.html": {"b", "b"}}
	m1, _ := buildTracked(t, out, nil, files)
	m2, _ := buildTracked(t, out, m1, files)
	spare := theSpare(t, out, m2)
	outside := filepath.Join(t.TempDir(), "outside")
	writeTree(t, outside, map[string]string{"x.html": "outside"})
	writeTree(t, spare, map[string]string{
		"briefing/2026-10.pdf": "%PDF",
		"stray.html":           "stray",
		"d/stray.txt":          "stray",
		"deep/er/stray.txt":    "stray",
	})
	if err := os.Symlink(outside, filepath.Join(spare, "e")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink(filepath.Join(outside, "x.html"), filepath.Join(spare, "link.html")); err != nil {
		t.Fatal(err)
	}

	// The next build writes through e/: it must make a folder, not follow
	// the link out of the staging folder.
	next := site{"a.html": {"a", "a"}, "d/b.html": {"b", "b"}, "e/x.html": {"ex", "inside"}}
	_, n := buildTracked(t, out, m2, next)
	if want := (counts{kept: 2, written: 1}); n != want {
		t.Errorf("%+v, want %+v", n, want)
	}
	if got, want := dirsOf(t, out), []string{"d", "e"}; !slices.Equal(got, want) {
		t.Errorf("folders of the site = %q, want %q", got, want)
	}
	assertTree(t, outside, map[string]string{"x.html": "outside"})
}

// TestSpareNotForOtherOut: a manifest naming a spare of another output
// folder, even one with the same name beside this one, is not adopted.
func TestSpareNotForOtherOut(t *testing.T) {
	files := site{"a.html": {"a", "a"}}
	outA := filepath.Join(t.TempDir(), "site")
	mA1, _ := buildTracked(t, outA, nil, files)
	mA2, _ := buildTracked(t, outA, mA1, files)
	spareA := theSpare(t, outA, mA2)

	rootB := t.TempDir()
	outB := filepath.Join(rootB, "site")
	buildTracked(t, outB, nil, site{"a.html": {"other", "b's a"}})
	// A copy of A's spare with its very name, holding a file whose key
	// and stat would match.
	copyB := filepath.Join(rootB, filepath.Base(spareA))
	if err := os.CopyFS(copyB, os.DirFS(spareA)); err != nil {
		t.Fatal(err)
	}
	ts := time.Unix(0, mA2.Spare.Files["a.html"].ModTime)
	if err := os.Chtimes(filepath.Join(copyB, "a.html"), ts, ts); err != nil {
		t.Fatal(err)
	}
	_, n := buildTracked(t, outB, mA2, files)
	if n.kept != 0 {
		t.Errorf("kept %d files from a spare of another output folder", n.kept)
	}
	// The copy is removed like any spare the build did not make.
	if names := spares(t, outB); len(names) != 1 || names[0] == filepath.Base(spareA) {
		t.Errorf("spares beside the second site: %q", names)
	}
}

// TestSpareUntracked: a build that does not track (no cache) or has no
// previous manifest leaves no spare, and removes the one there was.
// TestSpareAfterAbort: a build that fails after adopting the spare (its
// analysis fails, say) puts the spare back, whatever it wrote into it, and
// the next build keeps its files instead of linking every one again; a
// file the failed build wrote over is made again, not kept.
func TestSpareAfterAbort(t *testing.T) {
	out, a, b, m2, spare := twoGenerations(t)
	st := mustStage(t, out)
	st.Track("prog", m2)
	if err := st.WriteFile("y.html", []byte("half-made")); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("new.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := st.Abort(); err != nil {
		t.Fatal(err)
	}
	assertTree(t, out, b.contents()) // the site is untouched
	if got := spares(t, out); len(got) != 1 || got[0] != filepath.Base(spare) {
		t.Fatalf("spares after the abort: %v, want %s back", got, spare)
	}

	_, n := buildTracked(t, out, m2, a)
	if want := (counts{kept: 2, written: 1}); n != want {
		t.Errorf("after an aborted build: %+v, want %+v (the spare's x and z kept, y made again)", n, want)
	}
}

func TestSpareUntracked(t *testing.T) {
	files := site{"a.html": {"a", "a"}}
	for _, how := range []string{"untracked", "no previous manifest", "another program"} {
		t.Run(how, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "site")
			m1, _ := buildTracked(t, out, nil, files)
			m2, _ := buildTracked(t, out, m1, files)
			theSpare(t, out, m2)
			st := mustStage(t, out)
			defer st.Abort()
			switch how {
			case "no previous manifest":
				st.Track("prog", nil)
			case "another program":
				st.Track("another program", m2)
			}
			mustWrite(t, st, map[string]string{"a.html": "a"})
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			assertEntries(t, root, "site")
			if m := st.Manifest(); m != nil && m.Spare != nil {
				t.Errorf("manifest names spare %s", m.Spare.Dir)
			}
		})
	}
}

// TestSpareLeftovers: Stage keeps the newest spare only, and never puts a
// spare in place of a missing site.
func TestSpareLeftovers(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "site")
	names := []string{".site.spare-00000000000000aa", ".site.spare-00000000000000bb", ".site.spare-00000000000000cc"}
	for i, n := range names {
		writeTree(t, root, map[string]string{n + "/index.html": n})
		ts := time.Now().Add(time.Duration(i-10) * time.Minute)
		if err := os.Chtimes(filepath.Join(root, n), ts, ts); err != nil {
			t.Fatal(err)
		}
	}
	// Newest by time, whatever the name says.
	ts := time.Now()
	if err := os.Chtimes(filepath.Join(root, names[1]), ts, ts); err != nil {
		t.Fatal(err)
	}
	writeTree(t, root, map[string]string{".site.spare-0123": "not of the form", ".site.tmp-00000000000000dd/x": "tmp"})

	st := mustStage(t, out)
	defer st.Abort()
	assertEntries(t, root, names[1], ".site.spare-0123", filepath.Base(st.Dir()))
	if _, err := os.Lstat(out); err == nil {
		t.Error("a spare was put in place of the missing site")
	}
}

// TestSpareCrashes stops builds where a kill could: the published site is
// always whole, and the build after is exactly what it should be.
func TestSpareCrashes(t *testing.T) {
	g1 := site{"a.html": {"a1", "a one"}, "b.html": {"b", "b"}, "c/c.html": {"c", "c"}}
	g2 := site{"a.html": {"a2", "a two"}, "b.html": {"b", "b"}, "c/c.html": {"c", "c"}}
	g3 := site{"a.html": {"a3", "a three"}, "b.html": {"b", "b"}, "d.html": {"d", "d"}}
	g4 := g1 // back to the spare's files: nothing of g2 or g3 may survive

	// prune and swap do the first steps of Commit, as far as a kill lets
	// them: prune, set the old site aside, and put the new one in place.
	prune := func(t *testing.T, st *Staging) {
		if err := st.prune(); err != nil {
			t.Fatal(err)
		}
	}
	aside := func(t *testing.T, out string) {
		old, _ := reserveName(out, oldTag)
		if err := os.Rename(out, old); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		// crash runs after g1 and g2 were published (a spare of g1) and g3
		// was staged, and returns the manifest the next build reads.
		crash func(t *testing.T, out string, st *Staging, m2 *Manifest) *Manifest
		site  site   // published after the crash, once Stage repaired it
		next  counts // what the build of g4 then does
	}{
		{"mid build", func(t *testing.T, out string, st *Staging, m2 *Manifest) *Manifest {
			return m2
		}, g2, counts{linked: 2, written: 1}}, // the spare was the staging folder: lost
		{"while pruning", func(t *testing.T, out string, st *Staging, m2 *Manifest) *Manifest {
			prune(t, st)
			return m2
		}, g2, counts{linked: 2, written: 1}},
		{"between the renames", func(t *testing.T, out string, st *Staging, m2 *Manifest) *Manifest {
			prune(t, st)
			aside(t, out)
			return m2
		}, g2, counts{linked: 2, written: 1}},
		{"after the swap", func(t *testing.T, out string, st *Staging, m2 *Manifest) *Manifest {
			prune(t, st)
			aside(t, out)
			if err := os.Rename(st.Dir(), out); err != nil {
				t.Fatal(err)
			}
			return m2
		}, g3, counts{linked: 1, written: 2}}, // b.html from g3, which m2 still describes
		{"before saving the manifest", func(t *testing.T, out string, st *Staging, m2 *Manifest) *Manifest {
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			return m2 // names the spare g3 adopted, not the one it made
		}, g3, counts{linked: 1, written: 2}},
		{"after saving the manifest", func(t *testing.T, out string, st *Staging, m2 *Manifest) *Manifest {
			if err := st.Commit(); err != nil {
				t.Fatal(err)
			}
			return st.Manifest()
		}, g3, counts{kept: 2, written: 1}}, // the spare is g2: b and c/c kept
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "site")
			m1, _ := buildTracked(t, out, nil, g1)
			m2, _ := buildTracked(t, out, m1, g2)
			st, _ := stageTracked(t, out, m2, g3)
			// Saved and read back, as the next process would.
			name := filepath.Join(t.TempDir(), "m.json")
			if err := tt.crash(t, out, st, m2).Save(name); err != nil {
				t.Fatal(err)
			}
			m := ReadManifest(name, "prog")

			repair := mustStage(t, out)
			if err := repair.Abort(); err != nil {
				t.Fatal(err)
			}
			assertTree(t, out, tt.site.contents())

			if _, n := buildTracked(t, out, m, g4); n != tt.next {
				t.Errorf("the build after: %+v, want %+v", n, tt.next)
			}
			if n := len(spares(t, out)); n != 1 {
				t.Errorf("%d spares after the build after, want 1", n)
			}
			entries, _ := os.ReadDir(root)
			if len(entries) != 2 {
				t.Errorf("%d entries beside the site, want the site and its spare", len(entries))
			}
		})
	}
}

// TestManifestSpareSaveRead: the spare is saved as its difference from the
// site's files and read back whole.
func TestManifestSpareSaveRead(t *testing.T) {
	dir := t.TempDir()
	e := func(k string, size int64) Entry { return Entry{Key: k, Size: size, ModTime: 1} }
	m := &Manifest{
		Program: manifestFormat + "prog",
		Files:   map[string]Entry{"same.html": e("s", 1), "changed.html": e("c2", 2), "new.html": e("n", 3)},
		Spare: &Spare{Out: filepath.Join(dir, "site"), Dir: ".site.spare-0123456789abcdef",
			Files: map[string]Entry{"same.html": e("s", 1), "changed.html": e("c1", 2), "old.html": e("o", 4)}},
	}
	name := filepath.Join(dir, "m.json")
	if err := m.Save(name); err != nil {
		t.Fatal(err)
	}
	got := ReadManifest(name, "prog")
	if got == nil || got.Spare == nil {
		t.Fatalf("ReadManifest = %+v", got)
	}
	if !maps.Equal(got.Files, m.Files) || !maps.Equal(got.Spare.Files, m.Spare.Files) || got.Spare.Out != m.Spare.Out || got.Spare.Dir != m.Spare.Dir {
		t.Errorf("read back %+v / %+v, want %+v / %+v", got, got.Spare, m, m.Spare)
	}
	b, _ := os.ReadFile(name)
	if n := strings.Count(string(b), `"key":"s"`); n != 1 {
		t.Errorf("a file the site and its spare share is written %d times, want once:\n%s", n, b)
	}
	m.Spare = nil
	if err := m.Save(name); err != nil {
		t.Fatal(err)
	}
	if got := ReadManifest(name, "prog"); got == nil || got.Spare != nil {
		t.Errorf("without a spare, read back %+v", got)
	}
}
