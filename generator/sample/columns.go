package sample

import (
	"strconv"

	"tuijin/generator/ledger"
)

// projectColumns lays out 项目台账 in the unit's style: its column order,
// units (万元 or 亿元), grouped header, and the extra 备注 column of a flaw.
func projectColumns(w *writer, s *snapshot) []column[*projRow] {
	st := w.st
	inv := func(name, short string, get func(r *projRow) amount) column[*projRow] {
		c := column[*projRow]{head: w.head(name), inv: true,
			cell: func(r *projRow, _ int) string { return w.amount(get(r), true) },
			sum:  func(r *projRow) (wan, bool) { a := get(r); return a.v, a.ok },
		}
		switch {
		case st.yi:
			c.head = short + "（亿元）"
		case st.twoRow:
			c.head, c.group = short, "投资情况（万元）"
		}
		return c
	}
	dateCol := func(get func(r *projRow) when) column[*projRow] {
		c := column[*projRow]{cell: func(r *projRow, _ int) string { return w.date(get(r)) }}
		if st.twoRow {
			c.group = "时间节点"
		}
		return c
	}
	textCol := func(get func(r *projRow) string) column[*projRow] {
		return column[*projRow]{cell: func(r *projRow, _ int) string { return text(get(r)) }}
	}
	defs := map[string]column[*projRow]{
		ledger.ColCode:         textCol(func(r *projRow) string { return r.code }),
		ledger.ColName:         textCol(func(r *projRow) string { return r.name }),
		ledger.ColCategory:     textCol(func(r *projRow) string { return r.category }),
		ledger.ColIndustry:     textCol(func(r *projRow) string { return r.industry }),
		ledger.ColStage:        textCol(func(r *projRow) string { return r.stage }),
		ledger.ColBuilder:      textCol(func(r *projRow) string { return r.builder }),
		ledger.ColResponsible:  textCol(func(r *projRow) string { return r.resp }),
		ledger.ColLeader:       textCol(func(r *projRow) string { return r.leader }),
		ledger.ColYears:        textCol(func(r *projRow) string { return r.years }),
		ledger.ColTotal:        inv(ledger.ColTotal, "总投资", func(r *projRow) amount { return r.total }),
		ledger.ColDoneBefore:   inv(ledger.ColDoneBefore, "截至上年底累计完成投资", func(r *projRow) amount { return r.before }),
		ledger.ColPlanYear:     inv(ledger.ColPlanYear, "年度计划投资", func(r *projRow) amount { return r.plan }),
		ledger.ColDoneYear:     inv(ledger.ColDoneYear, "本年累计完成投资", func(r *projRow) amount { return r.ytd }),
		ledger.ColPlannedStart: dateCol(func(r *projRow) when { return r.pStart }),
		ledger.ColActualStart:  dateCol(func(r *projRow) when { return r.aStart }),
		ledger.ColPlannedEnd:   dateCol(func(r *projRow) when { return r.pEnd }),
		ledger.ColFundChannel:  textCol(func(r *projRow) string { return r.channel }),
		ledger.ColFundAsk: {cell: func(r *projRow, _ int) string { return w.amount(r.ask, false) },
			sum: func(r *projRow) (wan, bool) { return r.ask.v, r.ask.ok }},
		ledger.ColReserveDate: {cell: func(r *projRow, _ int) string { return w.date(r.resDate) }},
		ledger.ColProgress:    textCol(func(r *projRow) string { return r.progress }),
		ledger.ColProblems:    textCol(func(r *projRow) string { return r.problems }),
	}
	order := st.order
	if order == nil {
		order = projectOrder
	}
	var cols []column[*projRow]
	if st.serial {
		cols = append(cols, serialColumn[*projRow]())
	}
	for _, key := range order {
		c := defs[key]
		c.key = key
		if c.head == "" {
			c.head = w.head(key)
		}
		cols = append(cols, c)
	}
	if st.twoRow {
		// Line breaks inside header cells, as printed reports have them.
		for i := range cols {
			switch cols[i].key {
			case ledger.ColCategory:
				cols[i].head = "项目\n类别"
			case ledger.ColYears:
				cols[i].head = "建设起止\n年限"
			}
		}
	}
	if s.remarkCol {
		cols = append(cols, column[*projRow]{key: colRemark, head: "备注",
			cell: func(r *projRow, _ int) string { return text(r.remark) }})
	}
	return cols
}

func serialColumn[R any]() column[R] {
	return column[R]{key: colSerial, head: colSerial, cell: func(_ R, i int) string { return "#n:" + strconv.Itoa(i+1) }}
}

// simple builds the columns of the other sheets: the format's order, 序号
// first in the units that number their rows.
func simple[R any](w *writer, cols []column[R]) []column[R] {
	for i := range cols {
		if cols[i].head == "" {
			cols[i].head = w.head(cols[i].key)
		}
	}
	if w.st.serial {
		return append([]column[R]{serialColumn[R]()}, cols...)
	}
	return cols
}

func nodeColumns(w *writer) []column[*nodeRow] {
	return simple(w, []column[*nodeRow]{
		{key: ledger.ColCode, cell: func(r *nodeRow, _ int) string { return text(r.code) }},
		{key: ledger.ColNodeName, cell: func(r *nodeRow, _ int) string { return text(r.name) }},
		{key: ledger.ColNodePlanned, cell: func(r *nodeRow, _ int) string { return w.date(r.planned) }},
		{key: ledger.ColNodeDone, cell: func(r *nodeRow, _ int) string { return w.date(r.done) }},
		{key: ledger.ColResponsible, cell: func(r *nodeRow, _ int) string { return text(r.resp) }},
		{key: ledger.ColPerson, cell: func(r *nodeRow, _ int) string { return text(r.person) }},
		{key: ledger.ColNote, cell: func(r *nodeRow, _ int) string { return text(r.note) }},
	})
}

func fundColumns(w *writer) []column[*fundRow] {
	return simple(w, []column[*fundRow]{
		{key: ledger.ColCode, cell: func(r *fundRow, _ int) string { return text(r.code) }},
		{key: ledger.ColFundType, cell: func(r *fundRow, _ int) string { return text(r.typ) }},
		{key: ledger.ColBatch, cell: func(r *fundRow, _ int) string { return text(r.batch) }},
		{key: ledger.ColFundDate, cell: func(r *fundRow, _ int) string { return w.date(r.date) }},
		{key: ledger.ColAllocated, cell: func(r *fundRow, _ int) string { return w.amount(r.alloc, false) }},
		{key: ledger.ColReceived, cell: func(r *fundRow, _ int) string { return w.amount(r.recv, false) }},
		{key: ledger.ColSpent, cell: func(r *fundRow, _ int) string { return w.amount(r.spent, false) }},
	})
}

func issueColumns(w *writer) []column[*issueRow] {
	return simple(w, []column[*issueRow]{
		{key: ledger.ColCode, cell: func(r *issueRow, _ int) string { return text(r.code) }},
		{key: ledger.ColIssueType, cell: func(r *issueRow, _ int) string { return text(r.typ) }},
		{key: ledger.ColIssueDesc, cell: func(r *issueRow, _ int) string { return text(r.desc) }},
		{key: ledger.ColResponsible, cell: func(r *issueRow, _ int) string { return text(r.resp) }},
		{key: ledger.ColIssueRaised, cell: func(r *issueRow, _ int) string { return w.date(r.raised) }},
		{key: ledger.ColIssueDue, cell: func(r *issueRow, _ int) string { return w.date(r.due) }},
		{key: ledger.ColClosedDate, cell: func(r *issueRow, _ int) string { return w.date(r.closed) }},
	})
}

func docColumns(w *writer) []column[*docRow] {
	return simple(w, []column[*docRow]{
		{key: ledger.ColCode, cell: func(r *docRow, _ int) string { return text(r.code) }},
		{key: ledger.ColDocument, cell: func(r *docRow, _ int) string { return text(r.name) }},
		{key: ledger.ColDocState, cell: func(r *docRow, _ int) string { return text(r.state) }},
		{key: ledger.ColClosedDate, cell: func(r *docRow, _ int) string { return w.date(r.done) }},
		{key: ledger.ColDocNo, cell: func(r *docRow, _ int) string { return text(r.number) }},
	})
}
