package render

import (
	"maps"
	"testing"

	"tuijin/generator/fingerprint"
)

// A unit's projects' fingerprints are kept under its key and taken back
// from there, equal to what walking the projects gives; a kept part that
// does not name the unit's projects, in order, is not taken, and a unit
// without a key is walked.
func TestProjectSumsKeptByUnit(t *testing.T) {
	rep := fixtureInput(t).Report
	walked := sumProjects(rep.Projects, nil, nil, 2)
	if len(walked) != len(rep.Projects) {
		t.Fatalf("walked %d of %d projects", len(walked), len(rep.Projects))
	}
	units := map[string]fingerprint.Sum{}
	for _, p := range rep.Projects {
		units[p.Unit] = fingerprint.Bytes([]byte("the key of " + p.Unit))
	}
	if len(units) < 2 {
		t.Fatalf("the fixture has %d units, want several", len(units))
	}

	kept := map[fingerprint.Sum][]byte{}
	segs := NewSegments(nil, func(k fingerprint.Sum, b []byte, _ bool) { kept[k] = b })
	if got := sumProjects(rep.Projects, units, segs, 2); !maps.Equal(got, walked) {
		t.Error("the fingerprints made beside keeping them differ from the walk's")
	}
	if made, _ := segs.Counts(); made != len(units) || len(kept) != len(units) {
		t.Fatalf("kept %d parts (%d made), want one a unit (%d)", len(kept), made, len(units))
	}

	segs = NewSegments(kept, nil)
	if got := sumProjects(rep.Projects, units, segs, 2); !maps.Equal(got, walked) {
		t.Error("the fingerprints taken back differ from the walk's")
	}
	if made, reused := segs.Counts(); made != 0 || reused != len(units) {
		t.Errorf("taking them back made %d parts and reused %d, want every unit's reused", made, reused)
	}

	// A part naming other projects than the unit's (as one left under a
	// key that, wrongly, stayed would), more of them or fewer, or cut
	// short: the unit is walked again.
	first := rep.Projects[0].Unit
	var other string
	for u := range units {
		if u != first {
			other = u
		}
	}
	key := sumsKey(units[first])
	part := kept[key]
	renamed := append([]byte(nil), part...)
	renamed[1] ^= 1 // the first code's first byte, after its length
	for name, b := range map[string][]byte{
		"a renamed project's": renamed,
		"another unit's":      kept[sumsKey(units[other])],
		"one project more":    append(append([]byte(nil), part...), kept[sumsKey(units[other])]...),
		"cut short":           part[:len(part)-1],
		"empty":               nil,
	} {
		damaged := maps.Clone(kept)
		damaged[key] = b
		segs = NewSegments(damaged, nil)
		if got := sumProjects(rep.Projects, units, segs, 2); !maps.Equal(got, walked) {
			t.Errorf("with %s part: the fingerprints differ from the walk's", name)
		}
		if made, _ := segs.Counts(); made != 1 {
			t.Errorf("with %s part: made %d parts, want the unit's again", name, made)
		}
	}
	delete(units, first)
	segs = NewSegments(kept, nil)
	if got := sumProjects(rep.Projects, units, segs, 2); !maps.Equal(got, walked) {
		t.Error("with a unit without a key: the fingerprints differ from the walk's")
	}
	if made, reused := segs.Counts(); made != 0 || reused != len(units) {
		t.Errorf("with a unit without a key: made %d parts and reused %d, want the others' reused", made, reused)
	}
}
