package render

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"slices"
	"strings"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/markdown"
	"tuijin/generator/model"
	"tuijin/generator/qr"
)

// DefaultOffice issues the briefing when site.toml names no office.
const DefaultOffice = "项目推进指挥部办公室"

type briefingBody struct {
	Title, Subtitle, Office, Date string
	QR                            template.HTML
	URL                           string
	PDF                           string // link to the printed PDF, "" when none was made
	Sections                      []briefingSection
	NextSteps                     template.HTML // 七、下一步工作, from data/briefings/YYYY-MM.md
	Attachment                    table
	AttachmentMore                more
	Charts                        []chartView
}

type briefingSection struct {
	Title  string
	Paras  []string
	Tables []titledTable
}

// briefingPath is the page of a period's briefing.
func briefingPath(p model.Period) string { return "briefing/" + p.String() + ".html" }

// briefings renders the briefing of the period and of every earlier month,
// and the archive that lists them.
func (s *site) briefings() error {
	var rows [][]cell
	row := func(p model.Period, ix BriefingIndex) {
		rows = append(rows, []cell{{Text: periodLabel(p)}, {Text: p.String() + " 月度通报", Href: rel("briefing/index.html", briefingPath(p))},
			{Text: pct(ix.CompletionRate)}, {Text: gap(ix.CompletionRate, ix.TimeProgress)}, {Text: fmt.Sprint(ix.Red)}})
	}
	for _, a := range s.in.Archive {
		ix, err := s.archivedBriefing(a)
		if err != nil {
			return err
		}
		row(a.Period, ix)
	}
	if err := s.briefing(s.rep, nil); err != nil {
		return err
	}
	row(s.rep.Period, IndexOf(s.rep))
	slices.Reverse(rows)
	t := table{ID: "briefings", Head: heads("期次", "通报", "完成率", "与序时进度比较", "红灯项目"), Rows: rows}
	b := listBody{Intro: "各期月度通报，可在浏览器中打印为 A4 纸质版。", Tables: []titledTable{{Title: "通报目录", Table: t}}}
	return s.page("list", "briefing/index.html", "月度通报", crumbsTo("月度通报"), false, b)
}

// briefingSubtitle is the heading of a period's briefing.
func briefingSubtitle(p model.Period) string {
	return fmt.Sprintf("重点项目推进情况通报（%d年第%d期）", p.Year, p.Month)
}

func briefingCrumbs(p model.Period) []link {
	return []link{{Text: "总览", Href: "index.html"}, {Text: "月度通报", Href: "briefing/index.html"}, {Text: periodLabel(p)}}
}

// briefing renders a period's briefing from its report; key, when not nil,
// is the page's fingerprint made from the report's inputs (see Archived).
func (s *site) briefing(r *analysis.Report, key *fingerprint.Sum) error {
	p := briefingPath(r.Period)
	sm := r.Summary
	inv := sm.Investment
	m := r.Period.Month
	span := fmt.Sprintf("1—%d月", m)
	if m == 1 {
		span = "1月"
	}
	b := briefingBody{
		Title:    s.title,
		Subtitle: briefingSubtitle(r.Period),
		Office:   s.office(),
		Date:     date(model.DateOf(r.End)),
	}
	if s.in.PDF && r == s.rep {
		b.PDF = r.Period.String() + ".pdf"
	}
	if s.in.BaseURL != "" {
		b.URL = s.in.BaseURL + p
		code, err := qr.SVG(b.URL, "扫一扫在手机打开本期通报")
		if err != nil {
			return err
		}
		b.QR = code
	}
	byStage := func(st string) int { return sm.Projects.ByStage[st] }

	// 一、总体情况
	overall := briefingSection{Title: "一、总体情况"}
	overall.Paras = append(overall.Paras,
		fmt.Sprintf("截至%d年%d月底，全区共有重点项目%d个，总投资%s亿元。其中储备项目%d个、前期项目%d个、新开工项目%d个、续建项目%d个、竣工项目%d个。",
			r.Period.Year, m, sm.Projects.Count, yi(inv.Total), byStage("储备"), byStage("前期"), byStage("新开工"), byStage("续建"), byStage("竣工")),
		fmt.Sprintf("%s，全区重点项目累计完成投资%s亿元，占年度计划%s亿元的%s，%s（序时进度%s）。",
			span, yi(inv.DoneYear), yi(inv.PlanYear), pct(inv.CompletionRate), gap(inv.CompletionRate, sm.TimeProgress), pctOf(sm.TimeProgress)))
	var funds []string
	for _, ft := range r.FundTypes {
		if ft.AllocatedThisYear > 0 || ft.Allocated > 0 {
			funds = append(funds, fmt.Sprintf("%s本年下达%s万元、累计到位%s万元、已支出%s万元，支出率%s", ft.Type, wan(ft.AllocatedThisYear), wan(ft.Received), wan(ft.Spent), pct(ft.SpendRate)))
		}
	}
	if len(funds) > 0 {
		overall.Paras = append(overall.Paras, "争取上级资金方面，"+strings.Join(funds, "；")+"。")
	}
	overall.Paras = append(overall.Paras, fmt.Sprintf("项目节点方面，已到期节点%d个，按期完成%d个，按期完成率%s，逾期未完成%d个；本月调整计划完成时间的节点%d个。亮灯项目：红灯%d个、黄灯%d个。",
		sm.Milestones.Due, sm.Milestones.OnTime, pct(sm.Milestones.OnTimeRate), sm.Milestones.Overdue, sm.Milestones.Slipped, sm.Lights.Red, sm.Lights.Yellow))
	b.Sections = append(b.Sections, overall)

	// 二、分类推进情况
	cls := briefingSection{Title: "二、分类推进情况"}
	for _, c := range r.Centres {
		if len(c.Projects) == 0 {
			continue
		}
		done := moneyTile(c.DoneYear) // in 亿元 beside 总投资 once it is that large
		cls.Paras = append(cls.Paras, fmt.Sprintf("%s：项目%d个，总投资%s亿元，%s完成投资%s%s，年度计划完成率%s，%s。",
			c.Name, len(c.Projects), yi(c.Total), span, done[0], done[1], pct(c.CompletionRate), gap(c.CompletionRate, sm.TimeProgress)))
	}
	centres := table{Head: nums(heads("指挥中心", "项目数", "新开工", "续建", "竣工", "年度计划（万元）", "本年完成（万元）", "完成率", "红灯", "黄灯"), 1, 2, 3, 4, 5, 6, 7, 8, 9)}
	for _, c := range r.Centres {
		centres.Rows = append(centres.Rows, []cell{{Text: c.Name}, {Text: fmt.Sprint(len(c.Projects))}, {Text: fmt.Sprint(c.ByStage["新开工"])}, {Text: fmt.Sprint(c.ByStage["续建"])},
			{Text: fmt.Sprint(c.ByStage["竣工"])}, {Text: wan(c.PlanYear)}, {Text: wan(c.DoneWithPlan)}, {Text: pct(c.CompletionRate)}, {Text: fmt.Sprint(c.Lights.Red)}, {Text: fmt.Sprint(c.Lights.Yellow)}})
	}
	industries := table{Head: nums(heads("产业类别", "项目数", "总投资（万元）", "年度计划（万元）", "本年完成（万元）"), 1, 2, 3, 4)}
	for _, in := range r.Industries {
		if in.Projects > 0 {
			industries.Rows = append(industries.Rows, []cell{{Text: in.Name}, {Text: fmt.Sprint(in.Projects)}, {Text: wan(in.Total)}, {Text: wan(in.PlanYear)}, {Text: wan(in.DoneYear)}})
		}
	}
	cls.Tables = []titledTable{{Title: "按指挥中心", Table: centres}, {Title: "按产业", Table: industries}}
	b.Sections = append(b.Sections, cls)

	// 三、分单位情况
	units := briefingSection{Title: "三、分单位情况"}
	var top, bottom []string
	ranked := 0
	for _, rk := range r.Ranks.UnitsByCompletion {
		if rk.Place > 0 {
			ranked++
		}
	}
	n := min(3, ranked/2)
	for i, rk := range r.Ranks.UnitsByCompletion {
		if rk.Place == 0 {
			continue
		}
		if i < n {
			top = append(top, fmt.Sprintf("%s（%s）", rk.Name, pct(rk.Value)))
		} else if i >= ranked-n {
			bottom = append(bottom, fmt.Sprintf("%s（%s）", rk.Name, pct(rk.Value)))
		}
	}
	if len(top) > 0 {
		units.Paras = append(units.Paras, fmt.Sprintf("按年度计划完成率排名，位列前%d位的是%s；排名后%d位的是%s。", n, strings.Join(top, "、"), n, strings.Join(bottom, "、")))
	}
	rank := table{Head: nums(heads("名次", "单位", "项目数", "年度计划（万元）", "本年完成（万元）", "完成率", "与序时进度比较", "节点按期率", "名次变化"), 0, 2, 3, 4, 5, 7)}
	byName := map[string]*analysis.Group{}
	for _, u := range r.Units {
		byName[u.Name] = u
	}
	for _, rk := range r.Ranks.UnitsByCompletion {
		u := byName[rk.Name]
		place := "—"
		if rk.Place > 0 {
			place = fmt.Sprint(rk.Place)
		}
		rank.Rows = append(rank.Rows, []cell{{Text: place}, {Text: u.Name}, {Text: fmt.Sprint(len(u.Projects))}, {Text: wan(u.PlanYear)}, {Text: wan(u.DoneWithPlan)},
			{Text: pct(u.CompletionRate)}, {Text: gap(u.CompletionRate, sm.TimeProgress)}, {Text: pct(u.Nodes.OnTimeRate())}, {Text: change(rk)}})
	}
	units.Tables = []titledTable{{Title: "各单位年度计划完成情况（按完成率排名）", Table: rank}}
	b.Sections = append(b.Sections, units)

	// 四、资金争取与使用
	fs := briefingSection{Title: "四、资金争取与使用"}
	ft := table{Head: nums(heads("资金类型", "本年下达（万元）", "去年同期（万元）", "同比", "累计下达（万元）", "到位（万元）", "已支出（万元）", "支出率"), 1, 2, 3, 4, 5, 6, 7)}
	for i, t := range r.FundTypes {
		y := r.FundYoY[i]
		last, ch := "—", "—"
		if y.LastYear != nil {
			last = wan(*y.LastYear)
		}
		if y.Change != nil {
			ch = fmt.Sprintf("%+.1f%%", *y.Change*100)
			fs.Paras = append(fs.Paras, fmt.Sprintf("%s本年下达%s万元，同比%s%.1f%%。", t.Type, wan(y.ThisYear), map[bool]string{true: "增加", false: "减少"}[*y.Change >= 0], abs(*y.Change*100)))
		}
		ft.Rows = append(ft.Rows, []cell{{Text: t.Type}, {Text: wan(y.ThisYear)}, {Text: last}, {Text: ch}, {Text: wan(t.Allocated)}, {Text: wan(t.Received)}, {Text: wan(t.Spent)}, {Text: pct(t.SpendRate)}})
	}
	bonds := table{Head: nums(heads("专项债券批次", "下达日期", "下达（万元）", "已支出（万元）", "应支出进度", "实际支出进度", "亮灯"), 2, 3, 4, 5), Empty: "本期没有专项债券。"}
	for _, bb := range r.Bonds {
		bonds.Rows = append(bonds.Rows, []cell{{Text: bb.Batch}, dateCell(bb.Date), {Text: wan(bb.Allocated)}, {Text: wan(bb.Spent)}, {Text: pctOf(bb.Expected)}, {Text: pct(bb.Actual)}, {Text: bb.Light.Label(), Class: bb.Light.Class()}})
	}
	fs.Tables = []titledTable{{Title: "上级资金", Table: ft}, {Title: "专项债券支出进度", Table: bonds}}
	b.Sections = append(b.Sections, fs)

	// 五、节点与亮灯
	nl := briefingSection{Title: "五、节点与亮灯"}
	overdue := table{Head: nums(heads("项目", "单位", "节点", "计划完成", "逾期天数"), 4), Empty: "没有逾期未完成的节点。"}
	var late []*analysis.Node
	for _, nd := range r.Nodes {
		if nd.Status == analysis.Overdue {
			late = append(late, nd)
		}
	}
	analysis.SortNodes(late)
	for _, nd := range late {
		overdue.Rows = append(overdue.Rows, []cell{{Text: nodeProject(nd)}, {Text: nd.Unit}, {Text: nd.Name}, dateCell(nd.Planned), {Text: daysLate(nd.DaysLate)}})
	}
	slipped := table{Head: nums(heads("项目", "节点", "今年调整次数", "累计推迟（天）", "现计划完成"), 2, 3), Empty: "今年没有调整计划完成时间的节点。"}
	for _, h := range r.Slips {
		slipped.Rows = append(slipped.Rows, []cell{{Text: nodeProject(h.Node)}, {Text: h.Node.Name}, {Text: fmt.Sprint(h.Moves)}, {Text: fmt.Sprint(h.ShiftDays)}, dateCell(h.Node.Planned)})
	}
	lit := table{Head: heads("亮灯", "项目", "单位", "原因"), Empty: "没有红灯、黄灯项目。"}
	for _, l := range []analysis.Light{analysis.Red, analysis.Yellow} {
		for _, pr := range r.Projects {
			if pr.Light == l {
				lit.Rows = append(lit.Rows, []cell{{Text: l.Label(), Class: l.Class()}, {Text: pr.Name}, {Text: pr.Unit}, {Text: joinCN(pr.Reasons)}})
			}
		}
	}
	nl.Paras = []string{fmt.Sprintf("逾期未完成节点%d个，今年调整过计划完成时间的节点%d个（本月%d个）；红灯项目%d个、黄灯项目%d个。",
		sm.Milestones.Overdue, sm.Slips.MovedThisYear, sm.Slips.ThisMonth, sm.Lights.Red, sm.Lights.Yellow)}
	// Cut before the tables are copied into the section: the order in
	// which a composite literal reads a variable and calls a function
	// that changes it is not specified.
	rows := s.in.Bounds.Rows
	overdueMore := s.cut(&overdue, rows, r, "逾期最久的 %d 个节点", "节点", "nodes.html")
	slippedMore := s.cut(&slipped, rows, r, "今年调整次数最多的 %d 个节点", "节点调整", "slips.html")
	litMore := s.cut(&lit, rows, r, "前 %d 个项目（红灯在前）", "亮灯", "lights.html")
	nl.Tables = []titledTable{
		{Title: "逾期未完成节点", Table: overdue, More: overdueMore},
		{Title: "节点调整", Table: slipped, More: slippedMore},
		{Title: "红灯、黄灯项目", Table: lit, More: litMore},
	}
	b.Sections = append(b.Sections, nl)

	// 六、存在问题
	pb := briefingSection{Title: "六、存在问题"}
	is := sm.Issues
	pb.Paras = []string{fmt.Sprintf("要素保障问题共%d个，已办结%d个，办结率%s；办理中%d个，超期未办结%d个。", is.Total, is.Closed, pct(rateOf(is.Closed, is.Total)), is.Open, is.Overdue)}
	open := table{Head: nums(heads("项目", "问题类型", "问题描述", "责任单位", "要求办结", "状态", "超期天数"), 6), Empty: "没有未办结的问题。"}
	for _, i := range r.Issues {
		if i.Status == analysis.Closed {
			continue
		}
		name := i.Code
		if i.Project != nil {
			name = i.Project.Name
		}
		over := ""
		if i.Status == analysis.IssueOverdue {
			over = fmt.Sprint(i.DaysOverdue)
		}
		open.Rows = append(open.Rows, []cell{{Text: name}, {Text: i.Type}, {Text: i.Description}, {Text: i.Responsible}, dateCell(i.Due), {Text: i.Status.Label(), Class: i.Status.Class()}, {Text: over}})
	}
	openMore := s.cut(&open, s.in.Bounds.Rows, r, "提出最早的 %d 个问题", "要素保障", "issues.html")
	pb.Tables = []titledTable{{Title: "未办结问题", Table: open, More: openMore}}
	b.Sections = append(b.Sections, pb)

	if src, ok := s.in.Briefings[r.Period.String()]; ok {
		h, err := markdown.Render(withoutOwnTitle(src))
		if err != nil {
			return fmt.Errorf("render: briefing %s: %w", r.Period, err)
		}
		b.NextSteps = h
	}
	b.Attachment = table{ID: "attachment", Head: nums(heads("序号", "项目代码", "项目名称", "单位", "阶段", "总投资（万元）", "年度计划（万元）", "本年完成（万元）", "完成率", "亮灯"), 0, 5, 6, 7, 8)}
	listed, left := attachmentProjects(r.Projects, s.in.Bounds.Attachment)
	if left > 0 {
		b.AttachmentMore = s.more("本表列出", len(listed), left, r, "总投资最大的 %d 个项目", "项目", "projects.html")
	}
	for i, pr := range listed {
		b.Attachment.Rows = append(b.Attachment.Rows, []cell{{Text: fmt.Sprint(i + 1)}, {Text: pr.Code}, {Text: pr.Name}, {Text: pr.Unit}, {Text: pr.Stage},
			{Text: wan(pr.Total)}, {Text: wan(pr.PlanYear)}, {Text: wan(pr.DoneYear)}, {Text: pct(pr.CompletionRate)}, {Text: pr.Light.Label(), Class: pr.Light.Class()}})
	}
	b.Charts = []chartView{s.completionChart(r, "b-centres", "各指挥中心年度计划完成率", r.Centres, p), s.trendChart("b-trend", r.Trend)}
	return s.pageKeyed("briefing", p, b.Subtitle, briefingCrumbs(r.Period), true, b, key)
}

func (s *site) office() string {
	if s.in.Office != "" {
		return s.in.Office
	}
	return DefaultOffice
}

func nodeProject(n *analysis.Node) string {
	if n.Project != nil {
		return n.Project.Name
	}
	return n.Code
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// reNextStepsTitle is a Markdown heading that repeats the section's title
// (## 下一步工作, # 七、下一步工作).
var reNextStepsTitle = regexp.MustCompile(`^#{1,6}[ \t]*(七[、.．]\s*)?下一步工作[ \t]*#*[ \t]*$`)

// withoutOwnTitle drops a first heading that repeats 七、下一步工作: staff
// write the file as a document of its own, and the briefing prints the
// section's title above it already.
func withoutOwnTitle(src []byte) []byte {
	rest := bytes.TrimLeft(src, " \t\r\n\uFEFF")
	line, after, _ := bytes.Cut(rest, []byte("\n"))
	if reNextStepsTitle.Match(bytes.TrimRight(line, "\r")) {
		return after
	}
	return src
}
