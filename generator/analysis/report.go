package analysis

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"tuijin/generator/hugemem"
	"tuijin/generator/model"
)

// Input is what a report is computed from. Units lists the units that
// submitted workbooks this period (readable or not) with their finding
// counts; the build gathers it from the validation.
type Input struct {
	Ledger     *model.Ledger
	Units      []UnitInput
	Validation ValidationFigures
	// History holds the facts of earlier months' accepted ledgers, oldest
	// first; the last one, when it is the month before, is "last month" for
	// slips and rank changes. Trends and year-on-year figures use the rest.
	History []*MonthFacts
	// Thresholds are the light rules; the zero value means the defaults.
	Thresholds Thresholds
	// Submissions feeds the submission tracker (报送情况).
	Submissions SubmissionInput
}

// UnitInput is a submitting unit and what validation found in its workbooks.
type UnitInput struct {
	Name             string
	Errors, Warnings int
}

// Report is a period's figures, at every level the site shows.
type Report struct {
	Period   model.Period
	End      time.Time
	Summary  Summary
	Projects []*Project // by unit, then by code
	Centres  []*Group   // the three command centres, in the format's order
	Units    []*Group   // by name
	Nodes    []*Node    // in the ledger's order; SortNodes orders a selection as lists show it
	Issues   []*Issue   // by raised date, then project code
	Funds    []*Fund    // by fund type order, then date, then project code
	// FundTypes holds the figures per fund type, in the format's order.
	FundTypes []FundType
	// Industries counts projects and sums investment per 产业类别, in the format's order.
	Industries []Industry
	Thresholds Thresholds

	// Figures over months (history.go).
	Lights        LightCounts
	Ranks         Ranks
	Slips         []*NodeHistory
	Trend         Trend   // the zone
	CentreTrends  []Trend // in the order of Centres
	UnitTrends    []Trend // in the order of Units
	Quarters      []Quarter
	FundMonths    []FundMonth
	FundYoY       []FundYoY
	Bonds         []BondBatch
	ReserveMonths []ReserveMonth
	ReserveTarget int
	Submissions   []Submission
}

// Project is an accepted project with everything attached to it.
type Project struct {
	// The ledger's record, not a copy, as for nodes, issues and funds: a
	// month has a hundred thousand nodes, and copying every record into
	// the report was two fifths of what an analysis allocated, memory a
	// new process pays for page by page (docs/performance.md, "Page
	// faults"). The report only reads through these pointers.
	*model.Project
	Centre         string   // 指挥中心
	CompletionRate *float64 // 本年累计 / 年度计划, nil without a plan
	Nodes          []*Node
	Funds          []*Fund
	Issues         []*Issue
	Approvals      []model.Approval
	FourCerts      []DocState // the five documents of 四证一书, in order
	Complete4C1B   bool
	SeeksFunds     bool // has a 资金到位 row or a 拟申报资金渠道
	InvestLight    Light
	NodeLight      Light
	Light          Light    // the worst of the two
	Reasons        []string // why the light is yellow or red, in words
	moved          int      // nodes whose planned date moved this year
}

// DocState is the state of one document of 四证一书 for a project: its
// 办理状态, or "未填报" when no row names it.
type DocState struct {
	Document, State string
	Date            model.Date
}

// Flagged reports a project that has or seeks superior funds without
// complete 四证一书.
func (p *Project) Flagged() bool { return p.SeeksFunds && !p.Complete4C1B }

// Node is a milestone with its status at the period end.
type Node struct {
	*model.Milestone // the ledger's record, as Project's
	Project          *Project
	Status           NodeStatus
	DaysLate         int        // for overdue nodes: days past the planned date at E
	PrevPlanned      model.Date // planned date in last month's ledger; zero when unknown
	Slipped          bool       // planned date differs from last month's
}

// Issue is a coordination issue with its status at the period end.
type Issue struct {
	*model.Issue // the ledger's record, as Project's
	Project      *Project
	Status       IssueStatus
	DaysOverdue  int // open issues past 要求办结时间: days at E
	DaysOpen     int // days from 提出日期 to 办结日期, or to E when still open
}

// Fund is one allocation of superior funds.
type Fund struct {
	*model.Fund // the ledger's record, as Project's
	Project     *Project
	SpendRate   *float64
}

// FundType holds the figures of one fund type.
type FundType struct {
	Type string
	FundFigures
	Projects int // distinct projects with an allocation of this type
}

// Industry sums one 产业类别.
type Industry struct {
	Name     string
	Projects int
	Total    model.Amount
	PlanYear model.Amount
	DoneYear model.Amount
}

// Group is a command centre or a unit with its projects' figures.
type Group struct {
	Name           string
	Projects       []*Project
	Total          model.Amount
	PlanYear       model.Amount // over projects with a plan
	DoneYear       model.Amount // over all projects
	DoneWithPlan   model.Amount // over projects with a plan: the completion rate's numerator
	CompletionRate *float64
	ByStage        map[string]int
	Nodes          NodeCounts
	OpenIssues     int // open and overdue
	OverdueIssues  int
	Errors         int // units only: findings in the unit's workbooks
	Warnings       int
	Submitted      bool // units only: the unit submitted a workbook this period
	Lights         LightCounts
	NodesMoved     int // nodes whose planned date moved at least once this year
}

// NodeCounts counts nodes by status.
type NodeCounts struct {
	Total, Due, OnTime, Late, Overdue, Early, Pending, Slipped int
}

// OnTimeRate is on time / due, nil when nothing is due.
func (n NodeCounts) OnTimeRate() *float64 { return rate(float64(n.OnTime), float64(n.Due)) }

func (n *NodeCounts) add(nd *Node) {
	n.Total++
	switch nd.Status {
	case OnTime:
		n.OnTime++
	case Late:
		n.Late++
	case Overdue:
		n.Overdue++
	case Early:
		n.Early++
	case Pending:
		n.Pending++
	}
	if nd.Status.Due() {
		n.Due++
	}
	if nd.Slipped {
		n.Slipped++
	}
}

// ownersOf finds each record's project by its code (nil for a record of
// no accepted project) and gives each project that has records an empty
// slice in field with room for exactly its records, all slices of one
// array, for the caller to append them to in order.
func ownersOf[R, E any](byCode map[string]*Project, recs []R, code func(*R) string, field func(*Project) *[]E) []*Project {
	owners := make([]*Project, len(recs))
	count := make(map[*Project]int)
	for i := range recs {
		if p := byCode[code(&recs[i])]; p != nil {
			owners[i] = p
			count[p]++
		}
	}
	all := make([]E, 0, len(recs))
	for _, p := range owners {
		if n := count[p]; n > 0 {
			*field(p) = all[len(all) : len(all) : len(all)+n]
			all = all[:len(all)+n]
			delete(count, p)
		}
	}
	return owners
}

// approvalsOf gives each project its approval rows in ledger order. Each
// unit's sheet lists a project's documents together, so a project's rows
// are usually one run of recs, and its slice is then that run itself
// (capped, so that nothing appended to it can reach the next project's):
// a large month has a hundred thousand rows, which copying would double.
// When a project's rows are apart, they are copied as ownersOf does.
func approvalsOf(byCode map[string]*Project, recs []model.Approval) {
	var cur *Project // the project of the run ending at the row before
	start := 0
	for i := range recs {
		p := byCode[recs[i].Code]
		switch {
		case p == nil:
			cur = nil
			continue
		case p == cur:
		case p.Approvals != nil: // rows of p lie apart
			owners := ownersOf(byCode, recs, func(a *model.Approval) string { return a.Code }, func(p *Project) *[]model.Approval { return &p.Approvals })
			for i, a := range recs {
				if p := owners[i]; p != nil {
					p.Approvals = append(p.Approvals, a)
				}
			}
			return
		default:
			cur, start = p, i
		}
		p.Approvals = recs[start : i+1 : i+1]
	}
}

// attach makes the report's value of each record (all in one array), with
// the record's project, appends it to that project's field in record order
// and returns the values in record order.
func attach[R, V any](byCode map[string]*Project, recs []R, code func(*R) string, field func(*Project) *[]*V, value func(*R, *Project) V) []*V {
	owners := ownersOf(byCode, recs, code, field)
	vals := hugemem.Make[V](len(recs))
	out := make([]*V, len(recs))
	for i := range recs {
		vals[i] = value(&recs[i], owners[i])
		out[i] = &vals[i]
		if p := owners[i]; p != nil {
			f := field(p)
			*f = append(*f, out[i])
		}
	}
	return out
}

// FundTypeOrder is the place of a fund type in the report's order of
// funds (Report.Funds: by type, date, project code): model.FundTypes'
// order, any other type first.
func FundTypeOrder(t string) int { return slices.Index(model.FundTypes, t) }

// Compute builds the report of a period. The report's projects, nodes,
// issues and funds point into in.Ledger's records, so the ledger must not
// change while the report is in use.
func Compute(in Input) *Report {
	l := in.Ledger
	r := &Report{Period: l.Period, End: l.Period.End()}
	e := r.End
	// The report's projects, nodes, issues and funds are each made in one
	// array, and each project's share of them is a slice of one array too:
	// a large month has hundreds of thousands of them, and one allocation
	// apiece (and a growing slice per project) cost more than the rest of
	// making them, and the collector's time besides.
	byCode := make(map[string]*Project, len(l.Projects))
	projects := hugemem.Make[Project](len(l.Projects))
	r.Projects = make([]*Project, len(l.Projects))
	for i := range l.Projects {
		p := &l.Projects[i]
		pv := &projects[i]
		*pv = Project{Project: p, Centre: model.CommandCentre[p.Category]}
		if p.PlanYear > 0 {
			pv.CompletionRate = rate(p.DoneYear.Wan(), p.PlanYear.Wan())
		}
		pv.SeeksFunds = p.FundChannel != ""
		r.Projects[i] = pv
		byCode[p.Code] = pv
	}
	// The nodes (the most numerous records), and the issues and funds
	// with the sums by fund type and industry, are made on goroutines of
	// their own while the projects are sorted and their approvals
	// attached here: each writes its own fields of the projects (the sort
	// moves pointers to them, not the projects), and the lights below,
	// which read them all, wait for both.
	prev := in.previous()
	nodesDone := make(chan struct{})
	go func() {
		defer close(nodesDone)
		r.Nodes = attach(byCode, l.Milestones, func(m *model.Milestone) string { return m.Code }, func(p *Project) *[]*Node { return &p.Nodes },
			func(m *model.Milestone, p *Project) Node {
				n := Node{Milestone: m, Project: p, Status: NodeStatusAt(*m, e)}
				if n.Status == Overdue {
					n.DaysLate = DaysLate(*m, e)
				}
				if prev != nil {
					if pp, ok := prev.plannedDate(m.Code, m.Name); ok {
						n.PrevPlanned = pp
						n.Slipped = !pp.SameDeadline(m.Planned)
					}
				}
				return n
			})
		// Not sorted here: a month has a hundred thousand nodes and its
		// lists show a few hundred or thousand of them, each sorted by
		// whoever selects it (SortNodes orders a selection as it would
		// lie in the sorted whole). Sorting them all was 60 ms, the
		// longest part of the analysis.
	}()
	issuesFundsDone := make(chan struct{})
	go func() {
		defer close(issuesFundsDone)
		r.issuesAndFunds(l, byCode, e)
		// Sums over all the funds and all the projects, in no order.
		r.FundTypes = fundTypes(r.Funds, l.Period.Year)
		r.Industries = industries(l.Projects)
	}()

	// No two projects share a code (a code in two rows rejects both), so
	// the order is total and an unstable sort gives the one order.
	slices.SortFunc(r.Projects, func(a, b *Project) int {
		if c := strings.Compare(a.Unit, b.Unit); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})

	approvalsOf(byCode, l.Approvals)
	th := in.Thresholds
	if th == (Thresholds{}) {
		th = DefaultThresholds()
	}
	r.Thresholds = th
	docs := len(model.FourCertsOneBook)
	certs := hugemem.Make[DocState](len(r.Projects) * docs) // one array, as above
	for i, p := range r.Projects {
		p.FourCerts, p.Complete4C1B = fourCerts(p.Approvals, certs[i*docs:(i+1)*docs:(i+1)*docs])
	}
	<-nodesDone
	<-issuesFundsDone
	// The nodes' history this year (which reads the nodes and writes the
	// slips and each project's count of moved nodes) is made beside the
	// lights and the sums by centre and unit, which read neither; the
	// rankings and trends after them wait for both. The lights, a project
	// at a time, are made on two goroutines as well.
	historyDone := make(chan struct{})
	go func() {
		defer close(historyDone)
		r.history(in)
	}()
	progress := l.Period.TimeProgress()
	half := len(r.Projects) / 2
	lightsDone := make(chan struct{})
	go func() {
		defer close(lightsDone)
		for _, p := range r.Projects[half:] {
			th.light(p, progress)
		}
	}()
	for _, p := range r.Projects[:half] {
		th.light(p, progress)
	}
	<-lightsDone
	// The sums by centre and by unit each read every project and its
	// nodes, and write groups of their own.
	centresDone := make(chan struct{})
	go func() {
		defer close(centresDone)
		r.Centres = centres(r.Projects)
	}()
	r.Units = units(r.Projects, in.Units)
	for _, p := range r.Projects {
		r.Lights.add(p.Light)
	}
	<-centresDone
	<-historyDone
	r.overTime(in)
	r.Submissions = submissions(in)
	r.Summary = summarize(r, in)
	return r
}

// issuesAndFunds makes the report's issues and funds, in the order the
// site lists them, and attaches each to its project (Project.Issues,
// Project.Funds, Project.SeeksFunds): for Compute, on a goroutine of
// their own, which writes no other field of the projects.
func (r *Report) issuesAndFunds(l *model.Ledger, byCode map[string]*Project, e time.Time) {
	r.Issues = attach(byCode, l.Issues, func(is *model.Issue) string { return is.Code }, func(p *Project) *[]*Issue { return &p.Issues },
		func(is *model.Issue, p *Project) Issue {
			iv := Issue{Issue: is, Project: p, Status: IssueStatusAt(*is, e)}
			end := e
			if iv.Status == Closed {
				end = is.Closed.Last()
			} else if iv.Status == IssueOverdue {
				iv.DaysOverdue = days(is.Due.Last(), e)
			}
			iv.DaysOpen = days(is.Raised.First(), end)
			return iv
		})
	SortIssues(r.Issues)

	r.Funds = attach(byCode, l.Funds, func(f *model.Fund) string { return f.Code }, func(p *Project) *[]*Fund { return &p.Funds },
		func(f *model.Fund, p *Project) Fund {
			return Fund{Fund: f, Project: p, SpendRate: rate(f.Spent.Wan(), f.Received.Wan())}
		})
	for _, f := range r.Funds {
		if f.Project != nil {
			f.Project.SeeksFunds = true
		}
	}
	type fundKey struct {
		typ  int
		date int64
		code string
	}
	sortStableByKey(r.Funds, func(f *Fund) fundKey { return fundKey{FundTypeOrder(f.Type), f.Date.First().Unix(), f.Code} }, func(a, b fundKey) int {
		if c := cmp.Compare(a.typ, b.typ); c != 0 {
			return c
		}
		if c := cmp.Compare(a.date, b.date); c != 0 {
			return c
		}
		return strings.Compare(a.code, b.code)
	})
}

// fourCerts reports the state of each 四证一书 document in out, one per
// document. When several rows name one document, a row saying 已办结 or
// 不涉及 settles it.
func fourCerts(rows []model.Approval, out []DocState) ([]DocState, bool) {
	complete := true
	for i, doc := range model.FourCertsOneBook {
		out[i] = DocState{Document: doc, State: "未填报"}
		for _, a := range rows {
			if a.Document != doc {
				continue
			}
			if settled(out[i].State) {
				continue
			}
			out[i].State, out[i].Date = a.State, a.Date
		}
		if !settled(out[i].State) {
			complete = false
		}
	}
	return out, complete
}

func settled(state string) bool { return state == "已办结" || state == "不涉及" }

func fundTypes(funds []*Fund, year int) []FundType {
	out := make([]FundType, len(model.FundTypes))
	for i, t := range model.FundTypes {
		out[i].Type = t
		projects := map[string]bool{}
		for _, f := range funds {
			if f.Type != t {
				continue
			}
			out[i].Allocated += f.Allocated
			out[i].Received += f.Received
			out[i].Spent += f.Spent
			if f.Date.Year == year {
				out[i].AllocatedThisYear += f.Allocated
			}
			projects[f.Code] = true
		}
		out[i].Projects = len(projects)
		out[i].SpendRate = rate(out[i].Spent.Wan(), out[i].Received.Wan())
	}
	return out
}

// industries counts and sums the projects per 产业类别, in the format's
// order. It reads the ledger's records, in any order: the sums are of
// integer amounts, so Compute makes them beside the sort of the projects.
func industries(projects []model.Project) []Industry {
	out := make([]Industry, len(model.Industries))
	at := make(map[string]*Industry, len(out))
	for i, name := range model.Industries {
		out[i].Name = name
		at[name] = &out[i]
	}
	for i := range projects {
		p := &projects[i]
		if in := at[p.Industry]; in != nil {
			in.Projects++
			in.Total += p.Total
			in.PlanYear += p.PlanYear
			in.DoneYear += p.DoneYear
		}
	}
	return out
}

func newGroup(name string) *Group { return &Group{Name: name, ByStage: map[string]int{}} }

func (g *Group) add(p *Project) {
	g.Projects = append(g.Projects, p)
	g.Total += p.Total
	g.DoneYear += p.DoneYear
	if p.PlanYear > 0 {
		g.PlanYear += p.PlanYear
		g.DoneWithPlan += p.DoneYear
	}
	g.ByStage[p.Stage]++
	g.Lights.add(p.Light)
	for _, n := range p.Nodes {
		g.Nodes.add(n)
	}
	for _, is := range p.Issues {
		switch is.Status {
		case IssueOverdue:
			g.OverdueIssues++
			g.OpenIssues++
		case Open:
			g.OpenIssues++
		}
	}
}

func (g *Group) finish() { g.CompletionRate = rate(g.DoneWithPlan.Wan(), g.PlanYear.Wan()) }

func centres(projects []*Project) []*Group {
	var out []*Group
	for _, c := range model.Categories {
		g := newGroup(model.CommandCentre[c])
		for _, p := range projects {
			if p.Category == c {
				g.add(p)
			}
		}
		g.finish()
		out = append(out, g)
	}
	return out
}

// units groups projects by submitting unit. Every unit that submitted a
// workbook appears, even when none of its rows was accepted.
func units(projects []*Project, submitted []UnitInput) []*Group {
	byName := map[string]*Group{}
	for _, u := range submitted {
		g := byName[u.Name]
		if g == nil {
			g = newGroup(u.Name)
			byName[u.Name] = g
		}
		g.Submitted = true
		g.Errors += u.Errors
		g.Warnings += u.Warnings
	}
	for _, p := range projects {
		g := byName[p.Unit]
		if g == nil {
			g = newGroup(p.Unit)
			byName[p.Unit] = g
		}
		g.add(p)
	}
	out := make([]*Group, 0, len(byName))
	for _, g := range byName {
		g.finish()
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b *Group) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

func summarize(r *Report, in Input) Summary {
	s := Summary{
		Version:      1,
		Period:       r.Period.String(),
		PeriodEnd:    r.End.Format("2006-01-02"),
		TimeProgress: r.Period.TimeProgress(),
		Projects: ProjectCounts{
			ByCategory: zeroKeys(model.Categories),
			ByStage:    zeroKeys(model.Stages),
			ByIndustry: zeroKeys(model.Industries),
		},
		Funds:      map[string]FundFigures{},
		Validation: in.Validation,
	}
	var withPlanDone model.Amount
	for _, p := range r.Projects {
		s.Projects.Count++
		s.Projects.ByCategory[p.Category]++
		s.Projects.ByStage[p.Stage]++
		s.Projects.ByIndustry[p.Industry]++
		s.Investment.Total += p.Total
		s.Investment.DoneBefore += p.DoneBefore
		s.Investment.PlanYear += p.PlanYear
		s.Investment.DoneYear += p.DoneYear
		if p.PlanYear > 0 {
			withPlanDone += p.DoneYear
		}
		if p.Complete4C1B {
			s.Approvals.Complete4C1B++
		}
		if p.Flagged() {
			s.Approvals.FlaggedFundingWithout4C1B++
		}
	}
	s.Investment.CompletionRate = rate(withPlanDone.Wan(), s.Investment.PlanYear.Wan())
	for _, ft := range r.FundTypes {
		s.Funds[ft.Type] = ft.FundFigures
	}
	var nc NodeCounts
	for _, n := range r.Nodes {
		nc.add(n)
	}
	s.Milestones = MilestoneFigures{Total: nc.Total, Due: nc.Due, OnTime: nc.OnTime, Late: nc.Late, Overdue: nc.Overdue,
		Early: nc.Early, Pending: nc.Pending, OnTimeRate: nc.OnTimeRate(), Slipped: nc.Slipped}
	for _, is := range r.Issues {
		s.Issues.Total++
		switch is.Status {
		case Closed:
			s.Issues.Closed++
		case IssueOverdue:
			s.Issues.Overdue++
		default:
			s.Issues.Open++
		}
	}
	s.Lights = r.Lights
	s.Ranks = RankFigures{
		UnitsByCompletion: rankFigures(r.Ranks.UnitsByCompletion), UnitsByOnTime: rankFigures(r.Ranks.UnitsByOnTime),
		CentresByCompletion: rankFigures(r.Ranks.CentresByCompletion), CentresByOnTime: rankFigures(r.Ranks.CentresByOnTime),
	}
	s.Slips = SlipFigures{ThisMonth: nc.Slipped, MovedThisYear: len(r.Slips), ByUnit: map[string]int{}}
	for _, u := range r.Units {
		s.Slips.ByUnit[u.Name] = u.NodesMoved
	}
	s.Trend = []TrendFigures{}
	for _, pt := range r.Trend.Points {
		s.Trend = append(s.Trend, TrendFigures{Period: pt.Period.String(), PlanYear: pt.PlanYear, DoneYear: pt.DoneYear,
			CompletionRate: pt.Rate, TimeProgress: pt.Progress, MonthChange: pt.Change})
	}
	for _, q := range r.Quarters {
		qf := QuarterFigures{Quarter: q.Q, Target: q.Target, CompletionRate: q.Rate}
		if q.Available {
			qf.Period = q.Period.String()
		}
		s.Quarters = append(s.Quarters, qf)
	}
	s.FundsYoY = map[string]YoYFigures{}
	for _, y := range r.FundYoY {
		s.FundsYoY[y.Type] = YoYFigures{ThisYear: y.ThisYear, LastYear: y.LastYear, Change: y.Change}
	}
	s.Reserve = ReserveFigures{Projects: s.Projects.ByStage["储备"], Target: r.ReserveTarget}
	if n := len(r.ReserveMonths); n > 0 {
		s.Reserve.NewThisMonth = r.ReserveMonths[n-1].New
	}
	s.Submissions = submissionFigures(r.Submissions)
	s.Units = make([]UnitFigures, 0, len(r.Units))
	for _, u := range r.Units {
		s.Units = append(s.Units, UnitFigures{
			Name: u.Name, Projects: len(u.Projects), PlanYear: u.PlanYear, DoneYear: u.DoneYear,
			CompletionRate: u.CompletionRate, MilestoneOnTimeRate: u.Nodes.OnTimeRate(),
			Errors: u.Errors, Warnings: u.Warnings,
		})
	}
	return s
}

func zeroKeys(keys []string) map[string]int {
	m := make(map[string]int, len(keys))
	for _, k := range keys {
		m[k] = 0
	}
	return m
}

func rankFigures(rs []Rank) []RankFigure {
	out := make([]RankFigure, 0, len(rs))
	for _, r := range rs {
		out = append(out, RankFigure{Name: r.Name, Value: r.Value, Place: r.Place, PrevPlace: r.PrevPlace, Change: r.Change()})
	}
	return out
}

// previous returns last month's facts when the history has them.
func (in Input) previous() *MonthFacts {
	if n := len(in.History); n > 0 && in.History[n-1].Period == in.Ledger.Period.Prev() {
		return in.History[n-1]
	}
	return nil
}
