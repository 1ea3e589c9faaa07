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
	// The name first: on a phone the first column stays in view while the
	// table scrolls sideways, and a leader knows projects by name.
	names := []string{"项目名称", "项目代码", "单位", "阶段", "总投资（万元）", "年度计划（万元）", "本年完成（万元）", "完成率", "与序时进度比较", "亮灯"}
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
		row := append(buf[:0], cell{Text: p.Name, Href: href}, cell{Text: p.Code, Href: href})
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
			late = daysLate(n.DaysLate)
		}
		slip := ""
		if n.Slipped {
			slip = "由 " + date(n.PrevPlanned) + " 调整"
		}
		t.Rows = append(t.Rows, slab.row(cell{Text: name, Href: rel(from, projectPath(n.Code))}, cell{Text: n.Name}, dateCell(n.Planned),
			dateCell(n.Done), st, num(late, float64(n.DaysLate)), cell{Text: n.Responsible}, cell{Text: slip, Class: classIf(n.Slipped, "warn")}))
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
			dateCell(i.Raised), dateCell(i.Due), dateCell(i.Closed), st,
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

// fileFindings is what the pages show of one file's findings: the first
// maxFindingsShown, in cell order, and how many there are in all. A unit
// page is keyed by these rather than by every finding: a workbook of
// hundreds of thousands of broken rows would otherwise be fingerprinted
// whole on every rebuild, for a page that lists 500 of them.
type fileFindings struct {
	File  string
	Shown []diag.Diagnostic
	Total int
}

// findingsByFile groups Input.Diags by file, once per rendering, in the
// order the files first appear (Diags is sorted by file).
func (s *site) findingsByFile() []fileFindings {
	s.byFileOnce.Do(func() {
		at := map[string]int{}
		for _, d := range s.in.Diags {
			i, ok := at[d.Pos.File]
			if !ok {
				i = len(s.byFile)
				at[d.Pos.File] = i
				s.byFile = append(s.byFile, fileFindings{File: d.Pos.File})
			}
			f := &s.byFile[i]
			if f.Total < maxFindingsShown {
				f.Shown = append(f.Shown, d)
			}
			f.Total++
		}
	})
	return s.byFile
}

// findingsOf returns what the pages show of the findings of the given
// files.
func (s *site) findingsOf(files map[string]bool) []fileFindings {
	var out []fileFindings
	for _, f := range s.findingsByFile() {
		if files[f.File] {
			out = append(out, f)
		}
	}
	return out
}

// findingTable lists the findings of one or more files, at most
// maxFindingsShown per file, then how many more each file has.
//
// withFile adds the file's name as the first column, for a table of
// several files; a file's own section of the validation page leaves it
// out, as its heading names the file and on a phone the first column,
// kept in view, squeezed the message to a few characters.
func (s *site) findingTable(from, id string, fs []fileFindings, withFile bool) table {
	t := table{ID: id, Head: heads("位置", "级别", "说明", "规则"), Empty: "没有发现问题。"}
	row := func(file string, cells ...cell) []cell {
		if withFile {
			return append([]cell{{Text: file}}, cells...)
		}
		return cells
	}
	if withFile {
		t.Head = append(heads("文件"), t.Head...)
	}
	for _, f := range fs {
		for _, d := range f.Shown {
			t.Rows = append(t.Rows, row(d.Pos.File, findingCells(d)...))
		}
	}
	for _, f := range fs {
		if more := f.Total - len(f.Shown); more > 0 {
			t.Rows = append(t.Rows, row(f.File, cell{Text: "……"}, cell{Text: ""},
				cell{Text: fmt.Sprintf("另有 %d 条问题未在此列出；请用 tuijin validate 查看完整清单", more)}, cell{Text: ""}))
		}
	}
	return t
}

// findingCells is a finding as a row shows it after its file: where in
// the file, how severe, what and which rule.
func findingCells(d diag.Diagnostic) []cell {
	where := d.Pos
	where.File = ""
	loc := where.String()
	if loc == "" {
		loc = "整个文件"
	}
	return []cell{{Text: loc}, {Text: d.Severity.Label(), Class: classIf(d.Severity == diag.Error, "bad") + classIf(d.Severity == diag.Warning, "warn")},
		{Text: d.Message}, {Text: d.Rule}}
}

// daysLate is an overdue node's 逾期天数 as a table shows it. A node due
// on the period's last day is overdue by the format's rule but no day
// late yet: "当天到期", where 0 read as a figure someone got wrong.
func daysLate(n int) string {
	if n == 0 {
		return "当天到期"
	}
	return fmt.Sprint(n)
}
