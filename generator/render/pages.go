package render

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"tuijin/generator/analysis"
	"tuijin/generator/charts"
	"tuijin/generator/fingerprint"
	"tuijin/generator/model"
)

// tile is one figure on a dashboard, linking to where it comes from.
type tile struct {
	Label, Value, Unit, Note, Href string
	Class                          string // "bad", "warn", "good" or ""
}

type dashboardBody struct {
	Progress string // 序时进度 as a percentage
	Tiles    []tile
	Funds    []fundRow
	Charts   []chartView
	Stages   []stageCount
	Boards   []honourBoard
	Quarters table
	Trend    chartView
}

type stageCount struct {
	Stage string
	Count int
}

type fundRow struct {
	Type, Allocated, Received, Spent, Rate, ThisYear string
}

func (s *site) dashboard() error {
	sm := s.rep.Summary
	inv := sm.Investment
	ms := sm.Milestones
	b := dashboardBody{Progress: pctOf(sm.TimeProgress)}
	for _, st := range model.Stages {
		b.Stages = append(b.Stages, stageCount{st, sm.Projects.ByStage[st]})
	}
	rateClass := ""
	if behind(inv.CompletionRate, sm.TimeProgress) {
		rateClass = "warn"
	}
	b.Tiles = []tile{
		{Label: "重点项目", Value: fmt.Sprint(sm.Projects.Count), Unit: "个", Href: "projects.html"},
		{Label: "总投资", Value: yi(inv.Total), Unit: "亿元", Href: "projects.html"},
		{Label: "年度计划投资", Value: yi(inv.PlanYear), Unit: "亿元", Href: "projects.html"},
		{Label: "本年累计完成投资", Value: yi(inv.DoneYear), Unit: "亿元", Href: "projects.html",
			Note: "完成 " + pct(inv.CompletionRate) + "，" + gap(inv.CompletionRate, sm.TimeProgress), Class: rateClass},
		{Label: "节点按期完成率", Value: pct(ms.OnTimeRate), Href: "nodes.html",
			Note: fmt.Sprintf("到期 %d 个，逾期未完成 %d 个", ms.Due, ms.Overdue), Class: classIf(ms.Overdue > 0, "warn")},
		{Label: "要素保障问题", Value: fmt.Sprint(sm.Issues.Open + sm.Issues.Overdue), Unit: "个未办结", Href: "issues.html",
			Note: fmt.Sprintf("其中超期 %d 个，已办结 %d 个", sm.Issues.Overdue, sm.Issues.Closed), Class: classIf(sm.Issues.Overdue > 0, "bad")},
		{Label: "四证一书不全仍争取资金", Value: fmt.Sprint(sm.Approvals.FlaggedFundingWithout4C1B), Unit: "个项目", Href: "funds.html#flagged",
			Class: classIf(sm.Approvals.FlaggedFundingWithout4C1B > 0, "warn")},
		{Label: "数据校验", Value: fmt.Sprint(sm.Validation.Errors), Unit: "个错误", Href: "validation.html",
			Note:  fmt.Sprintf("%d 个警告，%d 行未采用，%d 个文件无法读取", sm.Validation.Warnings, sm.Validation.RejectedRows, sm.Validation.FilesUnreadable),
			Class: classIf(sm.Validation.Errors > 0, "bad")},
	}
	lt := s.rep.Lights
	b.Tiles = append(b.Tiles[:5], append([]tile{{Label: "亮灯", Value: fmt.Sprint(lt.Red), Unit: "个红灯", Href: "lights.html",
		Note: fmt.Sprintf("黄灯 %d 个，绿灯 %d 个", lt.Yellow, lt.Green), Class: classIf(lt.Red > 0, "bad")},
		{Label: "节点调整", Value: fmt.Sprint(ms.Slipped), Unit: "个本月调整", Href: "slips.html",
			Note: fmt.Sprintf("今年调整过 %d 个", s.rep.Summary.Slips.MovedThisYear), Class: classIf(ms.Slipped > 0, "warn")}}, b.Tiles[5:]...)...)
	b.Boards = s.boards("index.html")
	b.Quarters = s.quarterTable()
	b.Trend = s.trendChart("trend", s.rep.Trend)
	for _, ft := range s.rep.FundTypes {
		b.Funds = append(b.Funds, fundRow{ft.Type, wan(ft.Allocated), wan(ft.Received), wan(ft.Spent), pct(ft.SpendRate), wan(ft.AllocatedThisYear)})
	}
	b.Charts = []chartView{
		s.completionChart(s.rep, "centre-completion", "各指挥中心年度计划完成率", s.rep.Centres, "index.html"),
		s.completionChart(s.rep, "unit-completion", "各单位年度计划完成率", s.rep.Units, "index.html"),
		s.fundsChart(),
		s.nodeStatusChart("node-status", s.rep.Summary.Milestones),
		s.industryChart(),
	}
	return s.page("dashboard", "index.html", "总览", nil, true, b)
}

func classIf(c bool, class string) string {
	if c {
		return class
	}
	return ""
}

// completionChart compares groups' completion rates with 序时进度.
func (s *site) completionChart(rep *analysis.Report, id, title string, groups []*analysis.Group, from string) chartView {
	progress := rep.Summary.TimeProgress
	var names []string
	var rates []float64
	t := table{Head: nums(heads("名称", "年度计划（万元）", "本年完成（万元）", "完成率", "与序时进度比较"), 1, 2, 3)}
	if len(groups) > 4 {
		// Many units: drawn as a ranking, best first and those without a
		// plan last, so the last place is found at a glance rather than
		// looked for among names in 拼音 order.
		groups = slices.Clone(groups)
		slices.SortStableFunc(groups, func(a, b *analysis.Group) int {
			switch {
			case a.CompletionRate == nil || b.CompletionRate == nil:
				return cmpBool(a.CompletionRate == nil, b.CompletionRate == nil)
			default:
				return cmp.Compare(*b.CompletionRate, *a.CompletionRate)
			}
		})
	}
	for _, g := range groups {
		if g.PlanYear == 0 && len(g.Projects) == 0 {
			continue
		}
		names = append(names, g.Name)
		r := math.NaN()
		if g.CompletionRate != nil {
			r = *g.CompletionRate
		}
		rates = append(rates, r)
		t.Rows = append(t.Rows, []cell{
			{Text: g.Name, Href: rel(from, groupPath(rep, g))},
			num(wan(g.PlanYear), g.PlanYear.Wan()), num(wan(g.DoneWithPlan), g.DoneWithPlan.Wan()),
			rateCell(g.CompletionRate, progress), {Text: gap(g.CompletionRate, progress)},
		})
	}
	c := charts.Bar(id, title, names, []charts.Series{{Name: "完成率", Values: rates}},
		charts.BarOpts{Unit: "%", Percent: true, Horizontal: len(names) > 4, MarkLine: &progress, MarkLineName: "序时进度",
			Desc: fmt.Sprintf("%s，序时进度为 %s。", title, pctOf(progress))})
	return newChart(c, t)
}

// groupPath is the page of one of the report's centres or units.
func groupPath(rep *analysis.Report, g *analysis.Group) string {
	for i, c := range rep.Centres {
		if c == g {
			return centrePaths[i]
		}
	}
	return unitPath(g.Name)
}

func num(text string, v float64) cell { return cell{Text: text, Sort: sortKey(v)} }

// sortKey is fmt.Sprint(v) (the same digits: strconv's shortest 'g'
// form), without fmt's interface and printer for every cell of a list.
func sortKey(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func rateCell(r *float64, progress float64) cell {
	c := cell{Text: pct(r), Sort: "-1"}
	if r != nil {
		c.Sort = sortKey(*r)
		if behind(r, progress) {
			c.Class = "warn"
		}
	}
	return c
}

func (s *site) fundsChart() chartView {
	var names []string
	var alloc, recv, spent []float64
	t := table{Head: nums(heads("资金类型", "下达（万元）", "到位（万元）", "已支出（万元）", "支出率", "本年下达（万元）"), 1, 2, 3, 4, 5)}
	for _, ft := range s.rep.FundTypes {
		names = append(names, ft.Type)
		alloc = append(alloc, ft.Allocated.Wan())
		recv = append(recv, ft.Received.Wan())
		spent = append(spent, ft.Spent.Wan())
		t.Rows = append(t.Rows, []cell{{Text: ft.Type, Href: "funds.html"}, num(wan(ft.Allocated), ft.Allocated.Wan()), num(wan(ft.Received), ft.Received.Wan()),
			num(wan(ft.Spent), ft.Spent.Wan()), {Text: pct(ft.SpendRate)}, num(wan(ft.AllocatedThisYear), ft.AllocatedThisYear.Wan())})
	}
	c := charts.Bar("fund-types", "上级资金下达、到位与支出", names,
		[]charts.Series{{Name: "下达", Values: alloc}, {Name: "到位", Values: recv}, {Name: "已支出", Values: spent}},
		charts.BarOpts{Unit: "万元", Desc: "按资金类型比较下达、到位和已支出金额（万元）。"})
	return newChart(c, t)
}

func (s *site) nodeStatusChart(id string, m analysis.MilestoneFigures) chartView {
	names := []string{analysis.OnTime.Label(), analysis.Late.Label(), analysis.Overdue.Label(), analysis.Early.Label(), analysis.Pending.Label()}
	vals := []float64{float64(m.OnTime), float64(m.Late), float64(m.Overdue), float64(m.Early), float64(m.Pending)}
	t := table{Head: nums(heads("节点状态", "个数"), 1)}
	for i, n := range names {
		t.Rows = append(t.Rows, []cell{{Text: n}, num(fmt.Sprint(vals[i]), vals[i])})
	}
	c := charts.Pie(id, "节点完成情况", names, vals, charts.PieOpts{Unit: "个",
		Desc:  fmt.Sprintf("共 %d 个节点，到期 %d 个，按期完成率 %s。", m.Total, m.Due, pct(m.OnTimeRate)),
		Tones: []charts.Tone{charts.ToneGood, charts.ToneWarn, charts.ToneBad, charts.ToneAccent, charts.ToneMuted}})
	return newChart(c, t)
}

func (s *site) industryChart() chartView {
	var names []string
	var total, done []float64
	t := table{Head: nums(heads("产业类别", "项目数", "总投资（万元）", "年度计划（万元）", "本年完成（万元）"), 1, 2, 3, 4)}
	for _, in := range s.rep.Industries {
		if in.Projects == 0 {
			continue
		}
		names = append(names, in.Name)
		total = append(total, in.PlanYear.Wan())
		done = append(done, in.DoneYear.Wan())
		t.Rows = append(t.Rows, []cell{{Text: in.Name}, num(fmt.Sprint(in.Projects), float64(in.Projects)), num(wan(in.Total), in.Total.Wan()),
			num(wan(in.PlanYear), in.PlanYear.Wan()), num(wan(in.DoneYear), in.DoneYear.Wan())})
	}
	c := charts.Bar("industry", "分产业年度计划与完成投资", names,
		[]charts.Series{{Name: "年度计划", Values: total}, {Name: "本年完成", Values: done}},
		charts.BarOpts{Unit: "万元", Horizontal: len(names) > 5, Desc: "按产业类别比较年度计划投资和本年累计完成投资（万元）。"})
	return newChart(c, t)
}

// groupBody is a command centre's or a unit's page.
type groupBody struct {
	Name     string
	Kind     string // 指挥中心 or 单位
	Tiles    []tile
	Projects table
	Nodes    table
	Issues   table
	Findings table // units only
	Charts   []chartView
	HasFiles bool
}

func (s *site) groupTiles(g *analysis.Group) []tile {
	progress := s.rep.Summary.TimeProgress
	total, plan, done := moneyTile(g.Total), moneyTile(g.PlanYear), moneyTile(g.DoneYear)
	return []tile{
		{Label: "项目", Value: fmt.Sprint(len(g.Projects)), Unit: "个"},
		{Label: "总投资", Value: total[0], Unit: total[1]},
		{Label: "年度计划投资", Value: plan[0], Unit: plan[1]},
		{Label: "本年累计完成", Value: done[0], Unit: done[1], Note: "完成 " + pct(g.CompletionRate) + "，" + gap(g.CompletionRate, progress),
			Class: classIf(behind(g.CompletionRate, progress), "warn")},
		{Label: "节点按期完成率", Value: pct(g.Nodes.OnTimeRate()), Note: fmt.Sprintf("逾期未完成 %d 个", g.Nodes.Overdue), Class: classIf(g.Nodes.Overdue > 0, "warn")},
		{Label: "要素保障问题", Value: fmt.Sprint(g.OpenIssues), Unit: "个未办结", Note: fmt.Sprintf("其中超期 %d 个", g.OverdueIssues), Class: classIf(g.OverdueIssues > 0, "bad")},
	}
}

func (s *site) centres() error {
	for i, g := range s.rep.Centres {
		p := centrePaths[i]
		crumbs := []link{{Text: "总览", Href: "index.html"}, {Text: g.Name}}
		in := groupInputs{Trend: s.rep.CentreTrends[i]}
		// The centre's projects, unit by unit as the report lists them,
		// are each unit's part of its table (see Segments): a centre has
		// thousands of them in a city.
		category := model.Categories[i]
		rows := partsOf{"centre project rows", centreRowsContext{projectRowsContext{p, s.rep.Summary.TimeProgress}, category}}
		later := centreLaterContext{p, s.rep.End, category}
		nodeRows, issueRows := partsOf{"centre node rows", later}, partsOf{"centre issue rows", later}
		key, reused, err := s.keyGroup(p, g, crumbs, &in)
		if err != nil {
			return err
		}
		if reused {
			s.keepSegments(rows, nodeRows, issueRows)
			continue
		}
		ofCentre := func(ps []*analysis.Project) []*analysis.Project {
			var in []*analysis.Project
			for _, pr := range ps {
				if pr.Category == category {
					in = append(in, pr)
				}
			}
			return in
		}
		projects := s.projectTable(p, nil, true)
		parts, err := s.segments(rows, func(b []byte, ps []*analysis.Project) ([]byte, error) {
			return s.projectTable(p, ofCentre(ps), true).appendRows(b)
		})
		if err != nil {
			return err
		}
		projects.Segments = parts
		b := groupBody{Name: g.Name, Kind: "指挥中心", Tiles: s.groupTiles(g), Projects: projects}
		// Its nodes that need attention and its open issues, in the
		// report's order, which mixes the units: merged from each unit's
		// keyed rows (see keyedrows.go).
		soon := attention(s.rep.End)
		b.Nodes = s.nodeTable(p, "nodes", nil)
		b.Nodes.Segments, err = s.mergedRows(nodeRows, func(b []byte, ps []*analysis.Project) ([]byte, error) {
			ns := nodesOf(ofCentre(ps), soon)
			return appendKeyedRows(b, s.nodeTable(p, "", ns), func(k int, key orderKey) orderKey {
				return key.int(ns[k].Planned.Last().Unix()).str(ns[k].Code).str(ns[k].Name)
			})
		})
		if err != nil {
			return err
		}
		b.Issues = s.issueTable(p, "issues", nil)
		b.Issues.Segments, err = s.mergedRows(issueRows, func(b []byte, ps []*analysis.Project) ([]byte, error) {
			is := openIssues(issuesOf(ofCentre(ps)))
			return appendKeyedRows(b, s.issueTable(p, "", is), func(k int, key orderKey) orderKey {
				return key.int(is[k].Raised.First().Unix()).str(is[k].Code)
			})
		})
		if err != nil {
			return err
		}
		b.Charts = []chartView{s.trendChart("centre-trend", in.Trend), s.nodeStatusChart("centre-nodes", figures(g.Nodes))}
		if err := s.pageKeyed("group", p, g.Name, crumbs, true, b, key); err != nil {
			return err
		}
	}
	return nil
}

// centreLaterContext is what a unit's rows of a centre's nodes and issues
// show besides its projects': links relative to the page, which nodes are
// due soon and how long each issue has been open at the period's end, and
// which of the unit's projects are the centre's.
type centreLaterContext struct {
	From     string
	End      time.Time
	Category string
}

// centreRowsContext is what a unit's rows of a centre's project table
// show besides its projects: what the project list's rows do, and which
// of them are the centre's.
type centreRowsContext struct {
	projectRowsContext
	Category string
}

// groupInputs is everything a centre's or a unit's page is made from, for
// its key: the frame, the period's time progress and end, the group's
// figures, its projects (by their fingerprints, see sumProjects: their
// tables, nodes and issues are made from them) and what else the page
// shows: the trend, and for a unit its place in the ranking and the
// findings of its workbooks. The page is made from these alone, so a
// rebuild keeps the pages of the units and centres a change did not touch
// without making their tables (tens of thousands of rows in all) only to
// find them unchanged. TestPageKeysFollowTheirData holds every key to its
// page.
type groupInputs struct {
	Frame    frame
	Progress float64
	End      model.Date
	Group    analysis.Group // without its projects, which are in Projects
	Projects []fingerprint.Sum
	Trend    analysis.Trend
	Place    string         // units only
	Findings []fileFindings // units only
	// Validation is the unit's link to its workbook on the validation
	// page, whose sections are numbered by the place of each workbook in
	// the period's list: another unit's workbook added moves it. Units
	// only.
	Validation string
}

// keyGroup completes in with the group's page and figures, and keys the
// page by it (see keyByInputs).
func (s *site) keyGroup(p string, g *analysis.Group, crumbs []link, in *groupInputs) (key *fingerprint.Sum, reused bool, err error) {
	if s.in.Reuse == nil {
		return nil, false, nil
	}
	sums, ok := s.projectSums(g.Projects)
	if !ok {
		return nil, false, nil
	}
	in.Frame = s.frame(p, g.Name, crumbs, true, nil)
	in.Progress, in.End = s.rep.Summary.TimeProgress, model.DateOf(s.rep.End)
	in.Group, in.Projects = *g, sums
	in.Group.Projects = nil
	return s.keyByInputs(p, "group page", *in, true)
}

func figures(n analysis.NodeCounts) analysis.MilestoneFigures {
	return analysis.MilestoneFigures{Total: n.Total, Due: n.Due, OnTime: n.OnTime, Late: n.Late, Overdue: n.Overdue, Early: n.Early,
		Pending: n.Pending, OnTimeRate: n.OnTimeRate(), Slipped: n.Slipped}
}

func (s *site) unitPages() error {
	for ui, g := range s.rep.Units {
		p := unitPath(g.Name)
		crumbs := []link{{Text: "总览", Href: "index.html"}, {Text: "单位", Href: "units.html"}, {Text: g.Name}}
		in := groupInputs{Trend: s.rep.UnitTrends[ui], Place: placeOf(s.rep.Ranks.UnitsByCompletion, g.Name), Findings: s.findingsOf(s.unitFiles(g.Name)),
			Validation: s.validationAnchor(g.Name)}
		key, reused, err := s.keyGroup(p, g, crumbs, &in)
		if err != nil {
			return err
		}
		if reused {
			continue
		}
		b := groupBody{Name: g.Name, Kind: "单位", Tiles: s.groupTiles(g), Projects: s.projectTable(p, g.Projects, false), HasFiles: true}
		b.Tiles = append(b.Tiles, tile{Label: "数据校验", Value: fmt.Sprint(g.Errors), Unit: "个错误", Note: fmt.Sprintf("%d 个警告", g.Warnings),
			Href: rel(p, in.Validation), Class: classIf(g.Errors > 0, "bad")})
		b.Nodes = s.nodeTable(p, "nodes", nodesOf(g.Projects, attention(s.rep.End)))
		b.Issues = s.issueTable(p, "issues", openIssues(issuesOf(g.Projects)))
		b.Findings = s.findingTable(p, "findings", in.Findings, true)
		b.Charts = []chartView{s.trendChart("unit-trend", in.Trend), s.nodeStatusChart("unit-nodes", figures(g.Nodes))}
		b.Tiles = append(b.Tiles, tile{Label: "亮灯", Value: fmt.Sprint(g.Lights.Red), Unit: "个红灯", Href: rel(p, "lights.html"),
			Note: fmt.Sprintf("黄灯 %d 个；完成率排名 %s", g.Lights.Yellow, in.Place), Class: classIf(g.Lights.Red > 0, "bad")})
		if err := s.pageKeyed("group", p, g.Name, crumbs, true, b, key); err != nil {
			return err
		}
	}
	return nil
}

// validationAnchor is where the 数据校验 page shows the unit's first
// workbook (its sections are numbered as validation lists them), so that a
// clerk following the link from the unit's page lands on their own file.
func (s *site) validationAnchor(unit string) string {
	for i, f := range s.in.Files {
		if f.Unit == unit {
			return fmt.Sprintf("validation.html#file-%d", i+1)
		}
	}
	return "validation.html"
}

func (s *site) unitFiles(unit string) map[string]bool {
	files := map[string]bool{}
	for _, f := range s.in.Files {
		if f.Unit == unit {
			files[f.Name] = true
		}
	}
	return files
}

func nodesOf(ps []*analysis.Project, keep func(*analysis.Node) bool) []*analysis.Node {
	// Filtered before sorting: a centre has tens of thousands of nodes, of
	// which a few hundred need attention, and a stable sort of the few
	// orders them as the sorted whole would.
	var out []*analysis.Node
	for _, p := range ps {
		for _, n := range p.Nodes {
			if keep(n) {
				out = append(out, n)
			}
		}
	}
	analysis.SortNodes(out)
	return out
}

func issuesOf(ps []*analysis.Project) []*analysis.Issue {
	var out []*analysis.Issue
	for _, p := range ps {
		out = append(out, p.Issues...)
	}
	analysis.SortIssues(out)
	return out
}

// attention selects the nodes a leader must look at: overdue, or due within
// 30 days of the period end.
func attention(e time.Time) func(*analysis.Node) bool {
	soon := e.AddDate(0, 0, 30)
	return func(n *analysis.Node) bool {
		return n.Status == analysis.Overdue || (n.Status == analysis.Pending && !n.Planned.Last().After(soon))
	}
}

func openIssues(is []*analysis.Issue) []*analysis.Issue {
	var out []*analysis.Issue
	for _, i := range is {
		if i.Status != analysis.Closed {
			out = append(out, i)
		}
	}
	return out
}

// placeOf describes a name's place in a ranking: "第 2 名（上月第 1 名）".
func placeOf(rs []analysis.Rank, name string) string {
	for _, r := range rs {
		if r.Name != name {
			continue
		}
		if r.Place == 0 {
			return "无"
		}
		out := fmt.Sprintf("第 %d 名", r.Place)
		if r.PrevPlace > 0 {
			out += fmt.Sprintf("（上月第 %d 名）", r.PrevPlace)
		}
		return out
	}
	return "无"
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
