package render

import (
	"fmt"
	"math"

	"tuijin/generator/analysis"
	"tuijin/generator/charts"
	"tuijin/generator/model"
)

// rankRow is one line of the 红黑榜.
type rankRow struct {
	Place, Name, Href, Value, Change, Class string
}

type honourBoard struct {
	Title       string
	Top, Bottom []rankRow
}

// boards are the 红黑榜 of the dashboard: the best and worst three units by
// completion rate and by node on-time rate, with the change since last month.
func (s *site) boards(from string) []honourBoard {
	mk := func(title string, rs []analysis.Rank) honourBoard {
		b := honourBoard{Title: title}
		var ranked []analysis.Rank
		for _, r := range rs {
			if r.Place > 0 {
				ranked = append(ranked, r)
			}
		}
		n := min(3, len(ranked)/2+len(ranked)%2)
		row := func(r analysis.Rank, class string) rankRow {
			return rankRow{Place: fmt.Sprint(r.Place), Name: r.Name, Href: rel(from, unitPath(r.Name)), Value: pct(r.Value), Change: change(r), Class: class}
		}
		for _, r := range ranked[:n] {
			b.Top = append(b.Top, row(r, "good"))
		}
		for i := len(ranked) - 1; i >= len(ranked)-n && i >= n; i-- {
			b.Bottom = append(b.Bottom, row(ranked[i], "bad"))
		}
		return b
	}
	return []honourBoard{
		mk("年度计划完成率", s.rep.Ranks.UnitsByCompletion),
		mk("节点按期完成率", s.rep.Ranks.UnitsByOnTime),
	}
}

func change(r analysis.Rank) string {
	switch c := r.Change(); {
	case r.PrevPlace == 0:
		return "—"
	case c > 0:
		return fmt.Sprintf("↑%d", c)
	case c < 0:
		return fmt.Sprintf("↓%d", -c)
	}
	return "持平"
}

// rankTable lists a whole ranking.
func rankTable(id string, rs []analysis.Rank, path func(string) string) table {
	t := table{ID: id, Head: nums(heads("名次", "名称", "完成率", "上月名次", "变化"), 0, 2, 3), Empty: "暂无排名。"}
	for _, r := range rs {
		place, prev := "—", "—"
		if r.Place > 0 {
			place = fmt.Sprint(r.Place)
		}
		if r.PrevPlace > 0 {
			prev = fmt.Sprint(r.PrevPlace)
		}
		t.Rows = append(t.Rows, []cell{{Text: place, Sort: fmt.Sprint(r.Place)}, {Text: r.Name, Href: path(r.Name)}, {Text: pct(r.Value)}, {Text: prev}, {Text: change(r)}})
	}
	return t
}

// trendChart draws year-to-date completion against the 序时 line.
func (s *site) trendChart(id string, tr analysis.Trend) chartView {
	var months []string
	var done, line []float64
	t := table{Head: nums(heads("月份", "年度计划（万元）", "本年累计完成（万元）", "当月完成（万元）", "完成率", "序时进度"), 1, 2, 3, 4, 5)}
	for _, p := range tr.Points {
		months = append(months, fmt.Sprintf("%d月", p.Period.Month))
		r := math.NaN()
		if p.Rate != nil {
			r = *p.Rate
		}
		done = append(done, r)
		line = append(line, p.Progress)
		t.Rows = append(t.Rows, []cell{{Text: periodLabel(p.Period)}, num(wan(p.PlanYear), p.PlanYear.Wan()), num(wan(p.DoneYear), p.DoneYear.Wan()),
			changeCell(p.Change), {Text: pct(p.Rate)}, {Text: pctOf(p.Progress)}})
	}
	title := tr.Name + "本年累计完成与序时进度"
	c := charts.Line(id, title, months, []charts.Series{{Name: "年度计划完成率", Values: done}, {Name: "序时进度", Values: line}},
		charts.LineOpts{Unit: "%", Percent: true, Desc: fmt.Sprintf("%s，%d 个月的本年累计完成率与序时进度对比。", title, len(months))})
	return newChart(c, t)
}

// quarterTable shows completion at each quarter's end against its target.
func (s *site) quarterTable() table {
	t := table{ID: "quarters", Head: heads("季度", "目标（序时）", "完成率", "情况")}
	words := []string{"难在一季度", "稳在二季度", "冲在三季度", "赢在四季度"}
	for _, q := range s.rep.Quarters {
		state, class := "尚未到来", ""
		if !q.Available && q.Q*3 <= s.rep.Period.Month {
			state = "没有该季度的台账"
		}
		if q.Available {
			if q.Rate != nil && *q.Rate >= q.Target {
				state, class = "达到目标", "good"
			} else {
				state, class = "未达目标", "warn"
			}
			if q.Period.Month%3 != 0 {
				state += fmt.Sprintf("（截至%d月）", q.Period.Month)
			}
		}
		t.Rows = append(t.Rows, []cell{{Text: fmt.Sprintf("第%d季度（%s）", q.Q, words[q.Q-1])}, {Text: pctOf(q.Target)}, {Text: pct(q.Rate)}, {Text: state, Class: class}})
	}
	return t
}

type lightsBody struct {
	Tiles  []tile
	Groups []titledTable
	Red    table
	Yellow table
	Note   string
}

func (s *site) lightsPage() error {
	const p = "lights.html"
	l := s.rep.Lights
	th := s.rep.Thresholds
	b := lightsBody{
		Tiles: []tile{
			{Label: "红灯项目", Value: fmt.Sprint(l.Red), Unit: "个", Class: classIf(l.Red > 0, "bad")},
			{Label: "黄灯项目", Value: fmt.Sprint(l.Yellow), Unit: "个", Class: classIf(l.Yellow > 0, "warn")},
			{Label: "绿灯项目", Value: fmt.Sprint(l.Green), Unit: "个", Class: "good"},
			{Label: "未评价", Value: fmt.Sprint(l.None), Unit: "个", Note: "没有年度计划也没有节点"},
		},
		Note: fmt.Sprintf("投资亮灯：年度计划完成率落后序时进度不超过 %g 个百分点为绿灯，%g～%g 个百分点为黄灯，超过 %g 个百分点为红灯。节点亮灯：节点逾期未完成 %d 天以内为黄灯，超过 %d 天为红灯。项目取各项中最差的灯。",
			th.InvestYellow, th.InvestYellow, th.InvestRed, th.InvestRed, th.NodeRedDays, th.NodeRedDays),
	}
	// Each list is made of the units' parts (see Segments).
	list := func(id string, light analysis.Light) (table, error) {
		t := table{ID: id, Head: heads("项目", "单位", "指挥中心", "原因"), Empty: "没有。"}
		parts, err := s.segments(partsOf{"light rows", light}, func(b []byte, ps []*analysis.Project) ([]byte, error) {
			rows := table{Head: t.Head}
			for _, pr := range ps {
				if pr.Light == light {
					rows.Rows = append(rows.Rows, []cell{{Text: pr.Name, Href: projectPath(pr.Code)}, {Text: pr.Unit, Href: unitPath(pr.Unit)}, {Text: shortCentre(pr.Centre)}, {Text: joinCN(pr.Reasons), Class: light.Class()}})
				}
			}
			return rows.appendRows(b)
		})
		t.Segments = parts
		return t, err
	}
	var err error
	if b.Red, err = list("red", analysis.Red); err != nil {
		return err
	}
	if b.Yellow, err = list("yellow", analysis.Yellow); err != nil {
		return err
	}
	counts := func(id string, gs []*analysis.Group, path func(*analysis.Group) string) table {
		t := table{ID: id, Head: nums(heads("名称", "红灯", "黄灯", "绿灯", "未评价"), 1, 2, 3, 4)}
		for _, g := range gs {
			t.Rows = append(t.Rows, []cell{{Text: g.Name, Href: path(g)}, {Text: fmt.Sprint(g.Lights.Red), Class: classIf(g.Lights.Red > 0, "bad")},
				{Text: fmt.Sprint(g.Lights.Yellow), Class: classIf(g.Lights.Yellow > 0, "warn")}, {Text: fmt.Sprint(g.Lights.Green)}, {Text: fmt.Sprint(g.Lights.None)}})
		}
		return t
	}
	b.Groups = []titledTable{
		{Title: "各指挥中心", Table: counts("centre-lights", s.rep.Centres, func(g *analysis.Group) string { return groupPath(s.rep, g) })},
		{Title: "各单位", Table: counts("unit-lights", s.rep.Units, func(g *analysis.Group) string { return unitPath(g.Name) })},
	}
	return s.page("lights", p, "亮灯", crumbsTo("亮灯"), false, b)
}

func (s *site) slipsPage() error {
	const p = "slips.html"
	sl := s.rep.Summary.Slips
	// One column per month of the year that has a ledger.
	var months []string
	if len(s.rep.Slips) > 0 {
		for _, d := range s.rep.Slips[0].Dates {
			months = append(months, fmt.Sprintf("%d月台账", d.Period.Month))
		}
	}
	h := heads(append([]string{"项目", "单位", "节点", "调整次数", "累计推迟（天）"}, months...)...)
	h = nums(h, 3, 4)
	t := table{ID: "slips", Head: h, Empty: "今年没有调整过计划完成时间的节点。"}
	for _, n := range s.rep.Slips {
		name, unit := n.Node.Code, n.Node.Unit
		if n.Node.Project != nil {
			name, unit = n.Node.Project.Name, n.Node.Project.Unit
		}
		row := []cell{{Text: name, Href: projectPath(n.Node.Code)}, {Text: unit}, {Text: n.Node.Name}, num(fmt.Sprint(n.Moves), float64(n.Moves)),
			num(fmt.Sprint(n.ShiftDays), float64(n.ShiftDays))}
		var last string
		for _, d := range n.Dates {
			c := dateCell(d.Planned)
			if v := d.Planned.String(); last != "" && v != "" && v != last {
				c.Class = "warn"
			}
			if v := d.Planned.String(); v != "" {
				last = v
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	units := table{ID: "slip-units", Head: nums(heads("单位", "本月调整", "今年调整过的节点"), 1, 2)}
	for _, u := range s.rep.Units {
		units.Rows = append(units.Rows, []cell{{Text: u.Name, Href: unitPath(u.Name)}, num(fmt.Sprint(u.Nodes.Slipped), float64(u.Nodes.Slipped)),
			num(fmt.Sprint(u.NodesMoved), float64(u.NodesMoved))})
	}
	b := listBody{
		Intro: "同一项目、同一节点的计划完成时间与此前各月台账不同，即为节点调整（“既定任务时间节点一变再变”）。下表按月列出每个调整过的节点今年各月台账中的计划完成时间。",
		Tiles: []tile{
			{Label: "本月调整", Value: fmt.Sprint(sl.ThisMonth), Unit: "个节点", Class: classIf(sl.ThisMonth > 0, "warn")},
			{Label: "今年调整过", Value: fmt.Sprint(sl.MovedThisYear), Unit: "个节点"},
		},
		Tables: []titledTable{{Title: "调整过的节点", Table: t}, {Title: "各单位", Table: units}},
	}
	return s.page("list", p, "节点调整", crumbsTo("节点调整"), false, b)
}

func changeCell(c *model.Amount) cell {
	if c == nil {
		return cell{Text: "—"}
	}
	return num(wan(*c), c.Wan())
}
