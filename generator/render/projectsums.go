package render

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"sync"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
)

// sumProjects fingerprints each project with everything it points to (its
// nodes, funds, issues and approvals), on workers goroutines. A project
// without a fingerprint is left out, and so are the keys of the pages that
// show it (projectSums).
//
// The fingerprints of a unit whose key is in units are kept in segs, as
// a part under that key (sumsKey): a rebuild takes every unchanged unit's
// fingerprints from there instead of walking its projects again, which was
// the largest part of keying the pages and parts of a city's month after
// one workbook changed (70–80 ms of a 0.8 s rebuild). The key holds
// everything the unit's projects are made from
// (generator.TestUnitKeysFollowTheirData), so the kept fingerprints are
// the ones the walk would give; the part also names each project's code,
// and one that does not name the unit's projects in order is not taken.
func sumProjects(ps []*analysis.Project, units map[string]fingerprint.Sum, segs *Segments, workers int) map[*analysis.Project]fingerprint.Sum {
	sums := make([]fingerprint.Sum, len(ps))
	ok := make([]bool, len(ps))
	// The projects of units whose fingerprints were not kept, in runs.
	type run struct {
		lo, hi int
		key    fingerprint.Sum // of the part to keep them under
		keep   bool
	}
	var todo []run
	lo := 0
	for _, unit := range unitRuns(ps) {
		hi := lo + len(unit)
		r := run{lo: lo, hi: hi}
		lo = hi
		if k, keyed := units[unit[0].Unit]; keyed && segs != nil {
			r.key, r.keep = sumsKey(k), true
			if b, found := segs.get(r.key); found && readSums(b, unit, sums[r.lo:r.hi]) {
				for i := r.lo; i < r.hi; i++ {
					ok[i] = true
				}
				continue
			}
		}
		todo = append(todo, r)
	}
	var left []int // the projects to walk
	for _, r := range todo {
		for i := r.lo; i < r.hi; i++ {
			left = append(left, i)
		}
	}
	var wg sync.WaitGroup
	chunk := max((len(left)+workers-1)/workers, 1)
	for lo := 0; lo < len(left); lo += chunk {
		part := left[lo:min(lo+chunk, len(left))]
		wg.Go(func() {
			for _, i := range part {
				sums[i], ok[i] = fingerprint.Value("project", ps[i])
			}
		})
	}
	wg.Wait()
	for _, r := range todo {
		if r.keep && !slices.Contains(ok[r.lo:r.hi], false) {
			segs.put(r.key, appendSums(nil, ps[r.lo:r.hi], sums[r.lo:r.hi]))
		}
	}
	m := make(map[*analysis.Project]fingerprint.Sum, len(ps))
	for i, p := range ps {
		if ok[i] {
			m[p] = sums[i]
		}
	}
	return m
}

// sumsKey is the key of the part holding the fingerprints of the projects
// of a unit whose key is unit.
func sumsKey(unit fingerprint.Sum) fingerprint.Sum {
	return sha256.Sum256(append([]byte("project fingerprints\x00"), unit[:]...))
}

// appendSums encodes the fingerprints of a unit's projects: for each, its
// code (its length first, a uvarint) and its fingerprint.
func appendSums(b []byte, ps []*analysis.Project, sums []fingerprint.Sum) []byte {
	for i, p := range ps {
		b = binary.AppendUvarint(b, uint64(len(p.Code)))
		b = append(b, p.Code...)
		b = append(b, sums[i][:]...)
	}
	return b
}

// readSums decodes what appendSums wrote into sums, if it names exactly
// the projects ps, in order.
func readSums(b []byte, ps []*analysis.Project, sums []fingerprint.Sum) bool {
	for i, p := range ps {
		n, k := binary.Uvarint(b)
		if k <= 0 || n != uint64(len(p.Code)) || uint64(len(b)-k) < n+uint64(len(fingerprint.Sum{})) {
			return false
		}
		b = b[k:]
		if string(b[:n]) != p.Code {
			return false
		}
		sums[i] = fingerprint.Sum(b[n : n+uint64(len(fingerprint.Sum{}))])
		b = b[n+uint64(len(fingerprint.Sum{})):]
	}
	return len(b) == 0
}
