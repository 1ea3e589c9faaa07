package template

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

var march = model.Period{Year: 2024, Month: 3}

// at is the cell of a column in a data row, found through the schema so
// that the tests follow the template's column order.
func at(sheet, col string, row int) string {
	for _, s := range ledger.Schema() {
		if s.Name != sheet {
			continue
		}
		for i, c := range s.Columns {
			if c.Name == col {
				return xlsx.CellName(i+1, row)
			}
		}
	}
	panic("no column " + sheet + "/" + col)
}

func edit(sheet, col string, row int, v xlsx.Value) xlsx.Edit {
	return xlsx.Edit{Sheet: sheet, Cell: at(sheet, col, row), Value: v}
}

// validFill is what a careful clerk types into the template for March 2024:
// one project under construction, one reserve project, and a row on every
// other sheet.
func validFill() []xlsx.Edit {
	P, M, F, I, A := ledger.SheetProjects, ledger.SheetMilestones, ledger.SheetFunds, ledger.SheetIssues, ledger.SheetApprovals
	T, N, D := xlsx.Text, xlsx.Number, xlsx.Date
	return []xlsx.Edit{
		{Sheet: ledger.SheetCover, Cell: "B2", Value: T("建设交运局")},
		{Sheet: ledger.SheetCover, Cell: "B3", Value: T("2024-03")},
		{Sheet: ledger.SheetCover, Cell: "B4", Value: T("王五")},
		{Sheet: ledger.SheetCover, Cell: "B5", Value: T("0825-1234567")},

		edit(P, ledger.ColCode, 2, T("CB-2024-0012")),
		edit(P, ledger.ColName, 2, T("城南污水处理厂扩建工程")),
		edit(P, ledger.ColCategory, 2, T("国有投资")),
		edit(P, ledger.ColIndustry, 2, T("基础设施")),
		edit(P, ledger.ColStage, 2, T("续建")),
		edit(P, ledger.ColBuilder, 2, T("高新区建设投资有限公司")),
		edit(P, ledger.ColResponsible, 2, T("建设交运局")),
		edit(P, ledger.ColLeader, 2, T("张三")),
		edit(P, ledger.ColYears, 2, T("2023-2025")),
		edit(P, ledger.ColTotal, 2, N("50000")),
		edit(P, ledger.ColDoneBefore, 2, N("12000")),
		edit(P, ledger.ColPlanYear, 2, N("8000")),
		edit(P, ledger.ColDoneYear, 2, N("2500.25")),
		edit(P, ledger.ColPlannedStart, 2, D(2023, 3, 1)),
		edit(P, ledger.ColActualStart, 2, D(2023, 4, 10)),
		edit(P, ledger.ColPlannedEnd, 2, D(2025, 12, 31)),
		edit(P, ledger.ColFundChannel, 2, T("专项债券")),
		edit(P, ledger.ColFundAsk, 2, N("3000")),
		edit(P, ledger.ColReserveDate, 2, T("2023-01")),
		edit(P, ledger.ColProgress, 2, T("主体结构完成 60%")),
		edit(P, ledger.ColProblems, 2, T("无")),

		edit(P, ledger.ColCode, 3, T("2401-510900-04-01-521743")),
		edit(P, ledger.ColName, 3, T("智能终端产业园")),
		edit(P, ledger.ColCategory, 3, T("社会投资")),
		edit(P, ledger.ColIndustry, 3, T("电子信息")),
		edit(P, ledger.ColStage, 3, T("储备")),
		edit(P, ledger.ColResponsible, 3, T("科经商务局")),
		edit(P, ledger.ColTotal, 3, N("20000")),

		edit(M, ledger.ColCode, 2, T("CB-2024-0012")),
		edit(M, ledger.ColNodeName, 2, T("完成施工图审查")),
		edit(M, ledger.ColNodePlanned, 2, D(2024, 5, 31)),
		edit(M, ledger.ColNodeDone, 2, D(2024, 3, 20)),
		edit(M, ledger.ColResponsible, 2, T("自然资源局")),

		edit(F, ledger.ColCode, 2, T("CB-2024-0012")),
		edit(F, ledger.ColFundType, 2, T("专项债券")),
		edit(F, ledger.ColBatch, 2, T("2024年第一批")),
		edit(F, ledger.ColFundDate, 2, D(2024, 2, 20)),
		edit(F, ledger.ColAllocated, 2, N("1000")),
		edit(F, ledger.ColReceived, 2, N("800")),
		edit(F, ledger.ColSpent, 2, N("500")),

		edit(I, ledger.ColCode, 2, T("CB-2024-0012")),
		edit(I, ledger.ColIssueType, 2, T("征地拆迁")),
		edit(I, ledger.ColIssueDesc, 2, T("项目红线内 3 户未完成拆迁")),
		edit(I, ledger.ColResponsible, 2, T("征地拆迁办")),
		edit(I, ledger.ColIssueRaised, 2, D(2024, 2, 10)),
		edit(I, ledger.ColIssueDue, 2, D(2024, 4, 30)),
		edit(I, ledger.ColClosedDate, 2, D(2024, 3, 20)),

		edit(A, ledger.ColCode, 2, T("CB-2024-0012")),
		edit(A, ledger.ColDocument, 2, T("施工许可证")),
		edit(A, ledger.ColDocState, 2, T("已办结")),
		edit(A, ledger.ColClosedDate, 2, D(2024, 1, 15)),
		edit(A, ledger.ColDocNo, 2, T("遂高建〔2024〕3号")),
	}
}

// writeTemplate writes a template and fills it; the result lies in a
// 2024-03 folder under the unit's name, as a unit would submit it.
func writeTemplate(t *testing.T, opt Options, edits []xlsx.Edit) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "2024-03")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	blank := filepath.Join(dir, ".blank.xlsx")
	if _, err := Write(blank, opt); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "建设交运局.xlsx")
	if err := xlsx.Fill(blank, path, edits); err != nil {
		t.Fatal(err)
	}
	return path
}

// validate reads a workbook as the month folder's only file would be read.
func validate(path string, period model.Period) *ledger.File {
	f := ledger.ReadFile(path, filepath.Base(path), ledger.Options{Period: period})
	ledger.Check([]*ledger.File{f}, nil)
	return f
}

func findings(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, fmt.Sprintf("%s %s %s!%s", d.Severity.Label(), d.Rule, d.Pos.Sheet, d.Pos.Cell()))
	}
	return out
}

func TestBlankTemplate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "台账模板.xlsx")
	if _, err := Write(path, Options{}); err != nil {
		t.Fatal(err)
	}
	f := validate(path, march)
	// Nothing wrong in it, but nothing in it either: the one warning says so.
	if got, want := findings(f.Diags), []string{"警告 sheet.no_data 项目台账!"}; !slices.Equal(got, want) {
		t.Errorf("blank template: %q, want %q", got, want)
	}
	wb, err := xlsx.Open(path, xlsx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	want := []string{ledger.SheetGuide, ledger.SheetCover}
	for _, s := range ledger.Schema() {
		want = append(want, s.Name)
	}
	if got := wb.SheetNames(); !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	// Each data sheet's header is exactly the format's column names.
	for _, s := range ledger.Schema() {
		var header []string
		err := wb.Rows(s.Name, func(r xlsx.Row) error {
			if r.Num == 1 {
				header = r.Cells
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range s.Columns {
			names = append(names, c.Name)
		}
		if !slices.Equal(header, names) {
			t.Errorf("%s header = %q, want %q", s.Name, header, names)
		}
	}
	var cover [][]string
	_ = wb.Rows(ledger.SheetCover, func(r xlsx.Row) error { cover = append(cover, r.Cells); return nil })
	wantCover := [][]string{{"项目", "内容"}}
	for _, l := range ledger.CoverLabels() {
		wantCover = append(wantCover, []string{l})
	}
	if !slices.EqualFunc(cover, wantCover, slices.Equal) {
		t.Errorf("填报信息 = %q, want %q", cover, wantCover)
	}
}

func TestFilledTemplateValidates(t *testing.T) {
	f := validate(writeTemplate(t, Options{}, validFill()), march)
	if len(f.Diags) != 0 {
		t.Fatalf("a correctly filled template: %q, want no errors and no warnings", findings(f.Diags))
	}
	if got := []int{f.Projects.Len(), f.Milestones.Len(), f.Funds.Len(), f.Issues.Len(), f.Approvals.Len()}; !slices.Equal(got, []int{2, 1, 1, 1, 1}) {
		t.Errorf("rows read = %v, want [2 1 1 1 1]", got)
	}
	p := f.Projects.Recs[0]
	if p.DoneYear != 25002500 || p.ActualStart != (model.Date{Year: 2023, Month: 4, Day: 10}) || p.ReserveDate != (model.Date{Year: 2023, Month: 1, MonthOnly: true}) {
		t.Errorf("project read as %+v", p)
	}
}

// TestFilledTemplateMistakes fills the template with one wrong value at a
// time and checks that validation names the rule at the cell.
func TestFilledTemplateMistakes(t *testing.T) {
	P, M, F, I := ledger.SheetProjects, ledger.SheetMilestones, ledger.SheetFunds, ledger.SheetIssues
	T, N, D := xlsx.Text, xlsx.Number, xlsx.Date
	cases := []struct {
		name string
		edit xlsx.Edit
		want string // severity, rule and place
	}{
		{"bad enum", edit(P, ledger.ColCategory, 2, T("政府投资")), "错误 enum.invalid 项目台账!" + at(P, ledger.ColCategory, 2)},
		{"negative amount", edit(P, ledger.ColTotal, 2, N("-20")), "错误 amount.negative 项目台账!" + at(P, ledger.ColTotal, 2)},
		{"amount as words", edit(P, ledger.ColTotal, 2, T("约3000")), "错误 amount.invalid 项目台账!" + at(P, ledger.ColTotal, 2)},
		{"bad date", edit(P, ledger.ColPlannedStart, 2, T("2024-02-30")), "错误 date.invalid 项目台账!" + at(P, ledger.ColPlannedStart, 2)},
		{"text too long", edit(P, ledger.ColName, 2, T(strings.Repeat("项", 101))), "错误 text.too_long 项目台账!" + at(P, ledger.ColName, 2)},
		{"future actual date", edit(P, ledger.ColActualStart, 2, D(2024, 4, 1)), "错误 date.after_period 项目台账!" + at(P, ledger.ColActualStart, 2)},
		{"missing required", edit(P, ledger.ColResponsible, 2, xlsx.Value{}), "错误 field.required 项目台账!" + at(P, ledger.ColResponsible, 2)},
		{"missing conditional", edit(P, ledger.ColPlanYear, 2, xlsx.Value{}), "错误 field.required 项目台账!" + at(P, ledger.ColPlanYear, 2)},
		{"bad years", edit(P, ledger.ColYears, 2, T("三年")), "错误 years.invalid 项目台账!" + at(P, ledger.ColYears, 2)},
		{"bad code", edit(P, ledger.ColCode, 3, T("项目1")), "错误 code.invalid 项目台账!" + at(P, ledger.ColCode, 3)},
		{"start after end", edit(P, ledger.ColPlannedStart, 2, D(2026, 1, 1)), "错误 date.order 项目台账!" + at(P, ledger.ColPlannedStart, 2)},
		{"over total", edit(P, ledger.ColDoneYear, 2, N("40000")), "错误 investment.over_total 项目台账!" + at(P, ledger.ColDoneYear, 2)},
		{"future node", edit(M, ledger.ColNodeDone, 2, D(2024, 4, 2)), "错误 date.after_period 节点计划!" + at(M, ledger.ColNodeDone, 2)},
		{"unknown project", edit(M, ledger.ColCode, 2, T("CB-9999")), "错误 ref.project_unknown 节点计划!" + at(M, ledger.ColCode, 2)},
		{"allocation zero", edit(F, ledger.ColAllocated, 2, N("0")), "错误 amount.not_positive 资金到位!" + at(F, ledger.ColAllocated, 2)},
		{"received over allocated", edit(F, ledger.ColReceived, 2, N("1200")), "错误 fund.received_over_allocated 资金到位!" + at(F, ledger.ColReceived, 2)},
		{"due before raised", edit(I, ledger.ColIssueDue, 2, D(2024, 1, 1)), "错误 issue.due_before_raised 要素保障!" + at(I, ledger.ColIssueDue, 2)},
		{"bad issue type", edit(I, ledger.ColIssueType, 2, T("人员")), "错误 enum.invalid 要素保障!" + at(I, ledger.ColIssueType, 2)},
		{"wrong month", xlsx.Edit{Sheet: ledger.SheetCover, Cell: "B3", Value: T("2024-02")}, "错误 cover.month_mismatch 填报信息!B3"},
		{"other unit", xlsx.Edit{Sheet: ledger.SheetCover, Cell: "B2", Value: T("发改统计局")}, "警告 cover.unit_mismatch 填报信息!B2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := validate(writeTemplate(t, Options{}, append(validFill(), c.edit)), march)
			got := findings(f.Diags)
			if !slices.Contains(got, c.want) {
				t.Errorf("findings = %q, want %q among them", got, c.want)
			}
		})
	}
}

// TestHints checks every column's hint against Excel's limits (Write would
// refuse it) and that it says what the clerk needs.
func TestHints(t *testing.T) {
	for _, s := range ledger.Schema() {
		if sheetIntro[s.Name] == "" {
			t.Errorf("sheet %s has no introduction for 填报说明", s.Name)
		}
		for _, c := range s.Columns {
			if _, ok := columnInfo[key(s.Name, c.Name)]; !ok {
				t.Errorf("column %s/%s has no entry in columnInfo", s.Name, c.Name)
			}
			h := hint(s.Name, c)
			if h.Title != c.Name {
				t.Errorf("%s/%s hint title = %q", s.Name, c.Name, h.Title)
			}
			wants := []string{requirement(c)}
			switch c.Kind {
			case "amount":
				wants = append(wants, "万元", "示例：")
			case "date":
				wants = append(wants, "2024-03-15")
			case "enum":
				wants = append(wants, "下拉列表")
			}
			for _, w := range wants {
				if !strings.Contains(h.Text, w) {
					t.Errorf("%s/%s hint %q lacks %q", s.Name, c.Name, h.Text, w)
				}
			}
		}
	}
}
