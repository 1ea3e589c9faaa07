package sample

import (
	"fmt"
	"strings"
	"time"

	"tuijin/generator/model"
)

// A snapshot is one unit's ledger for one month, as rows of values: the
// world seen at the period end, with the month's flaws applied. The renderer
// turns it into the sheet language in the unit's style.
type snapshot struct {
	u         *unit
	k         int
	period    model.Period
	end       time.Time
	projects  []*projRow
	nodes     []*nodeRow
	funds     []*fundRow
	issues    []*issueRow
	docs      []*docRow
	remarkCol bool // a flaw adds a 备注 column to 项目台账
}

// amount is an amount cell; ok false is a blank cell.
type amount struct {
	v  wan
	ok bool
}

func some(v wan) amount { return amount{v, true} }

// when is a date cell: a day, a month (month precision), or raw text that a
// flaw typed in; all zero is a blank cell.
type when struct {
	t     time.Time
	month bool
	raw   string
}

func dayOf(t time.Time) when   { return when{t: t} }
func monthOf(t time.Time) when { return when{t: t, month: true} }

// mark ties a planted flaw to a cell of a row: the column key (the format's
// column name, or keyStray for a cell beyond the table) and the rule.
type mark struct{ key, rule string }

type marked struct{ marks []mark }

func (m *marked) mark(key, rule string) { m.marks = append(m.marks, mark{key, rule}) }
func (m *marked) flaws() []mark         { return m.marks }

type projRow struct {
	marked
	code, name, category, industry, stage, builder, resp, leader, years string
	total, before, plan, ytd, ask                                       amount
	pStart, aStart, pEnd, resDate                                       when
	channel, progress, problems, remark                                 string
}

type nodeRow struct {
	marked
	code, name         string
	planned, done      when
	resp, person, note string
	stray              string // text in a column without a header (a flaw)
}

type fundRow struct {
	marked
	code, typ, batch   string
	date               when
	alloc, recv, spent amount
}

type issueRow struct {
	marked
	code, typ, desc, resp string
	raised, due, closed   when
}

type docRow struct {
	marked
	code, name, state string
	done              when
	number            string
}

// snapshot builds the unit's ledger of window month k. fl is the flaw plan,
// applied only in the newest month; nil for none.
func (w *world) snapshot(u *unit, k int, fl *flawPlan) *snapshot {
	if fl != nil && k != fl.k {
		fl = nil
	}
	e := w.ends[k]
	s := &snapshot{u: u, k: k, period: w.periods[k], end: e}
	s.remarkCol = fl != nil && fl.remarkUnit == u
	for _, p := range u.projects {
		if !w.listed(p, k) {
			continue
		}
		code := p.code
		pr := s.project(p)
		if fl != nil {
			if bad, ok := fl.badCode[p]; ok {
				code, pr.code = bad, bad
				pr.mark(colCode, "code.national_time")
			}
			if v, ok := fl.ytdDrop[p]; ok {
				pr.ytd = some(v)
				pr.mark(colDoneYear, "history.ytd_decrease")
			}
		}
		s.projects = append(s.projects, pr)
		for _, n := range p.nodes {
			nr := &nodeRow{code: code, name: n.name, planned: s.date(n.plannedAt(k), true), resp: n.resp, person: n.person}
			if !n.done.IsZero() && !n.done.After(e) {
				nr.done = dayOf(n.done)
			}
			if prev := n.previousAt(k); !prev.IsZero() {
				nr.note = fmt.Sprintf("原计划%s完成，%s调整", chineseDate(prev), n.reason)
			}
			if fl != nil {
				if raw, ok := fl.badDone[n]; ok {
					nr.done = when{raw: raw}
					nr.mark(colNodeDone, "date.invalid")
				}
				if t, ok := fl.futureDone[n]; ok {
					nr.done = dayOf(t)
					nr.mark(colNodeDone, "date.after_period")
				}
				if typo, ok := fl.refTypo[n]; ok {
					nr.code = typo
					nr.mark(colCode, "ref.project_unknown")
				}
				if text, ok := fl.stray[n]; ok {
					nr.stray = text
					nr.mark(keyStray, "sheet.column_unnamed")
				}
			}
			s.nodes = append(s.nodes, nr)
		}
		for _, f := range p.funds {
			if !f.shown(e) {
				continue
			}
			recv, spent := f.at(e)
			fr := &fundRow{code: code, typ: f.typ, batch: f.batch, date: dayOf(f.date), alloc: some(f.alloc), recv: some(recv), spent: some(spent)}
			if recv == 0 {
				fr.recv = amount{}
			}
			if spent == 0 {
				fr.spent = amount{}
			}
			if fl != nil {
				if fl.negSpent[f] {
					fr.spent = some(-spent)
					fr.mark(colSpent, "amount.negative")
				}
				if v, ok := fl.overRecv[f]; ok {
					fr.recv = some(v)
					fr.mark(colReceived, "fund.received_over_allocated")
				}
			}
			s.funds = append(s.funds, fr)
		}
		for _, is := range p.issues {
			if !is.shown(e) {
				continue
			}
			ir := &issueRow{code: code, typ: is.typ, desc: is.desc, resp: is.resp, raised: dayOf(is.raised), due: dayOf(is.due)}
			if !is.closed.IsZero() && !is.closed.After(e) {
				ir.closed = dayOf(is.closed)
			}
			s.issues = append(s.issues, ir)
		}
		for _, d := range p.docs {
			dr := &docRow{code: code, name: d.name, state: d.state(e)}
			if dr.state == "已办结" {
				dr.done, dr.number = dayOf(d.done), d.number
			}
			s.docs = append(s.docs, dr)
		}
	}
	return s
}

// date is a planned date as the unit writes it: to the month in the
// text-date style (clerks type "2026年9月" for plans), else to the day.
func (s *snapshot) date(t time.Time, planned bool) when {
	if t.IsZero() {
		return when{}
	}
	if planned && s.u.st.textDates {
		return monthOf(t)
	}
	return dayOf(t)
}

func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// project is the row of 项目台账 at the snapshot's period end.
func (s *snapshot) project(p *project) *projRow {
	e, st := s.end, s.u.st
	stage := p.stage(e)
	r := &projRow{
		code: p.code, name: p.name, category: p.category, industry: p.industry, stage: stage,
		builder: p.builder, resp: s.u.name, leader: p.leader, total: some(p.total),
		channel: p.channel, remark: p.remark,
	}
	if p.yearFrom != 0 {
		r.years = st.years(p.yearFrom, p.yearTo)
	}
	if p.phase == phaseReserve {
		r.resDate = s.date(p.reserveDate, false)
		if p.channel != "" {
			r.ask = some(p.ask)
		}
		r.progress = p.resText
		return r
	}
	f := p.figs[e.Year()]
	m := int(e.Month())
	r.pStart, r.pEnd = s.date(p.plannedStart, true), s.date(p.plannedEnd, true)
	if !p.actualStart.IsZero() && !p.actualStart.After(e) {
		r.aStart = dayOf(p.actualStart)
	}
	if f.hasPlan {
		r.plan = some(f.plan)
	}
	if stage != "前期" {
		r.before, r.ytd = some(f.before), some(f.ytd[m])
	}
	r.progress = p.progress(stage, f, m, e)
	r.problems = st.noProblem
	if text := s.openIssue(p); text != "" {
		r.problems = text
	} else if p.lagText != "" && stage != "竣工" {
		r.problems = p.lagText
	}
	return r
}

// openIssue is the description of the project's oldest open issue: clerks
// copy it into 存在问题.
func (s *snapshot) openIssue(p *project) string {
	for _, is := range p.issues {
		if !is.raised.After(s.end) && (is.closed.IsZero() || is.closed.After(s.end)) {
			return is.desc
		}
	}
	return ""
}

// progress is 形象进度: it follows the share of the work done, so it moves
// from month to month with the figures.
func (p *project) progress(stage string, f *yearFig, m int, e time.Time) string {
	switch stage {
	case "竣工":
		return p.endText
	case "前期":
		months := max(0, monthsBetween(e, p.plannedStart))
		i := max(0, len(preTexts)-1-months/2)
		return fill(preTexts[i], 95-min(months, 8)*10)
	}
	texts := progressTexts[p.kind]
	var ratio int64 // permille of the work done
	if p.kind == kindCare {
		if f.plan > 0 {
			ratio = int64(f.ytd[m]) * 1000 / int64(f.plan)
		}
	} else if p.total > 0 {
		ratio = int64(f.before+f.ytd[m]) * 1000 / int64(p.total)
	}
	ratio = min(max(ratio, 0), 999)
	i := int(ratio * int64(len(texts)) / 1000)
	sub := int(ratio*int64(len(texts))%1000) / 10 // progress within this step, 0–99
	text := texts[i]
	if strings.Contains(text, "层") {
		return fill(text, 2+sub*10/100)
	}
	return fill(text, min(95, max(10, sub/5*5)))
}

// fill puts n into a text that has a %d, and leaves other texts alone.
func fill(text string, n int) string {
	if strings.Contains(text, "%d") {
		return fmt.Sprintf(text, n)
	}
	return text
}
