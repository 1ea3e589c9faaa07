package generator

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"tuijin/generator/analysis"
)

// Figures over months for testdata/history/five-months.txtar, worked out by
// hand. March 2024: 序时进度 25%.
//
//	北环路 (甲): plan 1200, done 60 → 5.0%, 20.0 points behind → yellow;
//	             node 主体封顶 planned 03-01, open → 30 days late → red. Overall red.
//	新材料产业园 (甲): plan 400, done 0 → 25 points behind → yellow;
//	             node 桩基完成 planned 03-25 → 6 days late → yellow. Overall yellow.
//	污水处理厂 (乙): 300/1000 = 30% → green; node done on time → green.
//	储备项目丁, 储备项目戊: no plan, no nodes → not rated.
func TestHistoryFigures(t *testing.T) {
	data := writeArchive(t, "../testdata/history/five-months.txtar")
	a, err := analyse(context.Background(), Config{DataDir: data}, func(string, ...any) {})
	if err != nil {
		t.Fatal(err)
	}
	r := a.report
	if a.result.Errors != 0 || a.result.Warnings != 0 {
		t.Fatalf("fixture has findings: %v", a.diags)
	}
	s := r.Summary
	if got, want := fmt.Sprintf("%+v", s.Lights), "{Red:1 Yellow:1 Green:1 None:2}"; got != want {
		t.Errorf("lights = %s, want %s", got, want)
	}
	reasons := map[string]string{}
	for _, p := range r.Projects {
		reasons[p.Name] = p.Light.Label() + "：" + strings.Join(p.Reasons, "；")
	}
	for name, want := range map[string]string{
		"北环路":    "红灯：年度计划完成 5.0%，落后序时进度 20.0 个百分点（黄灯：落后超过 10 个百分点）；节点“主体封顶”计划 2024年3月1日 完成，已逾期 30 天未完成（红灯）",
		"新材料产业园": "黄灯：年度计划完成 0.0%，落后序时进度 25.0 个百分点（黄灯：落后超过 10 个百分点）；节点“桩基完成”计划 2024年3月25日 完成，已逾期 6 天未完成（黄灯）",
		"污水处理厂":  "绿灯：",
	} {
		if reasons[name] != want {
			t.Errorf("%s: %q\nwant %q", name, reasons[name], want)
		}
	}
	// 红黑榜: February 甲 led (40/1600 against 乙's 0/1000); in March 乙 leads (30%).
	got := ranks(r.Ranks.UnitsByCompletion)
	if want := "乙单位 #1 (was 2, +1); 甲单位 #2 (was 1, -1)"; got != want {
		t.Errorf("units by completion: %s, want %s", got, want)
	}
	if got, want := ranks(r.Ranks.UnitsByOnTime), "乙单位 #1 (was 1, +0); 甲单位 #2 (was 2, +0)"; got != want {
		t.Errorf("units by on-time rate: %s, want %s", got, want)
	}
	// 主体封顶 moved 01-31 → 02-29 → 03-01 this year (2023's date does not count).
	if len(r.Slips) != 1 {
		t.Fatalf("slips = %d, want 1", len(r.Slips))
	}
	h := r.Slips[0]
	var dates []string
	for _, d := range h.Dates {
		dates = append(dates, d.Period.String()+"="+d.Planned.String())
	}
	if got, want := fmt.Sprintf("%s moves=%d shift=%d %s", h.Node.Name, h.Moves, h.ShiftDays, strings.Join(dates, ",")),
		"主体封顶 moves=2 shift=30 2024-01=2024-01-31,2024-02=2024-02-29,2024-03=2024-03-01"; got != want {
		t.Errorf("slip = %s\nwant %s", got, want)
	}
	if s.Slips.ThisMonth != 1 || s.Slips.MovedThisYear != 1 || s.Slips.ByUnit["甲单位"] != 1 || s.Slips.ByUnit["乙单位"] != 0 {
		t.Errorf("slips = %+v", s.Slips)
	}
	// Trend: plan 2600 each month; done 20, 40, 360.
	var trend []string
	for _, p := range s.Trend {
		trend = append(trend, fmt.Sprintf("%s %s/%s %s", p.Period, p.DoneYear, p.PlanYear, p.MonthChange))
	}
	if got, want := strings.Join(trend, "; "), "2024-01 20/2600 20; 2024-02 40/2600 20; 2024-03 360/2600 320"; got != want {
		t.Errorf("trend = %s\nwant %s", got, want)
	}
	if q := s.Quarters[0]; q.Period != "2024-03" || *q.CompletionRate != 360.0/2600 || q.Target != 0.25 || s.Quarters[1].Period != "" {
		t.Errorf("quarters = %+v", s.Quarters)
	}
	// 专项债券 allocated Jan–Mar 2024: 500 + 300 = 800; Jan–Mar 2023 (the
	// 2023-03 ledger): 400 → +100%. 中央预算内投资: 100 against 0 → no rate.
	if y := s.FundsYoY["专项债券"]; y.ThisYear.String() != "800" || y.LastYear.String() != "400" || *y.Change != 1 {
		t.Errorf("专项债券 yoy = %+v", y)
	}
	if y := s.FundsYoY["中央预算内投资"]; y.ThisYear.String() != "100" || y.LastYear.String() != "0" || y.Change != nil {
		t.Errorf("中央预算内投资 yoy = %+v", y)
	}
	// Bond batches against 6 months of even spending (182.625 days):
	// 2023年第三批 all spent → green; 2024年第一批 81 days → 44.4% expected,
	// 20% spent → 24.4 points → yellow; 2024年第二批 26 days → 14.2%, 6.7% → green.
	var bonds []string
	for _, b := range r.Bonds {
		bonds = append(bonds, fmt.Sprintf("%s %.1f%% %s", b.Batch, b.Expected*100, b.Light.Label()))
	}
	if got, want := strings.Join(bonds, "; "), "2023年第三批 100.0% 绿灯; 2024年第一批 44.4% 黄灯; 2024年第二批 14.2% 绿灯"; got != want {
		t.Errorf("bonds = %s\nwant %s", got, want)
	}
	// Reserve: 戊 entered in January (乙), 丁 in March (甲).
	var res []string
	for _, m := range r.ReserveMonths {
		res = append(res, fmt.Sprintf("%d月%d", m.Period.Month, m.New))
	}
	if got := strings.Join(res, " "); got != "1月1 2月0 3月1" || s.Reserve.NewThisMonth != 1 || s.Reserve.Projects != 2 {
		t.Errorf("reserve = %s, %+v", got, s.Reserve)
	}
	// The issue raised in January, due 02-28, open at 03-31: 32 days overdue, open 3 months.
	is := r.Issues[0]
	if is.Status != analysis.IssueOverdue || is.DaysOverdue != 32 || analysis.MonthsOpen(is, r.End) != 3 {
		t.Errorf("issue: %v, %d days overdue, %d months", is.Status, is.DaysOverdue, analysis.MonthsOpen(is, r.End))
	}
}

func ranks(rs []analysis.Rank) string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s #%d (was %d, %+d)", r.Name, r.Place, r.PrevPlace, r.Change()))
	}
	return strings.Join(out, "; ")
}
