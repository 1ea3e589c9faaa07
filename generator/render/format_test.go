package render

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"tuijin/generator/analysis"

	"tuijin/generator/model"
)

func TestFormat(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct{ got, want string }{
		{wan(1234567 * model.AmountScale), "1,234,567"},
		{wan(125005000), "12,500.5"},
		{wan(12345), "1.23"},
		{wan(0), "0"},
		{wan(150), "0.02"}, // a half rounds away from zero
		{wan(-150), "-0.02"},
		{wan(-40), "0"}, // no "-0"
		{wan(1005000), "100.5"},
		{wan(math.MaxInt64), "922,337,203,685,477.58"},
		{wan(math.MinInt64), "-922,337,203,685,477.58"},
		{yi(12340 * 10000 * model.AmountScale), "12,340.00"},
		{yi(1234 * model.AmountScale), "0.12"},
		{money(5000 * model.AmountScale), "5,000 万元"},
		{money(12345 * model.AmountScale), "1.23 亿元"},
		{pct(f(0.382)), "38.2%"},
		{pct(f(1)), "100.0%"},
		{pct(nil), "—"},
		{gap(f(0.382), 0.333333), "超序时进度 4.9 个百分点"},
		{gap(f(0.2), 0.25), "落后序时进度 5.0 个百分点"},
		{gap(f(0.25), 0.25), "与序时进度持平"},
		{gap(nil, 0.25), "无年度计划"},
		{date(model.Date{Year: 2024, Month: 5, Day: 31}), "2024年5月31日"},
		{date(model.Date{}), "—"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

func TestCSVSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+1", "'+1"}, {"-1+2", "'-1+2"}, {"@SUM(A1)", "'@SUM(A1)"}, {"\t=1", "'\t=1"},
		{"＝1", "'＝1"}, {"12500.5", "12500.5"}, {"电子信息产业园", "电子信息产业园"}, {"", ""},
		// LibreOffice drops a leading NUL and runs the rest as a formula.
		{"\x00=1+1", "'\x00=1+1"}, {"\x00\x1b@SUM(A1)", "'\x00\x1b@SUM(A1)"}, {" =1", "' =1"}, {"\x01文本", "'\x01文本"},
		{" 主体施工", " 主体施工"}, {"\x00", "\x00"},
		// Full-width forms lead with the byte 0xEF, as do other characters.
		{"＋1", "'＋1"}, {"－1", "'－1"}, {"＠A", "'＠A"}, {"Ａ栋厂房", "Ａ栋厂房"}, {"（续建）", "（续建）"},
		{"\x7f=1", "'\x7f=1"}, {"\x7f文本", "'\x7f文本"}, {"\x7f", "\x7f"}, {"a=1", "a=1"}, {"\x80=1", "\x80=1"},
	}
	for _, tt := range tests {
		if got := csvSafe(tt.in); got != tt.want {
			t.Errorf("csvSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPaths(t *testing.T) {
	tests := []struct{ got, want string }{
		{projectPath("2401-510900-04-01-521743"), "projects/2401-510900-04-01-521743.html"},
		{projectPath("CON"), "projects/CON_.html"},
		{pagePath("mechanism"), "pages/mechanism.html"},
		{pagePath("../etc"), "pages/p-" + shortHash("../etc") + ".html"},
		{pagePath("项目推进机制"), "pages/p-" + shortHash("项目推进机制") + ".html"},
		{rel("projects/x.html", "index.html"), "../index.html"},
		{rel("index.html", "units.html"), "units.html"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if a, b := unitPath("发改统计局"), unitPath("../../etc/passwd"); a == b || len(a) > 100 || b != "units/u-"+shortHash("../../etc/passwd")+".html" {
		t.Errorf("unit paths %q %q", a, b)
	}
}

// A cell's sort key reads as fmt.Sprint wrote it, which site.js and the
// published pages rely on.
func TestSortKeyIsSprint(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e6, 1e20, 1e21, 1e-4, 1e-5, 12345.678, 2000.5, math.MaxFloat64,
		math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), math.NaN()}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		vals = append(vals, math.Float64frombits(r.Uint64()), float64(r.IntN(1e9))/100)
	}
	for _, v := range vals {
		if got, want := sortKey(v), fmt.Sprint(v); got != want {
			t.Fatalf("sortKey(%b) = %q, fmt.Sprint gives %q", v, got, want)
		}
	}
}

// Project pages stay distinct where file names ignore case: a reserved
// name's page never shares a name, case aside, with another code's.
func TestProjectPathsDistinctIgnoringCase(t *testing.T) {
	var codes []string
	for _, r := range []string{"CON", "PRN", "AUX", "NUL", "COM1", "LPT9"} {
		codes = append(codes, r, r+"-P", r+"-P1", r+"P")
	}
	seen := map[string]string{}
	for _, c := range codes {
		p := strings.ToLower(projectPath(c))
		if other, ok := seen[p]; ok {
			t.Errorf("%s and %s both get %s, ignoring case", other, c, p)
		}
		seen[p] = c
	}
}

func TestWithoutOwnTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"## 下一步工作\n\n1. 冲刺\n", "\n1. 冲刺\n"},
		{"\ufeff# 七、下一步工作 #\r\n正文", "正文"},
		{"\n\n### 下一步工作\n正文", "正文"},
		{"## 下一步工作安排\n正文", "## 下一步工作安排\n正文"}, // another title: kept
		{"正文\n## 下一步工作\n", "正文\n## 下一步工作\n"}, // not the first line
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(withoutOwnTitle([]byte(tt.in))); got != tt.want {
			t.Errorf("withoutOwnTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A tile gives a large total in 亿元, a smaller one in 万元, never 0.05 亿元.
func TestMoneyTile(t *testing.T) {
	tests := []struct {
		wan  float64
		want [2]string
	}{
		{500, [2]string{"500", "万元"}},
		{9999.99, [2]string{"9,999.99", "万元"}},
		{10000, [2]string{"1.00", "亿元"}},
		{185747.79, [2]string{"18.57", "亿元"}},
	}
	for _, tt := range tests {
		if got := moneyTile(model.Amount(tt.wan * model.AmountScale)); got != tt.want {
			t.Errorf("moneyTile(%v 万元) = %q, want %q", tt.wan, got, tt.want)
		}
	}
}

// Many units are charted as a ranking: best rate first, units without a
// plan last; the table under the chart lists them in the same order.
func TestUnitChartIsARanking(t *testing.T) {
	rate := func(f float64) *float64 { return &f }
	var groups []*analysis.Group
	for _, g := range []struct {
		name string
		rate *float64
	}{{"甲", rate(0.5)}, {"乙", nil}, {"丙", rate(0.9)}, {"丁", rate(0.1)}, {"戊", rate(0.9)}, {"己", rate(0.7)}} {
		groups = append(groups, &analysis.Group{Name: g.name, CompletionRate: g.rate, Projects: []*analysis.Project{{}}})
	}
	s := &site{rep: &analysis.Report{}}
	cv := s.completionChart(s.rep, "unit-completion", "各单位年度计划完成率", groups, "index.html")
	var got []string
	for _, r := range cv.Table.Rows {
		got = append(got, r[0].Text)
	}
	// 丙 and 戊 tie and keep their given order.
	if want := []string{"丙", "戊", "己", "甲", "丁", "乙"}; !slices.Equal(got, want) {
		t.Errorf("units in %q, want %q", got, want)
	}
	if !strings.Contains(string(cv.Option), `["丙","戊","己","甲","丁","乙"]`) {
		t.Errorf("the chart's categories are not in ranking order: %s", cv.Option)
	}
	if groups[0].Name != "甲" {
		t.Error("the caller's groups were reordered")
	}
}

// A unit's 数据校验 tile links to its own workbook's section of the
// validation page, numbered as that page numbers them.
func TestUnitValidationLink(t *testing.T) {
	in := fixtureInput(t)
	files := renderKeyed(t, in)
	validation := string(files["validation.html"].data)
	for i, f := range in.Files {
		page := string(files[unitPath(f.Unit)].data)
		anchor := fmt.Sprintf("validation.html#file-%d", i+1)
		if first := slices.IndexFunc(in.Files, func(g FileInfo) bool { return g.Unit == f.Unit }); first != i {
			continue // the unit's later workbooks: the link goes to its first
		}
		if !strings.Contains(page, `href="../`+anchor+`"`) {
			t.Errorf("%s: unit page does not link to %s", f.Unit, anchor)
		}
		if !strings.Contains(validation, fmt.Sprintf(`id="file-%d"`, i+1)) {
			t.Errorf("validation page has no section file-%d for %s", i+1, f.Name)
		}
	}
}

func TestDateCell(t *testing.T) {
	if got, want := dateCell(model.Date{Year: 2026, Month: 10, Day: 13}), (cell{Text: "2026年10月13日", Sort: "2026-10-13", Class: "date"}); got != want {
		t.Errorf("dateCell = %+v, want %+v", got, want)
	}
	if got := dateCell(model.Date{}); got.Text != "—" || got.Sort != "" {
		t.Errorf("no date: %+v", got)
	}
}

// wan writes in integers what formatting the amount as a float once did:
// the same text for every amount but a half, which it now rounds away from
// zero exactly where the float could tip either way.
func TestWanMatchesFloat(t *testing.T) {
	float := func(a model.Amount) string {
		return groupDigits(strconv.FormatFloat(math.Round(a.Wan()*100)/100, 'f', -1, 64))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 200_000 {
		// Every magnitude up to 1e11 万元, the largest amount a ledger's
		// cell may hold; above it the float itself rounds wrongly
		// (596,533,054,054.085 万元 came out as …054.09).
		a := model.Amount(r.Int64N(int64(math.Pow(10, float64(1+i%15)))))
		if a%(model.AmountScale/100) == model.AmountScale/200 {
			continue // a half
		}
		if got, want := wan(a), float(a); got != want {
			t.Fatalf("wan(%d) = %q, the float gives %q", a, got, want)
		}
	}
}

// FuzzWan holds wan to exact arithmetic for every int64: the amount in
// 万元 as a fraction, rounded to hundredths with halves away from zero
// (big.Rat's FloatString), trailing zeros dropped, thousands grouped.
func FuzzWan(f *testing.F) {
	for _, a := range []int64{0, 1, 49, 50, 150, -150, -40, 1005000, 125005000, math.MaxInt64, math.MinInt64} {
		f.Add(a)
	}
	f.Fuzz(func(t *testing.T, a int64) {
		s := new(big.Rat).SetFrac(big.NewInt(a), big.NewInt(model.AmountScale)).FloatString(2)
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
		if s == "-0" {
			s = "0"
		}
		if got, want := wan(model.Amount(a)), groupDigits(s); got != want {
			t.Errorf("wan(%d) = %q, want %q", a, got, want)
		}
	})
}
