package ledger

import (
	"slices"
	"tuijin/generator/xlsx"
)

// headerScan is how many rows from the top are searched for the header.
// Title blocks are a few rows; sixty leaves room for long ones.
const headerScan = 60

// header is what the header rows of a sheet say.
type header struct {
	first, last int            // row numbers of the header (equal for a one-row header)
	cols        map[string]int // column key → 0-based column index
	scale       map[int]int64  // 0-based column index → 万元 per unit, for amount columns
	names       map[int]string // 0-based column index → header text as written (unknown columns too)
	nameRow     map[int]int    // 0-based column index → row holding its name
	unknown     []int          // columns whose header names no column of the format
	dups        []dupColumn
	missing     []string // required keys not found

	repeat []namedCol // the names a repeated header row would show; made by repeatNames
}

// namedCol is a column's header name, folded as squeeze folds cells.
type namedCol struct {
	col  int
	name string
}

// repeatNames lists, once per header, the names of the columns named in
// its first or last row, in column order, folded: every row below the
// header is compared with them.
func (h *header) repeatNames() []namedCol {
	if h.repeat == nil {
		h.repeat = []namedCol{}
		for c, name := range h.names {
			if h.nameRow[c] == h.last || h.nameRow[c] == h.first {
				h.repeat = append(h.repeat, namedCol{c, squeeze(name)})
			}
		}
		slices.SortFunc(h.repeat, func(a, b namedCol) int { return a.col - b.col })
	}
	return h.repeat
}

type dupColumn struct {
	key        string
	first, col int // 0-based
}

// grid gives the text of cells of the buffered top rows, with merged ranges.
type grid struct {
	rows   map[int][]string
	merges []xlsx.Range
}

func (g *grid) raw(row, col int) string { // col 0-based
	cells := g.rows[row]
	if col < len(cells) {
		return cells[col]
	}
	return ""
}

// merge returns the merged range covering (row, col), if any.
func (g *grid) merge(row, col int) (xlsx.Range, bool) {
	c := col + 1
	for _, m := range g.merges {
		if row >= m.Top && row <= m.Bottom && c >= m.Left && c <= m.Right {
			return m, true
		}
	}
	return xlsx.Range{}, false
}

// own is the cell's text unless it is hidden under a merge started elsewhere.
func (g *grid) own(row, col int) string {
	if m, ok := g.merge(row, col); ok && (m.Top != row || m.Left != col+1) {
		return ""
	}
	return g.raw(row, col)
}

// filled is the text a reader sees in the cell: the merge's top-left text
// when the cell is covered by a merge.
func (g *grid) filled(row, col int) string {
	if m, ok := g.merge(row, col); ok {
		return g.raw(m.Top, m.Left-1)
	}
	return g.raw(row, col)
}

func (g *grid) width(rows ...int) int {
	w := 0
	for _, r := range rows {
		w = max(w, len(g.rows[r]))
	}
	for _, m := range g.merges {
		w = max(w, m.Right)
	}
	return w
}

// findHeader looks for the header among the buffered top rows: the first row
// (or pair of rows) whose names include every required column of the sheet.
// A second header row is recognised when it names columns of the format under
// a group label (or under nothing) of the row above. When no row qualifies,
// the row naming the most columns is returned with the missing keys listed;
// nil means no row looks like a header at all.
func findHeader(spec *sheetSpec, order []int, g *grid) *header {
	var best *header
	bestKnown := 1 // a header attempt names at least two columns
	for i, r := range order {
		next := 0
		if i+1 < len(order) && order[i+1] == r+1 {
			next = r + 1
		}
		h := buildHeader(spec, g, r, next)
		if len(h.missing) == 0 {
			return h
		}
		if n := len(h.cols); n > bestKnown {
			best, bestKnown = h, n
		}
	}
	return best
}

func buildHeader(spec *sheetSpec, g *grid, r, next int) *header {
	single := namesOf(spec, g, r, 0)
	if next != 0 {
		if two := namesOf(spec, g, r, next); two.lowerKnown > 0 && len(two.cols) > len(single.cols) {
			return two.finish(spec)
		}
	}
	return single.finish(spec)
}

type headerDraft struct {
	header
	lowerKnown int
}

// namesOf names each column from row r alone (lower == 0) or from the pair
// r, lower.
func namesOf(spec *sheetSpec, g *grid, r, lower int) *headerDraft {
	d := &headerDraft{header: header{
		first: r, last: r,
		cols: map[string]int{}, scale: map[int]int64{}, names: map[int]string{}, nameRow: map[int]int{},
	}}
	width := g.width(r)
	if lower != 0 {
		d.last = lower
		width = g.width(r, lower)
	}
	carry := "" // an unmerged group label covers the columns to its right until the next label
	for c := 0; c < width; c++ {
		name, row, group := g.own(r, c), r, ""
		if lower != 0 {
			covered := false
			if m, ok := g.merge(lower, c); ok && m.Top < lower {
				covered = true // merged down from the upper row: a one-row name
			}
			if lo := g.own(lower, c); !covered && !isBlank(lo) {
				name, row, group = lo, lower, g.filled(r, c)
				if _, merged := g.merge(r, c); merged || !isBlank(group) {
					carry = group
				} else {
					group = carry
				}
			} else {
				carry = ""
			}
		}
		if isBlank(name) {
			continue
		}
		key, scale := headerKey(name)
		if col := spec.column(key); col == nil || col.kind != kAmount {
			carry = "" // a group of amounts ends at the first column that is not one
		}
		if scale == 0 && group != "" {
			scale = groupScale(group)
		}
		if scale == 0 {
			scale = 1
		}
		d.names[c], d.nameRow[c] = cleanText(name), row
		if key == squeeze(ColSerial) {
			continue
		}
		col := spec.column(key)
		if col == nil {
			d.unknown = append(d.unknown, c)
			continue
		}
		if prev, dup := d.cols[key]; dup {
			d.dups = append(d.dups, dupColumn{key: key, first: prev, col: c})
			continue
		}
		d.cols[key] = c
		if col.kind == kAmount {
			d.scale[c] = scale
		}
		if row == lower && lower != 0 {
			d.lowerKnown++
		}
	}
	return d
}

func (d *headerDraft) finish(spec *sheetSpec) *header {
	for _, k := range spec.requiredKeys() {
		if _, ok := d.cols[k]; !ok {
			d.missing = append(d.missing, k)
		}
	}
	return &d.header
}
