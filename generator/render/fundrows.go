package render

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"tuijin/generator/analysis"
)

// The funds page lists every allocation of the month (15,000 for a city),
// a table per fund type, in the report's order: by type, date, then
// project code, allocations of one project in ledger order. Unlike the project
// list, that order mixes the units, so each unit's part (see Segments) is
// its rows with the keys they are ordered by, and the tables are merged
// from the parts. Two rows of different units never compare equal (their
// projects, hence their codes, differ), so the merge gives the report's
// order exactly.

// allocRow is one allocation's row, from a unit's part.
type allocRow struct {
	typ   []byte
	order int // analysis.FundTypeOrder
	date  int64
	code  []byte
	html  []byte
}

// fundsHead is the heading of every fund type's table.
func fundsHead() []head {
	return nums(heads("项目", "单位", "批次", "下达日期", "下达（万元）", "到位（万元）", "已支出（万元）", "支出率"), 4, 5, 6, 7)
}

// fundTables returns the rows of each fund type's table, in order.
func (s *site) fundTables() (map[string][][]byte, error) {
	// The allocations of each unit's projects, in the report's order: one
	// pass over all of them, not one per unit, and none when every unit's
	// part is reused.
	var byUnit map[string][]*analysis.Fund
	var loose []*analysis.Fund // of no project: in no unit's part
	group := func() {
		byUnit = map[string][]*analysis.Fund{}
		for _, f := range s.rep.Funds {
			if f.Project != nil {
				byUnit[f.Project.Unit] = append(byUnit[f.Project.Unit], f)
			}
		}
	}
	for _, f := range s.rep.Funds {
		if f.Project == nil {
			loose = append(loose, f)
		}
	}
	parts, err := s.segments("fund rows", nil, func(b []byte, ps []*analysis.Project) ([]byte, error) {
		if byUnit == nil {
			group()
		}
		return appendFundRows(b, byUnit[ps[0].Unit])
	})
	if err != nil {
		return nil, err
	}
	if len(loose) > 0 {
		b, err := appendFundRows(nil, loose)
		if err != nil {
			return nil, err
		}
		parts = append(parts, b)
	}
	runs := make([][]allocRow, 0, len(parts))
	for _, part := range parts {
		rows, err := readFundRows(nil, part)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			runs = append(runs, rows)
		}
	}
	// A handful of types: found by a look at each, without a string
	// made for each row.
	var types [][]byte
	var rows [][][]byte
	mergeRuns(runs, func(r allocRow) {
		i := slices.IndexFunc(types, func(t []byte) bool { return bytes.Equal(t, r.typ) })
		if i < 0 {
			i = len(types)
			types, rows = append(types, r.typ), append(rows, nil)
		}
		rows[i] = append(rows[i], r.html)
	})
	out := make(map[string][][]byte, len(types))
	for i, t := range types {
		out[string(t)] = rows[i]
	}
	return out, nil
}

// mergeRuns calls f for each row of runs, each in the report's order
// already, in the report's order: by type (analysis.FundTypeOrder), date
// and code. Rows of two runs never compare equal, and those of one
// run keep their order: the report's order is rebuilt with a heap of the
// runs, without sorting the rows again.
func mergeRuns(runs [][]allocRow, f func(allocRow)) {
	less := func(a, b []allocRow) bool {
		x, y := &a[0], &b[0]
		return cmp.Or(cmp.Compare(x.order, y.order), cmp.Compare(x.date, y.date), bytes.Compare(x.code, y.code)) < 0
	}
	h := runs
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && less(h[r], h[l]) {
				l = r
			}
			if !less(h[l], h[i]) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for len(h) > 0 {
		f(h[0][0])
		if h[0] = h[0][1:]; len(h[0]) == 0 {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		down(0)
	}
}

// appendFundRows appends the rows of funds fs, each after its keys: its
// type, date and project code.
func appendFundRows(b []byte, fs []*analysis.Fund) ([]byte, error) {
	t := table{Head: fundsHead(), Rows: make([][]cell, 1)}
	var buf [8]cell
	for _, f := range fs {
		name := f.Code
		if f.Project != nil {
			name = f.Project.Name
		}
		t.Rows[0] = append(buf[:0], cell{Text: name, Href: projectPath(f.Code)}, cell{Text: f.Unit}, cell{Text: orDash(f.Batch)}, dateCell(f.Date),
			num(wan(f.Allocated), f.Allocated.Wan()), num(wan(f.Received), f.Received.Wan()), num(wan(f.Spent), f.Spent.Wan()), cell{Text: pct(f.SpendRate)})
		b = appendString(b, f.Type)
		b = binary.AppendVarint(b, f.Date.First().Unix())
		b = appendString(b, f.Code)
		mark := len(b)
		b = append(b, 0, 0, 0, 0) // the row's length, once written
		var err error
		if b, err = t.appendRows(b); err != nil {
			return nil, err
		}
		binary.LittleEndian.PutUint32(b[mark:], uint32(len(b)-mark-4))
	}
	return b, nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// readFundRows appends the rows of a part written by appendFundRows.
func readFundRows(rows []allocRow, b []byte) ([]allocRow, error) {
	bad := fmt.Errorf("render: a part of the funds page is damaged")
	str := func() ([]byte, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, false
		}
		s := b[k : k+int(n) : k+int(n)]
		b = b[k+int(n):]
		return s, true
	}
	var lastType []byte
	lastOrder := 0
	for len(b) > 0 {
		var r allocRow
		var ok bool
		if r.typ, ok = str(); !ok {
			return nil, bad
		}
		if !bytes.Equal(r.typ, lastType) { // a part's rows are grouped by type
			lastType, lastOrder = r.typ, analysis.FundTypeOrder(string(r.typ))
		}
		r.order = lastOrder
		d, k := binary.Varint(b)
		if k <= 0 {
			return nil, bad
		}
		r.date, b = d, b[k:]
		if r.code, ok = str(); !ok || len(b) < 4 {
			return nil, bad
		}
		n := binary.LittleEndian.Uint32(b)
		if uint64(n) > uint64(len(b)-4) {
			return nil, bad
		}
		r.html, b = b[4:4+n:4+n], b[4+n:]
		rows = append(rows, r)
	}
	return rows, nil
}
