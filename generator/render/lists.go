package render

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/model"
)

type listBody struct {
	Intro  string
	Tiles  []tile
	Tables []titledTable
	Charts []chartView
}

type titledTable struct {
	Title string
	Note  string
	Table table
	More  more // under a briefing's list cut to its bound
}

func crumbsTo(title string) []link {
	return []link{{Text: "总览", Href: "index.html"}, {Text: title}}
}

func (s *site) unitsPage() error {
	const p = "units.html"
	progress := s.rep.Summary.TimeProgress
	t := table{ID: "units", Head: nums(heads("单位", "项目数", "年度计划（万元）", "本年完成（万元）", "完成率", "与序时进度比较", "节点按期率", "校验错误", "校验警告"), 1, 2, 3, 4, 6, 7, 8)}
	for _, u := range s.rep.Units {
		t.Rows = append(t.Rows, []cell{{Text: u.Name, Href: unitPath(u.Name)}, num(fmt.Sprint(len(u.Projects)), float64(len(u.Projects))),
			num(wan(u.PlanYear), u.PlanYear.Wan()), num(wan(u.DoneYear), u.DoneYear.Wan()), rateCell(u.CompletionRate, progress),
			{Text: gap(u.CompletionRate, progress)}, {Text: pct(u.Nodes.OnTimeRate())},
			{Text: fmt.Sprint(u.Errors), Class: classIf(u.Errors > 0, "bad"), Sort: fmt.Sprint(u.Errors)}, num(fmt.Sprint(u.Warnings), float64(u.Warnings))})
	}
	unit := func(n string) string { return unitPath(n) }
	centre := func(n string) string {
		for i, c := range s.rep.Centres {
			if c.Name == n {
				return centrePaths[i]
			}
		}
		return ""
	}
	b := listBody{Intro: "各单位本期报送的项目及其年度投资完成情况，以及单位、指挥中心的排名（与上月比较）。", Tables: []titledTable{
		{Title: "单位一览", Table: t},
		{Title: "单位排名：年度计划完成率", Table: rankTable("rank-unit-completion", s.rep.Ranks.UnitsByCompletion, unit)},
		{Title: "单位排名：节点按期完成率", Table: rankTable("rank-unit-ontime", s.rep.Ranks.UnitsByOnTime, unit)},
		{Title: "指挥中心排名：年度计划完成率", Table: rankTable("rank-centre-completion", s.rep.Ranks.CentresByCompletion, centre)},
		{Title: "指挥中心排名：节点按期完成率", Table: rankTable("rank-centre-ontime", s.rep.Ranks.CentresByOnTime, centre)},
	},
		Charts: []chartView{s.completionChart(s.rep, "unit-completion", "各单位年度计划完成率", s.rep.Units, p)}}
	return s.page("list", p, "单位", crumbsTo("单位"), true, b)
}

func (s *site) projectsPage() error {
	const p = "projects.html"
	// Keyed by its inputs, as a unit's page is: fingerprinting the page's
	// data walked a table of every project of the month (200,000 cells
	// for a city) after it was made.
	progress := s.rep.Summary.TimeProgress
	rows := partsOf{"project list rows", projectRowsContext{p, progress}}
	key, reused, err := s.keyWithParts(p, "project list", func(units []fingerprint.Sum) any {
		return projectListInputs{s.frame(p, "项目", crumbsTo("项目"), false, nil), progress, units}
	}, rows)
	if err != nil || reused {
		return err
	}
	t := s.projectTable(p, nil, true)
	segs, err := s.segments(rows, func(b []byte, ps []*analysis.Project) ([]byte, error) {
		return s.projectTable(p, ps, true).appendRows(b)
	})
	if err != nil {
		return err
	}
	t.Segments = segs
	b := listBody{Intro: fmt.Sprintf("本期共 %d 个项目（只含校验通过的行）。", len(s.rep.Projects)),
		Tables: []titledTable{{Title: "项目一览", Table: t}}}
	return s.pageKeyed("list", p, "项目", crumbsTo("项目"), false, b, key)
}

// nodeRowsContext is what a unit's rows of the nodes page show besides
// its projects' nodes: links relative to the page, and which nodes are
// due soon after the period's end.
type nodeRowsContext struct {
	From string
	End  time.Time
}

// projectRowsContext is what the project list's rows show besides their
// projects: links relative to the page, and each completion rate against
// the time progress.
type projectRowsContext struct {
	From     string
	Progress float64
}

// projectListInputs is everything the project list is made from: its
// frame, the time progress that places each project's completion, and
// each project with all it points to, in the report's order, by unit
// (keyWithParts).
type projectListInputs struct {
	Frame    frame
	Progress float64
	Units    []fingerprint.Sum
}

func (s *site) nodesPage() error {
	const p = "nodes.html"
	m := s.rep.Summary.Milestones
	var tables []titledTable
	// A table per unit, each made of the unit's part (see Segments): the
	// rows of its nodes that need attention, none for a unit without.
	soon := attention(s.rep.End)
	parts, err := s.segments(partsOf{"attention node rows", nodeRowsContext{p, s.rep.End}}, func(b []byte, ps []*analysis.Project) ([]byte, error) {
		ns := nodesOf(ps, soon)
		if len(ns) == 0 {
			return b, nil
		}
		return s.nodeTable(p, "", ns).appendRows(b)
	})
	if err != nil {
		return err
	}
	for i, run := range s.units() {
		if len(parts[i]) == 0 {
			continue
		}
		name := run.projects[0].Unit
		t := s.nodeTable(p, "nodes-"+shortHash(name), nil)
		t.Segments = [][]byte{parts[i]}
		tables = append(tables, titledTable{Title: name, Table: t})
	}
	var slipped []*analysis.Node
	for _, n := range s.rep.Nodes {
		if n.Slipped {
			slipped = append(slipped, n)
		}
	}
	analysis.SortNodes(slipped)
	tables = append(tables, titledTable{Title: "本月调整计划完成时间的节点", Note: "与上月台账相比，计划完成时间发生变化的节点；各节点今年的调整经过见“节点调整”页（slips.html）。", Table: s.nodeTable(p, "slipped", slipped)})
	b := listBody{
		Intro: fmt.Sprintf("逾期未完成和 30 天内（%s 前）到期的节点，按单位列出。", date(model.DateOf(s.rep.End.AddDate(0, 0, 30)))),
		Tiles: []tile{
			{Label: "节点总数", Value: fmt.Sprint(m.Total), Unit: "个"},
			{Label: "已到期", Value: fmt.Sprint(m.Due), Unit: "个"},
			{Label: "按期完成率", Value: pct(m.OnTimeRate)},
			{Label: "逾期未完成", Value: fmt.Sprint(m.Overdue), Unit: "个", Class: classIf(m.Overdue > 0, "bad")},
			{Label: "计划调整", Value: fmt.Sprint(m.Slipped), Unit: "个", Class: classIf(m.Slipped > 0, "warn")},
		},
		Tables: tables,
		Charts: []chartView{s.nodeStatusChart("node-status", m)},
	}
	return s.page("list", p, "节点", crumbsTo("节点"), true, b)
}

func (s *site) fundsPage() error {
	const p = "funds.html"
	var tables []titledTable
	byType, err := s.fundTables()
	if err != nil {
		return err
	}
	for _, ft := range s.rep.FundTypes {
		t := table{ID: "funds-" + strconv.Itoa(len(tables)), Head: fundsHead(), Segments: byType[ft.Type], Empty: "没有这类资金。"}
		note := fmt.Sprintf("下达 %s 万元（本年 %s 万元），到位 %s 万元，已支出 %s 万元，支出率 %s。", wan(ft.Allocated), wan(ft.AllocatedThisYear), wan(ft.Received), wan(ft.Spent), pct(ft.SpendRate))
		tables = append(tables, titledTable{Title: ft.Type, Note: note, Table: t})
	}
	flagged := table{ID: "flagged", Head: heads("项目", "单位", "拟申报资金渠道", "已有上级资金", "四证一书"), Empty: "没有这样的项目。"}
	// Projects in the report's order, unit by unit: each unit's rows a
	// part (see Segments).
	parts, err := s.segments(partsOf{"flagged rows", nil}, func(b []byte, ps []*analysis.Project) ([]byte, error) {
		t := table{Head: flagged.Head}
		for _, pr := range ps {
			if !pr.Flagged() {
				continue
			}
			var missing []string
			for _, d := range pr.FourCerts {
				if d.State != "已办结" && d.State != "不涉及" {
					missing = append(missing, d.Document+"（"+d.State+"）")
				}
			}
			t.Rows = append(t.Rows, []cell{{Text: pr.Name, Href: projectPath(pr.Code)}, {Text: pr.Unit}, {Text: orDash(pr.FundChannel)},
				{Text: fmt.Sprintf("%d 笔", len(pr.Funds))}, {Text: "未办齐：" + joinCN(missing), Class: "warn"}})
		}
		return t.appendRows(b)
	})
	if err != nil {
		return err
	}
	flagged.Segments = parts
	tables = append(tables, titledTable{Title: "有或争取上级资金但四证一书不全的项目", Table: flagged})
	yoy := table{ID: "funds-yoy", Head: nums(heads("资金类型", fmt.Sprintf("今年1—%d月下达（万元）", s.rep.Period.Month), "去年同期（万元）", "同比"), 1, 2, 3)}
	for _, y := range s.rep.FundYoY {
		last, ch := "—", "—"
		if y.LastYear != nil {
			last = wan(*y.LastYear)
		}
		if y.Change != nil {
			ch = fmt.Sprintf("%+.1f%%", *y.Change*100)
		}
		yoy.Rows = append(yoy.Rows, []cell{{Text: y.Type}, num(wan(y.ThisYear), y.ThisYear.Wan()), {Text: last}, {Text: ch}})
	}
	tables = append(tables, titledTable{Title: "同比", Note: "去年同期取去年同月台账中去年 1 月至该月下达的金额；没有去年同月台账时不比较。", Table: yoy})
	bonds := table{ID: "bonds", Head: nums(heads("批次", "下达日期", "下达（万元）", "已支出（万元）", "应支出进度", "实际支出进度", "亮灯"), 2, 3, 4, 5), Empty: "没有专项债券。"}
	for _, bb := range s.rep.Bonds {
		bonds.Rows = append(bonds.Rows, []cell{{Text: bb.Batch}, dateCell(bb.Date), num(wan(bb.Allocated), bb.Allocated.Wan()), num(wan(bb.Spent), bb.Spent.Wan()),
			{Text: pctOf(bb.Expected)}, {Text: pct(bb.Actual)}, {Text: bb.Light.Label(), Class: bb.Light.Class()}})
	}
	tables = append(tables, titledTable{Title: "专项债券支出进度（按批次）", Note: fmt.Sprintf("按下达后 %d 个月内均匀支出计算应支出进度，与实际支出进度（已支出 ÷ 下达）比较。", s.rep.Thresholds.BondMonths), Table: bonds})
	monthly := table{ID: "funds-monthly", Head: nums(heads(append([]string{"月份"}, model.FundTypes...)...), 1, 2, 3, 4)}
	for _, fm := range s.rep.FundMonths {
		row := []cell{{Text: periodLabel(fm.Period)}}
		for _, t := range model.FundTypes {
			row = append(row, num(wan(fm.ByType[t]), fm.ByType[t].Wan()))
		}
		monthly.Rows = append(monthly.Rows, row)
	}
	tables = append(tables, titledTable{Title: "今年各月下达（万元，按下达日期）", Table: monthly})
	b := listBody{Intro: "各类上级资金的下达、到位和支出情况，逐笔列出。", Tables: tables, Charts: []chartView{s.fundsChart()}}
	return s.page("list", p, "资金", crumbsTo("资金"), true, b)
}

func joinCN(items []string) string {
	out := ""
	for i, it := range items {
		if i > 0 {
			out += "、"
		}
		out += it
	}
	return out
}

func (s *site) issuesPage() error {
	const p = "issues.html"
	is := s.rep.Summary.Issues
	// The open issues, overdue ones first, then by responsible unit, each
	// unit's (of its projects') a part of the table merged in that order
	// (see keyedrows.go): the report's order (day raised, project code)
	// breaks the ties, and it ends in the project's code.
	rowsOf := func(b []byte, open []*analysis.Issue) ([]byte, error) {
		slices.SortStableFunc(open, func(a, b *analysis.Issue) int {
			return cmp.Or(cmp.Compare(b.DaysOverdue, a.DaysOverdue), cmp.Compare(a.Responsible, b.Responsible))
		})
		return appendKeyedRows(b, s.issueTable(p, "", open), func(k int, key orderKey) orderKey {
			i := open[k]
			return key.int(-int64(i.DaysOverdue)).str(i.Responsible).int(i.Raised.First().Unix()).str(i.Code)
		})
	}
	var loose []*analysis.Issue // of no project: in no unit's part
	for _, i := range s.rep.Issues {
		if i.Project == nil && i.Status != analysis.Closed {
			loose = append(loose, i)
		}
	}
	var more [][]byte
	if len(loose) > 0 {
		b, err := rowsOf(nil, loose)
		if err != nil {
			return err
		}
		more = append(more, b)
	}
	list := s.issueTable(p, "issues", nil)
	var err error
	list.Segments, err = s.mergedRows(partsOf{"open issue rows", issueRowsContext{p, s.rep.End}}, func(b []byte, ps []*analysis.Project) ([]byte, error) {
		return rowsOf(b, openIssues(issuesOf(ps)))
	}, more...)
	if err != nil {
		return err
	}
	b := listBody{
		Intro: "未办结的要素保障问题，超期的排在前面。",
		Tiles: []tile{
			{Label: "问题总数", Value: fmt.Sprint(is.Total), Unit: "个"},
			{Label: "办理中", Value: fmt.Sprint(is.Open), Unit: "个"},
			{Label: "超期未办结", Value: fmt.Sprint(is.Overdue), Unit: "个", Class: classIf(is.Overdue > 0, "bad")},
			{Label: "已办结", Value: fmt.Sprint(is.Closed), Unit: "个", Note: "办结率 " + pct(rateOf(is.Closed, is.Total))},
		},
		Tables: []titledTable{{Title: "未办结问题", Table: list}},
	}
	return s.page("list", p, "要素保障", crumbsTo("要素保障"), false, b)
}

func rateOf(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}

func (s *site) reservePage() error {
	const p = "reserve.html"
	var reserve []*analysis.Project
	for _, pr := range s.rep.Projects {
		if pr.Stage == "储备" {
			reserve = append(reserve, pr)
		}
	}
	byChannel := table{ID: "channels", Head: nums(heads("拟申报资金渠道", "项目数", "总投资（万元）", "拟申请金额（万元）"), 1, 2, 3)}
	for _, ch := range append(append([]string{}, model.FundChannels...), "") {
		n, total, ask := 0, model.Amount(0), model.Amount(0)
		for _, pr := range reserve {
			if pr.FundChannel == ch {
				n++
				total += pr.Total
				ask += pr.FundAsk
			}
		}
		label := ch
		if ch == "" {
			label = "未填"
		}
		byChannel.Rows = append(byChannel.Rows, []cell{{Text: label}, num(fmt.Sprint(n), float64(n)), num(wan(total), total.Wan()), num(wan(ask), ask.Wan())})
	}
	list := table{ID: "reserve", Head: reserveHead(), Empty: "没有储备项目。"}
	newThisMonth := 0
	for _, pr := range reserve {
		if pr.ReserveDate.Year == s.rep.Period.Year && pr.ReserveDate.Month == s.rep.Period.Month {
			newThisMonth++
		}
	}
	// Latest entered first, then by code: each unit's reserve projects a
	// part of the list, merged in that order (see keyedrows.go).
	var err error
	list.Segments, err = s.mergedRows(partsOf{"reserve rows", nil}, func(b []byte, ps []*analysis.Project) ([]byte, error) {
		var unit []*analysis.Project
		for _, pr := range ps {
			if pr.Stage == "储备" {
				unit = append(unit, pr)
			}
		}
		slices.SortFunc(unit, func(a, b *analysis.Project) int {
			return cmp.Or(b.ReserveDate.First().Compare(a.ReserveDate.First()), cmp.Compare(a.Code, b.Code))
		})
		t := table{Head: reserveHead()}
		for _, pr := range unit {
			ask := "—"
			if pr.HasFundAsk {
				ask = wan(pr.FundAsk)
			}
			t.Rows = append(t.Rows, []cell{dateCell(pr.ReserveDate), {Text: pr.Code, Href: projectPath(pr.Code)},
				{Text: pr.Name, Href: projectPath(pr.Code)}, {Text: pr.Unit}, {Text: pr.Industry}, num(wan(pr.Total), pr.Total.Wan()),
				{Text: orDash(pr.FundChannel)}, num(ask, pr.FundAsk.Wan()), {Text: map[bool]string{true: "齐全", false: "不全"}[pr.Complete4C1B], Class: classIf(!pr.Complete4C1B, "warn")}})
		}
		return appendKeyedRows(b, t, func(k int, key orderKey) orderKey {
			return key.int(-unit[k].ReserveDate.First().Unix()).str(unit[k].Code)
		})
	})
	if err != nil {
		return err
	}
	b := listBody{
		Intro: "储备项目按拟申报资金渠道和入库时间列出（“每月储备一批”）。",
		Tiles: []tile{{Label: "储备项目", Value: fmt.Sprint(len(reserve)), Unit: "个"}, {Label: "本月新入库", Value: fmt.Sprint(newThisMonth), Unit: "个",
			Note: targetNote(newThisMonth, s.rep.ReserveTarget), Class: classIf(s.rep.ReserveTarget > 0 && newThisMonth < s.rep.ReserveTarget, "warn")}},
		Tables: []titledTable{{Title: "按拟申报资金渠道", Table: byChannel}, {Title: "今年各月新入库", Table: s.reserveMonths()}, {Title: "储备项目一览", Table: list}},
	}
	return s.page("list", p, "储备", crumbsTo("储备"), false, b)
}

func reserveHead() []head {
	return nums(heads("入库时间", "项目代码", "项目名称", "单位", "产业类别", "总投资（万元）", "拟申报资金渠道", "拟申请金额（万元）", "四证一书"), 5, 7)
}

// issueRowsContext is what a unit's rows of the issues page show besides
// its projects' issues: links relative to the page, and the months each
// has been open at the period's end.
type issueRowsContext struct {
	From string
	End  time.Time
}

func targetNote(n, target int) string {
	if target == 0 {
		return "未设每月目标"
	}
	if n >= target {
		return fmt.Sprintf("每月目标 %d 个，已完成", target)
	}
	return fmt.Sprintf("每月目标 %d 个，差 %d 个", target, target-n)
}

// reserveMonths counts new reserve projects per month and unit this year.
func (s *site) reserveMonths() table {
	names := []string{"月份", "新入库"}
	for _, u := range s.rep.Units {
		names = append(names, u.Name)
	}
	h := heads(names...)
	for i := 1; i < len(h); i++ {
		h[i].Num = true
	}
	t := table{ID: "reserve-months", Head: h}
	for _, m := range s.rep.ReserveMonths {
		row := []cell{{Text: periodLabel(m.Period)}, {Text: fmt.Sprint(m.New), Class: classIf(s.rep.ReserveTarget > 0 && m.New < s.rep.ReserveTarget, "warn")}}
		for _, u := range s.rep.Units {
			row = append(row, num(fmt.Sprint(m.ByUnit[u.Name]), float64(m.ByUnit[u.Name])))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
