package ledger

import (
	"fmt"

	"tuijin/generator/model"
)

// halfWan is the tolerance of 截至上年底累计 + 本年累计 ≤ 总投资: 0.5 万元.
const halfWan = model.AmountScale / 2

// project reads a row of 项目台账 and applies its row rules.
func (x *rowCtx) project() model.Project {
	p := model.Project{
		Code:     x.code(),
		Name:     x.text(ColName, true),
		Category: x.enum(ColCategory, true),
		Industry: x.enum(ColIndustry, true),
		Stage:    x.enum(ColStage, true),
		Builder:  x.text(ColBuilder, false),
		Leader:   x.text(ColLeader, false),
		Progress: x.text(ColProgress, false),
		Problems: x.text(ColProblems, false),
	}
	p.Responsible = x.text(ColResponsible, true)
	stageWhy := fmt.Sprintf("项目阶段为“%s”时，", p.Stage)

	if raw, c, present, usable := x.value(ColYears); usable && present {
		from, to, err := parseYears(raw)
		switch {
		case err != nil:
			x.errorAt(ColYears, c, "years.invalid", clip(raw),
				fmt.Sprintf("建设起止年限应写成“2023-2025”或单个年份“2024”，实际为“%s”（%s）", clip(raw), err))
		case from > to:
			x.errorAt(ColYears, c, "years.order", clip(raw),
				fmt.Sprintf("建设起止年限的开始年份 %d 晚于结束年份 %d，实际为“%s”", from, to, clip(raw)))
		default:
			p.YearFrom, p.YearTo = from, to
		}
	} else if usable && !present && p.Stage != "" && p.Stage != "储备" {
		x.require(ColYears, stageWhy)
	}

	total, okTotal, _ := x.amount(ColTotal, true, "", false)
	before, _, beforeBad := x.amount(ColDoneBefore, false, "", false)
	needPlan := p.Stage == "新开工" || p.Stage == "续建"
	needDone := needPlan || p.Stage == "竣工"
	p.PlanYear, p.HasPlan, _ = x.amount(ColPlanYear, needPlan, stageWhy, false)
	p.DoneYear, p.HasDone, _ = x.amount(ColDoneYear, needDone, stageWhy, false)
	p.Total, p.DoneBefore = total, before
	if okTotal && !beforeBad {
		if sum := before + p.DoneYear; sum > total+halfWan {
			key := ColDoneYear
			if !p.HasDone {
				key = ColDoneBefore
			}
			_, c, _ := x.cell(key)
			x.errorAt(key, c, "investment.over_total", x.found(key),
				fmt.Sprintf("截至上年底累计完成投资 %s 万元加本年累计完成投资 %s 万元，共 %s 万元，超过总投资 %s 万元",
					before, p.DoneYear, sum, total))
		}
	}

	p.PlannedStart, _ = x.date(ColPlannedStart, false, "", false)
	p.ActualStart, _ = x.date(ColActualStart, false, "", true)
	p.PlannedEnd, _ = x.date(ColPlannedEnd, false, "", false)
	if !p.PlannedStart.IsZero() && !p.PlannedEnd.IsZero() && p.PlannedEnd.Before(p.PlannedStart) {
		_, c, _ := x.cell(ColPlannedStart)
		x.errorAt(ColPlannedStart, c, "date.order", x.found(ColPlannedStart),
			fmt.Sprintf("计划开工时间（%s）晚于计划竣工时间（%s）", p.PlannedStart.Chinese(), p.PlannedEnd.Chinese()))
	}
	p.FundChannel = x.enum(ColFundChannel, false)
	p.FundAsk, p.HasFundAsk, _ = x.amount(ColFundAsk, false, "", false)
	p.ReserveDate, _ = x.date(ColReserveDate, false, "", true)
	return p
}

// milestone reads a row of 节点计划.
func (x *rowCtx) milestone() model.Milestone {
	m := model.Milestone{
		Code:        x.ref(),
		Name:        x.text(ColNodeName, true),
		Responsible: x.text(ColResponsible, false),
		Person:      x.text(ColPerson, false),
		Note:        x.text(ColNote, false),
	}
	m.Planned, _ = x.date(ColNodePlanned, true, "", false)
	m.Done, _ = x.date(ColNodeDone, false, "", true)
	return m
}

// fund reads a row of 资金到位.
func (x *rowCtx) fund() model.Fund {
	f := model.Fund{
		Code:  x.ref(),
		Type:  x.enum(ColFundType, true),
		Batch: x.text(ColBatch, false),
	}
	f.Date, _ = x.date(ColFundDate, true, "", true)
	var okA, badR, badS bool
	f.Allocated, okA, _ = x.amount(ColAllocated, true, "", true)
	var hasR bool
	f.Received, hasR, badR = x.amount(ColReceived, false, "", false)
	f.Spent, _, badS = x.amount(ColSpent, false, "", false)
	if okA && !badR && f.Received > f.Allocated {
		_, c, _ := x.cell(ColReceived)
		x.errorAt(ColReceived, c, "fund.received_over_allocated", x.found(ColReceived),
			fmt.Sprintf("到位金额 %s 万元超过下达金额 %s 万元；到位的钱不会多于下达的，请核对这两个金额", f.Received, f.Allocated))
	}
	if !badR && !badS && f.Spent > f.Received {
		blankAsZero := ""
		if !hasR {
			blankAsZero = "（到位金额未填，按 0 计）"
		}
		_, c, _ := x.cell(ColSpent)
		x.errorAt(ColSpent, c, "fund.spent_over_received", x.found(ColSpent),
			fmt.Sprintf("已支出金额 %s 万元超过到位金额 %s 万元%s；已支出的钱必须先到位，请核对这两个金额", f.Spent, f.Received, blankAsZero))
	}
	return f
}

// issue reads a row of 要素保障.
func (x *rowCtx) issue() model.Issue {
	is := model.Issue{
		Code:        x.ref(),
		Type:        x.enum(ColIssueType, true),
		Description: x.text(ColIssueDesc, true),
		Responsible: x.text(ColResponsible, true),
	}
	var okRaised, okDue, okClosed bool
	is.Raised, okRaised = x.date(ColIssueRaised, true, "", true)
	is.Due, okDue = x.date(ColIssueDue, true, "", false)
	is.Closed, okClosed = x.date(ColClosedDate, false, "", true)
	if okRaised && okDue && !is.Due.IsZero() && is.Due.Before(is.Raised) {
		_, c, _ := x.cell(ColIssueDue)
		x.errorAt(ColIssueDue, c, "issue.due_before_raised", x.found(ColIssueDue),
			fmt.Sprintf("要求办结时间（%s）早于提出日期（%s）", is.Due.Chinese(), is.Raised.Chinese()))
	}
	if okRaised && okClosed && !is.Closed.IsZero() && is.Closed.Before(is.Raised) {
		_, c, _ := x.cell(ColClosedDate)
		x.errorAt(ColClosedDate, c, "issue.closed_before_raised", x.found(ColClosedDate),
			fmt.Sprintf("办结日期（%s）早于提出日期（%s）", is.Closed.Chinese(), is.Raised.Chinese()))
	}
	return is
}

// approval reads a row of 前期要件.
func (x *rowCtx) approval() model.Approval {
	a := model.Approval{
		Code:     x.ref(),
		Document: x.enum(ColDocument, true),
		State:    x.enum(ColDocState, true),
		Number:   x.text(ColDocNo, false),
	}
	a.Date, _ = x.date(ColClosedDate, a.State == "已办结", "办理状态为“已办结”时，", true)
	return a
}
