package sample

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"
)

// monthWeight is how much of a year's work falls in each month: January and
// February (Spring Festival) are slow, the year-end push is fast. Summed, it
// makes year-to-date figures trail 序时进度 a little even for projects on plan,
// as they do in real ledgers.
var monthWeight = [13]int64{0, 5, 6, 10, 10, 11, 11, 10, 10, 11, 11, 12, 13}

func weightSum(a, b int) int64 {
	var s int64
	for m := a; m <= b; m++ {
		s += monthWeight[m]
	}
	return s
}

// figures computes the project's investment for every calendar year of the
// window: 截至上年底累计 carries over from the year before, the plan is a
// share of the total, 本年累计 grows month by month with the project's pace
// and restarts in January.
func (w *world) figures(p *project, r *rnd) {
	if p.phase == phaseReserve {
		return
	}
	p.figs = map[int]*yearFig{}
	before := p.before
	for y := w.first().Year(); y <= w.last().Year(); y++ {
		f := &yearFig{before: before}
		p.figs[y] = f
		if !p.completion.IsZero() && p.completion.Year() < y {
			continue
		}
		remaining := p.total - before
		started := func(m int) bool { return !p.actualStart.IsZero() && !p.actualStart.After(monthEnd(y, m)) }
		final := !p.completion.IsZero() && p.completion.Year() == y
		if (started(12) || p.plannedStart.Year() == y) && remaining > 0 {
			f.hasPlan = true
			if final {
				f.plan = remaining
			} else {
				// At most 70 % of what is left, so that even a fast project
				// never runs out of work before it is declared complete.
				share := int64(r.between(150, 400))
				// A project starting this year plans only for the months
				// left after its start.
				if st := p.plannedStart; p.actualStart.Year() == y || (p.actualStart.IsZero() && st.Year() == y) {
					if !p.actualStart.IsZero() {
						st = p.actualStart
					}
					share = share * int64(13-int(st.Month())) / 12
				}
				f.plan = min(p.total.part(share, 1000, p.q), remaining.part(7, 10, p.q))
				if f.plan <= 0 {
					f.plan = remaining
				}
			}
		}
		pace := int64(p.pace)
		if p.completion.IsZero() {
			pace += int64(r.between(-60, 60)) // a project is a little faster or slower from year to year
		}
		s := 1
		if p.actualStart.Year() == y {
			s = int(p.actualStart.Month())
		}
		for m := 1; m <= 12; m++ {
			if !started(m) {
				continue
			}
			var v wan
			if final {
				c := int(p.completion.Month())
				if m >= c {
					v = remaining
				} else {
					v = remaining.part(weightSum(1, m), weightSum(1, c), p.q)
				}
			} else {
				v = min(f.plan.part(pace*weightSum(s, m), 1000*weightSum(s, 12), p.q), remaining)
			}
			if v == 0 && remaining >= p.q {
				v = p.q // a project under way reports something
			}
			f.ytd[m] = max(v, f.ytd[m-1])
		}
		before += f.ytd[12]
	}
}

// makeNodes plans the milestones: two preparation nodes for projects not yet
// under way, then the works spread from the start to the planned end.
// Upkeep programmes have the same four nodes every year, named by the year so
// that a node keeps one name for good.
func (w *world) makeNodes(p *project, r *rnd) {
	if p.phase == phaseReserve {
		return
	}
	add := func(name string, at time.Time, construction bool) {
		n := &node{p: p, name: name, planned: []plannedDate{{-1, at}}, person: p.manager, resp: p.builder}
		w.slip(n, r)
		w.finish(n, r, construction)
		p.nodes = append(p.nodes, n)
	}
	if p.kind == kindCare {
		for y := w.first().Year(); y <= w.last().Year(); y++ {
			for i, name := range buildNodes[kindCare] {
				if at := monthEnd(y, 3*(i+1)); at.After(p.actualStart) {
					add(fmt.Sprintf("%d年%s", y, name), at, true)
				}
			}
		}
		return
	}
	if p.phase == phasePre {
		i := r.intn(len(preNodes) - 1)
		add(preNodes[i], endOf(addMonths(p.plannedStart, -4)), false)
		add(preNodes[i+1], endOf(addMonths(p.plannedStart, -2)), false)
	}
	list := buildNodes[p.kind]
	k := min(len(list), r.between(3, 4))
	start := p.plannedStart
	if !p.actualStart.IsZero() {
		start = p.actualStart
	}
	end := p.plannedEnd
	if !p.completion.IsZero() {
		end = p.completion
	}
	span := end.Sub(start)
	for i, name := range list[len(list)-k:] {
		at := endOf(start.Add(span * time.Duration(i+1) / time.Duration(k)))
		if i < k-1 && r.chance(300) {
			at = day(at.Year(), int(at.Month()), 15)
		}
		add(name, at, true)
	}
	// The last node (竣工验收, 交工验收, 正式投产) is the completion itself:
	// open until the project is completed, however late.
	if last := p.nodes[len(p.nodes)-1]; p.completion.IsZero() {
		last.done = time.Time{}
	}
}

// slip moves some nodes that fall due within the window (节点调整): the unit
// postpones them in the month they would have become overdue, and a few
// again later (一变再变). Projects completed within the window keep their dates.
func (w *world) slip(n *node, r *rnd) {
	p := n.p
	if len(w.ends) < 2 || !p.completion.IsZero() || p.kind == kindCare {
		return // completed projects keep their dates; upkeep nodes are annual routine
	}
	p0 := n.planned[0].at
	if p0.Before(addDays(w.first(), -45)) || p0.After(addDays(w.last(), 120)) {
		return
	}
	chance := 120
	if p.pace < 700 {
		chance = 280
	}
	if !r.chance(chance) {
		return
	}
	k := 1
	for k < len(w.ends)-1 && w.ends[k].Before(addDays(p0, -31)) {
		k++
	}
	at := endOf(addMonths(p0, r.between(1, 3)))
	if !at.After(w.ends[k]) {
		at = endOf(addMonths(w.ends[k], 1))
	}
	n.planned = append(n.planned, plannedDate{k, at})
	n.reason = pick(r, slipReasons)
	if k+1 < len(w.ends) && r.chance(350) {
		k2 := k + 1
		for k2 < len(w.ends)-1 && w.ends[k2].Before(addDays(at, -31)) {
			k2++
		}
		at2 := endOf(addMonths(at, r.between(1, 2)))
		if !at2.After(w.ends[k2]) {
			at2 = endOf(addMonths(w.ends[k2], 1))
		}
		n.planned = append(n.planned, plannedDate{k2, at2})
	}
}

// finish decides when a node is done: projects on pace meet their dates,
// laggards are late or leave nodes open. Works cannot be done before they
// start, preparation is done before the works start, everything is done by
// completion, and a moved node was still open when it was moved.
func (w *world) finish(n *node, r *rnd, construction bool) {
	p := n.p
	final := n.planned[len(n.planned)-1].at
	var o int
	switch {
	case p.pace >= 880:
		o = r.weighted(850, 130, 20, 0)
	case p.pace >= 620:
		o = r.weighted(550, 280, 120, 50)
	default:
		o = r.weighted(300, 250, 200, 250)
	}
	var done time.Time
	switch o {
	case 0:
		done = addDays(final, -r.between(0, 20))
	case 1:
		done = addDays(final, r.between(3, 45))
	case 2:
		done = addDays(final, r.between(46, 200))
	}
	switch {
	case construction && p.actualStart.IsZero():
		done = time.Time{}
	case construction && !done.IsZero() && done.Before(p.actualStart):
		done = addDays(p.actualStart, r.between(5, 30))
	case !construction && !p.actualStart.IsZero() && !done.IsZero() && done.After(p.actualStart):
		done = addDays(p.actualStart, -r.between(1, 20))
	}
	if !p.completion.IsZero() && (done.IsZero() || done.After(p.completion)) {
		done = p.completion
	}
	if len(n.planned) > 1 && !done.IsZero() {
		moved := w.ends[n.planned[len(n.planned)-1].from]
		if !done.After(moved) {
			done = addDays(moved, r.between(3, 25))
		}
	}
	n.done = done
}

// plannedAt is the node's planned date as shown in window month k.
func (n *node) plannedAt(k int) time.Time {
	at := n.planned[0].at
	for _, pd := range n.planned[1:] {
		if pd.from <= k {
			at = pd.at
		}
	}
	return at
}

// previousAt is the planned date before the latest move visible in month k,
// for the 备注 "原计划…", or zero when the node has not moved by then.
func (n *node) previousAt(k int) time.Time {
	var prev time.Time
	at := n.planned[0].at
	for _, pd := range n.planned[1:] {
		if pd.from <= k {
			prev, at = at, pd.at
		}
	}
	return prev
}

// Superior funds arrive in zone-wide batches: months of the year per type.
var batchMonths = map[string][]int{
	"中央预算内投资": {3, 6, 9},
	"专项债券":    {2, 5, 8, 10},
	"超长期特别国债": {4, 7, 10},
	"其他上级资金":  {5, 11},
}

// batchDate is the day a batch was allocated: the same for every project in
// it, as a batch is one document.
func (w *world) batchDate(typ string, y, i int) time.Time {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d/%d", typ, y, i)
	d := newRnd(w.cfg.seed, h.Sum64()).between(8, 27)
	return day(y, batchMonths[typ][i], d)
}

// fundTypes a project can get, by category and industry.
func fundTypes(p *project) []string {
	switch {
	case p.category == "运营企业":
		return []string{"其他上级资金"}
	case p.category == "社会投资":
		return []string{"超长期特别国债", "其他上级资金", "中央预算内投资"}
	case p.industry == "社会民生":
		return []string{"中央预算内投资", "专项债券", "超长期特别国债"}
	}
	return []string{"专项债券", "专项债券", "中央预算内投资"}
}

func (w *world) makeFunds(p *project, r *rnd) {
	if p.phase == phaseReserve {
		return
	}
	chance := map[string]int{"国有投资": 600, "社会投资": 200, "运营企业": 120}[p.category]
	if !r.chance(chance) {
		return
	}
	used := map[string]bool{}
	for range r.between(1, 3) {
		typ := pick(r, fundTypes(p))
		type slot struct {
			y, i int
			at   time.Time
		}
		var slots []slot
		for y := w.first().Year() - 1; y <= w.last().Year(); y++ {
			for i := range batchMonths[typ] {
				at := w.batchDate(typ, y, i)
				key := fmt.Sprintf("%s%d%d", typ, y, i)
				if used[key] || at.Before(p.approval) || at.After(w.last()) || at.Before(addMonths(w.first(), -15)) {
					continue
				}
				slots = append(slots, slot{y, i, at})
			}
		}
		if len(slots) == 0 {
			continue
		}
		s := pick(r, slots)
		used[fmt.Sprintf("%s%d%d", typ, s.y, s.i)] = true
		q := wan(10 * perWan)
		if typ == "专项债券" {
			q = wan(100 * perWan)
		}
		alloc := max(p.total.part(int64(r.between(2, 12)), 100, q), 5*q)
		p.funds = append(p.funds, &fund{
			p: p, typ: typ, date: s.at, alloc: alloc,
			batch:     fmt.Sprintf("%d年第%s批", s.y, numeral(s.i+1)),
			rate:      pick(r, []int{1000, 1000, 500, 340, 250}),
			spendRate: r.between(120, 260),
		})
	}
}

// at returns what has arrived and been spent by the end e: money arrives in
// a few monthly instalments and is spent over the following months.
func (f *fund) at(e time.Time) (received, spent wan) {
	k := int64(monthsBetween(f.date, e))
	received = f.alloc
	if frac := int64(f.rate) * (k + 1); frac < 1000 {
		received = f.alloc.part(frac, 1000, perWan)
	}
	spent = received.part(min(950, int64(f.spendRate)*k), 1000, 1)
	return received, spent
}

// shown reports whether the allocation is listed at the end e: allocated by
// then, this year or last (for the year-on-year comparison).
func (f *fund) shown(e time.Time) bool {
	return !f.date.After(e) && f.date.Year() >= e.Year()-1
}

func (w *world) makeIssues(p *project, r *rnd) {
	if p.phase == phaseReserve {
		return
	}
	chance := 350
	switch {
	case p.kind == kindCare:
		chance = 100
	case p.phase == phasePre:
		chance = 300
	}
	count := 0
	if r.chance(chance) {
		count++
		if r.chance(250) {
			count++
		}
	}
	span := int(w.last().Sub(w.first()).Hours() / 24)
	for range count {
		types := issueTypes[p.kind]
		if p.actualStart.IsZero() {
			types = []string{"用地", "征地拆迁", "审批手续"}
		}
		typ := pick(r, types)
		form := issueForms[typ]
		desc := pick(r, form.texts)
		if strings.Contains(desc, "%d") {
			desc = fmt.Sprintf(desc, r.between(3, 80))
		}
		is := &issue{p: p, typ: typ, desc: desc, resp: pick(r, form.resp)}
		is.raised = addDays(w.first(), r.between(-150, span))
		if is.raised.Before(p.approval) {
			is.raised = addDays(p.approval, r.between(5, 40))
		}
		is.due = addDays(is.raised, r.between(15, 75))
		if r.chance(550) {
			is.closed = addDays(is.raised, r.between(5, 110))
		}
		if !p.completion.IsZero() && (is.closed.IsZero() || is.closed.After(p.completion)) {
			is.closed = maxTime(is.raised, addDays(p.completion, -r.between(0, 20)))
		}
		p.issues = append(p.issues, is)
	}
}

// shown reports whether the issue is listed at the end e: raised by then,
// and still open or closed within the last three months.
func (is *issue) shown(e time.Time) bool {
	return !is.raised.After(e) && (is.closed.IsZero() || is.closed.After(addDays(e, -92)))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// makeDocs plans the approvals: 四证一书 for every project under way or being
// prepared, with 立项/可研/环评/节能 as they apply. Roads need no 不动产权证,
// renovations on existing land no land approvals; one project in four is
// still waiting for its 不动产权证 while money flows, as in real life.
func (w *world) makeDocs(p *project, r *rnd) {
	if p.kind == kindCare {
		return
	}
	add := func(name string, done time.Time, na bool) {
		d := &doc{p: p, name: name, done: done, na: na}
		if !done.IsZero() {
			d.started = addDays(done, -r.between(20, 120))
			d.number = docNumber(r, name, done)
		}
		p.docs = append(p.docs, d)
	}
	if p.phase == phaseReserve {
		if r.chance(400) {
			add("立项批复", time.Time{}, false)
			start := addDays(p.reserveDate, r.between(10, 60))
			d := &doc{p: p, name: "用地预审与选址意见书", started: start}
			if r.chance(300) {
				d.done = addDays(start, r.between(60, 200))
				d.number = docNumber(r, d.name, d.done)
			}
			p.docs = append(p.docs, d)
		}
		return
	}
	anchor := p.plannedStart
	if !p.actualStart.IsZero() {
		anchor = p.actualStart
	}
	before := func(lo, hi int) time.Time { return addDays(anchor, -r.between(lo, hi)) }
	renovation := p.kind == kindRoad && strings.ContainsAny(p.name, "改提")
	add("立项批复", addDays(p.approval, r.between(0, 20)), false)
	if p.category == "国有投资" {
		add("可研批复", addDays(p.approval, r.between(20, 90)), false)
	}
	if p.kind == kindPlant || r.chance(300) {
		add("环评批复", before(30, 120), false)
	}
	if p.kind == kindPlant {
		add("节能审查", before(40, 150), false)
	}
	add("用地预审与选址意见书", addDays(p.approval, r.between(0, 60)), renovation)
	add("建设用地规划许可证", before(60, 180), renovation)
	add("建设工程规划许可证", before(20, 90), false)
	add("施工许可证", before(3, 40), false)
	if p.kind == kindRoad {
		add("不动产权证", time.Time{}, true)
	} else if r.chance(250) {
		d := &doc{p: p, name: "不动产权证", started: before(30, 200)}
		p.docs = append(p.docs, d)
	} else {
		add("不动产权证", before(0, 150), false)
	}
	for _, d := range p.docs {
		if d.na {
			d.done, d.started, d.number = time.Time{}, time.Time{}, ""
		}
	}
}

// state is the 办理状态 at the end e.
func (d *doc) state(e time.Time) string {
	switch {
	case d.na:
		return "不涉及"
	case !d.done.IsZero() && !d.done.After(e):
		return "已办结"
	case !d.started.IsZero() && !d.started.After(e):
		return "办理中"
	}
	return "未启动"
}

// docNumber writes a plausible 批复文号 for an approval.
func docNumber(r *rnd, name string, at time.Time) string {
	y, n := at.Year(), r.between(3, 180)
	switch name {
	case "立项批复":
		return fmt.Sprintf("示高发改投资〔%d〕%d号", y, n)
	case "可研批复":
		return fmt.Sprintf("示高发改审批〔%d〕%d号", y, n)
	case "用地预审与选址意见书":
		return fmt.Sprintf("用字第510900%d%05d号", y, r.intn(100000))
	case "建设用地规划许可证":
		return fmt.Sprintf("地字第510900%d%05d号", y, r.intn(100000))
	case "建设工程规划许可证":
		return fmt.Sprintf("建字第510900%d%05d号", y, r.intn(100000))
	case "施工许可证":
		return fmt.Sprintf("510900%d%02d%02d0%d01", y, int(at.Month()), at.Day(), r.intn(10))
	case "不动产权证":
		return fmt.Sprintf("示范高新区不动产权第%07d号", r.intn(10000000))
	case "环评批复":
		return fmt.Sprintf("示高环审〔%d〕%d号", y, n)
	case "节能审查":
		return fmt.Sprintf("示高发改能审〔%d〕%d号", y, n)
	}
	return ""
}

// texts draws the project's standing texts.
func (p *project) texts(r *rnd) {
	switch {
	case p.phase == phaseReserve:
		p.lagText = ""
	case p.actualStart.IsZero() && r.chance(400):
		p.lagText = pick(r, preLags)
	case p.pace < 700:
		p.lagText = pick(r, lagTexts)
	}
	p.resText, p.endText = pick(r, resTexts), pick(r, endTexts)
	p.remark = pick(r, []string{"省重点项目", "市重点项目", "", "", "区重点项目", "", "“三个一批”项目"})
}
