package analysis

import (
	"cmp"
	"slices"
)

// ExpectedUnit is a unit site.toml says should submit every month.
type ExpectedUnit struct {
	Name   string
	Centre string // full command-centre name, "" when not given
}

// Submission is one unit's submission state for the period (报送情况).
type Submission struct {
	Name         string
	Centre       string // from site.toml, "" when not given
	Expected     bool   // listed in site.toml
	Submitted    bool   // a workbook this period
	LastMonth    bool   // a workbook last month
	Ever         bool   // a workbook in any month up to this one
	Errors       int
	Warnings     int
	LastErrors   int  // errors in last month's workbooks
	Fixed        bool // last month had errors, this month's resubmission has none
	RejectedRows int
	AcceptedRows int
}

// Status describes the submission in words.
func (s Submission) Status() string {
	switch {
	case s.Submitted && s.Errors > 0:
		return "已报送，有错误"
	case s.Submitted:
		return "已报送"
	case !s.Ever:
		return "从未报送"
	case s.LastMonth:
		return "上月报送，本月未报送"
	}
	return "本月未报送"
}

// SubmissionInput is what the tracker needs beyond the period's units.
type SubmissionInput struct {
	Expected  []ExpectedUnit       // from site.toml, in display order
	LastMonth map[string]UnitInput // units that submitted last month, with their findings
	Ever      map[string]bool      // units with a workbook in any month before this one
	Rows      map[string][2]int    // this month: accepted and rejected rows per unit
}

// submissions lists every unit that is expected, submitted this month or
// submitted last month: expected units first in site.toml's order, then the
// others by name.
func submissions(in Input) []Submission {
	si := in.Submissions
	byName := map[string]*Submission{}
	var order []string
	get := func(name string) *Submission {
		s := byName[name]
		if s == nil {
			s = &Submission{Name: name}
			byName[name] = s
			order = append(order, name)
		}
		return s
	}
	for _, e := range si.Expected {
		s := get(e.Name)
		s.Expected, s.Centre = true, e.Centre
	}
	expectedCount := len(order)
	for _, u := range in.Units {
		s := get(u.Name)
		s.Submitted, s.Ever = true, true
		s.Errors += u.Errors
		s.Warnings += u.Warnings
		rows := si.Rows[u.Name]
		s.AcceptedRows, s.RejectedRows = rows[0], rows[1]
	}
	for name, u := range si.LastMonth {
		s := get(name)
		s.LastMonth = true
		s.LastErrors = u.Errors
	}
	for name := range si.Ever {
		if s := byName[name]; s != nil {
			s.Ever = true
		}
	}
	others := order[expectedCount:]
	slices.Sort(others)
	out := make([]Submission, 0, len(order))
	for _, name := range order {
		s := byName[name]
		s.Fixed = s.Submitted && s.LastMonth && s.LastErrors > 0 && s.Errors == 0
		out = append(out, *s)
	}
	return out
}

// SubmissionFigures is the 报送情况 section of summary.json.
type SubmissionFigures struct {
	Expected              int              `json:"expected"`  // units listed in site.toml
	Submitted             int              `json:"submitted"` // units with a workbook this period
	MissingSinceLastMonth []string         `json:"missing_since_last_month"`
	NeverSubmitted        []string         `json:"never_submitted"` // listed in site.toml, no workbook in any month
	NotSubmitted          []string         `json:"not_submitted"`   // listed in site.toml, no workbook this period
	Units                 []SubmissionUnit `json:"units"`
}

// SubmissionUnit is one unit's line of the tracker.
type SubmissionUnit struct {
	Name            string `json:"name"`
	Expected        bool   `json:"expected"`
	Submitted       bool   `json:"submitted"`
	SubmittedLast   bool   `json:"submitted_last_month"`
	Errors          int    `json:"errors"`
	Warnings        int    `json:"warnings"`
	ErrorsLastMonth int    `json:"errors_last_month"`
	FixedLastErrors bool   `json:"fixed_last_month_errors"`
}

func submissionFigures(subs []Submission) SubmissionFigures {
	f := SubmissionFigures{MissingSinceLastMonth: []string{}, NeverSubmitted: []string{}, NotSubmitted: []string{}, Units: []SubmissionUnit{}}
	for _, s := range subs {
		if s.Expected {
			f.Expected++
			if !s.Submitted {
				f.NotSubmitted = append(f.NotSubmitted, s.Name)
			}
			if !s.Ever {
				f.NeverSubmitted = append(f.NeverSubmitted, s.Name)
			}
		}
		if s.Submitted {
			f.Submitted++
		}
		if s.LastMonth && !s.Submitted {
			f.MissingSinceLastMonth = append(f.MissingSinceLastMonth, s.Name)
		}
		f.Units = append(f.Units, SubmissionUnit{Name: s.Name, Expected: s.Expected, Submitted: s.Submitted, SubmittedLast: s.LastMonth,
			Errors: s.Errors, Warnings: s.Warnings, ErrorsLastMonth: s.LastErrors, FixedLastErrors: s.Fixed})
	}
	slices.SortFunc(f.Units, func(a, b SubmissionUnit) int { return cmp.Compare(a.Name, b.Name) })
	return f
}
