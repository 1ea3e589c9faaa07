package template

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"tuijin/generator/ledger"
	"tuijin/generator/load"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

// Previous is a unit's workbook of an earlier month, read and validated, to
// pre-fill the template with.
type Previous struct {
	Unit   string
	Period model.Period // the month of the folder; zero when its name is not YYYY-MM
	File   *ledger.File
}

// Error is a problem finding the previous month's workbook, with a message
// for the clerk.
type Error struct {
	Message string
	Err     error // detail for logs, may be nil
}

func (e *Error) Error() string { return e.Message }

func (e *Error) Unwrap() error { return e.Err }

// LoadPrevious reads the month folder dir (validating it as a whole, so that
// rows rejected by cross-file rules are known) and returns the workbook of
// the unit: the one whose 填报单位, or else whose file name, is unit. The
// errors are *Error.
func LoadPrevious(ctx context.Context, dir, unit string) (*Previous, error) {
	st, err := os.Stat(dir)
	switch {
	case err != nil:
		return nil, &Error{Message: fmt.Sprintf("找不到上月的文件夹 %s；--from 应为上个月的月份文件夹，例如 data/ledgers/2024-02", dir), Err: err}
	case !st.IsDir():
		return nil, &Error{Message: fmt.Sprintf("%s 不是文件夹；--from 应为上个月的月份文件夹，例如 data/ledgers/2024-02", dir)}
	}
	period, _ := model.ParsePeriod(filepath.Base(filepath.Clean(dir)))
	res, err := load.Folder(ctx, dir, "", period, nil, load.Options{})
	if err != nil {
		return nil, &Error{Message: err.Error(), Err: err} // load names the folder, in Chinese
	}
	want := canonical(unit)
	var found *ledger.File
	var units []string
	for _, f := range res.Files {
		base := strings.TrimSuffix(f.Name, filepath.Ext(f.Name))
		if found == nil && (canonical(f.Unit) == want || canonical(base) == want) {
			found = f
		}
		if !f.Unreadable {
			units = append(units, f.Unit)
		}
	}
	if found == nil {
		sort.Strings(units)
		known := "文件夹中没有可读取的台账"
		if len(units) > 0 {
			known = "文件夹中的单位有：" + strings.Join(units, "、")
		}
		return nil, &Error{Message: fmt.Sprintf("%s 中没有单位“%s”的台账（%s）；请核对 --unit 的写法", dir, unit, known)}
	}
	if found.Unreadable {
		msg := ""
		if len(found.Diags) > 0 {
			msg = found.Diags[0].Message
		}
		return nil, &Error{Message: fmt.Sprintf("单位“%s”的上月台账 %s 无法读取，不能预填：%s", unit, filepath.Join(dir, found.Name), msg)}
	}
	return &Previous{Unit: found.Unit, Period: period, File: found}, nil
}

// canonical compares unit names as the reader does: trimmed, Unicode NFC.
func canonical(s string) string { return norm.NFC.String(strings.TrimSpace(s)) }

// prefilled is the rows of each data sheet, in the schema's column order.
type prefilled struct {
	rows   map[string][][]xlsx.Value
	filled Filled
}

// prefill copies the previous month's rows, all of them: the accepted ones
// so that the clerk only updates what changed, and the rejected ones as far
// as they were read, because leaving a project out would be a worse
// surprise than a cell to correct.
func prefill(p *Previous) prefilled {
	out := prefilled{rows: map[string][][]xlsx.Value{}}
	if p == nil || p.File == nil {
		return out
	}
	f := p.File
	// In January the year-to-date figures start again: what was done last
	// year moves into 截至上年底累计完成投资, and the year's plan is new.
	yearStart := !p.Period.IsZero() && next(p.Period).Year != p.Period.Year
	out.filled.YearStart = yearStart
	cols := map[string][]string{}
	for _, s := range ledger.Schema() {
		for _, c := range s.Columns {
			cols[s.Name] = append(cols[s.Name], c.Name)
		}
	}
	add := func(sheet string, rejected bool, v map[string]xlsx.Value) {
		row := make([]xlsx.Value, len(cols[sheet]))
		for i, name := range cols[sheet] {
			row[i] = v[name]
		}
		out.rows[sheet] = append(out.rows[sheet], row)
		if rejected {
			out.filled.Rejected++
		}
	}
	for _, r := range f.Projects.All() {
		pr := r.Rec
		v := map[string]xlsx.Value{
			ledger.ColCode: xlsx.Text(pr.Code), ledger.ColName: xlsx.Text(pr.Name),
			ledger.ColCategory: xlsx.Text(pr.Category), ledger.ColIndustry: xlsx.Text(pr.Industry),
			ledger.ColStage: xlsx.Text(pr.Stage), ledger.ColBuilder: xlsx.Text(pr.Builder),
			ledger.ColResponsible: xlsx.Text(pr.Responsible), ledger.ColLeader: xlsx.Text(pr.Leader),
			ledger.ColYears: years(pr.YearFrom, pr.YearTo), ledger.ColTotal: amount(pr.Total),
			ledger.ColPlannedStart: date(pr.PlannedStart), ledger.ColActualStart: date(pr.ActualStart),
			ledger.ColPlannedEnd: date(pr.PlannedEnd), ledger.ColFundChannel: xlsx.Text(pr.FundChannel),
			ledger.ColReserveDate: date(pr.ReserveDate), ledger.ColProgress: xlsx.Text(pr.Progress),
			ledger.ColProblems: xlsx.Text(pr.Problems),
		}
		doneBefore := pr.DoneBefore
		if yearStart {
			doneBefore += pr.DoneYear
		} else {
			if pr.HasPlan {
				v[ledger.ColPlanYear] = amount(pr.PlanYear)
			}
			if pr.HasDone {
				v[ledger.ColDoneYear] = amount(pr.DoneYear)
			}
		}
		if doneBefore != 0 {
			v[ledger.ColDoneBefore] = amount(doneBefore)
		}
		if pr.HasFundAsk {
			v[ledger.ColFundAsk] = amount(pr.FundAsk)
		}
		add(ledger.SheetProjects, r.Rejected, v)
		out.filled.Projects++
	}
	for _, r := range f.Milestones.All() {
		m := r.Rec
		add(ledger.SheetMilestones, r.Rejected, map[string]xlsx.Value{
			ledger.ColCode: xlsx.Text(m.Code), ledger.ColNodeName: xlsx.Text(m.Name),
			ledger.ColNodePlanned: date(m.Planned), ledger.ColNodeDone: date(m.Done),
			ledger.ColResponsible: xlsx.Text(m.Responsible), ledger.ColPerson: xlsx.Text(m.Person),
			ledger.ColNote: xlsx.Text(m.Note),
		})
		out.filled.Milestones++
	}
	for _, r := range f.Funds.All() {
		fd := r.Rec
		v := map[string]xlsx.Value{
			ledger.ColCode: xlsx.Text(fd.Code), ledger.ColFundType: xlsx.Text(fd.Type),
			ledger.ColBatch: xlsx.Text(fd.Batch), ledger.ColFundDate: date(fd.Date),
			ledger.ColAllocated: amount(fd.Allocated),
		}
		// Blank counts as 0 for these two; keep blanks blank.
		if fd.Received != 0 {
			v[ledger.ColReceived] = amount(fd.Received)
		}
		if fd.Spent != 0 {
			v[ledger.ColSpent] = amount(fd.Spent)
		}
		add(ledger.SheetFunds, r.Rejected, v)
		out.filled.Funds++
	}
	for _, r := range f.Issues.All() {
		is := r.Rec
		add(ledger.SheetIssues, r.Rejected, map[string]xlsx.Value{
			ledger.ColCode: xlsx.Text(is.Code), ledger.ColIssueType: xlsx.Text(is.Type),
			ledger.ColIssueDesc: xlsx.Text(is.Description), ledger.ColResponsible: xlsx.Text(is.Responsible),
			ledger.ColIssueRaised: date(is.Raised), ledger.ColIssueDue: date(is.Due),
			ledger.ColClosedDate: date(is.Closed),
		})
		out.filled.Issues++
	}
	for _, r := range f.Approvals.All() {
		a := r.Rec
		add(ledger.SheetApprovals, r.Rejected, map[string]xlsx.Value{
			ledger.ColCode: xlsx.Text(a.Code), ledger.ColDocument: xlsx.Text(a.Document),
			ledger.ColDocState: xlsx.Text(a.State), ledger.ColClosedDate: date(a.Date),
			ledger.ColDocNo: xlsx.Text(a.Number),
		})
		out.filled.Approvals++
	}
	return out
}

// date writes a day as a real date, and a month-only date as the text
// "2024-03": as a date it would become the 1st of the month and lose the
// "any day of that month" meaning the rules give it.
func date(d model.Date) xlsx.Value {
	switch {
	case d.IsZero():
		return xlsx.Value{}
	case d.MonthOnly:
		return xlsx.Text(d.String())
	}
	return xlsx.Date(d.Year, d.Month, d.Day)
}

func amount(a model.Amount) xlsx.Value { return xlsx.Number(a.String()) }

func years(from, to int) xlsx.Value {
	switch {
	case from == 0:
		return xlsx.Value{}
	case from == to:
		return xlsx.Text(fmt.Sprint(from))
	}
	return xlsx.Text(fmt.Sprintf("%d-%d", from, to))
}
