package sample

import (
	"fmt"
	"slices"
	"time"

	"tuijin/generator/model"
)

// world is everything that happens to every project over the whole window,
// decided once, before any workbook is written. A month's workbook is then a
// view of the world at that month's end, which is what keeps the months
// consistent with one another: the same projects, year-to-date figures that
// only grow, milestones that keep their names, funds that keep arriving.
type world struct {
	cfg     config
	periods []model.Period
	ends    []time.Time // period ends, oldest first
	units   []*unit
	codes   map[string]bool // every project code of the world, to keep them unique
}

// unit is one submitting unit with its projects, in ledger order.
type unit struct {
	idx      int
	name     string
	prof     *profile
	st       *style
	leaders  []string
	clerk    string
	reviewer string
	phone    string
	projects []*project
}

type phase int

const (
	phaseOngoing phase = iota // started in an earlier year than the window's first
	phaseFresh                // started in the window's first year, before the window
	phasePre                  // being prepared; may start within the window
	phaseReserve              // in the reserve (储备库)
)

// project is one project over the whole window.
type project struct {
	u          *unit
	code       string
	name       string
	category   string
	industry   string
	kind       kind
	phase      phase
	builder    string
	leader     string
	manager    string // the builder's person for milestones
	listedFrom int    // first window month (index) the project appears in

	reserveDate time.Time
	channel     string
	ask         wan

	approval     time.Time // when the national code was given (its YYMM)
	yearFrom     int
	yearTo       int
	plannedStart time.Time
	plannedEnd   time.Time
	actualStart  time.Time // zero: not started within the window
	completion   time.Time // zero: not completed within the window

	total  wan
	q      wan // amounts are multiples of q (the 亿元 unit rounds to 万元)
	pace   int // permille of the plan the project achieves
	before wan // 截至上年底累计 at the start of the window's first year
	figs   map[int]*yearFig

	lagText string // 存在问题 of a project behind schedule
	resText string // 形象进度 while in the reserve
	endText string // 形象进度 once completed
	remark  string // 备注, only shown when a flaw adds that column

	nodes  []*node
	funds  []*fund
	issues []*issue
	docs   []*doc
}

// yearFig is a project's investment in one calendar year.
type yearFig struct {
	before  wan // 截至上年底累计完成投资
	plan    wan
	hasPlan bool
	ytd     [13]wan // 本年累计 at the end of month m (1–12)
}

// node is one milestone. planned holds its planned date and the window
// months from which a moved date applies (节点调整).
type node struct {
	p       *project
	name    string
	planned []plannedDate // ascending by from
	done    time.Time
	person  string
	resp    string
	reason  string // why it was moved
}

type plannedDate struct {
	from int // first window index showing this date (-1: from the start)
	at   time.Time
}

// fund is one allocation of superior funds. received and spent grow month by
// month after the allocation.
type fund struct {
	p         *project
	typ       string
	batch     string
	date      time.Time
	alloc     wan
	rate      int // permille of the allocation received per month
	spendRate int // permille of the received money spent per month
}

// issue is one coordination issue (要素保障).
type issue struct {
	p      *project
	typ    string
	desc   string
	resp   string
	raised time.Time
	due    time.Time
	closed time.Time // zero: not closed within the window
}

// doc is one pre-construction approval (前期要件).
type doc struct {
	p       *project
	name    string
	na      bool // 不涉及
	started time.Time
	done    time.Time // zero: not done within the window
	number  string
}

// profile is what kind of projects a unit leads.
type profile struct {
	mixes             []mix
	few               bool // 党政办: a handful of projects
	reserveShare      int  // permille of the base projects in the reserve
	reservesMin       int  // reserve projects entered every month, at least
	reserveChance     int  // permille chance of one (more) reserve in a month
	signChance        int  // permille chance of a newly signed project in a month
	reserveIndustries []string
}

type mix struct {
	weight   int
	category string
	industry string
	care     bool // an operating company's upkeep programme
}

var profiles = []*profile{
	{ // 党政办
		mixes:             []mix{{10, "国有投资", "社会民生", false}},
		few:               true,
		reserveShare:      150,
		reserveChance:     200,
		reserveIndustries: []string{"社会民生"},
	},
	{ // 发改统计局
		mixes:             []mix{{5, "国有投资", "基础设施", false}, {4, "国有投资", "社会民生", false}},
		reserveShare:      300,
		reservesMin:       1,
		reserveChance:     500,
		reserveIndustries: []string{"基础设施", "社会民生", "社会民生"},
	},
	{ // 科经商务局
		mixes:             []mix{{4, "社会投资", "电子信息", false}, {4, "社会投资", "装备制造", false}, {3, "社会投资", "数字经济", false}},
		reserveShare:      80,
		reserveChance:     200,
		signChance:        1000,
		reserveIndustries: []string{"电子信息", "装备制造", "数字经济"},
	},
	{ // 建设交运局
		mixes:             []mix{{7, "国有投资", "基础设施", false}, {3, "国有投资", "现代物流", false}, {1, "社会投资", "现代物流", false}},
		reserveShare:      120,
		reserveChance:     350,
		reserveIndustries: []string{"基础设施", "现代物流"},
	},
	{ // 企业服务中心
		mixes:             []mix{{3, "运营企业", "其他", true}, {1, "运营企业", "会展经济", true}, {1, "运营企业", "专业市场", true}, {2, "社会投资", "专业市场", false}, {2, "社会投资", "会展经济", false}},
		reserveShare:      60,
		reserveChance:     150,
		signChance:        300,
		reserveIndustries: []string{"专业市场", "会展经济"},
	},
}

var unitNames = []string{"党政办", "发改统计局", "科经商务局", "建设交运局", "企业服务中心"}

// unitName names unit i (0-based).
func unitName(i int) string {
	if i < len(unitNames) {
		return unitNames[i]
	}
	return fmt.Sprintf("第%d责任单位", i+1)
}

// buildWorld decides every project's story. Each unit draws from its own
// stream; the zone-wide things (code serials, reserve numbers, which projects
// complete) are settled afterwards in unit order.
func buildWorld(cfg config) *world {
	w := &world{cfg: cfg, periods: cfg.periods, codes: map[string]bool{}}
	for _, p := range cfg.periods {
		w.ends = append(w.ends, p.End())
	}
	for i := range cfg.units {
		r := newRnd(cfg.seed, uint64(i)+1)
		u := &unit{idx: i, name: unitName(i), prof: profiles[i%len(profiles)], st: styles[i%len(styles)]}
		u.leaders = []string{person(r), person(r)}
		u.clerk, u.reviewer, u.phone = person(r), person(r), phone(r)
		w.units = append(w.units, u)
		w.planUnit(u, r)
	}
	w.chooseCompletions()
	w.assignCodes()
	for _, u := range w.units {
		r := newRnd(cfg.seed, uint64(u.idx)+1<<20)
		for _, p := range u.projects {
			w.figures(p, r)
			w.makeNodes(p, r)
			w.makeFunds(p, r)
			w.makeIssues(p, r)
			w.makeDocs(p, r)
			p.texts(r)
		}
	}
	return w
}

func (w *world) first() time.Time { return w.ends[0] }
func (w *world) last() time.Time  { return w.ends[len(w.ends)-1] }

// planUnit creates the unit's base projects and those that join during the
// window: reserves entered each month, projects newly signed.
func (w *world) planUnit(u *unit, r *rnd) {
	n := w.cfg.projects
	if n == 0 {
		if u.prof.few {
			n = r.between(4, 6)
		} else {
			n = r.between(8, 14)
		}
	}
	taken := map[string]bool{}
	for range n {
		m := u.prof.mixes[r.weighted(weights(u.prof.mixes)...)]
		ph := phaseOngoing
		switch {
		case m.care:
			ph = []phase{phaseOngoing, phaseFresh}[r.weighted(85, 15)]
		case r.chance(u.prof.reserveShare):
			ph = phaseReserve
		default:
			ph = []phase{phaseOngoing, phaseFresh, phasePre}[r.weighted(45, 18, 22)]
		}
		u.projects = append(u.projects, w.newProject(u, r, m, ph, 0, taken))
	}
	for k := range w.periods {
		count := u.prof.reservesMin
		if r.chance(u.prof.reserveChance) {
			count++
		}
		for range count {
			ind := pick(r, u.prof.reserveIndustries)
			cat := "国有投资"
			if ind != "社会民生" && ind != "基础设施" {
				cat = "社会投资"
			}
			u.projects = append(u.projects, w.newProject(u, r, mix{1, cat, ind, false}, phaseReserve, k, taken))
		}
		if r.chance(u.prof.signChance) {
			var social []mix
			for _, m := range u.prof.mixes {
				if m.category == "社会投资" {
					social = append(social, m)
				}
			}
			if len(social) > 0 {
				u.projects = append(u.projects, w.newProject(u, r, pick(r, social), phasePre, k, taken))
			}
		}
	}
}

func weights(ms []mix) []int {
	ws := make([]int, len(ms))
	for i, m := range ms {
		ws[i] = m.weight
	}
	return ws
}

// totalRange is 总投资 in 万元 by industry: lower and upper bound.
var totalRange = map[string][2]int{
	"社会民生": {2000, 60000},
	"基础设施": {5000, 150000},
	"电子信息": {20000, 300000},
	"装备制造": {20000, 300000},
	"数字经济": {10000, 150000},
	"现代物流": {10000, 120000},
	"专业市场": {5000, 80000},
	"会展经济": {5000, 80000},
	"其他":   {2000, 15000},
}

func (w *world) newProject(u *unit, r *rnd, m mix, ph phase, listed int, taken map[string]bool) *project {
	p := &project{u: u, category: m.category, industry: m.industry, phase: ph, listedFrom: listed, q: 1}
	if u.st.yi {
		p.q = perWan // amounts shown in 亿元 keep to whole 万元
	}
	if ph == phaseReserve {
		p.name, p.kind = reserveName(r, m.industry, taken), kindBuilding
	} else {
		p.name, p.kind = projectName(r, m.industry, m.care, taken)
	}
	switch {
	case m.category == "运营企业":
		p.builder = pick(r, buildersOps)
	case m.category == "社会投资":
		p.builder = company(r, m.industry)
	default:
		p.builder = stateBuilder(r, p.name)
	}
	p.leader = pick(r, u.leaders)
	p.manager = person(r)

	rg := totalRange[m.industry]
	if m.care {
		rg = totalRange["其他"]
	}
	u1 := r.intn(1001)
	t := rg[0] + (rg[1]-rg[0])*u1*u1/1_000_000 // skewed towards the small end, as real portfolios are
	if t >= 20000 {
		t = t / 100 * 100
	} else {
		t = t / 10 * 10
	}
	p.total = wanOf(t)
	p.pace = []int{r.between(1050, 1300), r.between(880, 1050), r.between(620, 860), r.between(280, 560)}[r.weighted(25, 40, 20, 15)]

	first, last := w.first(), w.last()
	y0 := first.Year()
	switch ph {
	case phaseReserve:
		if listed == 0 {
			p.reserveDate = addDays(first, -r.between(20, 330))
		} else {
			pe := w.ends[listed]
			p.reserveDate = day(pe.Year(), int(pe.Month()), r.between(1, pe.Day()))
		}
		if r.chance(850) {
			p.channel = model.FundChannels[r.weighted(35, 35, 20, 10)]
			p.ask = p.total.part(int64(r.between(20, 60)), 100, 100*perWan)
			if p.ask == 0 {
				p.ask = p.total.part(1, 2, 10*perWan)
			}
		}
		if r.chance(500) {
			p.yearFrom = p.reserveDate.Year() + 1
			p.yearTo = p.yearFrom + r.between(1, 3)
		}
		return p
	case phaseOngoing:
		sy := y0 - r.between(1, 3)
		p.actualStart = day(sy, r.between(1, 12), r.between(1, 28))
		p.plannedStart = addDays(p.actualStart, -r.between(0, 60))
		p.yearTo = max(sy+r.between(2, 4), last.Year())
		p.approval = addMonths(p.plannedStart, -r.between(3, 14))
		frac := 0
		for range y0 - sy {
			frac += r.between(150, 300) * p.pace / 1000
		}
		p.before = p.total.part(int64(min(frac, 600)), 1000, p.q)
	case phaseFresh:
		p.actualStart = day(y0, r.between(1, int(first.Month())), r.between(1, 28))
		p.plannedStart = addDays(p.actualStart, -r.between(0, 45))
		p.yearTo = y0 + r.between(1, 3)
		p.approval = addMonths(p.plannedStart, -r.between(2, 10))
	case phasePre:
		from := w.ends[listed]
		p.plannedStart = addDays(from, r.between(10, 420))
		if !p.plannedStart.After(last) && r.chance(700) {
			p.actualStart = addDays(p.plannedStart, r.between(-10, 50))
			if !p.actualStart.After(from) {
				p.actualStart = addDays(from, r.between(1, 20))
			}
			if p.actualStart.After(last) {
				p.actualStart = time.Time{}
			}
		}
		p.yearTo = p.plannedStart.Year() + r.between(1, 3)
		p.approval = addMonths(p.plannedStart, -r.between(2, 12))
		if listed > 0 {
			// Newly signed: the code is given in the month it joins the ledger.
			p.approval = day(from.Year(), int(from.Month()), r.between(1, from.Day()))
		} else if p.approval.After(from) {
			p.approval = addDays(from, -r.between(0, 60))
		}
	}
	p.yearFrom = p.plannedStart.Year()
	if !p.actualStart.IsZero() {
		p.yearFrom = min(p.yearFrom, p.actualStart.Year())
	}
	p.plannedEnd = monthEnd(p.yearTo, r.between(6, 12))
	return p
}

// chooseCompletions picks the projects that are completed (竣工) within the
// newest year: about one in twelve ongoing projects, at least two, the first
// in the newest month itself so that a stage changes under the reader's eyes,
// the second earlier in the year.
func (w *world) chooseCompletions() {
	var ongoing []*project
	for _, u := range w.units {
		for _, p := range u.projects {
			if p.phase == phaseOngoing && p.kind != kindCare {
				ongoing = append(ongoing, p)
			}
		}
	}
	if len(ongoing) == 0 {
		return
	}
	n := max(min(2, len(ongoing)), len(ongoing)/12)
	stride := len(ongoing) / n
	last := w.last()
	for j := range n {
		p := ongoing[j*stride+stride/2]
		r := newRnd(w.cfg.seed, uint64(j)+1<<30)
		m := int(last.Month())
		if j%2 == 1 && m > 1 {
			m = r.between(max(1, m-8), m-1)
		}
		c := day(last.Year(), m, r.between(5, 25))
		if !c.After(p.actualStart) {
			continue
		}
		p.completion = c
		p.plannedEnd = monthEnd(c.Year(), m+r.between(-2, 1))
		p.yearTo = p.plannedEnd.Year()
		// The project was well advanced: the last year's plan is the rest.
		p.before = p.total.part(int64(max(100, r.between(550, 800)-250*(c.Year()-w.first().Year()))), 1000, p.q)
		p.pace = 1000
	}
}

// assignCodes gives every project its code: national codes with the YYMM of
// their approval and a six-digit serial, reserves CB-<year>-<number> in the
// order they entered the reserve, zone-wide.
func (w *world) assignCodes() {
	serial := 0
	var reserves []*project
	for _, u := range w.units {
		for _, p := range u.projects {
			if p.phase == phaseReserve {
				reserves = append(reserves, p)
				continue
			}
			for {
				serial++
				// A multiplicative scramble makes serials look random while
				// staying unique for the first million projects.
				s := (serial*7919 + 104729) % 900000
				code := fmt.Sprintf("%02d%02d%s%06d", p.approval.Year()%100, int(p.approval.Month()), codeMiddle, 100000+s)
				if !w.codes[code] {
					p.code, w.codes[code] = code, true
					break
				}
			}
		}
	}
	// Stable, so that reserves entered on the same day keep unit order.
	slices.SortStableFunc(reserves, func(a, b *project) int { return a.reserveDate.Compare(b.reserveDate) })
	next := map[int]int{}
	for _, p := range reserves {
		y := p.reserveDate.Year()
		if next[y] == 0 {
			next[y] = 1 + newRnd(w.cfg.seed, uint64(y)).intn(40)
		}
		p.code = fmt.Sprintf("CB-%d-%04d", y, next[y])
		next[y]++
		w.codes[p.code] = true
	}
}

// stage is the project's 项目阶段 at a period end.
func (p *project) stage(e time.Time) string {
	switch {
	case p.phase == phaseReserve:
		return "储备"
	case !p.completion.IsZero() && !p.completion.After(e):
		return "竣工"
	case p.actualStart.IsZero() || p.actualStart.After(e):
		return "前期"
	case p.actualStart.Year() == e.Year():
		return "新开工"
	}
	return "续建"
}

// listed reports whether the project appears in the ledger of window month
// k: from the month it joins until the year after its completion, when the
// new year's ledger no longer carries it.
func (w *world) listed(p *project, k int) bool {
	e := w.ends[k]
	if k < p.listedFrom {
		return false
	}
	if p.phase == phaseReserve && p.reserveDate.After(e) {
		return false
	}
	return p.completion.IsZero() || p.completion.Year() >= e.Year()
}
