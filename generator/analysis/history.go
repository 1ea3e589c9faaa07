package analysis

import (
	"cmp"
	"slices"
	"time"

	"tuijin/generator/model"
)

// NodeHistory follows one milestone node through the ledgers of this year.
type NodeHistory struct {
	Node      *Node
	Dates     []MonthDate // planned date in each month's ledger of the year, oldest first
	Moves     int         // times the planned date changed from one month to the next
	ShiftDays int         // current planned date minus the first one this year, in days
}

// MonthDate is a node's planned date in one month's ledger; zero when the
// node was not in that ledger.
type MonthDate struct {
	Period  model.Period
	Planned model.Date
}

// Rank places a unit or command centre in a ranking.
type Rank struct {
	Name      string
	Value     *float64 // nil: no rate, ranked last, no place
	Place     int      // 1 is best; 0 when Value is nil
	PrevPlace int      // last month's place, 0 when unknown
}

// Change is how many places the name rose since last month (negative: fell).
func (r Rank) Change() int {
	if r.Place == 0 || r.PrevPlace == 0 {
		return 0
	}
	return r.PrevPlace - r.Place
}

// Ranks are the rankings of the period (红黑榜).
type Ranks struct {
	UnitsByCompletion   []Rank
	UnitsByOnTime       []Rank
	CentresByCompletion []Rank
	CentresByOnTime     []Rank
}

// TrendPoint is one month of a trend.
type TrendPoint struct {
	Period   model.Period
	PlanYear model.Amount // over projects with a plan
	DoneYear model.Amount // over the same projects
	Rate     *float64
	Progress float64       // 序时进度 of that month
	Change   *model.Amount // the month's own completion: DoneYear minus last month's; nil when last month's ledger is missing (January: DoneYear itself)
}

// Trend is a name's year-to-date completion month by month this year.
type Trend struct {
	Name   string
	Points []TrendPoint
}

// Quarter is completion at the end of a quarter against its target (the
// quarter's share of the year): "难在一季度、稳在二季度、冲在三季度、赢在四季度".
type Quarter struct {
	Q         int
	Period    model.Period // the month the figure is from: the quarter's last, or the latest month of a running quarter
	Available bool
	Rate      *float64
	Target    float64
}

// FundMonth sums allocations (下达) by the month of 下达日期, per fund type.
type FundMonth struct {
	Period model.Period
	ByType map[string]model.Amount
}

// FundYoY compares this year's allocations so far with the same months of
// last year, when last year's ledger of the same month exists.
type FundYoY struct {
	Type     string
	ThisYear model.Amount
	LastYear *model.Amount
	Change   *float64 // (this − last) / last
}

// BondBatch is one batch of special bonds (专项债券) with its spending
// against a straight line over Thresholds.BondMonths months.
type BondBatch struct {
	Batch     string
	Date      model.Date // earliest 下达日期 of the batch
	Allocated model.Amount
	Spent     model.Amount
	Expected  float64  // share that should be spent by the period end
	Actual    *float64 // spent / allocated
	Light     Light
}

// ReserveMonth counts projects that entered the reserve (入库时间) in a month.
type ReserveMonth struct {
	Period model.Period
	New    int
	ByUnit map[string]int
}

// history computes the per-node history of planned dates this year. A
// node's dates are gathered in one buffer and kept only for the nodes that
// moved: a large month has a hundred thousand nodes and a few hundred
// slips, and a history made for each was half of Compute's allocations.
func (r *Report) history(in Input) {
	months := sameYear(in.History, r.Period)
	var dates []MonthDate
	for _, n := range r.Nodes {
		dates = dates[:0]
		moves := 0
		k := [2]string{n.Code, n.Name}
		var prev, first model.Date
		var keys *Keys
		var id int32
		var found bool
		for _, f := range months {
			if f.keys != keys {
				keys = f.keys
				id, found = keys.nodes[k]
			}
			d, _ := f.plannedAt(id, found)
			dates = append(dates, MonthDate{Period: f.Period, Planned: d})
			if d.IsZero() {
				continue
			}
			if first.IsZero() {
				first = d
			}
			if !prev.IsZero() && !prev.SameDeadline(d) {
				moves++
			}
			prev = d
		}
		dates = append(dates, MonthDate{Period: r.Period, Planned: n.Planned})
		if !prev.IsZero() && !prev.SameDeadline(n.Planned) {
			moves++
		}
		if moves == 0 {
			continue
		}
		if first.IsZero() {
			first = n.Planned
		}
		r.Slips = append(r.Slips, &NodeHistory{Node: n, Dates: slices.Clone(dates), Moves: moves,
			ShiftDays: int(n.Planned.Last().Sub(first.Last()).Hours() / 24)})
		if n.Project != nil {
			n.Project.moved++
		}
	}
	// Most moves first, then by code and name; two nodes of one project
	// with one name (the ledger does not forbid it) by their planned date,
	// then in the ledger's order, as SortNodes would have them.
	slices.SortStableFunc(r.Slips, func(a, b *NodeHistory) int {
		return cmp.Or(cmp.Compare(b.Moves, a.Moves), cmp.Compare(a.Node.Code, b.Node.Code), cmp.Compare(a.Node.Name, b.Node.Name),
			a.Node.Planned.Last().Compare(b.Node.Planned.Last()))
	})
}

// overTime computes rankings, trends, funds over time and the reserve pipeline.
func (r *Report) overTime(in Input) {
	for _, g := range r.Units {
		for _, p := range g.Projects {
			g.NodesMoved += p.moved
		}
	}
	for _, g := range r.Centres {
		for _, p := range g.Projects {
			g.NodesMoved += p.moved
		}
	}
	var before rankPlaces
	if f := in.previous(); f != nil {
		before = f.places
	}
	r.Ranks = Ranks{
		UnitsByCompletion:   rank(r.Units, before.unitsByCompletion, completion),
		UnitsByOnTime:       rank(r.Units, before.unitsByOnTime, onTime),
		CentresByCompletion: rank(r.Centres, before.centresByCompletion, completion),
		CentresByOnTime:     rank(r.Centres, before.centresByOnTime, onTime),
	}

	cur := &MonthFacts{Period: r.Period, sums: newTrendSums()}
	for _, p := range r.Projects {
		cur.sums.add(p.Project)
	}
	months := append(sameYear(in.History, r.Period), cur)
	r.Trend = trend("全区", months, func(s trendSums) trendSum { return s.zone })
	for i, c := range r.Centres {
		cat := model.Categories[i]
		r.CentreTrends = append(r.CentreTrends, trend(c.Name, months, func(s trendSums) trendSum { return s.byCategory[cat] }))
	}
	for _, u := range r.Units {
		name := u.Name
		r.UnitTrends = append(r.UnitTrends, trend(name, months, func(s trendSums) trendSum { return s.byUnit[name] }))
	}
	for q := 1; q <= 4; q++ {
		qt := Quarter{Q: q, Target: float64(q) / 4}
		for _, pt := range r.Trend.Points {
			if (pt.Period.Month-1)/3+1 == q {
				qt.Period, qt.Rate, qt.Available = pt.Period, pt.Rate, true
			}
		}
		r.Quarters = append(r.Quarters, qt)
	}
	r.fundsOverTime(in)
	r.reserve()
}

// sameYear returns the months of p's year before p.
func sameYear(history []*MonthFacts, p model.Period) []*MonthFacts {
	var out []*MonthFacts
	for _, f := range history {
		if f.Period.Year == p.Year && f.Period.String() < p.String() {
			out = append(out, f)
		}
	}
	return out
}

func completion(g *Group) *float64 { return g.CompletionRate }
func onTime(g *Group) *float64     { return g.Nodes.OnTimeRate() }

// rank orders groups by a rate, best first; groups without a rate come last
// without a place. Equal rates share a place (1, 2, 2, 4) and are listed by
// name. before holds last month's places by name.
func rank(groups []*Group, before map[string]int, value func(*Group) *float64) []Rank {
	cur := make([]Rank, 0, len(groups))
	for _, g := range groups {
		cur = append(cur, Rank{Name: g.Name, Value: value(g)})
	}
	cur = place(cur)
	for i := range cur {
		cur[i].PrevPlace = before[cur[i].Name]
	}
	return cur
}

// place sorts names with their rates, best first, and gives each with a
// rate its place.
func place(out []Rank) []Rank {
	slices.SortStableFunc(out, func(a, b Rank) int {
		switch {
		case a.Value == nil && b.Value == nil:
			return cmp.Compare(a.Name, b.Name)
		case a.Value == nil:
			return 1
		case b.Value == nil:
			return -1
		}
		return cmp.Or(cmp.Compare(*b.Value, *a.Value), cmp.Compare(a.Name, b.Name))
	})
	for i := range out {
		if out[i].Value == nil {
			continue
		}
		out[i].Place = i + 1
		if i > 0 && out[i-1].Value != nil && *out[i-1].Value == *out[i].Value {
			out[i].Place = out[i-1].Place
		}
	}
	return out
}

// trend follows one selection of projects (those with a plan) month by
// month; sum picks the selection's sums from a month's.
func trend(name string, months []*MonthFacts, sum func(trendSums) trendSum) Trend {
	t := Trend{Name: name}
	var last model.Amount
	var lastPeriod model.Period
	for _, f := range months {
		s := sum(f.sums)
		pt := TrendPoint{Period: f.Period, Progress: f.Period.TimeProgress(), PlanYear: s.plan, DoneYear: s.done}
		pt.Rate = rate(pt.DoneYear.Wan(), pt.PlanYear.Wan())
		switch {
		case f.Period.Month == 1:
			c := pt.DoneYear
			pt.Change = &c
		case lastPeriod == f.Period.Prev():
			c := pt.DoneYear - last
			pt.Change = &c
		}
		last, lastPeriod = pt.DoneYear, f.Period
		t.Points = append(t.Points, pt)
	}
	return t
}

func (r *Report) fundsOverTime(in Input) {
	year, month := r.Period.Year, r.Period.Month
	for m := 1; m <= month; m++ {
		fm := FundMonth{Period: model.Period{Year: year, Month: m}, ByType: map[string]model.Amount{}}
		for _, f := range r.Funds {
			if f.Date.Year == year && f.Date.Month == m {
				fm.ByType[f.Type] += f.Allocated
			}
		}
		r.FundMonths = append(r.FundMonths, fm)
	}
	var lastYear *MonthFacts
	for _, f := range in.History {
		if f.Period == (model.Period{Year: year - 1, Month: month}) {
			lastYear = f
		}
	}
	for _, t := range model.FundTypes {
		y := FundYoY{Type: t}
		for _, f := range r.Funds {
			if f.Type == t && f.Date.Year == year && f.Date.Month <= month {
				y.ThisYear += f.Allocated
			}
		}
		if lastYear != nil {
			a := lastYear.fundsToDate[t]
			y.LastYear = &a
			y.Change = rate(y.ThisYear.Wan()-a.Wan(), a.Wan())
		}
		r.FundYoY = append(r.FundYoY, y)
	}

	byBatch := map[string]*BondBatch{}
	var order []string
	for _, f := range r.Funds {
		if f.Type != "专项债券" {
			continue
		}
		name := f.Batch
		if name == "" {
			name = f.Date.Chinese() + "下达"
		}
		b := byBatch[name]
		if b == nil {
			b = &BondBatch{Batch: name, Date: f.Date}
			byBatch[name] = b
			order = append(order, name)
		}
		if f.Date.First().Before(b.Date.First()) {
			b.Date = f.Date
		}
		b.Allocated += f.Allocated
		b.Spent += f.Spent
	}
	horizon := float64(r.Thresholds.BondMonths) * 365.25 / 12
	for _, name := range order {
		b := byBatch[name]
		elapsed := r.End.Sub(b.Date.First()).Hours() / 24
		b.Expected = min(1, max(0, elapsed/horizon))
		b.Actual = rate(b.Spent.Wan(), b.Allocated.Wan())
		if b.Actual != nil {
			b.Light = r.Thresholds.gapLight(round1((b.Expected - *b.Actual) * 100))
		}
		r.Bonds = append(r.Bonds, *b)
	}
	slices.SortStableFunc(r.Bonds, func(a, b BondBatch) int {
		return cmp.Or(a.Date.First().Compare(b.Date.First()), cmp.Compare(a.Batch, b.Batch))
	})
}

// reserve counts projects entering the reserve month by month this year.
func (r *Report) reserve() {
	r.ReserveTarget = r.Thresholds.ReserveTarget
	for m := 1; m <= r.Period.Month; m++ {
		rm := ReserveMonth{Period: model.Period{Year: r.Period.Year, Month: m}, ByUnit: map[string]int{}}
		for _, p := range r.Projects {
			if p.ReserveDate.Year == r.Period.Year && p.ReserveDate.Month == m {
				rm.New++
				rm.ByUnit[p.Unit]++
			}
		}
		r.ReserveMonths = append(r.ReserveMonths, rm)
	}
}

// MonthsOpen counts the calendar months an issue has been open: from the
// month it was raised to the month it was closed, or to the period end.
func MonthsOpen(is *Issue, e time.Time) int {
	end := e
	if !is.Closed.IsZero() {
		end = is.Closed.Last()
	}
	start := is.Raised.First()
	n := (end.Year()-start.Year())*12 + int(end.Month()) - int(start.Month()) + 1
	return max(n, 1)
}
