package template

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

// header is a sheet's header line in the xlsxtest sheet language.
func header(sheet string) string {
	for _, s := range ledger.Schema() {
		if s.Name == sheet {
			var names []string
			for _, c := range s.Columns {
				names = append(names, c.Name)
			}
			return strings.Join(names, "\t")
		}
	}
	panic(sheet)
}

// lastMonth writes a month folder with the unit's workbook (every sheet,
// month-only dates, blank optional amounts) and another unit's.
func lastMonth(t *testing.T, month, projects string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), month)
	book := strings.Join([]string{
		"== 填报信息 ==",
		"填报单位\t建设交运局",
		"填报月份\t" + month,
		"== 项目台账 ==",
		header(ledger.SheetProjects),
		projects,
		"== 节点计划 ==",
		header(ledger.SheetMilestones),
		"CB-2024-0012\t完成施工图审查\t2024-05\t\t自然资源局\t李四\t已报审",
		"CB-2024-0012\t主体封顶\t#d:2024-09-30",
		"== 资金到位 ==",
		header(ledger.SheetFunds),
		"CB-2024-0012\t专项债券\t2024年第一批\t#d:2024-01-20\t#n:1000\t#n:800",
		"== 要素保障 ==",
		header(ledger.SheetIssues),
		"CB-2024-0012\t征地拆迁\t3 户未拆迁\t征地拆迁办\t#d:2024-01-10\t#d:2024-04-30",
		"== 前期要件 ==",
		header(ledger.SheetApprovals),
		"CB-2024-0012\t施工许可证\t已办结\t#d:2023-12-15\t遂高建〔2023〕9号",
		"CB-2024-0012\t环评批复\t不涉及",
	}, "\n")
	if err := xlsxtest.Workbook(filepath.Join(dir, "建设交运局.xlsx"), []byte(book)); err != nil {
		t.Fatal(err)
	}
	other := "== 项目台账 ==\n" + header(ledger.SheetProjects) + "\nCB-9\t别的项目\t国有投资\t其他\t储备\t\t发改统计局\t\t\t#n:100"
	if err := xlsxtest.Workbook(filepath.Join(dir, "发改统计局.xlsx"), []byte(other)); err != nil {
		t.Fatal(err)
	}
	return dir
}

const febProjects = "CB-2024-0012\t城南污水处理厂扩建工程\t国有投资\t基础设施\t续建\t建投公司\t建设交运局\t张三\t2023-2025\t#n:50000\t#n:12000\t#n:8000\t#n:1500.5\t#d:2023-03-01\t#d:2023-04-10\t2025-12\t专项债券\t#n:3000\t2023-01\t主体完工\t无\n" +
	"2401-510900-04-01-521743\t智能终端产业园\t社会投资\t电子信息\t储备\t\t建设交运局\t\t\t#n:20000"

func TestPrefill(t *testing.T) {
	dir := lastMonth(t, "2024-02", febProjects)
	prev, err := LoadPrevious(context.Background(), dir, " 建设交运局 ")
	if err != nil {
		t.Fatal(err)
	}
	if prev.Unit != "建设交运局" || prev.Period != (model.Period{Year: 2024, Month: 2}) {
		t.Errorf("LoadPrevious = %s %v", prev.Unit, prev.Period)
	}
	path := filepath.Join(t.TempDir(), "2024-03", "建设交运局.xlsx")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	filled, err := Write(path, Options{From: prev})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Filled{Projects: 2, Milestones: 2, Funds: 1, Issues: 1, Approvals: 2}); filled != want {
		t.Errorf("filled = %+v, want %+v", filled, want)
	}
	// The pre-filled template is March's ledger as it stands: valid as is.
	f := validate(path, march)
	if len(f.Diags) != 0 {
		t.Fatalf("pre-filled template: %q, want no findings", findings(f.Diags))
	}
	// Every value comes back as it was read last month.
	same := func(what string, got, want int, eq func(i int) bool) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %d rows, want %d", what, got, want)
			return
		}
		for i := range got {
			if !eq(i) {
				t.Errorf("%s row %d differs from last month's", what, i+1)
			}
		}
	}
	old := prev.File
	same("projects", f.Projects.Len(), old.Projects.Len(), func(i int) bool {
		a, b := f.Projects.Recs[i], old.Projects.Recs[i]
		a.Source, b.Source = model.Source{}, model.Source{}
		return a == b
	})
	same("milestones", f.Milestones.Len(), old.Milestones.Len(), func(i int) bool {
		a, b := f.Milestones.Recs[i], old.Milestones.Recs[i]
		a.Source, b.Source = model.Source{}, model.Source{}
		return a == b
	})
	same("funds", f.Funds.Len(), old.Funds.Len(), func(i int) bool {
		a, b := f.Funds.Recs[i], old.Funds.Recs[i]
		a.Source, b.Source = model.Source{}, model.Source{}
		return a == b
	})
	same("issues", f.Issues.Len(), old.Issues.Len(), func(i int) bool {
		a, b := f.Issues.Recs[i], old.Issues.Recs[i]
		a.Source, b.Source = model.Source{}, model.Source{}
		return a == b
	})
	same("approvals", f.Approvals.Len(), old.Approvals.Len(), func(i int) bool {
		a, b := f.Approvals.Recs[i], old.Approvals.Recs[i]
		a.Source, b.Source = model.Source{}, model.Source{}
		return a == b
	})
	if got := f.Milestones.Recs[0].Planned; got != (model.Date{Year: 2024, Month: 5, MonthOnly: true}) {
		t.Errorf("a month-only date came back as %+v", got)
	}
}

func TestPrefillNewYear(t *testing.T) {
	dir := lastMonth(t, "2023-12", febProjects)
	prev, err := LoadPrevious(context.Background(), dir, "建设交运局")
	if err != nil {
		t.Fatal(err)
	}
	b, filled := Book(Options{From: prev, Rows: 10})
	if !filled.YearStart {
		t.Error("December → January is not a year start")
	}
	var projects [][]string
	for _, s := range b.Sheets {
		if s.Name == ledger.SheetProjects {
			for _, r := range s.Rows[1:] {
				var cells []string
				for _, c := range r {
					cells = append(cells, c.Value.String())
				}
				projects = append(projects, cells)
			}
		}
	}
	col := func(name string) int {
		for i, c := range strings.Split(header(ledger.SheetProjects), "\t") {
			if c == name {
				return i
			}
		}
		return -1
	}
	got := []string{projects[0][col(ledger.ColDoneBefore)], projects[0][col(ledger.ColPlanYear)], projects[0][col(ledger.ColDoneYear)]}
	if want := []string{"13500.5", "", ""}; !slices.Equal(got, want) {
		t.Errorf("January's 截至上年底/年度计划/本年累计 = %q, want %q", got, want)
	}
	var month string
	for _, s := range b.Sheets {
		if s.Name == ledger.SheetCover {
			month = s.Rows[2][1].Value.String()
		}
	}
	if month != "2024-01" {
		t.Errorf("填报月份 = %q, want 2024-01", month)
	}
}

func TestPrefillRejectedRows(t *testing.T) {
	bad := febProjects + "\nCB-7\t坏行\t政府投资\t其他\t储备\t\t建设交运局\t\t\t#n:10"
	dir := lastMonth(t, "2024-02", bad)
	prev, err := LoadPrevious(context.Background(), dir, "建设交运局")
	if err != nil {
		t.Fatal(err)
	}
	_, filled := Book(Options{From: prev})
	if filled.Projects != 3 || filled.Rejected != 1 {
		t.Errorf("filled = %+v, want 3 projects, 1 of them rejected", filled)
	}
}

func TestLoadPreviousErrors(t *testing.T) {
	dir := lastMonth(t, "2024-02", febProjects)
	unreadable := filepath.Join(t.TempDir(), "2024-02")
	if err := os.MkdirAll(unreadable, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(unreadable, "建设交运局.xlsx"), []byte("项目代码,项目名称\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, dir, unit, want string
	}{
		{"no folder", filepath.Join(dir, "..", "2099-01"), "建设交运局", "找不到上月的文件夹"},
		{"a file", filepath.Join(dir, "建设交运局.xlsx"), "建设交运局", "不是文件夹"},
		{"no such unit", dir, "住建局", "没有单位“住建局”的台账（文件夹中的单位有：发改统计局、建设交运局）"},
		{"unreadable", unreadable, "建设交运局", "无法读取，不能预填"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadPrevious(context.Background(), c.dir, c.unit)
			var te *Error
			if !errors.As(err, &te) || !strings.Contains(te.Message, c.want) {
				t.Errorf("LoadPrevious = %v, want an *Error containing %q", err, c.want)
			}
		})
	}
}
