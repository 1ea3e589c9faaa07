package load

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"

	"tuijin/generator/fingerprint"
	"tuijin/generator/ledger"
	"tuijin/generator/par"
)

// unitKeys fingerprints, for each unit, the workbooks its share of the
// period is made from, by their cache keys: a rebuild after one unit's
// workbook changed then knows, without looking at their records, that
// every other unit's projects come out of the checks and the analysis as
// they did before (render keys their pages and parts by it).
//
// A unit's projects are made from more than its own workbook. The format
// lets any workbook's node, fund, issue or approval row name a project of
// another unit; a project code in two workbooks rejects both project rows
// (ledger.Check), and with them every row naming the code. So a unit's
// share is made from each workbook with a row of any kind — accepted or
// rejected, since a row's fate can change with no change to its own
// workbook — whose code is the code of one of the unit's project rows,
// and from the unit's own workbooks. A workbook that changes which codes
// its rows name changes its own key, and whether it is among a unit's
// workbooks. What else the analysis reads (the months before, the light
// thresholds) is the caller's to add.
//
// A unit with a workbook the cache could not take has no key.
func unitKeys(ctx context.Context, files []*ledger.File, keys []string) (map[string]fingerprint.Sum, error) {
	if len(keys) != len(files) {
		return nil, nil
	}
	// code → the unit with a project row of it; a code of several units'
	// rows (which rejects them all) has them in shared instead.
	n := 0
	for _, f := range files {
		n += len(f.Projects.Recs)
	}
	owner := make(map[string]string, n)
	shared := map[string][]string{}
	for _, f := range files {
		for i := range f.Projects.Recs {
			c := f.Projects.Recs[i].Code
			if c == "" {
				continue
			}
			if u, seen := owner[c]; !seen {
				owner[c] = f.Unit
			} else if u != f.Unit && !slices.Contains(shared[c], f.Unit) {
				if shared[c] == nil {
					shared[c] = []string{u}
				}
				shared[c] = append(shared[c], f.Unit)
			}
		}
	}
	named := make([][]string, len(files)) // the units each file names a project of
	err := par.Each(ctx, len(files), 0, func(i int) {
		f := files[i]
		units := []string{f.Unit}
		last := f.Unit // most rows name a project of the unit the row before did
		name := func(code string) {
			if us := shared[code]; us != nil {
				for _, u := range us {
					if !slices.Contains(units, u) {
						units = append(units, u)
					}
				}
				return
			}
			u, ok := owner[code]
			if !ok || u == last {
				return
			}
			last = u
			if !slices.Contains(units, u) {
				units = append(units, u)
			}
		}
		for j := range f.Projects.Recs {
			name(f.Projects.Recs[j].Code)
		}
		for j := range f.Milestones.Recs {
			name(f.Milestones.Recs[j].Code)
		}
		for j := range f.Funds.Recs {
			name(f.Funds.Recs[j].Code)
		}
		for j := range f.Issues.Recs {
			name(f.Issues.Recs[j].Code)
		}
		for j := range f.Approvals.Recs {
			name(f.Approvals.Recs[j].Code)
		}
		named[i] = units
	})
	if err != nil {
		return nil, err
	}
	from := map[string][]int{} // unit → its files, in the folder's order
	for i, units := range named {
		for _, u := range units {
			from[u] = append(from[u], i)
		}
	}
	out := make(map[string]fingerprint.Sum, len(from))
	for u, idx := range from {
		h := sha256.New()
		fmt.Fprintf(h, "tuijin-unit-share-1\x00%q\x00", u)
		keyed := true
		for _, i := range idx {
			if keys[i] == "" {
				keyed = false
				break
			}
			fmt.Fprintf(h, "%q\x00%s\x00", files[i].Name, keys[i])
		}
		if keyed {
			var s fingerprint.Sum
			h.Sum(s[:0])
			out[u] = s
		}
	}
	return out, nil
}
