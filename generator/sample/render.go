package sample

import (
	"fmt"
	"strconv"
	"strings"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
)

// style is how a unit lays out its workbook. Every form here is one the
// ledger format tolerates; each unit has its habits, as real units do.
type style struct {
	cover       bool   // has the 填报信息 sheet
	coverMonth  string // how 填报月份 is written: "iso", "cn" or "date"
	wps         bool   // saved by WPS Office
	title       bool   // title rows above every table
	twoRow      bool   // 项目台账 has a two-row header with group labels
	serial      bool   // 序号 column
	total       bool   // 合计 row with SUM formulas above the data
	categories  bool   // rows such as 一、续建项目 grouping 项目台账 by stage
	notes       bool   // notes block (填报说明/填表人) below 项目台账
	textAmounts bool   // amounts typed as text with thousands separators
	yi          bool   // investment columns in 亿元
	textDates   bool   // dates typed as text: 2026年3月, 2026.3.15
	dateFmt     string // number format of real dates; "" is Excel's default
	numFmt      string // number format of amounts; "" is General
	blank       string // what an empty optional amount holds ("" or "—")
	noProblem   string // 存在问题 when there is none ("" or "无")
	halfParens  bool   // headers written with ASCII parentheses: 总投资(万元)
	order       []string
	years       func(from, to int) string
}

func yearsDash(sep string) func(int, int) string {
	return func(from, to int) string {
		if from == to {
			return strconv.Itoa(from)
		}
		return fmt.Sprintf("%d%s%d", from, sep, to)
	}
}

// Column keys: the format's column names, shared with the reader so that
// a renamed column cannot drift apart from it.
const (
	colSerial   = ledger.ColSerial
	colCode     = ledger.ColCode
	colDoneYear = ledger.ColDoneYear
	colNodeDone = ledger.ColNodeDone
	colReceived = ledger.ColReceived
	colSpent    = ledger.ColSpent
	// colRemark keys the 备注 column a flaw adds to 项目台账, where the format
	// has no such column; it is not 节点计划's 备注 (ledger.ColNote).
	colRemark = "\x00remark"
	keyStray  = "stray"
)

// projectOrder is the format's column order of 项目台账.
var projectOrder = []string{
	ledger.ColCode, ledger.ColName, ledger.ColCategory, ledger.ColIndustry, ledger.ColStage,
	ledger.ColBuilder, ledger.ColResponsible, ledger.ColLeader, ledger.ColYears,
	ledger.ColTotal, ledger.ColDoneBefore, ledger.ColPlanYear, ledger.ColDoneYear,
	ledger.ColPlannedStart, ledger.ColActualStart, ledger.ColPlannedEnd,
	ledger.ColFundChannel, ledger.ColFundAsk, ledger.ColReserveDate, ledger.ColProgress, ledger.ColProblems,
}

// styles of the five units, in unit order; further units reuse them in turn.
var styles = []*style{
	{ // 党政办: the template, filled in neatly
		cover: true, coverMonth: "iso", noProblem: "无", years: yearsDash("-"),
	},
	{ // 发改统计局: a printed report: title, grouped header, 合计, categories, notes
		cover: true, coverMonth: "cn", title: true, twoRow: true, serial: true, total: true,
		categories: true, notes: true, numFmt: "#,##0.00", years: yearsDash("—"),
	},
	{ // 科经商务局: amounts typed as text
		cover: true, coverMonth: "cn", serial: true, textAmounts: true, blank: "—", years: func(a, b int) string {
			if a == b {
				return fmt.Sprintf("%d年", a)
			}
			return fmt.Sprintf("%d年-%d年", a, b)
		},
	},
	{ // 建设交运局: investment in 亿元, dates shown the Chinese way
		cover: true, coverMonth: "date", title: true, yi: true, dateFmt: `yyyy"年"m"月"d"日"`, years: yearsDash("~"),
	},
	{ // 企业服务中心: WPS, no cover, dates typed as text, its own column order
		wps: true, serial: true, textDates: true, notes: true, halfParens: true, years: yearsDash("-"),
		order: []string{
			ledger.ColName, ledger.ColCode, ledger.ColStage, ledger.ColCategory, ledger.ColIndustry,
			ledger.ColBuilder, ledger.ColResponsible, ledger.ColLeader, ledger.ColYears,
			ledger.ColTotal, ledger.ColPlanYear, ledger.ColDoneYear, ledger.ColDoneBefore,
			ledger.ColPlannedStart, ledger.ColPlannedEnd, ledger.ColActualStart,
			ledger.ColProgress, ledger.ColProblems, ledger.ColFundChannel, ledger.ColFundAsk, ledger.ColReserveDate,
		},
	},
}

// planted is a flaw's cell, as the validator names it.
type planted struct {
	File, Sheet, Cell, Rule string
}

// writer streams one workbook in the sheet language of package xlsxtest.
type writer struct {
	b       strings.Builder
	st      *style
	file    string
	sheet   string
	row     int // number of the next row of the current sheet
	planted []planted
}

func (w *writer) startSheet(name string) {
	w.b.WriteString("== ")
	w.b.WriteString(name)
	w.b.WriteString(" ==\n")
	w.sheet, w.row = name, 1
}

func (w *writer) directive(format string, args ...any) {
	w.b.WriteByte('!')
	fmt.Fprintf(&w.b, format, args...)
	w.b.WriteByte('\n')
}

// line writes one row of cells already in cell syntax.
func (w *writer) line(cells ...string) {
	for len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	if len(cells) > 0 && strings.HasPrefix(cells[0], "!") {
		w.b.WriteByte('!') // "!!" is a row whose first cell starts with "!"
	}
	for i, c := range cells {
		if i > 0 {
			w.b.WriteByte('\t')
		}
		w.b.WriteString(c)
	}
	w.b.WriteByte('\n')
	w.row++
}

func (w *writer) plant(col int, row int, rule string) {
	w.planted = append(w.planted, planted{w.file, w.sheet, diag.ColumnName(col) + strconv.Itoa(row), rule})
}

// text escapes free text for a cell: text starting with "#" would be read
// as a typed cell, and backslashes, tabs and line breaks have escapes.
func text(s string) string {
	if strings.ContainsAny(s, "\\\t\n\r") {
		s = escaper.Replace(s)
	}
	if strings.HasPrefix(s, "#") {
		s = "#" + s
	}
	return s
}

var escaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)

// amount writes an amount cell; inv says the column is an investment column
// (in 亿元 for the unit that writes those so).
func (w *writer) amount(a amount, inv bool) string {
	switch {
	case !a.ok:
		return w.st.blank
	case w.st.textAmounts:
		return a.v.grouped()
	case w.st.yi && inv:
		return "#n:" + a.v.yi()
	case w.st.numFmt != "":
		return "#n:" + a.v.plain() + "@" + w.st.numFmt
	}
	return "#n:" + a.v.plain()
}

// sumLiteral is the cached value of a SUM over amounts.
func (w *writer) sumLiteral(v wan, inv bool) string {
	if w.st.yi && inv {
		return v.yi()
	}
	return v.plain()
}

func (w *writer) date(d when) string {
	switch {
	case d.raw != "":
		return text(d.raw)
	case d.t.IsZero():
		return ""
	case w.st.textDates && d.month:
		return fmt.Sprintf("%d年%d月", d.t.Year(), int(d.t.Month()))
	case w.st.textDates:
		return fmt.Sprintf("%d.%d.%d", d.t.Year(), int(d.t.Month()), d.t.Day())
	}
	s := "#d:" + d.t.Format("2006-01-02")
	if w.st.dateFmt != "" {
		s += "@" + w.st.dateFmt
	}
	return s
}

// head writes a column name as this unit does.
func (w *writer) head(name string) string {
	if w.st.halfParens {
		name = strings.NewReplacer("（", "(", "）", ")").Replace(name)
	}
	return name
}

// column is one column of a table: its key (the format's name), header,
// optional group label of a two-row header, and how a row fills it.
type column[R any] struct {
	key   string
	head  string
	group string
	cell  func(r R, i int) string
	sum   func(r R) (wan, bool) // for the 合计 row; nil: not summed
	inv   bool
}

type flawed interface{ flaws() []mark }

// tableOpts are the layout choices of one table.
type tableOpts[R any] struct {
	title  []string // title rows above the header: the first merged across
	twoRow bool
	total  bool
	group  func(r R) string // category of a row, for category rows; nil: none
	notes  [][]string       // rows of the notes block below the data
}

// writeTable writes a table and records where its planted flaws landed.
func writeTable[R flawed](w *writer, cols []column[R], rows []R, o tableOpts[R]) {
	width := len(cols)
	last := diag.ColumnName(width)
	if len(o.title) > 0 {
		w.directive("merge A%d:%s%d", w.row, last, w.row)
		w.line(text(o.title[0]))
		for _, t := range o.title[1:] {
			cells := strings.Split(t, "\t")
			for i := range cells {
				cells[i] = text(cells[i])
			}
			w.line(cells...)
		}
	}

	// Header.
	top := w.row
	headRow := map[string]int{}
	if o.twoRow {
		upper := make([]string, width)
		lower := make([]string, width)
		for i := 0; i < width; i++ {
			c := cols[i]
			col := diag.ColumnName(i + 1)
			if c.group == "" {
				upper[i] = text(c.head)
				w.directive("merge %s%d:%s%d", col, top, col, top+1)
				headRow[c.key] = top
				continue
			}
			j := i
			for j+1 < width && cols[j+1].group == c.group {
				j++
			}
			upper[i] = text(c.group)
			w.directive("merge %s%d:%s%d", col, top, diag.ColumnName(j+1), top)
			for x := i; x <= j; x++ {
				lower[x] = text(cols[x].head)
				headRow[cols[x].key] = top + 1
			}
			i = j
		}
		w.line(upper...)
		w.line(lower...)
	} else {
		cells := make([]string, width)
		for i, c := range cols {
			cells[i] = text(c.head)
			headRow[c.key] = top
		}
		w.line(cells...)
	}
	for i, c := range cols {
		if c.key == colRemark {
			w.plant(i+1, headRow[c.key], "sheet.column_unknown")
		}
	}

	// The 合计 row sums the data rows below it, category rows included
	// (SUM skips text), so its range is known before they are written.
	groups := 0
	if o.group != nil {
		prev := "\x00"
		for _, r := range rows {
			if g := o.group(r); g != prev {
				groups, prev = groups+1, g
			}
		}
	}
	if o.total {
		first := w.row + 1
		lastRow := first + len(rows) + groups - 1
		cells := make([]string, width)
		cells[0] = "合计"
		for i, c := range cols {
			if c.sum == nil {
				continue
			}
			var s wan
			for _, r := range rows {
				if v, ok := c.sum(r); ok {
					s += v
				}
			}
			col := diag.ColumnName(i + 1)
			cells[i] = fmt.Sprintf("#f:SUM(%s%d:%s%d)=%s", col, first, col, lastRow, w.sumLiteral(s, c.inv))
		}
		w.line(cells...)
	}

	// Data.
	prev, n := "\x00", 0
	for i, r := range rows {
		if o.group != nil {
			if g := o.group(r); g != prev {
				n++
				w.line(numeral(n) + "、" + g)
				prev = g
			}
		}
		cells := make([]string, width, width+2)
		for j, c := range cols {
			cells[j] = c.cell(r, i)
		}
		for _, m := range r.flaws() {
			if m.key == keyStray {
				continue
			}
			for j, c := range cols {
				if c.key == m.key {
					w.plant(j+1, w.row, m.rule)
				}
			}
		}
		for _, m := range r.flaws() {
			if m.key == keyStray {
				// One empty column, then the clerk's note: a column with
				// no header.
				w.plant(width+2, w.row, m.rule)
			}
		}
		w.line(append(cells, "", strayText(any(r)))...)
	}

	if len(o.notes) > 0 {
		w.line()
		for _, n := range o.notes {
			cells := make([]string, len(n))
			for i := range n {
				cells[i] = text(n[i])
			}
			w.line(cells...)
		}
	}
}

func strayText(r any) string {
	if n, ok := r.(*nodeRow); ok {
		return text(n.stray)
	}
	return ""
}

// render writes the snapshot as one workbook in the sheet language. file is
// the name findings will carry ("ledgers/2026-10/党政办.xlsx").
func render(s *snapshot, file string, r *rnd) (string, []planted) {
	st := s.u.st
	w := &writer{st: st, file: file}
	w.b.Grow(4096 + 600*len(s.projects) + 200*(len(s.nodes)+len(s.funds)+len(s.issues)+len(s.docs)))
	if st.wps {
		w.directive("wps")
	}
	y, m := s.period.Year, s.period.Month
	filled := day(y, m+1, r.between(2, 6)) // reports are filled in the first days of the next month
	if st.cover {
		w.startSheet(ledger.SheetCover)
		w.line("项目", "内容")
		w.line("填报单位", text(s.u.name))
		switch st.coverMonth {
		case "cn":
			w.line("填报月份", fmt.Sprintf("%d年%d月", y, m))
		case "date":
			w.line("填报月份", fmt.Sprintf(`#d:%04d-%02d-01@yyyy"年"m"月"`, y, m))
		default:
			w.line("填报月份", fmt.Sprintf("%04d-%02d", y, m))
		}
		w.line("填报人", text(s.u.clerk))
		w.line("联系电话", text(s.u.phone))
	}

	w.startSheet(ledger.SheetProjects)
	o := tableOpts[*projRow]{twoRow: st.twoRow, total: st.total}
	if st.title {
		o.title = []string{fmt.Sprintf("%s%d年重点项目推进台账（%s）", zone, y, s.u.name)}
		if st.twoRow {
			o.title = append(o.title, fmt.Sprintf("填报单位：%s（盖章）\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t填报时间：%s", s.u.name, chineseDate(filled)))
		} else {
			o.title[0] = fmt.Sprintf("%s重点项目推进情况表（%d年%d月）", s.u.name, y, m)
			unit := "金额单位：万元"
			if st.yi {
				unit = "金额单位：亿元（拟申请金额为万元）"
			}
			o.title = append(o.title, unit)
		}
	}
	rows := s.projects
	if st.categories {
		o.group = func(r *projRow) string { return r.stage + "项目" }
		rows = byStage(rows)
	}
	if st.notes {
		o.notes = notesFor(s)
	}
	writeTable(w, projectColumns(w, s), rows, o)

	titled := func(t string) []string {
		if st.title {
			return []string{t}
		}
		return nil
	}
	w.startSheet(ledger.SheetMilestones)
	writeTable(w, nodeColumns(w), s.nodes, tableOpts[*nodeRow]{title: titled("节点计划完成情况表")})
	w.startSheet(ledger.SheetFunds)
	writeTable(w, fundColumns(w), s.funds, tableOpts[*fundRow]{title: titled("上级资金到位情况表")})
	w.startSheet(ledger.SheetIssues)
	writeTable(w, issueColumns(w), s.issues, tableOpts[*issueRow]{title: titled("要素保障问题清单")})
	w.startSheet(ledger.SheetApprovals)
	writeTable(w, docColumns(w), s.docs, tableOpts[*docRow]{title: titled("前期要件办理情况表")})
	return w.b.String(), w.planted
}

// stageOrder is the order of the category rows of a report grouped by stage.
var stageOrder = map[string]int{"续建": 0, "新开工": 1, "竣工": 2, "前期": 3, "储备": 4}

func byStage(rows []*projRow) []*projRow {
	out := make([]*projRow, 0, len(rows))
	for st := range 5 {
		for _, r := range rows {
			if stageOrder[r.stage] == st {
				out = append(out, r)
			}
		}
	}
	return out
}

func notesFor(s *snapshot) [][]string {
	u := s.u
	if u.st.twoRow {
		return [][]string{
			{"填报说明：1. 金额单位为万元；2. 项目代码填写全国投资项目在线审批监管平台赋码，储备项目填写储备库编号；3. 本年累计完成投资为1月至本月末累计数。"},
			{"填表人：" + u.clerk, "", "", "审核人：" + u.reviewer, "", "", "联系电话：" + u.phone},
		}
	}
	return [][]string{
		{"注：运营企业项目的年度计划投资为年度运营维护计划投资。"},
		{"填表人：" + u.clerk + "　联系电话：" + u.phone},
	}
}
