package render

import (
	"fmt"
	"strconv"

	"tuijin/generator/analysis"
	"tuijin/generator/diag"
)

// projectTable lists projects with their investment progress; from is the
// page it appears on, for relative links.
func (s *site) projectTable(from string, ps []*analysis.Project, withUnit bool) table {
	progress := s.rep.Summary.TimeProgress
	names := []string{"项目代码", "项目名称", "单位", "阶段", "总投资（万元）", "年度计划（万元）", "本年完成（万元）", "完成率", "与序时进度比较", "亮灯"}
	if !withUnit {
		names = append(names[:2], names[3:]...)
	}
	h := heads(names...)
	for i, n := range names {
		switch n {
		case "总投资（万元）", "年度计划（万元）", "本年完成（万元）", "完成率":
			h[i].Num = true
		case "单位", "阶段", "亮灯":
			h[i].Filter = true
		}
	}
	t := table{ID: "projects", Head: h, Empty: "没有项目。", Rows: make([][]cell, 0, len(ps))}
	slab := make(cellSlab, 0, len(ps)*len(names))
	var buf [10]cell
	for _, p := range ps {
		href := rel(from, projectPath(p.Code))
		row := append(buf[:0], cell{Text: p.Code, Href: href}, cell{Text: p.Name, Href: href})
		if withUnit {
			row = append(row, cell{Text: p.Unit, Href: rel(from, unitPath(p.Unit))})
		}
		g := ""
		if p.PlanYear > 0 {
			g = gap(p.CompletionRate, progress)
		}
		row = append(row, cell{Text: p.Stage},
			num(wan(p.Total), p.Total.Wan()), num(wan(p.PlanYear), p.PlanYear.Wan()), num(wan(p.DoneYear), p.DoneYear.Wan()),
			rateCell(p.CompletionRate, progress), cell{Text: g}, cell{Text: p.Light.Label(), Class: p.Light.Class(), Sort: strconv.Itoa(int(p.Light))})
		t.Rows = append(t.Rows, slab.row(row...))
	}
	return t
}

func (s *site) nodeTable(from, id string, ns []*analysis.Node) table {
	t := table{ID: id, Head: nums(heads("项目", "节点", "计划完成", "实际完成", "状态", "逾期天数", "责任单位", "计划调整"), 5), Empty: "没有需要关注的节点。",
		Rows: make([][]cell, 0, len(ns))}
	slab := make(cellSlab, 0, len(ns)*len(t.Head))
	for _, n := range ns {
		name := n.Code
		if n.Project != nil {
			name = n.Project.Name
		}
		st := cell{Text: n.Status.Label(), Class: n.Status.Class()}
		late := ""
		if n.Status == analysis.Overdue {
			late = fmt.Sprint(n.DaysLate)
		}
		slip := ""
		if n.Slipped {
			slip = "由 " + date(n.PrevPlanned) + " 调整"
		}
		t.Rows = append(t.Rows, slab.row(cell{Text: name, Href: rel(from, projectPath(n.Code))}, cell{Text: n.Name}, cell{Text: date(n.Planned), Sort: n.Planned.String()},
			cell{Text: date(n.Done), Sort: n.Done.String()}, st, num(late, float64(n.DaysLate)), cell{Text: n.Responsible}, cell{Text: slip, Class: classIf(n.Slipped, "warn")}))
	}
	return t
}

func (s *site) issueTable(from, id string, is []*analysis.Issue) table {
	t := table{ID: id, Head: nums(heads("项目", "问题类型", "问题描述", "责任单位", "提出日期", "要求办结", "办结日期", "状态", "超期天数", "历时（天）", "跨越月数"), 8, 9, 10), Empty: "没有未办结的问题。",
		Rows: make([][]cell, 0, len(is))}
	slab := make(cellSlab, 0, len(is)*len(t.Head))
	for _, i := range is {
		name := i.Code
		if i.Project != nil {
			name = i.Project.Name
		}
		st := cell{Text: i.Status.Label(), Class: i.Status.Class()}
		over := ""
		if i.Status == analysis.IssueOverdue {
			over = fmt.Sprint(i.DaysOverdue)
		}
		t.Rows = append(t.Rows, slab.row(cell{Text: name, Href: rel(from, projectPath(i.Code))}, cell{Text: i.Type}, cell{Text: i.Description}, cell{Text: i.Responsible},
			cell{Text: date(i.Raised), Sort: i.Raised.String()}, cell{Text: date(i.Due), Sort: i.Due.String()}, cell{Text: date(i.Closed), Sort: i.Closed.String()}, st,
			num(over, float64(i.DaysOverdue)), num(fmt.Sprint(i.DaysOpen), float64(i.DaysOpen)),
			num(fmt.Sprint(analysis.MonthsOpen(i, s.rep.End)), float64(analysis.MonthsOpen(i, s.rep.End)))))
	}
	return t
}

// maxFindingsShown bounds the findings listed for one file. A workbook of a
// hundred thousand broken rows has hundreds of thousands of findings;
// listing them all would make the validation page tens of megabytes (and
// the build slow for every unit). The first ones, in cell order, say what
// is wrong; `tuijin validate` lists every one.
const maxFindingsShown = 500

// findingsOf returns the findings of the given files, in the order of
// Input.Diags.
func (s *site) findingsOf(files map[string]bool) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range s.in.Diags {
		if files[d.Pos.File] {
			out = append(out, d)
		}
	}
	return out
}

// findingTable lists findings (of one or more files, in cell order), at
// most maxFindingsShown per file.
func (s *site) findingTable(from, id string, ds []diag.Diagnostic) table {
	t := table{ID: id, Head: heads("文件", "位置", "级别", "说明", "规则"), Empty: "没有发现问题。"}
	shown := map[string]int{}
	var order []string
	for _, d := range ds {
		n, ok := shown[d.Pos.File]
		if !ok {
			order = append(order, d.Pos.File)
		}
		shown[d.Pos.File] = n + 1
		if n < maxFindingsShown {
			t.Rows = append(t.Rows, findingRow(d))
		}
	}
	for _, f := range order {
		if n := shown[f]; n > maxFindingsShown {
			t.Rows = append(t.Rows, []cell{{Text: f}, {Text: "……"}, {Text: ""},
				{Text: fmt.Sprintf("另有 %d 条问题未在此列出；请用 tuijin validate 查看完整清单", n-maxFindingsShown)}, {Text: ""}})
		}
	}
	return t
}

func findingRow(d diag.Diagnostic) []cell {
	where := d.Pos
	where.File = ""
	loc := where.String()
	if loc == "" {
		loc = "整个文件"
	}
	return []cell{{Text: d.Pos.File}, {Text: loc}, {Text: d.Severity.Label(), Class: classIf(d.Severity == diag.Error, "bad") + classIf(d.Severity == diag.Warning, "warn")},
		{Text: d.Message}, {Text: d.Rule}}
}
