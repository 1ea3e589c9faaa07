package sample

import (
	"fmt"
	"time"
)

// flawPlan is the mistakes planted in the newest month (window index k).
// Each breaks a different rule and touches its own row, and none rejects a
// project row, so no finding drags others after it (a rejected project would
// turn each of its milestones into a ref.project_rejected error): the
// validation page shows exactly these, one per rule.
//
//	rule                          severity  what the clerk did
//	sheet.column_unknown          warning   added a 备注 column to 项目台账
//	code.national_time            warning   typed the year (2026-…) where the code's YYMM goes
//	history.ytd_decrease          warning   corrected 本年累计 below last month's figure
//	amount.negative               error     booked a refund as negative 已支出金额
//	fund.received_over_allocated  error     counted matching funds in 到位金额
//	date.invalid                  error     typed a day the month does not have
//	date.after_period             error     pre-filled 实际完成时间 with the planned date
//	ref.project_unknown           error     mistyped a project code in 节点计划
//	sheet.column_unnamed          warning   wrote "已督办" to the right of 节点计划
type flawPlan struct {
	k          int
	remarkUnit *unit
	badCode    map[*project]string
	ytdDrop    map[*project]wan
	negSpent   map[*fund]bool
	overRecv   map[*fund]wan
	badDone    map[*node]string
	futureDone map[*node]time.Time
	refTypo    map[*node]string
	stray      map[*node]string
}

// Preferred units of each flaw (by index among the five), so that the
// bundled sample spreads them over the units; with fewer units, or no
// candidate there, the next unit with one takes it.
const (
	u党政办 = iota
	u发改统计局
	u科经商务局
	u建设交运局
	u企业服务中心
)

// planFlaws picks the rows to spoil. A flaw with no candidate anywhere is
// left out (a one-month window has no previous month to fall below).
func (w *world) planFlaws() *flawPlan {
	k := len(w.ends) - 1
	e := w.ends[k]
	fp := &flawPlan{
		k: k, badCode: map[*project]string{}, ytdDrop: map[*project]wan{},
		negSpent: map[*fund]bool{}, overRecv: map[*fund]wan{},
		badDone: map[*node]string{}, futureDone: map[*node]time.Time{},
		refTypo: map[*node]string{}, stray: map[*node]string{},
	}
	r := newRnd(w.cfg.seed, 1<<40)
	usedNode := map[*node]bool{}
	usedFund := map[*fund]bool{}

	if u, ok := chooseUnit(w, u党政办, func(u *unit) bool { return len(w.listedOf(u, k)) > 0 }); ok {
		fp.remarkUnit = u
	}

	// code.national_time: a project that joins the ledger this month, so
	// that no earlier month knows its right code.
	var spoilt *project
	if p, ok := choose(w, r, u科经商务局, func(u *unit) []*project {
		var ps []*project
		for _, p := range w.listedOf(u, k) {
			if p.phase != phaseReserve && p.listedFrom == k {
				ps = append(ps, p)
			}
		}
		return ps
	}); ok {
		// The year typed where YYMM goes; in the years whose four digits
		// read as a valid time code anyway (20YY with YY a month, and the
		// legacy 2015–2020), month 00 instead.
		y := p.approval.Year()
		bad := fmt.Sprintf("%d%s", y, p.code[4:])
		if yy := y % 100; (yy >= 1 && yy <= 12) || (y >= 2015 && y <= 2020) {
			bad = fmt.Sprintf("%02d00%s", yy, p.code[4:])
		}
		if !w.codes[bad] {
			fp.badCode[p], spoilt = bad, p
		}
	}

	if k > 0 && w.ends[k-1].Year() == e.Year() {
		if p, ok := choose(w, r, u建设交运局, func(u *unit) []*project {
			var ps []*project
			for _, p := range w.listedOf(u, k) {
				st, prev := p.stage(e), p.stage(w.ends[k-1])
				if p != spoilt && (st == "续建" || st == "新开工") && st == prev && w.listed(p, k-1) &&
					p.figs[e.Year()].ytd[int(e.Month())-1] >= wanOf(50) {
					ps = append(ps, p)
				}
			}
			return ps
		}); ok {
			last := p.figs[e.Year()].ytd[int(e.Month())-1]
			fp.ytdDrop[p] = last.part(int64(r.between(75, 95)), 100, p.q)
		}
	}

	funds := func(ok func(f *fund) bool) func(u *unit) []*fund {
		return func(u *unit) []*fund {
			var fs []*fund
			for _, p := range w.listedOf(u, k) {
				for _, f := range p.funds {
					if p != spoilt && f.shown(e) && !usedFund[f] && ok(f) {
						fs = append(fs, f)
					}
				}
			}
			return fs
		}
	}
	if f, ok := choose(w, r, u发改统计局, funds(func(f *fund) bool { _, s := f.at(e); return s > 0 })); ok {
		fp.negSpent[f], usedFund[f] = true, true
	}
	if f, ok := choose(w, r, u建设交运局, funds(func(f *fund) bool { v, _ := f.at(e); return v > 0 })); ok {
		fp.overRecv[f], usedFund[f] = f.alloc+f.alloc.part(int64(r.between(10, 30)), 100, perWan), true
	}

	nodes := func(ok func(n *node) bool) func(u *unit) []*node {
		return func(u *unit) []*node {
			var ns []*node
			for _, p := range w.listedOf(u, k) {
				for _, n := range p.nodes {
					if p != spoilt && !usedNode[n] && ok(n) {
						ns = append(ns, n)
					}
				}
			}
			return ns
		}
	}
	doneBy := func(n *node) bool { return !n.done.IsZero() && !n.done.After(e) }

	// date.invalid: the 31st of a 30-day month, or 29/30 February.
	if n, ok := choose(w, r, u企业服务中心, nodes(func(n *node) bool { return doneBy(n) && daysIn(n.done.Year(), int(n.done.Month())) < 31 })); ok {
		fp.badDone[n], usedNode[n] = badDay(n.p.u.st, n.done), true
	} else if n, ok := choose(w, r, u企业服务中心, nodes(doneBy)); ok {
		fp.badDone[n], usedNode[n] = badDay(n.p.u.st, n.done), true
	}

	if n, ok := choose(w, r, u发改统计局, nodes(func(n *node) bool {
		at := n.plannedAt(k)
		return at.After(e) && !at.After(addDays(e, 62)) && !doneBy(n)
	})); ok {
		fp.futureDone[n], usedNode[n] = n.plannedAt(k), true
	}

	if n, ok := choose(w, r, u科经商务局, nodes(func(n *node) bool { return n.p.phase != phaseReserve })); ok {
		if typo := w.typo(n.p.code); typo != "" {
			fp.refTypo[n], usedNode[n] = typo, true
		}
	}

	overdue := func(n *node) bool { return !n.plannedAt(k).After(e) && !doneBy(n) }
	if n, ok := choose(w, r, u企业服务中心, nodes(overdue)); ok {
		fp.stray[n], usedNode[n] = "已督办", true
	} else if n, ok := choose(w, r, u企业服务中心, nodes(func(*node) bool { return true })); ok {
		fp.stray[n], usedNode[n] = "已核实", true
	}
	return fp
}

// badDay writes a date one day past the end of t's month, the way the unit
// writes dates: 2026-09-31 in a date cell retyped as text, 2026.9.31 where
// dates are typed.
func badDay(st *style, t time.Time) string {
	y, m := t.Year(), int(t.Month())
	d := daysIn(y, m) + 1
	if st.textDates {
		return fmt.Sprintf("%d.%d.%d", y, m, d)
	}
	return fmt.Sprintf("%d-%02d-%02d", y, m, d)
}

// typo swaps the last two digits of a code (or bumps the last one) until
// the code names no project.
func (w *world) typo(code string) string {
	b := []byte(code)
	n := len(b)
	if n < 2 {
		return ""
	}
	b[n-1], b[n-2] = b[n-2], b[n-1]
	for range 10 {
		if s := string(b); s != code && !w.codes[s] {
			return s
		}
		if b[n-1] >= '0' && b[n-1] <= '9' {
			b[n-1] = '0' + (b[n-1]-'0'+1)%10
		}
	}
	return ""
}

// listedOf is the unit's projects in the ledger of month k.
func (w *world) listedOf(u *unit, k int) []*project {
	var ps []*project
	for _, p := range u.projects {
		if w.listed(p, k) {
			ps = append(ps, p)
		}
	}
	return ps
}

// unitsFrom lists the units starting at the preferred one.
func unitsFrom(w *world, pref int) []*unit {
	us := make([]*unit, 0, len(w.units))
	if pref < len(w.units) {
		us = append(us, w.units[pref])
	}
	for i, u := range w.units {
		if i != pref {
			us = append(us, u)
		}
	}
	return us
}

func chooseUnit(w *world, pref int, ok func(*unit) bool) (*unit, bool) {
	for _, u := range unitsFrom(w, pref) {
		if ok(u) {
			return u, true
		}
	}
	return nil, false
}

// choose draws one candidate of the first unit (preferred first) that has any.
func choose[T any](w *world, r *rnd, pref int, cands func(*unit) []T) (T, bool) {
	for _, u := range unitsFrom(w, pref) {
		if cs := cands(u); len(cs) > 0 {
			return pick(r, cs), true
		}
	}
	var zero T
	return zero, false
}
