package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"tuijin/generator/diag"
	"tuijin/generator/model"
	"tuijin/generator/par"
)

// Check applies the rules that need every workbook of the period: project
// codes unique across all workbooks, every milestone, fund, issue and
// approval row naming a project of the period, and — when prev (the accepted
// ledger of the previous month) is given and lies in the same year —
// year-to-date investment that never decreases. Findings are added to the
// files they concern and rows with errors are rejected.
func Check(files []*File, prev *model.Ledger) {
	type place struct {
		f   *File
		row Row[model.Project]
	}
	byCode := map[string][]place{}
	for _, f := range files {
		for _, r := range f.Projects.All() {
			if r.Rec.Code != "" {
				byCode[r.Rec.Code] = append(byCode[r.Rec.Code], place{f, r})
			}
		}
	}
	codes := make([]string, 0, len(byCode))
	for c := range byCode {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, code := range codes {
		ps := byCode[code]
		if len(ps) < 2 {
			continue
		}
		for i, p := range ps {
			var others []string
			for j, o := range ps {
				if j != i {
					others = append(others, cellName(o.row.Pos(), o.row.CodeCol))
				}
			}
			pos := p.row.Pos()
			pos.Col = p.row.CodeCol
			p.f.Diags.Add(pos, diag.Error, "code.duplicate", ColCode, code,
				fmt.Sprintf("项目代码“%s”重复，还出现在 %s；同一项目在本期只能填报一行，请删除重复行或改正代码", code, strings.Join(others, "、")))
		}
	}
	eachFile(files, (*File).rejectRowsWithErrors)

	// Which project rows were accepted decides the fate of the rows that
	// refer to them: a milestone of a rejected project cannot count either.
	// Each such row says why the project was rejected, so that a clerk
	// reading the findings sheet by sheet starts from the cause.
	causes := map[string]string{}
	for _, code := range codes {
		if ps := byCode[code]; !accepted(ps[0].row) {
			causes[code] = rejectionCause(ps[0].f, ps[0].row.Pos())
		}
	}
	checkRef := func(f *File, pos diag.Pos, codeCol int, code string) {
		if code == "" {
			return
		}
		pos.Col = codeCol
		ps := byCode[code]
		switch {
		case len(ps) == 0:
			f.Diags.Add(pos, diag.Error, "ref.project_unknown", ColCode, code,
				fmt.Sprintf("项目代码“%s”在本期各单位的项目台账中都找不到；请先在项目台账中填报该项目，或改正代码", code))
		case !accepted(ps[0].row):
			var where []string
			for _, p := range ps {
				where = append(where, cellName(p.row.Pos(), p.row.CodeCol))
			}
			f.Diags.Add(pos, diag.Error, "ref.project_rejected", ColCode, code,
				fmt.Sprintf("项目代码“%s”对应的项目行（%s）有错误未被采用%s，本行也不能计入；改正该项目行后即可", code, strings.Join(where, "、"), causes[code]))
		}
	}
	// Each file's rows are checked on their own (only the project rows'
	// flags set above are read across files), on every core.
	eachFile(files, func(f *File) {
		for _, r := range f.Milestones.All() {
			checkRef(f, r.Pos(), r.CodeCol, r.Rec.Code)
		}
		for _, r := range f.Funds.All() {
			checkRef(f, r.Pos(), r.CodeCol, r.Rec.Code)
		}
		for _, r := range f.Issues.All() {
			checkRef(f, r.Pos(), r.CodeCol, r.Rec.Code)
		}
		for _, r := range f.Approvals.All() {
			checkRef(f, r.Pos(), r.CodeCol, r.Rec.Code)
		}
	})
	if prev != nil {
		checkHistory(files, prev)
	}
	eachFile(files, (*File).rejectRowsWithErrors)
}

// eachFile calls fn for every file on every core; fn may change the file
// it is given and nothing else. A month has hundreds of thousands of
// rows, and these rules ran on one core while the other waited.
func eachFile(files []*File, fn func(*File)) {
	_ = par.Each(context.Background(), len(files), 0, func(i int) { fn(files[i]) })
}

func accepted(r Row[model.Project]) bool { return !r.Rejected }

// cellName prints a place as "发改统计局.xlsx 项目台账!A8".
func cellName(p diag.Pos, col int) string {
	p.Col = col
	return p.String()
}

// checkHistory warns when 本年累计完成投资 is lower than last month's figure
// for the same project in the same year: a year-to-date figure never falls.
func checkHistory(files []*File, prev *model.Ledger) {
	if len(files) == 0 {
		return
	}
	last := map[string]model.Project{}
	for _, p := range prev.Projects {
		if p.HasDone {
			last[p.Code] = p
		}
	}
	key := Sheets[0].column(ColDoneYear).key
	for _, f := range files {
		lay := f.Layouts[SheetProjects]
		if f.Period.IsZero() || f.Period.Prev() != prev.Period || prev.Period.Year != f.Period.Year {
			continue
		}
		for _, r := range f.Projects.All() {
			p := r.Rec
			old, ok := last[p.Code]
			if r.Rejected || !p.HasDone || !ok || p.DoneYear >= old.DoneYear {
				continue
			}
			pos := r.Pos()
			pos.Col = lay.Cols[key]
			note, value := "", p.DoneYear.String()
			if lay.InYi[pos.Col] {
				note, value = "（本列单位为亿元，已折算为万元）", p.DoneYear.Yi() // the cell's own unit
			}
			f.Diags.Add(pos, diag.Warning, "history.ytd_decrease", ColDoneYear, value,
				fmt.Sprintf("本年累计完成投资 %s 万元%s，比上月（%d年%d月）台账的 %s 万元还少；本年累计数只增不减，请核对",
					p.DoneYear, note, prev.Period.Year, prev.Period.Month, old.DoneYear))
		}
	}
}

// Accepted gathers the accepted rows of the files into the period's ledger,
// in file order then row order. It copies the records and leaves the files
// as they were; Lay gathers them without copying.
func Accepted(period model.Period, files []*File) *model.Ledger {
	l := &model.Ledger{Period: period}
	// Sized exactly: a ledger of a large period is tens of megabytes, and
	// the builds keep one per month.
	var np, nm, nf, ni, na int
	for _, f := range files {
		np += countAccepted(&f.Projects)
		nm += countAccepted(&f.Milestones)
		nf += countAccepted(&f.Funds)
		ni += countAccepted(&f.Issues)
		na += countAccepted(&f.Approvals)
	}
	l.Projects = make([]model.Project, 0, np)
	l.Milestones = make([]model.Milestone, 0, nm)
	l.Funds = make([]model.Fund, 0, nf)
	l.Issues = make([]model.Issue, 0, ni)
	l.Approvals = make([]model.Approval, 0, na)
	for _, f := range files {
		l.Projects = appendAccepted(l.Projects, &f.Projects)
		l.Milestones = appendAccepted(l.Milestones, &f.Milestones)
		l.Funds = appendAccepted(l.Funds, &f.Funds)
		l.Issues = appendAccepted(l.Issues, &f.Issues)
		l.Approvals = appendAccepted(l.Approvals, &f.Approvals)
	}
	return l
}

func countAccepted[T any](rows *Rows[T]) int {
	n := 0
	for _, m := range rows.Meta {
		if !m.Rejected {
			n++
		}
	}
	return n
}

func appendAccepted[T any](dst []T, rows *Rows[T]) []T {
	for i, m := range rows.Meta {
		if !m.Rejected {
			dst = append(dst, rows.Recs[i])
		}
	}
	return dst
}

// rejectionCause names the first error of the project row at pos in f, as
// "（原因：项目代码在本期重复）"; "" when there is none to name (the row was
// rejected with its sheet, whose error is on the header).
func rejectionCause(f *File, pos diag.Pos) string {
	for _, d := range f.Diags {
		if d.Severity == diag.Error && d.Pos.Sheet == pos.Sheet && d.Pos.Row == pos.Row {
			if r, ok := LookupRule(d.Rule); ok {
				return "（原因：" + r.Summary + "）"
			}
		}
	}
	return ""
}
