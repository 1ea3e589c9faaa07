package render

import "tuijin/generator/analysis"

// The funds page lists every allocation of the month (15,000 for a city),
// a table per fund type, in the report's order: by type, date, then
// project code, allocations of one project in ledger order. That order
// mixes the units: the tables are merged from the units' keyed rows (see
// keyedrows.go).

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
	parts, err := s.segments(partsOf{"fund rows", nil}, func(b []byte, ps []*analysis.Project) ([]byte, error) {
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
	return mergeParts(parts)
}

// appendFundRows appends the rows of funds fs, each with its key: the
// order of its type, its date and its project's code.
func appendFundRows(b []byte, fs []*analysis.Fund) ([]byte, error) {
	t := table{Head: fundsHead(), Rows: make([][]cell, 1)}
	row := func(b []byte) ([]byte, error) { return t.appendRow(b, 0) } // one closure for every fund
	var buf [8]cell
	var key orderKey
	for _, f := range fs {
		name := f.Code
		if f.Project != nil {
			name = f.Project.Name
		}
		t.Rows[0] = append(buf[:0], cell{Text: name, Href: projectPath(f.Code)}, cell{Text: f.Unit}, cell{Text: orDash(f.Batch)}, dateCell(f.Date),
			num(wan(f.Allocated), f.Allocated.Wan()), num(wan(f.Received), f.Received.Wan()), num(wan(f.Spent), f.Spent.Wan()), cell{Text: pct(f.SpendRate)})
		key = key[:0].int(int64(analysis.FundTypeOrder(f.Type))).int(f.Date.First().Unix()).str(f.Code)
		var err error
		if b, err = appendKeyedRow(b, key, f.Type, row); err != nil {
			return nil, err
		}
	}
	return b, nil
}
