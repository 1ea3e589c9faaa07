package sample

import (
	"strconv"
	"strings"
	"time"
)

// wan is an amount in hundredths of 万元. Amounts are integers from the first
// draw on so that the generated figures add up exactly (截至上年底累计 + 本年累计
// never exceeds 总投资 by a rounding error) on every platform: no float ever
// decides a digit.
type wan int64

// perWan is the number of wan units in one 万元.
const perWan = 100

// wanOf converts whole 万元.
func wanOf(n int) wan { return wan(n) * perWan }

// part returns a × num / den, rounded down to a multiple of q.
func (a wan) part(num, den int64, q wan) wan {
	if den == 0 {
		return 0
	}
	v := wan(int64(a) * num / den)
	return v / q * q
}

// plain prints the amount in 万元 with no trailing zeros: 12500.5.
func (a wan) plain() string { return decimal(int64(a), 2, false) }

// grouped prints the amount with thousands separators, as clerks type it
// into text cells: 12,500.5.
func (a wan) grouped() string { return decimal(int64(a), 2, true) }

// yi prints the amount in 亿元: 12500.5 万元 is 1.250050.
func (a wan) yi() string { return decimal(int64(a), 6, false) }

// decimal prints n / 10^scale with no trailing zeros.
func decimal(n int64, scale int, group bool) string {
	neg := n < 0
	if neg {
		n = -n
	}
	div := int64(1)
	for range scale {
		div *= 10
	}
	ip, fp := n/div, n%div
	s := strconv.FormatInt(ip, 10)
	if group {
		var b strings.Builder
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		s = b.String()
	}
	if fp != 0 {
		f := strconv.FormatInt(fp+div, 10)[1:] // zero-padded to scale digits
		s += "." + strings.TrimRight(f, "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// day returns a date at midnight UTC; out-of-range days roll over, as with
// time.Date.
func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// monthEnd is the last day of a month.
func monthEnd(y, m int) time.Time { return day(y, m+1, 0) }

// endOf is the last day of t's month.
func endOf(t time.Time) time.Time { return monthEnd(t.Year(), int(t.Month())) }

// addMonths moves t by n months, keeping to the last day of the month when t
// is one (2026-01-31 plus one month is 2026-02-28, not March).
func addMonths(t time.Time, n int) time.Time {
	y, m := t.Year(), int(t.Month())+n
	if t.Equal(endOf(t)) {
		return monthEnd(y, m)
	}
	first := day(y, m, 1)
	d := min(t.Day(), endOf(first).Day())
	return day(first.Year(), int(first.Month()), d)
}

func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }

// monthsBetween counts calendar months from a's month to b's month.
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

func daysIn(y, m int) int { return monthEnd(y, m).Day() }
