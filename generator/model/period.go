package model

import (
	"fmt"
	"time"
)

// Period is a reporting month, written YYYY-MM.
type Period struct {
	Year, Month int
}

// ParsePeriod reads "2024-03". It accepts nothing else: periods are folder
// names and flag values, not clerk input.
func ParsePeriod(s string) (Period, error) {
	var p Period
	if len(s) != 7 || s[4] != '-' {
		return p, fmt.Errorf("月份 %q 的格式应为 YYYY-MM，例如 2024-03", s)
	}
	for i, c := range s {
		if i != 4 && (c < '0' || c > '9') {
			return p, fmt.Errorf("月份 %q 的格式应为 YYYY-MM，例如 2024-03", s)
		}
	}
	p.Year = int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	p.Month = int(s[5]-'0')*10 + int(s[6]-'0')
	if p.Month < 1 || p.Month > 12 || p.Year < 1900 {
		return Period{}, fmt.Errorf("月份 %q 不存在", s)
	}
	return p, nil
}

// String returns YYYY-MM.
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.Year, p.Month) }

// IsZero reports whether p is unset.
func (p Period) IsZero() bool { return p.Year == 0 }

// End returns the last day of the month: the period end E of the ledger rules.
func (p Period) End() time.Time {
	return time.Date(p.Year, time.Month(p.Month)+1, 0, 0, 0, 0, 0, time.UTC)
}

// Prev returns the month before p.
func (p Period) Prev() Period {
	if p.Month == 1 {
		return Period{p.Year - 1, 12}
	}
	return Period{p.Year, p.Month - 1}
}

// TimeProgress is 序时进度: the share of the year elapsed at the period end,
// month/12, as the ledger rules define it.
func (p Period) TimeProgress() float64 { return float64(p.Month) / 12 }
