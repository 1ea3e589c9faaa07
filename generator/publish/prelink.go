package publish

import (
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// prelink fills the new, empty staging folder with hard links to the
// published site's files that the previous manifest lists and that are
// still as written, and then treats the folder as an adopted spare whose
// manifest is the published site's: Carry keeps each file where it
// stands, a write replaces its name, and Commit prunes what this build
// neither kept nor wrote. Track calls it when the previous build left no
// spare (a site's second build, or a spare gone or refused).
//
// The links are the same ones Carry would make, one at a time, while the
// pages are keyed; made here they are made before, while the workbooks
// are read and analysed: a city's 20,000 links took 0.65–0.85 s of a
// rebuild's 1.4 s, almost all of it waiting on the file system, which
// serialises links into one folder, on the goroutine that keys the
// project pages — the longest of the render phase.
//
// When links cannot be made (a file system without them) the folder stays
// as it is, and the build goes on as without a spare. Called with s.mu
// held, before anything was written.
func (s *Staging) prelink() {
	c := s.carry
	fine := spareAsWrittenAll(s.out, c.prev.Files)
	if len(fine) == 0 {
		return
	}
	var entries []pathEntry
	for _, e := range c.prevSorted() {
		if fine[e.path] {
			entries = append(entries, e)
		}
	}
	dirs := map[string]bool{}
	linked := linkEvery(s.out, s.dir, entries, func(rel string) error {
		for d := rel; d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
		return s.mkdirs(filepath.Join(s.dir, filepath.FromSlash(rel)))
	})
	if len(linked) == 0 {
		// None could be made (a file system without links): the folders
		// made for them go again, empty, and the build goes on as without
		// a spare.
		for _, d := range slices.Backward(slices.Sorted(maps.Keys(dirs))) {
			name := filepath.Join(s.dir, filepath.FromSlash(d))
			s.dirs.Delete(name)
			_ = os.Remove(name)
		}
		return
	}
	s.adopted = make([]string, 0, len(dirs))
	for d := range dirs {
		s.adopted = append(s.adopted, d)
	}
	s.shared.Store(true)
	c.spare = linked
	c.written = map[string]bool{}
	c.looked = make(chan struct{})
	c.lookOnce.Do(func() {
		c.fine = fine
		close(c.looked)
	})
}

// linkEvery is linkAll; the tests replace it to have no link made.
var linkEvery = linkAll
