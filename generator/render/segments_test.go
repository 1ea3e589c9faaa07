package render

import (
	"bytes"
	"sync"
	"testing"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
)

// renderWithParts renders in as a build with a cache does, reusing the
// parts in old, and returns the site's files and the parts it kept for
// the next build.
func renderWithParts(t *testing.T, in Input, old map[fingerprint.Sum][]byte) (files map[string][]byte, kept map[fingerprint.Sum][]byte, segs *Segments) {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	kept = map[fingerprint.Sum][]byte{}
	segs = NewSegments(old, func(k fingerprint.Sum, b []byte) {
		if _, dup := kept[k]; dup {
			t.Errorf("part %x kept twice", k[:4])
		}
		kept[k] = b
	})
	in.Reuse = func(string, fingerprint.Sum) bool { return false }
	in.Segments = segs
	var mu sync.Mutex
	files = map[string][]byte{}
	err = r.RenderTo(in, func(f File) error {
		mu.Lock()
		defer mu.Unlock()
		files[f.Path] = f.Data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, kept, segs
}

// renderFresh renders in without a cache.
func renderFresh(t *testing.T, in Input) map[string][]byte {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	fs, err := r.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range fs {
		out[f.Path] = f.Data
	}
	return out
}

// A rebuild copies each unit's part of the project list, the CSV and the
// search index from the build before when the part's key is unchanged, so
// the key must change whenever the part would: whatever changes, a site
// made with the previous build's parts must be the site made afresh. Each
// change below alters something those parts show; each must make some
// part again (or it tests nothing) and reuse the rest.
func TestSegmentsFollowTheirData(t *testing.T) {
	_, base, _ := renderWithParts(t, fixtureInput(t), nil)
	if len(base) < 6 {
		t.Fatalf("the fixture made %d parts; the test needs two units' parts of each output", len(base))
	}
	first := func(in *Input) *analysis.Project { return in.Report.Projects[0] }
	changes := []struct {
		name  string
		apply func(in *Input)
		made  int // parts made again: one per output for one unit's change
	}{
		{"nothing", func(in *Input) {}, 0},
		{"a project's name", func(in *Input) { first(in).Name += "（二期）" }, 3},
		{"a project's builder (search and CSV only)", func(in *Input) { first(in).Builder += "有限公司" }, 3},
		{"a project's year-to-date investment", func(in *Input) { first(in).DoneYear += 10_000 }, 3},
		{"a project's light", func(in *Input) {
			if p := first(in); p.Light == analysis.Red {
				p.Light = analysis.Yellow
			} else {
				p.Light = analysis.Red
			}
		}, 3},
		{"a project's node (its fingerprint holds it)", func(in *Input) { first(in).Nodes[0].Name += "（调整）" }, 3},
		{"the time progress (project list only)", func(in *Input) { in.Report.Summary.TimeProgress += 5 }, -1},
		{"hostile text in a name", func(in *Input) { first(in).Name = `</script><script>alert(1)</script>=1+1` }, 3},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			in := fixtureInput(t)
			c.apply(&in)
			got, kept, segs := renderWithParts(t, in, base)
			want := renderFresh(t, in)
			for p, w := range want {
				if !bytes.Equal(got[p], w) {
					t.Errorf("%s differs from the page made afresh", p)
				}
			}
			made, reused := segs.Counts()
			if reused == 0 {
				t.Errorf("reused no part; the test no longer tests reuse")
			}
			switch {
			case c.made >= 0 && made != c.made:
				t.Errorf("made %d parts again, want %d", made, c.made)
			case c.made < 0 && made == 0:
				t.Errorf("made no part again")
			}
			if len(kept) != len(base) {
				t.Errorf("kept %d parts for the next build, want %d (one per unit and output)", len(kept), len(base))
			}
			if stale := segs.Stale(); stale != (made > 0) {
				t.Errorf("Stale() = %v after making %d parts", stale, made)
			}
		})
	}
}

// The page-wide key of the project list lets a rebuild reuse the page
// without making it; the parts it would have been made of must still be
// kept, or the next build that changes one unit would make them all.
func TestSegmentsKeptWhenPageReused(t *testing.T) {
	in := fixtureInput(t)
	_, base, _ := renderWithParts(t, in, nil)
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	in = fixtureInput(t)
	in.Reuse = func(p string, _ fingerprint.Sum) bool { return p == "projects.html" }
	in.Segments = NewSegments(base, func(fingerprint.Sum, []byte) { kept++ })
	if err := r.RenderTo(in, func(File) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if kept != len(base) || in.Segments.Stale() {
		t.Errorf("with the project list reused: kept %d of %d parts (stale %v), want all, not stale", kept, len(base), in.Segments.Stale())
	}
}
