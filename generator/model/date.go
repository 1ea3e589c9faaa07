package model

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date that may have only month precision ("2024-03").
// The zero Date means "no date".
type Date struct {
	Year, Month, Day int  // Day is 0 when MonthOnly
	MonthOnly        bool // written without a day
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.Year == 0 }

// First returns the earliest day d can mean.
func (d Date) First() time.Time {
	day := d.Day
	if d.MonthOnly {
		day = 1
	}
	return time.Date(d.Year, time.Month(d.Month), day, 0, 0, 0, 0, time.UTC)
}

// Last returns the latest day d can mean: for month precision the last day of
// the month, which is how the ledger rules read such a date for deadlines.
func (d Date) Last() time.Time {
	if d.MonthOnly {
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return d.First()
}

// SameDeadline reports whether d and e fall due on the same day, read as
// deadlines are (Last): 2024-06 and 2024-06-30 do, so writing the month's
// last day out in full is not a change of plan.
func (d Date) SameDeadline(e Date) bool {
	return d.IsZero() == e.IsZero() && d.Last().Equal(e.Last())
}

// After reports whether d certainly lies after t: even its earliest day is
// later. A month-precision date in t's month is therefore not after t.
func (d Date) After(t time.Time) bool { return d.First().After(t) }

// Before reports whether d certainly ends before e begins.
func (d Date) Before(e Date) bool { return d.Last().Before(e.First()) }

// String prints the ISO form: 2024-03-15 or 2024-03.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if !d.plain() {
		if d.MonthOnly {
			return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
		}
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	// Without fmt: a city's site prints about a hundred thousand dates.
	var buf [10]byte
	b := append(buf[:0], byte('0'+d.Year/1000), byte('0'+d.Year/100%10), byte('0'+d.Year/10%10), byte('0'+d.Year%10),
		'-', byte('0'+d.Month/10), byte('0'+d.Month%10))
	if !d.MonthOnly {
		b = append(b, '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
	}
	return string(b)
}

// plain reports whether each part of d has the digits String and Chinese
// write without fmt: a year of four, a month and day of at most two.
func (d Date) plain() bool {
	return d.Year >= 0 && d.Year <= 9999 && d.Month >= 0 && d.Month <= 99 && d.Day >= 0 && d.Day <= 99
}

// Chinese prints the form used on the site: 2024年5月31日 or 2024年5月.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	if !d.plain() {
		if d.MonthOnly {
			return fmt.Sprintf("%d年%d月", d.Year, d.Month)
		}
		return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
	}
	var buf [20]byte
	b := strconv.AppendInt(buf[:0], int64(d.Year), 10)
	b = strconv.AppendInt(append(b, "年"...), int64(d.Month), 10)
	b = append(b, "月"...)
	if !d.MonthOnly {
		b = append(strconv.AppendInt(b, int64(d.Day), 10), "日"...)
	}
	return string(b)
}

// MarshalJSON writes the ISO form, or null for no date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// DateOf returns the day-precision Date of t.
func DateOf(t time.Time) Date {
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}
