package render

import (
	"fmt"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/model"
)

// Archived is an earlier month whose briefing the site carries.
type Archived struct {
	Period model.Period
	// Report computes the month's report. It is asked for at most once,
	// when the briefing is rendered, and not kept: a report of a large
	// month is tens of megabytes, and a site may have years of them.
	Report func() (*analysis.Report, error)
	// Key fingerprints everything Report computes the report from (the
	// workbooks of the month and of the months before it, the
	// thresholds); zero when unknown. With Index, it lets a rebuild keep
	// the month's briefing page without computing its report, which for
	// years of large months is most of a rebuild's work.
	Key fingerprint.Sum
	// Index is what the briefing index shows of the month, as an earlier
	// build computed it from the report with the same Key; nil when
	// unknown.
	Index *BriefingIndex
}

// BriefingIndex is what the briefing index shows of one month.
type BriefingIndex struct {
	CompletionRate *float64
	TimeProgress   float64
	Red            int
}

// IndexOf gives the briefing index's figures of a report.
func IndexOf(r *analysis.Report) BriefingIndex {
	return BriefingIndex{CompletionRate: r.Summary.Investment.CompletionRate, TimeProgress: r.Summary.TimeProgress, Red: r.Lights.Red}
}

// archivedPage is what an earlier month's briefing page is made from when
// its report's inputs are known: the page's layout and frame, the report's
// Key in place of the report, and everything else the briefing reads
// besides the report (briefing reads nothing more; keep the two in step).
type archivedPage struct {
	Report          fingerprint.Sum
	Office, BaseURL string
	Bounds          BriefingBounds
	NextSteps       []byte
	HasNextSteps    bool
	Frame           frame
}

// archivedBriefing renders the briefing of an earlier month, or keeps the
// previous build's page when the month's report would be made from the
// same inputs, and returns the month's line of the briefing index.
func (s *site) archivedBriefing(a Archived) (BriefingIndex, error) {
	p := briefingPath(a.Period)
	var key *fingerprint.Sum
	if a.Key != (fingerprint.Sum{}) {
		next, has := s.in.Briefings[a.Period.String()]
		page := archivedPage{Report: a.Key, Office: s.office(), BaseURL: s.in.BaseURL, Bounds: s.in.Bounds, NextSteps: next, HasNextSteps: has,
			Frame: s.frame(p, briefingSubtitle(a.Period), briefingCrumbs(a.Period), true, nil)}
		// The page can be kept only with the index figures it stands for.
		k, reused, err := s.keyByInputs(p, "briefing/archived", page, a.Index != nil)
		if err != nil {
			return BriefingIndex{}, err
		}
		if reused {
			return *a.Index, nil
		}
		key = k
	}
	r, err := a.Report()
	if err != nil {
		return BriefingIndex{}, fmt.Errorf("render: briefing of %s: %w", a.Period, err)
	}
	if r.Period != a.Period {
		return BriefingIndex{}, fmt.Errorf("render: briefing of %s: given the report of %s", a.Period, r.Period)
	}
	return IndexOf(r), s.briefing(r, key)
}
