package analysis

import (
	"fmt"
	"strings"
	"testing"

	"tuijin/generator/model"
)

// Last month's places come from its facts; they must be the places its own
// report gives, which is how they were computed before facts existed.
func TestFactsPlacesMatchTheMonthsReport(t *testing.T) {
	p := func(code, unit, cat string, plan, done float64) model.Project {
		return model.Project{Code: code, Unit: unit, Category: cat, PlanYear: wan(plan), DoneYear: wan(done)}
	}
	m := func(code string, planned, done model.Date) model.Milestone {
		return model.Milestone{Code: code, Name: "n", Planned: planned, Done: done}
	}
	feb := model.Period{Year: 2024, Month: 2}
	tests := []struct {
		name   string
		ledger model.Ledger
	}{
		{"ties share a place", model.Ledger{Period: feb, Projects: []model.Project{
			p("A", "甲", "国有投资", 100, 50), p("B", "乙", "社会投资", 200, 100), p("C", "丙", "运营企业", 100, 10)}}},
		{"no plan, no place", model.Ledger{Period: feb, Projects: []model.Project{
			p("A", "甲", "国有投资", 0, 50), p("B", "乙", "国有投资", 100, 20)}}},
		{"nodes count for the last project with their code", model.Ledger{Period: feb,
			Projects: []model.Project{p("A", "甲", "国有投资", 100, 50), p("A", "乙", "社会投资", 100, 60), p("B", "丙", "运营企业", 100, 70)},
			Milestones: []model.Milestone{
				m("A", day(2024, 2, 1), day(2024, 2, 1)), m("A", day(2024, 2, 1), model.Date{}), m("B", day(2024, 1, 1), day(2024, 1, 1)),
				m("Z", day(2024, 1, 1), day(2024, 1, 1)), m("B", month(2024, 3), model.Date{}),
			}}},
		{"an unknown category is in no centre", model.Ledger{Period: feb, Projects: []model.Project{
			p("A", "甲", "其他", 100, 100), p("B", "甲", "国有投资", 100, 0)},
			Milestones: []model.Milestone{m("A", day(2024, 2, 1), day(2024, 2, 9)), m("B", day(2024, 2, 1), day(2024, 2, 1))}}},
	}
	show := func(m map[string]int) string {
		var parts []string
		for _, name := range []string{"甲", "乙", "丙", "国有投资项目指挥中心", "社会投资项目指挥中心", "运营企业维护指挥中心"} {
			if v, ok := m[name]; ok && v > 0 {
				parts = append(parts, fmt.Sprintf("%s:%d", name, v))
			}
		}
		return strings.Join(parts, " ")
	}
	fromRanks := func(rs []Rank) map[string]int {
		out := map[string]int{}
		for _, r := range rs {
			out[r.Name] = r.Place
		}
		return out
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Compute(Input{Ledger: &tt.ledger})
			got := NewFacts(&tt.ledger, nil).places
			for _, c := range []struct {
				what      string
				got, want map[string]int
			}{
				{"units by completion", got.unitsByCompletion, fromRanks(r.Ranks.UnitsByCompletion)},
				{"units by on-time rate", got.unitsByOnTime, fromRanks(r.Ranks.UnitsByOnTime)},
				{"centres by completion", got.centresByCompletion, fromRanks(r.Ranks.CentresByCompletion)},
				{"centres by on-time rate", got.centresByOnTime, fromRanks(r.Ranks.CentresByOnTime)},
			} {
				if g, w := show(c.got), show(c.want); g != w {
					t.Errorf("%s: got %q, want %q", c.what, g, w)
				}
			}
		})
	}
}

// A node's planned date is the first row's that names it; a node missing
// from the month is not there, which is not the same as a row without a date.
func TestFactsPlannedDates(t *testing.T) {
	keys := NewKeys()
	jan := NewFacts(&model.Ledger{Period: model.Period{Year: 2024, Month: 1}, Milestones: []model.Milestone{
		{Code: "A", Name: "n1", Planned: day(2024, 3, 1)}, {Code: "A", Name: "n1", Planned: day(2024, 4, 1)}, {Code: "A", Name: "n2"},
	}}, keys)
	feb := NewFacts(&model.Ledger{Period: model.Period{Year: 2024, Month: 2}, Milestones: []model.Milestone{
		{Code: "B", Name: "n1", Planned: month(2024, 5)},
	}}, keys)
	tests := []struct {
		f          *MonthFacts
		code, name string
		want       string
	}{
		{jan, "A", "n1", "2024-03-01 true"},
		{jan, "A", "n2", " true"},
		{jan, "B", "n1", " false"}, // numbered after January
		{jan, "C", "n1", " false"},
		{feb, "B", "n1", "2024-05 true"},
		{feb, "A", "n1", " false"},
	}
	for _, tt := range tests {
		d, ok := tt.f.plannedDate(tt.code, tt.name)
		if got := fmt.Sprintf("%s %v", d, ok); got != tt.want {
			t.Errorf("%s %s/%s: got %q, want %q", tt.f.Period, tt.code, tt.name, got, tt.want)
		}
	}
}
