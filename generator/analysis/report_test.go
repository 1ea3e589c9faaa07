package analysis

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"tuijin/generator/model"
)

func wan(n float64) model.Amount { return model.Amount(n * model.AmountScale) }
func day(y, m, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }
func month(y, m int) model.Date  { return model.Date{Year: y, Month: m, MonthOnly: true} }

func TestNodeStatus(t *testing.T) {
	e := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		planned, done model.Date
		want          NodeStatus
	}{
		{day(2024, 3, 15), day(2024, 3, 15), OnTime},
		{day(2024, 3, 15), day(2024, 3, 16), Late},
		{day(2024, 3, 15), model.Date{}, Overdue},
		{month(2024, 3), model.Date{}, Overdue},    // a month means its last day: due at E
		{month(2024, 3), day(2024, 3, 31), OnTime}, //
		{day(2024, 3, 15), month(2024, 3), Late},   // done "2024-03" means the 31st
		{day(2024, 4, 1), day(2024, 3, 20), Early}, //
		{month(2024, 4), model.Date{}, Pending},    //
		{day(2024, 3, 31), model.Date{}, Overdue},  // due on E itself
	}
	for _, tt := range tests {
		if got := NodeStatusAt(model.Milestone{Planned: tt.planned, Done: tt.done}, e); got != tt.want {
			t.Errorf("NodeStatusAt(planned %v, done %v) = %v, want %v", tt.planned, tt.done, got, tt.want)
		}
	}
	if got := DaysLate(model.Milestone{Planned: day(2024, 3, 1)}, e); got != 30 {
		t.Errorf("DaysLate = %d, want 30", got)
	}
}

func TestIssueStatus(t *testing.T) {
	e := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		due, closed model.Date
		want        IssueStatus
	}{
		{day(2024, 3, 1), day(2024, 3, 2), Closed},
		{day(2024, 3, 30), model.Date{}, IssueOverdue},
		{day(2024, 3, 31), model.Date{}, Open}, // due on E: not yet overdue
		{month(2024, 3), model.Date{}, Open},   // month precision: the 31st
		{month(2024, 2), model.Date{}, IssueOverdue},
	}
	for _, tt := range tests {
		if got := IssueStatusAt(model.Issue{Due: tt.due, Closed: tt.closed}, e); got != tt.want {
			t.Errorf("IssueStatusAt(due %v, closed %v) = %v, want %v", tt.due, tt.closed, got, tt.want)
		}
	}
}

// A small period computed by hand.
func TestComputeSummary(t *testing.T) {
	l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3}}
	l.Projects = []model.Project{
		{Code: "A", Unit: "甲", Category: "国有投资", Industry: "基础设施", Stage: "续建", Total: wan(1000), DoneBefore: wan(200), PlanYear: wan(400), HasPlan: true, DoneYear: wan(100), HasDone: true},
		{Code: "B", Unit: "甲", Category: "社会投资", Industry: "电子信息", Stage: "新开工", Total: wan(500), PlanYear: wan(100), HasPlan: true, DoneYear: wan(50), HasDone: true, FundChannel: "专项债券"},
		{Code: "C", Unit: "乙", Category: "社会投资", Industry: "电子信息", Stage: "竣工", Total: wan(300), DoneBefore: wan(250), DoneYear: wan(50), HasDone: true},
		{Code: "D", Unit: "乙", Category: "国有投资", Industry: "其他", Stage: "储备", Total: wan(800)},
	}
	l.Milestones = []model.Milestone{
		{Code: "A", Name: "n1", Planned: day(2024, 3, 1), Done: day(2024, 2, 28)}, // on time
		{Code: "A", Name: "n2", Planned: day(2024, 3, 1)},                         // overdue
		{Code: "B", Name: "n3", Planned: day(2024, 5, 1)},                         // pending, slipped
		{Code: "C", Name: "n4", Planned: day(2024, 1, 1), Done: day(2024, 1, 5)},  // late
	}
	l.Funds = []model.Fund{
		{Code: "A", Type: "专项债券", Date: day(2024, 1, 10), Allocated: wan(300), Received: wan(200), Spent: wan(50)},
		{Code: "A", Type: "专项债券", Date: day(2023, 11, 10), Allocated: wan(100), Received: wan(100), Spent: wan(100)},
		{Code: "C", Type: "中央预算内投资", Date: day(2024, 2, 1), Allocated: wan(80)},
	}
	l.Issues = []model.Issue{
		{Code: "A", Raised: day(2024, 1, 1), Due: day(2024, 2, 1)},                           // overdue
		{Code: "A", Raised: day(2024, 1, 1), Due: day(2024, 2, 1), Closed: day(2024, 1, 20)}, // closed
		{Code: "B", Raised: day(2024, 3, 1), Due: day(2024, 4, 30)},                          // open
	}
	l.Approvals = nil
	for _, d := range model.FourCertsOneBook {
		l.Approvals = append(l.Approvals, model.Approval{Code: "A", Document: d, State: "已办结"})
	}
	l.Approvals[4].State = "不涉及"
	l.Approvals = append(l.Approvals, model.Approval{Code: "B", Document: "施工许可证", State: "已办结"})
	prev := &model.Ledger{Period: model.Period{Year: 2024, Month: 2}, Milestones: []model.Milestone{
		{Code: "B", Name: "n3", Planned: day(2024, 4, 1)}, {Code: "A", Name: "n1", Planned: day(2024, 3, 1)},
	}}
	r := Compute(Input{Ledger: l, History: []*MonthFacts{NewFacts(prev, nil)}, Units: []UnitInput{{"甲", 1, 2}, {"乙", 0, 0}, {"丙", 3, 0}},
		Validation: ValidationFigures{Files: 3, FilesUnreadable: 1, Errors: 4, Warnings: 2, RejectedRows: 2}})
	got, err := json.Marshal(r.Summary)
	if err != nil {
		t.Fatal(err)
	}
	// completion: (100+50)/(400+100) = 0.3; 甲 the same; 乙 has no plan.
	// 专项债券: allocated 400 (300 this year), received 300, spent 150 → 0.5.
	// nodes: due 3 (n1 on time, n2 overdue, n4 late), on-time rate 1/3, n3 slipped.
	// issues: 1 overdue, 1 closed, 1 open. 4c1b: A complete; B (拟申报资金渠道) and
	// C (a 资金到位 row) have or seek funds without it → 2 flagged.
	want := `{"version":1,"period":"2024-03","period_end":"2024-03-31","time_progress":0.25,` +
		`"projects":{"count":4,"by_category":{"国有投资":2,"社会投资":2,"运营企业":0},"by_stage":{"储备":1,"前期":0,"新开工":1,"续建":1,"竣工":1},` +
		`"by_industry":{"电子信息":2,"装备制造":0,"现代物流":0,"会展经济":0,"数字经济":0,"专业市场":0,"基础设施":1,"社会民生":0,"其他":1}},` +
		`"investment":{"total":2600,"done_before":450,"plan_year":500,"done_year":200,"completion_rate":0.3},` +
		`"funds":{"中央预算内投资":{"allocated":80,"received":0,"spent":0,"spend_rate":null,"allocated_this_year":80},` +
		`"专项债券":{"allocated":400,"received":300,"spent":150,"spend_rate":0.5,"allocated_this_year":300},` +
		`"超长期特别国债":{"allocated":0,"received":0,"spent":0,"spend_rate":null,"allocated_this_year":0},` +
		`"其他上级资金":{"allocated":0,"received":0,"spent":0,"spend_rate":null,"allocated_this_year":0}},` +
		`"milestones":{"total":4,"due":3,"on_time":1,"late":1,"overdue":1,"early":0,"pending":1,"on_time_rate":0.3333333333333333,"slipped":1},` +
		`"issues":{"total":3,"open":1,"overdue":1,"closed":1},` +
		`"approvals":{"projects_complete_4c1b":1,"flagged_funding_without_4c1b":2},` +
		`"units":[{"name":"丙","projects":0,"plan_year":0,"done_year":0,"completion_rate":null,"milestone_on_time_rate":null,"errors":3,"warnings":0},` +
		`{"name":"乙","projects":2,"plan_year":0,"done_year":50,"completion_rate":null,"milestone_on_time_rate":0,"errors":0,"warnings":0},` +
		`{"name":"甲","projects":2,"plan_year":500,"done_year":150,"completion_rate":0.3,"milestone_on_time_rate":0.5,"errors":1,"warnings":2}],` +
		`"validation":{"files":3,"files_unreadable":1,"errors":4,"warnings":2,"rejected_rows":2}}`
	// The contract's fields come first and unchanged; figures over months follow.
	if !strings.HasPrefix(string(got), strings.TrimSuffix(want, "}")+`,"lights":`) {
		t.Errorf("summary:\n got %s\nwant %s", got, want)
	}
	if c := r.Centres[1]; c.Name != "社会投资项目指挥中心" || len(c.Projects) != 2 || *c.CompletionRate != 0.5 {
		t.Errorf("centre 社会投资 = %s, %d projects, rate %v", c.Name, len(c.Projects), *c.CompletionRate)
	}
}

// A month's own completion is known only when last month's ledger exists
// (or it is January); it is never made up from the year-to-date figure.
func TestTrendMonthChange(t *testing.T) {
	p := func(done float64) []model.Project {
		return []model.Project{{Code: "A", Unit: "甲", Category: "国有投资", Stage: "续建", PlanYear: wan(100), HasPlan: true, DoneYear: wan(done), HasDone: true}}
	}
	sep := &model.Ledger{Period: model.Period{Year: 2026, Month: 9}, Projects: p(60)}
	oct := &model.Ledger{Period: model.Period{Year: 2026, Month: 10}, Projects: p(70)}
	r := Compute(Input{Ledger: oct, History: []*MonthFacts{NewFacts(sep, nil)}})
	got := []string{}
	for _, pt := range r.Trend.Points {
		c := "unknown"
		if pt.Change != nil {
			c = pt.Change.String()
		}
		got = append(got, pt.Period.String()+":"+c)
	}
	if strings.Join(got, ",") != "2026-09:unknown,2026-10:10" {
		t.Errorf("trend changes = %v", got)
	}
}

func TestStatusClass(t *testing.T) {
	nodes := map[NodeStatus]string{Overdue: "bad", Late: "warn", OnTime: "good", Early: "good", Pending: ""}
	for s, want := range nodes {
		if got := s.Class(); got != want {
			t.Errorf("%s.Class() = %q, want %q", s, got, want)
		}
	}
	issues := map[IssueStatus]string{IssueOverdue: "bad", Closed: "good", Open: ""}
	for s, want := range issues {
		if got := s.Class(); got != want {
			t.Errorf("%s.Class() = %q, want %q", s, got, want)
		}
	}
}

// Each project gets its approval rows in ledger order, whether they lie
// together (its slice is then the ledger's own run) or apart, and
// appending to one project's slice never changes another's.
func TestApprovalsInLedgerOrder(t *testing.T) {
	row := func(code, doc string) model.Approval { return model.Approval{Code: code, Document: doc} }
	for _, tc := range []struct {
		name string
		rows []model.Approval
		want map[string]string // documents per project, in order
	}{
		{"together", []model.Approval{row("A", "a1"), row("A", "a2"), row("B", "b1")}, map[string]string{"A": "a1 a2", "B": "b1"}},
		{"apart", []model.Approval{row("A", "a1"), row("B", "b1"), row("A", "a2")}, map[string]string{"A": "a1 a2", "B": "b1"}},
		{"an unknown code between", []model.Approval{row("A", "a1"), row("X", "x1"), row("A", "a2"), row("B", "b1")}, map[string]string{"A": "a1 a2", "B": "b1"}},
		{"unknown codes around", []model.Approval{row("X", "x1"), row("B", "b1"), row("B", "b2"), row("X", "x2")}, map[string]string{"A": "", "B": "b1 b2"}},
		{"none", nil, map[string]string{"A": "", "B": ""}},
	} {
		l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3}, Projects: []model.Project{{Code: "A", Unit: "甲"}, {Code: "B", Unit: "甲"}}}
		l.Approvals = tc.rows
		r := Compute(Input{Ledger: l})
		for _, p := range r.Projects {
			var docs []string
			for _, a := range p.Approvals {
				docs = append(docs, a.Document)
			}
			if got := strings.Join(docs, " "); got != tc.want[p.Code] {
				t.Errorf("%s: project %s has %q, want %q", tc.name, p.Code, got, tc.want[p.Code])
			}
		}
		a := r.Projects[0]
		_ = append(a.Approvals, row("A", "appended"))
		if b := r.Projects[1]; len(b.Approvals) > 0 && b.Approvals[0].Document != strings.Fields(tc.want["B"])[0] {
			t.Errorf("%s: appending to A's approvals changed B's to %q", tc.name, b.Approvals[0].Document)
		}
	}
}

// The report points into the ledger instead of copying its records (a
// month's copies were two fifths of what an analysis allocated), so it
// must leave them as they were: the ledger is the build's account of
// what the workbooks said, and its records are now the report's too.
func TestReportReadsLedgerRecords(t *testing.T) {
	l := &model.Ledger{
		Period: model.Period{Year: 2024, Month: 3},
		Projects: []model.Project{
			{Code: "B", Unit: "乙", Category: "社会投资", PlanYear: wan(100), DoneYear: wan(10), HasPlan: true, HasDone: true},
			{Code: "A", Unit: "甲", Category: "国有投资", PlanYear: wan(50), DoneYear: wan(40), HasPlan: true, HasDone: true},
		},
		Milestones: []model.Milestone{
			{Code: "A", Name: "开工", Planned: day(2024, 1, 10)},
			{Code: "B", Name: "主体封顶", Planned: day(2024, 2, 1), Done: day(2024, 2, 20)},
			{Code: "X", Name: "没有这个项目", Planned: day(2024, 3, 1)},
		},
		Issues: []model.Issue{{Code: "B", Type: "征地拆迁", Raised: day(2024, 1, 5)}},
		Funds:  []model.Fund{{Code: "A", Type: model.FundTypes[0], Allocated: wan(30), Received: wan(20), Spent: wan(5)}},
	}
	before := model.Ledger{
		Period:     l.Period,
		Projects:   slices.Clone(l.Projects),
		Milestones: slices.Clone(l.Milestones),
		Issues:     slices.Clone(l.Issues),
		Funds:      slices.Clone(l.Funds),
	}
	r := Compute(Input{Ledger: l})
	if !reflect.DeepEqual(*l, before) {
		t.Errorf("Compute changed the ledger:\n got %+v\nwant %+v", *l, before)
	}
	for _, p := range r.Projects {
		if !pointsInto(p.Project, l.Projects) {
			t.Errorf("project %s is a copy, not the ledger's record", p.Code)
		}
	}
	for _, n := range r.Nodes {
		if !pointsInto(n.Milestone, l.Milestones) {
			t.Errorf("node %s %s is a copy, not the ledger's record", n.Code, n.Name)
		}
	}
	for _, is := range r.Issues {
		if !pointsInto(is.Issue, l.Issues) {
			t.Errorf("issue of %s is a copy, not the ledger's record", is.Code)
		}
	}
	for _, f := range r.Funds {
		if !pointsInto(f.Fund, l.Funds) {
			t.Errorf("fund of %s is a copy, not the ledger's record", f.Code)
		}
	}
	if len(r.Projects) != 2 || len(r.Nodes) != 3 || len(r.Issues) != 1 || len(r.Funds) != 1 {
		t.Errorf("report has %d projects, %d nodes, %d issues, %d funds; want 2, 3, 1, 1", len(r.Projects), len(r.Nodes), len(r.Issues), len(r.Funds))
	}
}

func pointsInto[T any](p *T, s []T) bool {
	for i := range s {
		if p == &s[i] {
			return true
		}
	}
	return false
}

// Writing a month's last day out in full is not a slip: "2024-06" last
// month and "2024-06-30" now fall due on the same day. Any other change is.
// Keys outside the format's lists (none today) follow its own, sorted,
// and a nil map stays null.
func TestInOrder(t *testing.T) {
	got, err := json.Marshal(ByStage{"乙": 1, "竣工": 2, "甲": 3, "储备": 4})
	if want := `{"储备":4,"竣工":2,"乙":1,"甲":3}`; err != nil || string(got) != want {
		t.Errorf("got %s, %v; want %s", got, err, want)
	}
	if got, _ := json.Marshal(struct{ F FundsByType }{}); string(got) != `{"F":null}` {
		t.Errorf("nil map: %s", got)
	}
}

func TestSlipComparesDeadlines(t *testing.T) {
	june := month(2024, 6)
	tests := []struct {
		name      string
		prev, now model.Date
		slipped   bool
	}{
		{"month, then its last day", june, day(2024, 6, 30), false},
		{"last day, then the month", day(2024, 6, 30), june, false},
		{"month, then a day before its end", june, day(2024, 6, 15), true},
		{"a day, then a later day", day(2024, 6, 15), day(2024, 6, 16), true},
		{"unchanged", day(2024, 6, 15), day(2024, 6, 15), false},
	}
	for _, tt := range tests {
		l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3},
			Projects:   []model.Project{{Code: "A", Unit: "甲", Category: "国有投资", Stage: "续建"}},
			Milestones: []model.Milestone{{Code: "A", Name: "开工", Planned: tt.now}}}
		prev := &model.Ledger{Period: model.Period{Year: 2024, Month: 2}, Milestones: []model.Milestone{{Code: "A", Name: "开工", Planned: tt.prev}}}
		r := Compute(Input{Ledger: l, History: []*MonthFacts{NewFacts(prev, nil)}})
		if got := r.Nodes[0].Slipped; got != tt.slipped {
			t.Errorf("%s: Slipped = %t, want %t", tt.name, got, tt.slipped)
		}
		if got := r.Summary.Milestones.Slipped; got != map[bool]int{true: 1}[tt.slipped] {
			t.Errorf("%s: summary slipped = %d", tt.name, got)
		}
		if got := len(r.Slips) > 0; got != tt.slipped {
			t.Errorf("%s: in the year's slips: %t, want %t", tt.name, got, tt.slipped)
		}
	}
}

// The year's slips list the nodes that moved most first, then by code and
// name, and two nodes of one project with one name by their planned
// date, whatever order the ledger gives them in (the report's nodes are in
// the ledger's order).
func TestSlipsOrder(t *testing.T) {
	l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3},
		Projects: []model.Project{{Code: "A", Unit: "甲", Category: "国有投资", Stage: "续建"}, {Code: "B", Unit: "甲", Category: "国有投资", Stage: "续建"}},
		Milestones: []model.Milestone{
			{Code: "B", Name: "竣工", Planned: day(2024, 9, 30)},
			{Code: "A", Name: "开工", Planned: day(2024, 6, 30)},
			{Code: "A", Name: "开工", Planned: day(2024, 5, 31)},
		}}
	prev := &model.Ledger{Period: model.Period{Year: 2024, Month: 2}, Milestones: []model.Milestone{
		{Code: "A", Name: "开工", Planned: day(2024, 4, 30)}, {Code: "B", Name: "竣工", Planned: day(2024, 8, 31)},
	}}
	r := Compute(Input{Ledger: l, History: []*MonthFacts{NewFacts(prev, nil)}})
	var got []string
	for _, h := range r.Slips {
		got = append(got, h.Node.Code+" "+h.Node.Planned.String())
	}
	if want := []string{"A 2024-05-31", "A 2024-06-30", "B 2024-09-30"}; !slices.Equal(got, want) {
		t.Errorf("slips in the order %q, want %q", got, want)
	}
}

// The investment light compares the gap to 序时进度 itself with the
// thresholds ("10 < gap ≤ 30: 黄"), not the tenth the site shows.
func TestInvestLightAtTheThresholds(t *testing.T) {
	tests := []struct {
		done  float64 // 万元 of a plan of 100, in March (序时进度 25 %)
		light Light
		shown string // the gap as the reason gives it
	}{
		{15, Green, ""},          // exactly 10 points behind
		{14.96, Yellow, "10.04"}, // 10.04: was rounded to 10.0 and green
		{14.9, Yellow, "10.1"},
		{5, Yellow, "20.0"}, // exactly 20, the red threshold here
		{4.96, Red, "20.04"},
		{1, Red, "24.0"},
		{14.9999995, Yellow, "10.0001"}, // not "10", which would not be above 10
	}
	for _, tt := range tests {
		l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3},
			Projects: []model.Project{{Code: "A", Unit: "甲", Category: "国有投资", Stage: "续建", PlanYear: wan(100), HasPlan: true, DoneYear: wan(tt.done), HasDone: true}}}
		th := DefaultThresholds()
		th.InvestRed = 20
		p := Compute(Input{Ledger: l, Thresholds: th}).Projects[0]
		if p.InvestLight != tt.light {
			t.Errorf("done %v of 100 in March: light %v, want %v", tt.done, p.InvestLight, tt.light)
		}
		if tt.shown != "" && (len(p.Reasons) == 0 || !strings.Contains(p.Reasons[0], "落后序时进度 "+tt.shown+" 个百分点")) {
			t.Errorf("done %v: reasons %q, want the gap shown as %s", tt.done, p.Reasons, tt.shown)
		}
	}
}

// A node planned for the period's last day and not done then is overdue
// by the format's rule, but not "0 days" late: the reason says it fell
// due, and days are counted from the day after.
func TestNodeLightReason(t *testing.T) {
	tests := []struct {
		planned model.Date
		light   Light
		reason  string
	}{
		{day(2024, 3, 31), Yellow, "节点“封顶”计划 2024年3月31日 完成，到期未完成（黄灯）"},
		{model.Date{Year: 2024, Month: 3, MonthOnly: true}, Yellow, "节点“封顶”计划 2024年3月 完成，到期未完成（黄灯）"},
		{day(2024, 3, 25), Yellow, "节点“封顶”计划 2024年3月25日 完成，已逾期 6 天未完成（黄灯）"},
		{day(2024, 3, 10), Red, "节点“封顶”计划 2024年3月10日 完成，已逾期 21 天未完成（红灯）"},
	}
	for _, tt := range tests {
		l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3},
			Projects:   []model.Project{{Code: "A", Unit: "甲", Category: "国有投资", Stage: "续建"}},
			Milestones: []model.Milestone{{Code: "A", Name: "封顶", Planned: tt.planned, Unit: "甲"}}}
		p := Compute(Input{Ledger: l, Thresholds: DefaultThresholds()}).Projects[0]
		if p.NodeLight != tt.light || len(p.Reasons) != 1 || p.Reasons[0] != tt.reason {
			t.Errorf("planned %v: light %v, reasons %q; want %v, %q", tt.planned, p.NodeLight, p.Reasons, tt.light, tt.reason)
		}
	}
}
