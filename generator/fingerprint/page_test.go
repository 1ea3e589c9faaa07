package fingerprint

import (
	"fmt"
	"html/template"
	"testing"

	"tuijin/generator/analysis"
	"tuijin/generator/model"
)

// The page data of render, copied in shape (render's types are its own):
// the frame every page gets, and a project page's body, which is what
// 20,000 of a site's pages are fingerprinted from.
type (
	pageFrame struct {
		SiteTitle, Title, Path, Root, Period, End string
		Nav                                       template.HTML
		Crumbs                                    []pageLink
		Charts                                    bool
		Body                                      any
	}
	pageLink struct {
		Text, Href string
		Active     bool
	}
	pageFact  struct{ Label, Value, Href string }
	pageFacts []pageFact
	pageHead  struct {
		Text        string
		Num, Filter bool
	}
	pageCell  struct{ Text, Href, Class, Sort string }
	pageTable struct {
		ID    string
		Head  []pageHead
		Rows  [][]pageCell
		Empty string
	}
	pageNode struct {
		Name, Planned, Done, Status, Class, Slip, Responsible string
	}
	pageChecklist []analysis.DocState
	projectBody   struct {
		P          *analysis.Project
		Facts      pageFacts
		Investment pageFacts
		Progress   string
		Behind     bool
		Funds      pageTable
		Nodes      []pageNode
		Issues     pageTable
		Approvals  pageTable
		FourCerts  pageChecklist
		Complete   bool
		Flagged    bool
		Source     string
	}
)

func ymd(y, m, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }

// testProject is a project as the analysis leaves it: 30 nodes, 10 funds
// and 3 issues pointing back at it, 8 approvals, the five documents.
func testProject(i int) *analysis.Project {
	src := func(sheet string, row int) model.Source {
		return model.Source{File: "ledgers/2024-03/高新区第三建设局.xlsx", Sheet: sheet, Row: row}
	}
	p := &analysis.Project{
		Project: &model.Project{
			Code: fmt.Sprintf("2403-510100-04-01-%06d", i), Name: "天府国际会展中心配套道路及综合管廊建设项目（二期）",
			Category: "国有投资", Industry: "基础设施", Stage: "续建", Builder: "成都高新城市建设有限公司",
			Responsible: "高新区建设局", Leader: "张三", YearFrom: 2023, YearTo: 2026,
			Total: 1234567890, DoneBefore: 234567890, PlanYear: 300000000, HasPlan: true, DoneYear: 123456789, HasDone: true,
			PlannedStart: ymd(2023, 3, 1), ActualStart: ymd(2023, 4, 15), PlannedEnd: ymd(2026, 12, 31),
			FundChannel: "专项债券", FundAsk: 50000000, HasFundAsk: true, ReserveDate: ymd(2022, 11, 0),
			Progress: "主体结构施工完成百分之六十，综合管廊段完成土方开挖", Problems: "部分地块征地拆迁尚未完成",
			Unit: "高新区第三建设局", Source: src("项目台账", 5+i),
		},
		Centre: "国有投资项目指挥中心", Complete4C1B: true, SeeksFunds: true, InvestLight: 1, NodeLight: 2, Light: 2,
		Reasons: []string{"节点逾期 2 个", "年度计划完成率低于序时进度 15 个百分点"},
	}
	rate := 0.4115
	p.CompletionRate = &rate
	for n := range 30 {
		p.Nodes = append(p.Nodes, &analysis.Node{
			Milestone: &model.Milestone{Code: p.Code, Name: fmt.Sprintf("第%d节点：完成桥梁下部结构施工", n+1),
				Planned: ymd(2024, 1+n%12, 1+n), Done: ymd(2024, 1+n%12, 3+n), Responsible: "高新区建设局",
				Person: "李四", Note: "按计划推进", Unit: p.Unit, Source: src("节点计划", 10+n)},
			Project: p, Status: analysis.OnTime, DaysLate: n % 3, PrevPlanned: ymd(2024, 1+n%12, 1), Slipped: n%7 == 0,
		})
	}
	for n := range 10 {
		r := 0.5
		p.Funds = append(p.Funds, &analysis.Fund{
			Fund: &model.Fund{Code: p.Code, Type: model.FundTypes[n%4], Batch: fmt.Sprintf("第%d批", n+1), Date: ymd(2024, 1+n, 10),
				Allocated: 10000000, Received: 8000000, Spent: 5000000, Unit: p.Unit, Source: src("资金到位", 3+n)},
			Project: p, SpendRate: &r,
		})
	}
	for n := range 3 {
		p.Issues = append(p.Issues, &analysis.Issue{
			Issue: &model.Issue{Code: p.Code, Type: "征地拆迁", Description: "K3+200至K3+800段尚有 12 户未签约，影响管廊施工",
				Responsible: "高新区拆迁办", Raised: ymd(2024, 2, 1+n), Due: ymd(2024, 4, 30), Unit: p.Unit, Source: src("要素保障", 4+n)},
			Project: p, Status: analysis.Open, DaysOverdue: n, DaysOpen: 40 + n,
		})
	}
	for n := range 8 {
		p.Approvals = append(p.Approvals, model.Approval{Code: p.Code, Document: model.Documents[n], State: "已办结",
			Date: ymd(2023, 1+n, 5), Number: fmt.Sprintf("成高建审〔2023〕%d号", 100+n), Unit: p.Unit, Source: src("前期要件", 6+n)})
	}
	for _, d := range model.FourCertsOneBook {
		p.FourCerts = append(p.FourCerts, analysis.DocState{Document: d, State: "已办结", Date: ymd(2023, 6, 1)})
	}
	return p
}

// testPage is a project page's data as render gives it to Value.
func testPage(i int) pageFrame {
	p := testProject(i)
	d := func(x model.Date) string { return fmt.Sprintf("%d年%d月%d日", x.Year, x.Month, x.Day) }
	b := projectBody{P: p, Progress: "落后序时进度 15.2 个百分点", Behind: true, Complete: true, FourCerts: p.FourCerts,
		Source: "ledgers/2024-03/高新区第三建设局.xlsx 工作表“项目台账”第 5 行"}
	b.Facts = pageFacts{{"项目代码", p.Code, ""}, {"项目类别", p.Category, ""}, {"指挥中心", p.Centre, "../centres/state.html"},
		{"产业类别", p.Industry, ""}, {"项目阶段", p.Stage, ""}, {"填报单位", p.Unit, "../units/u.html"},
		{"责任单位", p.Responsible, ""}, {"责任领导", p.Leader, ""}, {"建设单位", p.Builder, ""}, {"建设起止年限", "2023—2026年", ""},
		{"计划开工", d(p.PlannedStart), ""}, {"实际开工", d(p.ActualStart), ""}, {"计划竣工", d(p.PlannedEnd), ""}}
	b.Investment = pageFacts{{"总投资", "123,456.79 万元", ""}, {"截至上年底累计完成", "23,456.79 万元", ""},
		{"年度计划投资", "30,000.00 万元", ""}, {"本年累计完成", "12,345.68 万元", ""}, {"年度计划完成率", "41.2%", ""}, {"累计完成占总投资", "29.0%", ""}}
	b.Funds = pageTable{ID: "funds", Head: []pageHead{{"资金类型", false, true}, {"批次", false, false}, {"下达日期", false, false},
		{"下达（万元）", true, false}, {"到位（万元）", true, false}, {"已支出（万元）", true, false}, {"支出率", true, false}}, Empty: "没有上级资金。"}
	for _, f := range p.Funds {
		b.Funds.Rows = append(b.Funds.Rows, []pageCell{{Text: f.Type}, {Text: f.Batch}, {Text: d(f.Date)},
			{Text: "1,000.00", Sort: "1000"}, {Text: "800.00", Sort: "800"}, {Text: "500.00", Sort: "500"}, {Text: "50.0%"}})
	}
	for _, n := range p.Nodes {
		b.Nodes = append(b.Nodes, pageNode{Name: n.Name, Planned: d(n.Planned), Done: d(n.Done), Status: "按期完成", Class: "good", Responsible: n.Responsible})
	}
	b.Issues = pageTable{ID: "issues", Head: []pageHead{{"问题类型", false, true}, {"问题描述", false, false}, {"状态", false, true}}, Empty: "没有要素保障问题。"}
	for _, is := range p.Issues {
		b.Issues.Rows = append(b.Issues.Rows, []pageCell{{Text: is.Type}, {Text: is.Description}, {Text: "未办结", Class: "warn"}})
	}
	b.Approvals = pageTable{ID: "approvals", Head: []pageHead{{"要件", false, false}, {"办理状态", false, false}, {"办结日期", false, false}, {"批复文号", false, false}}, Empty: "没有填报前期要件。"}
	for _, a := range p.Approvals {
		b.Approvals.Rows = append(b.Approvals.Rows, []pageCell{{Text: a.Document}, {Text: a.State, Class: "good"}, {Text: d(a.Date)}, {Text: a.Number}})
	}
	return pageFrame{SiteTitle: "高新区重点项目推进", Title: p.Name, Path: "projects/" + p.Code + ".html", Root: "../",
		Period: "2024年3月", End: "2024年3月31日", Nav: `<li><a href="../index.html">总览</a></li><li><a href="../projects.html">项目</a></li>`,
		Crumbs: []pageLink{{"总览", "../index.html", false}, {p.Centre, "../centres/state.html", false}, {p.Unit, "../units/u.html", false}, {p.Name, "", true}},
		Body:   b}
}

func BenchmarkValue(b *testing.B) {
	var page any = testPage(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Value("project", page); !ok {
			b.Fatal("no fingerprint")
		}
	}
}
