package analysis

import (
	"slices"

	"tuijin/generator/model"
)

// MonthFacts is what the reports of later months read from one month's
// ledger: the planned date of every milestone node (for slips, and as last
// month's dates), year-to-date sums of the zone, each command centre and
// each unit (for trends and quarters), the places of its units and centres
// in the rankings (for rank changes) and its allocations so far in its year
// per fund type (for year on year). A large month's ledger is tens of
// megabytes and its facts a few hundred kilobytes, so a build over years of
// ledgers keeps these and lets each ledger go once it is read.
type MonthFacts struct {
	Period model.Period
	keys   *Keys
	// planned holds, by node number, 1 + the number of the node's planned
	// date in the first row that names it; 0 when the node is not in the
	// ledger. Nodes numbered after this month are not in it either.
	planned     []int32
	sums        trendSums
	places      rankPlaces
	fundsToDate map[string]model.Amount // per 资金类型: 下达金额 with a 下达日期 from January to the month
}

// Keys numbers milestone nodes (项目代码 and 节点名称) and planned dates
// across the months of a build, so that each month's facts hold one small
// number per node rather than two names and a date. The months of one
// build share a Keys; it is not safe for concurrent use while facts are
// added, and read-only afterwards.
type Keys struct {
	nodes  map[[2]string]int32
	dates  []model.Date // by number
	dateNo map[model.Date]int32
}

// NewKeys returns an empty table.
func NewKeys() *Keys {
	return &Keys{nodes: map[[2]string]int32{}, dateNo: map[model.Date]int32{}}
}

func (k *Keys) node(code, name string) int32 {
	key := [2]string{code, name}
	n, ok := k.nodes[key]
	if !ok {
		n = int32(len(k.nodes))
		k.nodes[key] = n
	}
	return n
}

func (k *Keys) date(d model.Date) int32 {
	n, ok := k.dateNo[d]
	if !ok {
		n = int32(len(k.dates))
		k.dates = append(k.dates, d)
		k.dateNo[d] = n
	}
	return n
}

// NewFacts takes the facts of one month's ledger, numbering its nodes in
// keys (a table of its own when keys is nil).
func NewFacts(l *model.Ledger, keys *Keys) *MonthFacts {
	if keys == nil {
		keys = NewKeys()
	}
	f := &MonthFacts{Period: l.Period, keys: keys, sums: newTrendSums(), fundsToDate: map[string]model.Amount{}}
	nodes := make([]int32, len(l.Milestones))
	for i, m := range l.Milestones {
		nodes[i] = keys.node(m.Code, m.Name)
	}
	f.planned = make([]int32, len(keys.nodes))
	for i, m := range l.Milestones {
		if f.planned[nodes[i]] == 0 {
			f.planned[nodes[i]] = 1 + keys.date(m.Planned)
		}
	}
	for i := range l.Projects {
		f.sums.add(&l.Projects[i])
	}
	f.places = placesOf(l)
	for _, fd := range l.Funds {
		if fd.Date.Year == l.Period.Year && fd.Date.Month <= l.Period.Month {
			f.fundsToDate[fd.Type] += fd.Allocated
		}
	}
	return f
}

// plannedDate is the node's planned date in the month's ledger; ok is
// false when the ledger has no such node.
func (f *MonthFacts) plannedDate(code, name string) (d model.Date, ok bool) {
	n, found := f.keys.nodes[[2]string{code, name}]
	return f.plannedAt(n, found)
}

// plannedAt is plannedDate for a node already looked up in f's keys.
func (f *MonthFacts) plannedAt(n int32, found bool) (model.Date, bool) {
	if !found || int(n) >= len(f.planned) || f.planned[n] == 0 {
		return model.Date{}, false
	}
	return f.keys.dates[f.planned[n]-1], true
}

// trendSum is 年度计划投资 and 本年累计完成投资 over projects with a plan.
type trendSum struct{ plan, done model.Amount }

// trendSums are a month's trend sums for the zone, per 项目类别 (a command
// centre) and per unit.
type trendSums struct {
	zone       trendSum
	byCategory map[string]trendSum
	byUnit     map[string]trendSum
}

func newTrendSums() trendSums {
	return trendSums{byCategory: map[string]trendSum{}, byUnit: map[string]trendSum{}}
}

func (s *trendSums) add(p *model.Project) {
	if p.PlanYear <= 0 {
		return
	}
	plus := func(t trendSum) trendSum { return trendSum{t.plan + p.PlanYear, t.done + p.DoneYear} }
	s.zone = plus(s.zone)
	s.byCategory[p.Category] = plus(s.byCategory[p.Category])
	s.byUnit[p.Unit] = plus(s.byUnit[p.Unit])
}

// rankPlaces are a month's places by name in its four rankings (0 for no
// place), for next month's rank changes.
type rankPlaces struct {
	unitsByCompletion, unitsByOnTime, centresByCompletion, centresByOnTime map[string]int
}

// placesOf ranks a month's units and command centres as its own report
// does (without findings: every unit with a project, every centre), from
// the figures the rankings read: the completion rate over projects with a
// plan and the on-time rate of the nodes due at the month's end. A node
// counts for the last project with its code, as in Compute.
func placesOf(l *model.Ledger) rankPlaces {
	type figures struct {
		plan, doneWithPlan model.Amount
		due, onTime        int
	}
	units := map[string]*figures{}
	centres := make([]figures, len(model.Categories))
	owner := map[string]int{} // project code → index of its last project
	for i, p := range l.Projects {
		owner[p.Code] = i
		if units[p.Unit] == nil {
			units[p.Unit] = &figures{}
		}
		if p.PlanYear > 0 {
			units[p.Unit].plan += p.PlanYear
			units[p.Unit].doneWithPlan += p.DoneYear
			if c := slices.Index(model.Categories, p.Category); c >= 0 {
				centres[c].plan += p.PlanYear
				centres[c].doneWithPlan += p.DoneYear
			}
		}
	}
	e := l.Period.End()
	for _, m := range l.Milestones {
		i, ok := owner[m.Code]
		if !ok {
			continue
		}
		s := NodeStatusAt(m, e)
		if !s.Due() {
			continue
		}
		p := &l.Projects[i]
		c := slices.Index(model.Categories, p.Category)
		for _, g := range []*figures{units[p.Unit], at(centres, c)} {
			if g != nil {
				g.due++
				if s == OnTime {
					g.onTime++
				}
			}
		}
	}
	var unitComp, unitOnTime, centreComp, centreOnTime []Rank
	for name, g := range units {
		unitComp = append(unitComp, Rank{Name: name, Value: rate(g.doneWithPlan.Wan(), g.plan.Wan())})
		unitOnTime = append(unitOnTime, Rank{Name: name, Value: rate(float64(g.onTime), float64(g.due))})
	}
	for i, c := range model.Categories {
		g := centres[i]
		name := model.CommandCentre[c]
		centreComp = append(centreComp, Rank{Name: name, Value: rate(g.doneWithPlan.Wan(), g.plan.Wan())})
		centreOnTime = append(centreOnTime, Rank{Name: name, Value: rate(float64(g.onTime), float64(g.due))})
	}
	return rankPlaces{
		unitsByCompletion: placeMap(unitComp), unitsByOnTime: placeMap(unitOnTime),
		centresByCompletion: placeMap(centreComp), centresByOnTime: placeMap(centreOnTime),
	}
}

// at returns &s[i], or nil when i is out of range.
func at[T any](s []T, i int) *T {
	if i < 0 || i >= len(s) {
		return nil
	}
	return &s[i]
}

func placeMap(rs []Rank) map[string]int {
	m := make(map[string]int, len(rs))
	for _, r := range place(rs) {
		m[r.Name] = r.Place
	}
	return m
}
