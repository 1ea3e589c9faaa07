package render

import (
	"sync"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
)

// Segments keeps the parts of the biggest outputs that show one unit's
// projects — the rows of the project list, the CSV, the funds, issues and
// reserve lists, the nodes page, the lights lists and the centres'
// tables, and the search index's entries — under a key made from those
// projects' fingerprints, so that a rebuild copies the parts of the units
// that did not change instead of making them again; and, under a unit's
// key (Input.UnitKeys), the fingerprints of its projects themselves
// (sumProjects). For a city's month these outputs are 55 MB made from
// 20,000 projects on every build, whatever changed; a workbook changed
// changes one unit's part of each (docs/performance.md, items 56–62).
//
// A part is taken only under the key it was made under, and the key holds
// everything the part shows (see site.segments), so a part can be
// reused but never be stale. A Segments is safe for concurrent use.
type Segments struct {
	old  map[fingerprint.Sum][]byte
	keep func(key fingerprint.Sum, b []byte, made bool)

	mu           sync.Mutex
	kept         map[fingerprint.Sum]bool
	made, reused int
}

// NewSegments returns the parts made by an earlier build (old, nil for
// none), by key. Every part the rendering shows, reused or made, is handed
// to keep once, one call at a time, with whether this rendering made it
// (false: it is old's): what the next build's old should hold. keep may be
// nil. The rendering only reads old and what it hands to keep.
func NewSegments(old map[fingerprint.Sum][]byte, keep func(key fingerprint.Sum, b []byte, made bool)) *Segments {
	return &Segments{old: old, keep: keep, kept: map[fingerprint.Sum]bool{}}
}

// Counts tells how many parts the rendering made and how many it reused.
func (c *Segments) Counts() (made, reused int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made, c.reused
}

// Stale tells whether what the rendering kept differs from old: whether
// the parts kept for the next build should replace old ones.
func (c *Segments) Stale() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made > 0 || len(c.kept) != len(c.old)
}

func (c *Segments) get(key fingerprint.Sum) ([]byte, bool) {
	b, ok := c.old[key]
	if ok {
		c.hand(key, b, false)
	}
	return b, ok
}

func (c *Segments) put(key fingerprint.Sum, b []byte) { c.hand(key, b, true) }

func (c *Segments) hand(key fingerprint.Sum, b []byte, made bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if made {
		c.made++
	} else {
		c.reused++
	}
	if c.kept[key] {
		return
	}
	c.kept[key] = true
	if c.keep != nil {
		c.keep(key, b, made)
	}
}

// partsOf names an output made of parts: tag says which output, context
// what its rows show besides the projects (the page the links are
// relative to, the time progress …). The same value makes the parts
// (segments, mergedRows) and keeps them when the page that shows them is
// reused whole (keepSegments), so the two cannot name different parts.
type partsOf struct {
	tag     string
	context any
}

// segmentInputs is everything one unit's part of an output is made from:
// what the output is (tag), what else the rows show (context: the page
// the links are relative to, the time progress a completion rate is
// compared with), and the unit's projects (unitRun.sum).
type segmentInputs struct {
	Tag      string
	Context  any
	Projects fingerprint.Sum
}

// unitRun is one unit's projects, a run of the report's projects (sorted
// by unit), with the fingerprint of their fingerprints; keyed is false
// when a project has none, or nothing is reused or kept.
type unitRun struct {
	projects []*analysis.Project
	sum      fingerprint.Sum
	keyed    bool
}

// unitRuns cuts ps, sorted by unit as the report's projects are, into the
// runs of each unit.
func unitRuns(ps []*analysis.Project) [][]*analysis.Project {
	var runs [][]*analysis.Project
	for lo := 0; lo < len(ps); {
		hi := lo + 1
		for hi < len(ps) && ps[hi].Unit == ps[lo].Unit {
			hi++
		}
		runs = append(runs, ps[lo:hi:hi])
		lo = hi
	}
	return runs
}

// units returns the report's projects by unit, made once per rendering
// for every output made of parts and every list keyed by its inputs
// (keyWithParts).
func (s *site) units() []unitRun {
	s.runsOnce.Do(func() {
		for _, run := range unitRuns(s.rep.Projects) {
			u := unitRun{projects: run}
			if s.in.Segments != nil || s.in.Reuse != nil {
				if sums, ok := s.projectSums(run); ok {
					u.sum, u.keyed = fingerprint.Value("unit projects", sums)
				}
			}
			s.runs = append(s.runs, u)
		}
	})
	return s.runs
}

// segments makes output o's parts for the report's projects, a unit at a
// time, with mk (which appends the part for the projects it is given to
// b), taking each unit's part from Input.Segments when an earlier build
// made it from the same projects in the same context. mk must show
// nothing of a project but what its fingerprint holds, and nothing else
// but what o's context holds.
func (s *site) segments(o partsOf, mk func(b []byte, ps []*analysis.Project) ([]byte, error)) ([][]byte, error) {
	runs := s.units()
	out := make([][]byte, 0, len(runs))
	for _, run := range runs {
		key, keyed := s.segmentKey(o, run)
		if keyed {
			if b, ok := s.in.Segments.get(key); ok {
				out = append(out, emptyNil(b))
				continue
			}
		}
		b, err := mk(nil, run.projects)
		if err != nil {
			return nil, err
		}
		if keyed {
			s.in.Segments.put(key, b)
		}
		out = append(out, emptyNil(b))
	}
	return out, nil
}

// segmentKey is the key of one unit's part of an output; false when
// nothing is cached or a project has no fingerprint.
func (s *site) segmentKey(o partsOf, run unitRun) (fingerprint.Sum, bool) {
	if !run.keyed || s.in.Segments == nil {
		return fingerprint.Sum{}, false
	}
	return fingerprint.Value("segment", segmentInputs{o.tag, o.context, run.sum})
}

// keyWithParts keys page p, a list of every project of the month, by
// its inputs (keyByInputs, under tag): what inputs makes of the units'
// fingerprints of their projects (unitRun.sum, which hold the projects'
// in order: a hundred sums to walk rather than the month's 20,000). A
// page reused whole keeps the parts it is made of (keepSegments).
func (s *site) keyWithParts(p, tag string, inputs func(units []fingerprint.Sum) any, parts ...partsOf) (key *fingerprint.Sum, reused bool, err error) {
	if s.in.Reuse == nil {
		return nil, false, nil
	}
	runs := s.units()
	units := make([]fingerprint.Sum, len(runs))
	for i, run := range runs {
		if !run.keyed {
			return nil, false, nil
		}
		units[i] = run.sum
	}
	key, reused, err = s.keyByInputs(p, tag, inputs(units), true)
	if reused {
		s.keepSegments(parts...)
	}
	return key, reused, err
}

// keepSegments keeps the parts of outputs that a page reused whole would
// have been made of, for the builds after this one: they have not changed
// either.
func (s *site) keepSegments(outputs ...partsOf) {
	for _, o := range outputs {
		for _, run := range s.units() {
			if key, keyed := s.segmentKey(o, run); keyed {
				s.in.Segments.get(key)
			}
		}
	}
}

// emptyNil makes every empty part nil, whether made or read back: a page
// whose data holds its parts is keyed by that data, where an empty slice
// and a nil one differ, and a page made of the same parts must keep its
// key.
func emptyNil(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}
