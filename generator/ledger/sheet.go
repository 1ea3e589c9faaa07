package ledger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"tuijin/generator/diag"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

// sheetRead is the state of reading one data sheet.
type sheetRead struct {
	file      *File
	spec      *sheetSpec
	name      string // as in the workbook
	date1904  bool
	h         *header
	rejectAll bool         // the sheet itself has an error: every row is rejected
	dataSeen  bool         // a row has been read as data
	inNotes   bool         // a note after the data has started the notes block
	unnamed   map[int]bool // columns without a header that held data, reported once
	merges    []xlsx.Range // merged ranges below the header (data rows)
	cols      map[string]int
	yi        map[int]bool
	laidOut   bool // the file's Layouts has this sheet
	ctx       rowCtx
	strs      map[string]string // text interned so far, the workbook's (reader.strs)
	filled    []string          // classify's scratch
}

// intern returns the one copy of v shared by every record of the workbook
// that holds the same text: the same names, units and codes come back in
// every row and on every sheet. The copy is v's own (cloned), never a view
// of the reader's buffers. A plain map per workbook, not a process-wide
// table (unique.Make): most texts are seen once (a document number, a
// description), and the shared table's weak references cost several times
// a map's lookup for each, plus work for the collector, while sharing
// across workbooks saves little — a month's workbooks share few texts, and
// the months' ledgers are let go once their facts are taken.
func (s *sheetRead) intern(v string) string {
	if v == "" {
		return v
	}
	if w, ok := s.strs[v]; ok {
		return w
	}
	w := strings.Clone(v)
	s.strs[w] = w
	return w
}

func (s *sheetRead) pos(row, col int) diag.Pos {
	return diag.Pos{File: s.file.Name, Sheet: s.name, Row: row, Col: col}
}

// readSheet streams a data sheet: it buffers the top rows until the header is
// found, then reads each row below it.
func (r *reader) readSheet(name string, spec *sheetSpec) {
	s := &sheetRead{file: r.file, spec: spec, name: name, date1904: r.wb.Date1904(), unnamed: map[int]bool{}, strs: r.strs}
	s.ctx = rowCtx{sheet: s, periodOK: !r.file.Period.IsZero()}
	if s.ctx.periodOK {
		s.ctx.end = r.file.Period.End()
		s.ctx.endText = fmt.Sprintf("%d年%d月%d日", s.ctx.end.Year(), int(s.ctx.end.Month()), s.ctx.end.Day())
	}
	g := &grid{rows: map[int][]string{}, merges: r.wb.Merges(name)}
	var order []int
	var pending []xlsx.Row
	decided := false

	decide := func() {
		decided = true
		s.h = findHeader(spec, order, g)
		s.reportHeader(pending)
		if s.h == nil {
			return
		}
		s.reportMerges(g.merges)
		for _, row := range pending {
			if row.Num > s.h.last {
				s.readRow(row)
			}
		}
		pending, g.rows = nil, nil
	}
	err := r.wb.Rows(name, func(row xlsx.Row) error {
		if decided {
			if s.h != nil {
				s.readRow(row)
			}
			return nil
		}
		pending = append(pending, row)
		order = append(order, row.Num)
		g.rows[row.Num] = row.Cells
		if len(pending) >= headerScan {
			decide()
		}
		return nil
	})
	if !decided && err == nil {
		decide()
	}
	if err != nil {
		var se *xlsx.SheetError
		if errors.As(err, &se) {
			p := s.pos(0, 0)
			if se.Cell != "" {
				p.Row, p.Col = cellRowCol(se.Cell)
			}
			r.file.Diags.Add(p, diag.Error, registered(se.Rule, "sheet.corrupt"), "", "", se.Message)
		} else {
			r.file.Diags.Errorf(s.pos(0, 0), "sheet.corrupt", "工作表内容已损坏，无法读取："+err.Error()+"；请在 Excel/WPS 中打开后另存为 .xlsx 再提交")
		}
		if !decided && len(pending) > 0 {
			decide()
		}
	}
	if err == nil && s.h != nil && !s.dataSeen && spec.name == SheetProjects {
		// A header and nothing under it (a blank template, or only 合计
		// and notes): the unit submitted no project, which the leaders'
		// figures would show as silence.
		s.file.Diags.Warnf(s.pos(s.h.last, 0), "sheet.no_data", "项目台账只有表头，没有填写任何项目；如果本月确实没有项目，可以忽略此提示")
	}
	s.finish()
}

// reportMerges warns about each block of cells merged over several data
// rows (a 责任单位 merged down a column of projects): Excel keeps the value
// in the block's first cell only, so the rows below read as blank, which
// the clerk cannot see on screen. It keeps the merges below the header for
// the required-field messages (mergedHint).
func (s *sheetRead) reportMerges(merges []xlsx.Range) {
	for _, m := range merges {
		if m.Top <= s.h.last {
			continue
		}
		s.merges = append(s.merges, m)
		if m.Bottom == m.Top {
			continue // across one row: a category row's label, or a note
		}
		first := diag.ColumnName(m.Left) + strconv.Itoa(m.Top)
		s.file.Diags.Add(s.pos(m.Top, m.Left), diag.Warning, "sheet.merged_cells", "", "",
			fmt.Sprintf("%s:%s%d 是合并单元格，合并后只有 %s 有内容，其余单元格按空白读取；请取消合并，每行分别填写",
				first, diag.ColumnName(m.Right), m.Bottom, first))
	}
}

// mergedHint explains, for a blank cell at row and 1-based column col,
// that it lies in a merged block whose content is in its first cell; ""
// when it does not.
func (s *sheetRead) mergedHint(row, col int) string {
	for _, m := range s.merges {
		if m.Top <= row && row <= m.Bottom && m.Left <= col && col <= m.Right && (row != m.Top || col != m.Left) {
			return fmt.Sprintf("（该单元格在合并单元格 %s%d:%s%d 中，合并后只有 %s%d 有内容；请取消合并，逐行填写）",
				diag.ColumnName(m.Left), m.Top, diag.ColumnName(m.Right), m.Bottom, diag.ColumnName(m.Left), m.Top)
		}
	}
	return ""
}

// reportHeader records the header findings: no header, missing, duplicate,
// unknown columns.
func (s *sheetRead) reportHeader(top []xlsx.Row) {
	d := &s.file.Diags
	h := s.h
	if h == nil {
		if hasContent(top) {
			d.Errorf(s.pos(0, 0), "sheet.header_missing",
				fmt.Sprintf("找不到表头：前 %d 行中没有一行包含“%s”等列名；请保留表头行，列名与台账模板一致", headerScan, strings.Join(requiredNames(s.spec), "”“")))
		} else if s.spec.name == SheetProjects {
			d.Warnf(s.pos(0, 0), "sheet.no_data", "项目台账是空的，没有填写任何项目")
		}
		return
	}
	for _, k := range h.missing {
		c := s.spec.column(k)
		d.Add(s.pos(h.last, 0), diag.Error, "sheet.column_missing", c.name, "",
			fmt.Sprintf("表头缺少必填列“%s”，本表所有行都不能采用；请在表头加上这一列并填写", c.name))
		s.rejectAll = true
	}
	for _, dup := range h.dups {
		c := s.spec.column(dup.key)
		d.Add(s.pos(h.nameRow[dup.col], dup.col+1), diag.Error, "sheet.column_duplicate", c.name, h.names[dup.col],
			fmt.Sprintf("“%s”列出现了两次（%s 列和 %s 列），无法确定以哪一列为准，本表所有行都不能采用；请删除多余的一列",
				c.name, diag.ColumnName(dup.first+1), diag.ColumnName(dup.col+1)))
		s.rejectAll = true
	}
	for _, c := range h.unknown {
		d.Add(s.pos(h.nameRow[c], c+1), diag.Warning, "sheet.column_unknown", "", h.names[c],
			fmt.Sprintf("“%s”不是台账规定的列，该列内容未读取；如果它是某个规定列，请把列名改成模板中的写法", clip(h.names[c])))
	}
}

func requiredNames(spec *sheetSpec) []string {
	var n []string
	for _, c := range spec.columns {
		if c.required {
			n = append(n, c.label())
		}
	}
	return n
}

func hasContent(rows []xlsx.Row) bool {
	for _, r := range rows {
		for _, c := range r.Cells {
			if !isBlank(c) {
				return true
			}
		}
	}
	return false
}

// readRow classifies one row below the header and reads it when it is data.
func (s *sheetRead) readRow(row xlsx.Row) {
	code := ""
	if c, ok := s.h.cols[squeeze(ColCode)]; ok && c < len(row.Cells) {
		code = row.Cells[c]
	}
	// Only a cell that looks like a project code makes a row a project for
	// sure; "合计" or "联系电话：…" standing in the code column do not.
	hasCode := validCode(normCode(code))
	if cap(s.filled) < len(row.Cells) {
		s.filled = make([]string, 0, len(row.Cells)) // never outgrown: a row's filled cells are among its cells
	}
	kind := classify(s.filled, row.Cells, hasCode, s.h)
	formula := len(row.NoCache) > 0 && s.formulaInColumn(row)
	if kind == rowBlank && formula {
		// Formulas without a saved result look blank, but they are not:
		// read as data, each gets its error rather than the row vanishing.
		kind = rowData
	}
	if (kind == rowTotal || kind == rowNote) && s.hasChoice(row) {
		// 园区热电联产合计, or a name starting 日期：, with a valid 项目类别
		// or 项目阶段 beside it: a project without its code, to be reported.
		kind = rowData
	}
	if kind == rowNote && s.dataSeen {
		s.inNotes = true // a note above the data (注：金额单位为万元) starts nothing
	}
	if kind != rowData {
		return
	}
	if s.inNotes && !hasCode && !formula && !s.hasChoice(row) && !s.hasAmount(row) {
		return // more lines of the notes block: 经办人 王五 复核人 赵六
	}
	s.dataSeen = true
	s.reportUnnamed(row)
	x := &s.ctx
	x.row = row
	x.pos = s.pos(row.Num, 0)
	x.noCache = nil
	if len(row.NoCache) > 0 {
		x.noCache = map[int]bool{}
		for _, c := range row.NoCache {
			x.noCache[c] = true
		}
	}
	codeCol := 0
	if c, ok := s.h.cols[squeeze(ColCode)]; ok {
		codeCol = c + 1
	}
	f := s.file
	if !s.laidOut {
		s.laidOut = true
		if f.Layouts == nil {
			f.Layouts = map[string]Layout{}
		}
		f.Layouts[s.spec.name] = Layout{Cols: s.colMap(), InYi: s.yiCols()}
	}
	switch s.spec.name {
	case SheetProjects:
		p := x.project()
		p.Unit, p.Source = f.Unit, s.source(row.Num)
		f.Projects.add(p, codeCol)
	case SheetMilestones:
		m := x.milestone()
		m.Unit, m.Source = f.Unit, s.source(row.Num)
		f.Milestones.add(m, codeCol)
	case SheetFunds:
		fd := x.fund()
		fd.Unit, fd.Source = f.Unit, s.source(row.Num)
		f.Funds.add(fd, codeCol)
	case SheetIssues:
		is := x.issue()
		is.Unit, is.Source = f.Unit, s.source(row.Num)
		f.Issues.add(is, codeCol)
	case SheetApprovals:
		a := x.approval()
		a.Unit, a.Source = f.Unit, s.source(row.Num)
		f.Approvals.add(a, codeCol)
	}
}

// formulaInColumn reports a formula without a saved result in one of the
// format's columns of the row: one in a helper column of the clerk's own
// (a 检查 column pre-filled down the sheet) is no project.
func (s *sheetRead) formulaInColumn(row xlsx.Row) bool {
	for _, c := range row.NoCache {
		for _, hc := range s.h.cols {
			if hc == c {
				return true
			}
		}
	}
	return false
}

// hasChoice reports a cell of the row holding one of its column's allowed
// values (项目类别, 项目阶段, 资金类型…): a line of notes or a signature
// never does, a project or node row almost always.
func (s *sheetRead) hasChoice(row xlsx.Row) bool {
	return s.anyCell(row, kEnum, func(col *column, _ int, raw string) bool { return matchEnum(raw, col.enum) != "" })
}

// hasAmount reports a cell of an amount column holding a number.
func (s *sheetRead) hasAmount(row xlsx.Row) bool {
	return s.anyCell(row, kAmount, func(_ *column, c int, raw string) bool {
		res, err := parseAmount(raw, s.h.scale[c])
		return err == nil && !res.blank
	})
}

// anyCell reports whether a non-blank cell of the row, in a column of the
// given kind that the header has, satisfies ok (given the column, its
// 0-based index and the cell's text).
func (s *sheetRead) anyCell(row xlsx.Row, k kind, ok func(col *column, c int, raw string) bool) bool {
	for _, col := range s.spec.columns {
		if col.kind != k {
			continue
		}
		if c, found := s.h.cols[col.key]; found && c < len(row.Cells) && !isBlank(row.Cells[c]) && ok(col, c, row.Cells[c]) {
			return true
		}
	}
	return false
}

// yiCols lists the 1-based columns held in 亿元.
func (s *sheetRead) yiCols() map[int]bool {
	if s.yi == nil {
		s.yi = map[int]bool{}
		for c, sc := range s.h.scale {
			if sc == 10000 {
				s.yi[c+1] = true
			}
		}
	}
	return s.yi
}

// colMap gives the 1-based column of each key.
func (s *sheetRead) colMap() map[string]int {
	if s.cols == nil {
		s.cols = make(map[string]int, len(s.h.cols))
		for k, c := range s.h.cols {
			s.cols[k] = c + 1
		}
	}
	return s.cols
}

func (s *sheetRead) source(row int) model.Source {
	return model.Source{File: s.file.Name, Sheet: s.name, Row: row}
}

// reportUnnamed warns once per column that holds data under no header.
func (s *sheetRead) reportUnnamed(row xlsx.Row) {
	for c, v := range row.Cells {
		if isBlank(v) || s.unnamed[c] {
			continue
		}
		if _, named := s.h.names[c]; named {
			continue
		}
		s.unnamed[c] = true
		s.file.Diags.Add(s.pos(row.Num, c+1), diag.Warning, "sheet.column_unnamed", "", clip(cleanText(v)),
			fmt.Sprintf("%s 列没有列名，该列内容未读取；如需填报，请在表头写上规定的列名", diag.ColumnName(c+1)))
	}
}

// finish rejects every row when the sheet itself has an error.
func (s *sheetRead) finish() {
	if !s.rejectAll {
		return
	}
	s.file.eachRow(func(p diag.Pos, rejected *bool) {
		if p.Sheet == s.name {
			*rejected = true
		}
	})
}

// cellRowCol splits "XFD5" into row 5, column 16384.
func cellRowCol(ref string) (row, col int) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return 0, 0
		}
		row = row*10 + int(ref[i]-'0')
	}
	return row, col
}
