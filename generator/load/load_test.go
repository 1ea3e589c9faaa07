package load

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

func mixed(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := xlsxtest.WriteFile(dir, "../../testdata/validate/mixed.txtar"); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMonths(t *testing.T) {
	dir := mixed(t)
	os.MkdirAll(filepath.Join(dir, "ledgers", "草稿"), 0o755)
	got, err := Months(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.Period{{Year: 2024, Month: 2}, {Year: 2024, Month: 3}}
	if !slices.Equal(got, want) {
		t.Errorf("Months = %v, want %v", got, want)
	}
}

// The messy-but-valid workbook must read to exactly what the clerk meant.
func TestMessyValuesReadExactly(t *testing.T) {
	res, err := Data(context.Background(), mixed(t), model.Period{Year: 2024, Month: 3}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]model.Project{}
	for _, p := range res.Ledger.Projects {
		byCode[p.Code] = p
	}
	p, ok := byCode["2402-510900-04-01-300011"] // typed in full-width digits
	if !ok {
		t.Fatalf("project with full-width code not accepted; accepted: %v", keys(byCode))
	}
	got := []string{p.Name, p.Industry, p.Total.String(), p.DoneBefore.String(), p.PlanYear.String(), p.DoneYear.String(), p.PlannedStart.String(), p.ActualStart.String(), p.PlannedEnd.String(), p.Unit}
	want := []string{"锂电新材料产业化项目", "装备制造", "50000", "0", "25000", "8000", "2024-01", "2024-01-18", "2026-12", "科经商务局"}
	if !slices.Equal(got, want) {
		t.Errorf("锂电 = %q\nwant %q", got, want)
	}
	q := byCode["2310-510900-04-01-300012"]
	// "0.25亿" in a 亿元 column is 2500 万元; the date cell is a real 1904-system date.
	if q.DoneYear.String() != "2500" || q.ActualStart.String() != "2023-10-20" || q.Total.String() != "102000" {
		t.Errorf("数字经济产业园 = done %s, started %s, total %s", q.DoneYear, q.ActualStart, q.Total)
	}
	r := byCode["YY-2024-001"]
	if r.FundAsk.String() != "2000" || !r.HasFundAsk || r.ReserveDate.String() != "2024-02" || r.HasPlan || r.Total.String() != "2000" {
		t.Errorf("储备 = ask %s (%v), reserve %s, plan %v, total %s", r.FundAsk, r.HasFundAsk, r.ReserveDate, r.HasPlan, r.Total)
	}
	var nodes []string
	for _, m := range res.Ledger.Milestones {
		if m.Unit == "科经商务局" {
			nodes = append(nodes, m.Name+" "+m.Planned.String()+" "+m.Done.String())
		}
	}
	wantNodes := []string{"场地平整完成 2024-02-29 2024-02-29", "主厂房开工 2024-04 ", "1#楼封顶 2024-03-31 "}
	if !slices.Equal(nodes, wantNodes) {
		t.Errorf("nodes = %q\nwant %q", nodes, wantNodes)
	}
	if res.Previous == nil || len(res.Previous.Projects) != 3 {
		t.Errorf("previous month not read as history: %+v", res.Previous)
	}
}

// A file that cannot be read is one file-level error; the others are still read.
func TestUnreadableFilesDoNotStopOthers(t *testing.T) {
	dir := mixed(t)
	month := filepath.Join(dir, "ledgers", "2024-03")
	good, err := os.ReadFile(filepath.Join(month, "发改统计局.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(month, "截断.xlsx"), good[:len(good)/2], 0o644)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 4096)...)
	os.WriteFile(filepath.Join(month, "旧格式.xls"), ole, 0o644)
	res, err := Data(context.Background(), dir, model.Period{Year: 2024, Month: 3}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, d := range res.Diags() {
		if d.Pos.Sheet == "" {
			rules[d.Pos.File] = d.Rule
		}
	}
	for file, want := range map[string]string{
		"ledgers/2024-03/截断.xlsx":     "file.truncated",
		"ledgers/2024-03/旧格式.xls":     "file.xls",
		"ledgers/2024-03/党政办.xlsx":    "file.not_zip",
		"ledgers/2024-03/企业服务中心.xlsx": "file.empty",
		"ledgers/2024-03/说明.docx":     "file.stray",
	} {
		if rules[file] != want {
			t.Errorf("%s: rule %q, want %q", file, rules[file], want)
		}
	}
	if res.Unreadable() != 4 {
		t.Errorf("Unreadable() = %d, want 4", res.Unreadable())
	}
	units := map[string]bool{}
	for _, p := range res.Ledger.Projects {
		units[p.Unit] = true
	}
	if !units["发改统计局"] || !units["科经商务局"] {
		t.Errorf("readable units missing from the ledger: %v", units)
	}
	// The source files are never modified.
	after, _ := os.ReadFile(filepath.Join(month, "发改统计局.xlsx"))
	if !slices.Equal(good, after) {
		t.Error("reading changed a source file")
	}
}

// Concurrency never changes the outcome.
func TestDeterministicAcrossWorkers(t *testing.T) {
	dir := mixed(t)
	var first []string
	for _, w := range []int{1, 2, 8} {
		res, err := Data(context.Background(), dir, model.Period{Year: 2024, Month: 3}, Options{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, d := range res.Diags() {
			got = append(got, d.String())
		}
		for _, p := range res.Ledger.Projects {
			got = append(got, p.Code+p.Unit)
		}
		if first == nil {
			first = got
		} else if !slices.Equal(got, first) {
			t.Errorf("workers=%d gave a different result", w)
		}
	}
}

func keys(m map[string]model.Project) []string {
	var k []string
	for c := range m {
		k = append(k, c)
	}
	slices.Sort(k)
	return k
}

// Two workbooks of one unit (here by their cover sheets) are reported.
func TestDuplicateUnit(t *testing.T) {
	dir := t.TempDir()
	src := "== 填报信息 ==\n填报单位\t发改统计局\n== 项目台账 ==\n项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t责任单位\t总投资（万元）\n"
	for i, name := range []string{"发改统计局.xlsx", "发改统计局（修改版）.xlsx"} {
		row := []string{"CB-1", "CB-2"}[i] + "\t道路\t国有投资\t基础设施\t储备\t发改统计局\t100\n"
		if err := xlsxtest.Workbook(filepath.Join(dir, name), []byte(src+row)); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Folder(context.Background(), dir, "", model.Period{Year: 2024, Month: 3}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags() {
		got = append(got, d.Pos.File+" "+d.Rule)
	}
	want := []string{"发改统计局（修改版）.xlsx file.unit_duplicate", "发改统计局（修改版）.xlsx cover.unit_mismatch"}
	if !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
}
