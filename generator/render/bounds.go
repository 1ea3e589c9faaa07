package render

import (
	"cmp"
	"fmt"
	"slices"

	"tuijin/generator/analysis"
	"tuijin/generator/model"
)

// more is the line about a briefing's list that was cut to its bound
// (under a list, above the attachment): how many rows are not shown and
// where the full list is. A zero more is no line.
type more struct {
	Text string // 以上列出……，另有 N 个未列出
	Page string // the site page with the full list, by its title; "" for an earlier month
	Href string // that page, from the briefing
	URL  string // that page's address when the site's is known, for the printout
}

// cut keeps the first n rows of t when n is a bound (> 0) and t has more,
// and returns the line that says what was left out: shown describes the
// rows kept (逾期最久的 %d 个节点), and page is the title and path of the
// site page listing them all. An earlier month's briefing (r is not the
// site's period) has no such page, since the site's pages are of its
// newest month.
func (s *site) cut(t *table, n int, r *analysis.Report, shown, page, path string) more {
	if n <= 0 || len(t.Rows) <= n {
		return more{}
	}
	left := len(t.Rows) - n
	t.Rows = t.Rows[:n:n]
	return s.more("以上列出", n, left, r, shown, page, path)
}

// more is the line about a list of n rows of which left more were cut;
// lead is how it starts (以上列出 under a list, 本表列出 above one).
func (s *site) more(lead string, n, left int, r *analysis.Report, shown, page, path string) more {
	m := more{Text: fmt.Sprintf(lead+shown+"，另有 %d 个未列出", n, left)}
	if r == s.rep {
		m.Page, m.Href = page, rel(briefingPath(r.Period), path)
		if s.in.BaseURL != "" {
			m.URL = s.in.BaseURL + path
		}
	}
	return m
}

// attachmentProjects is the briefing's attachment: every project, or,
// when there are more than n (a bound, > 0), the n largest by total
// investment — for a city's tens of thousands of projects, the ones a
// leader asks about — and how many are left out. Either way they are in
// the report's order (by unit and code), so that a month whose count
// crosses the bound does not reorder the table.
func attachmentProjects(ps []*analysis.Project, n int) ([]*analysis.Project, int) {
	if n <= 0 || len(ps) <= n {
		return ps, 0
	}
	// Totals beside their places, sorted largest first and, among equal
	// totals, in report order: a stable sort of the projects themselves
	// (merging in place, through their pointers) took 40 ms of a rebuild
	// for a city's 20,000.
	type ranked struct {
		total model.Amount
		i     int
	}
	order := make([]ranked, len(ps))
	for i, p := range ps {
		order[i] = ranked{p.Total, i}
	}
	slices.SortFunc(order, func(a, b ranked) int { return cmp.Or(cmp.Compare(b.total, a.total), cmp.Compare(a.i, b.i)) })
	keep := make([]bool, len(ps))
	for _, r := range order[:n] {
		keep[r.i] = true
	}
	out := make([]*analysis.Project, 0, n)
	for i, p := range ps {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out, len(ps) - n
}
