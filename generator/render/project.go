package render

import (
	"crypto/sha256"
	"fmt"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/model"
)

type fact struct{ Label, Value, Href string }

type projectBody struct {
	P          *analysis.Project
	Facts      facts
	Investment facts
	Progress   string // completion against 序时进度 in words
	Behind     bool
	Funds      table
	Nodes      timeline
	Issues     table
	Approvals  table
	FourCerts  checklist
	Complete   bool
	Flagged    bool
	Source     string
}

type nodeItem struct {
	Name, Planned, Done, Status, Class, Slip, Responsible string
}

func (s *site) projectPages() error {
	progress := s.rep.Summary.TimeProgress
	var shared fingerprint.Sum
	sharedOK := false
	if s.in.Reuse != nil {
		// Any project page's frame stands for all: apart from what comes
		// from the project itself (below), they are the same.
		f := s.frame(projectPath(""), "", nil, false, nil)
		f.Path = ""
		shared, sharedOK = fingerprint.Value("project pages", projectShared{f, progress, model.DateOf(s.rep.End)})
	}
	for _, p := range s.rep.Projects {
		path := projectPath(p.Code)
		var key *fingerprint.Sum
		if sum, ok := s.sums[p]; ok && sharedOK {
			k := projectPageKey(shared, sum)
			if s.in.Reuse(path, k) {
				if err := s.claim(path); err != nil {
					return err
				}
				continue
			}
			key = &k
		}
		crumbs := []link{{Text: "总览", Href: "index.html"}, {Text: p.Centre, Href: centrePaths[categoryIndex(p.Category)]},
			{Text: p.Unit, Href: unitPath(p.Unit)}, {Text: p.Name}}
		years := "—"
		if p.YearFrom != 0 {
			years = fmt.Sprintf("%d—%d年", p.YearFrom, p.YearTo)
			if p.YearFrom == p.YearTo {
				years = fmt.Sprintf("%d年", p.YearFrom)
			}
		}
		b := projectBody{P: p, Complete: p.Complete4C1B, Flagged: p.Flagged(), FourCerts: p.FourCerts}
		b.Facts = facts{
			{"项目代码", p.Code, ""}, {"项目类别", p.Category, ""}, {"指挥中心", p.Centre, rel(path, centrePaths[categoryIndex(p.Category)])},
			{"产业类别", p.Industry, ""}, {"项目阶段", p.Stage, ""}, {"填报单位", p.Unit, rel(path, unitPath(p.Unit))},
			{"责任单位", p.Responsible, ""}, {"责任领导", orDash(p.Leader), ""}, {"建设单位", orDash(p.Builder), ""}, {"建设起止年限", years, ""},
			{"计划开工", date(p.PlannedStart), ""}, {"实际开工", date(p.ActualStart), ""}, {"计划竣工", date(p.PlannedEnd), ""},
		}
		if p.Stage == "储备" || p.FundChannel != "" {
			ask := "—"
			if p.HasFundAsk {
				ask = wan(p.FundAsk) + " 万元"
			}
			b.Facts = append(b.Facts, fact{"拟申报资金渠道", orDash(p.FundChannel), ""}, fact{"拟申请金额", ask, ""}, fact{"入库时间", date(p.ReserveDate), ""})
		}
		b.Investment = facts{
			{"总投资", wan(p.Total) + " 万元", ""}, {"截至上年底累计完成", wan(p.DoneBefore) + " 万元", ""},
			{"年度计划投资", amountOrDash(p.PlanYear, p.HasPlan), ""}, {"本年累计完成", amountOrDash(p.DoneYear, p.HasDone), ""},
			{"年度计划完成率", pct(p.CompletionRate), ""}, {"累计完成占总投资", pct(share(p.DoneBefore+p.DoneYear, p.Total)), ""},
		}
		if p.PlanYear > 0 {
			b.Progress = gap(p.CompletionRate, progress)
			b.Behind = behind(p.CompletionRate, progress)
		}
		b.Funds = table{ID: "funds", Head: nums(heads("资金类型", "批次", "下达日期", "下达（万元）", "到位（万元）", "已支出（万元）", "支出率"), 3, 4, 5, 6), Empty: "没有上级资金。"}
		for _, f := range p.Funds {
			b.Funds.Rows = append(b.Funds.Rows, []cell{{Text: f.Type}, {Text: orDash(f.Batch)}, dateCell(f.Date), num(wan(f.Allocated), f.Allocated.Wan()),
				num(wan(f.Received), f.Received.Wan()), num(wan(f.Spent), f.Spent.Wan()), {Text: pct(f.SpendRate)}})
		}
		for _, n := range p.Nodes {
			it := nodeItem{Name: n.Name, Planned: date(n.Planned), Done: date(n.Done), Status: n.Status.Label(), Class: n.Status.Class(), Responsible: n.Responsible}
			if n.Status == analysis.Overdue {
				if n.DaysLate == 0 {
					it.Status += "（期末当天到期）" // overdue by the format's rule, but no day late yet
				} else {
					it.Status += fmt.Sprintf("（%d 天）", n.DaysLate)
				}
			}
			if n.Slipped {
				it.Slip = "计划完成时间由 " + date(n.PrevPlanned) + " 调整为 " + date(n.Planned)
			}
			b.Nodes = append(b.Nodes, it)
		}
		b.Issues = s.issueTable(path, "issues", p.Issues)
		b.Issues.Empty = "没有要素保障问题。"
		b.Approvals = table{ID: "approvals", Head: heads("要件", "办理状态", "办结日期", "批复文号"), Empty: "没有填报前期要件。"}
		for _, a := range p.Approvals {
			b.Approvals.Rows = append(b.Approvals.Rows, []cell{{Text: a.Document}, {Text: a.State, Class: classIf(a.State == "已办结", "good")}, dateCell(a.Date), {Text: orDash(a.Number)}})
		}
		b.Source = fmt.Sprintf("%s 工作表“%s”第 %d 行", p.Source.File, p.Source.Sheet, p.Source.Row)
		if err := s.pageKeyed("project", path, p.Name, crumbs, false, b, key); err != nil {
			return err
		}
	}
	return nil
}

// projectPageKey is a project page's key, made from the fingerprint of
// what every project page shows alike (projectShared) and that of the
// project (sumProjects) with one hash of the two, rather than through
// fingerprint.Value: a rebuild keys each of tens of thousands of pages,
// and the walk was most of it.
func projectPageKey(shared, project fingerprint.Sum) fingerprint.Sum {
	var b [len(projectPageTag) + 2*len(fingerprint.Sum{})]byte
	n := copy(b[:], projectPageTag)
	n += copy(b[n:], shared[:])
	copy(b[n:], project[:])
	return sha256.Sum256(b[:])
}

const projectPageTag = "tuijin project page\x00"

// A project page is made from its project's analysis with all it points
// to (its nodes, funds, issues and approvals: the fingerprint sumProjects
// made) and from projectShared, the same for every project page. Its key
// is made from those two fingerprints. The page's path, title and crumbs
// come from the project's code, name, centre and unit, which its
// fingerprint holds; the body is a function of these alone (projectPages
// and the layout, which the program's fingerprint covers). A key made from
// them is as safe as one made from the body and needs no body: a rebuild
// of tens of thousands of unchanged project pages neither makes their
// data nor walks their frames only to find them unchanged.
type projectShared struct {
	Frame    frame      // of a page in projects/, without its path, title and crumbs
	Progress float64    // places each project's investment
	End      model.Date // dates its issues; the day, not the time.Time, whose zone is a pointer walk
}

func categoryIndex(c string) int {
	for i, v := range model.Categories {
		if v == c {
			return i
		}
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func amountOrDash(a model.Amount, has bool) string {
	if !has {
		return "—"
	}
	return wan(a) + " 万元"
}

func share(part, whole model.Amount) *float64 {
	if whole == 0 {
		return nil
	}
	r := part.Wan() / whole.Wan()
	return &r
}
