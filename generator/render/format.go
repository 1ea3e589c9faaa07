package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"tuijin/generator/model"
)

// wan formats an amount in 万元 with thousands separators and at most two
// decimals, rounded half away from zero: 12,500.5.
func wan(a model.Amount) string {
	var buf [32]byte
	return string(appendWan(buf[:0], a))
}

// appendWan writes wan(a) in integers: a city's lists print a few hundred
// thousand amounts, and formatting each as a float, then grouping its
// digits in a string of its own, was a tenth of making their rows. An
// amount is an integer of 万元/AmountScale, so the hundredths of a 万元
// are a/(AmountScale/100) rounded, exactly, where the float's rounding
// could tip a half either way.
func appendWan(b []byte, a model.Amount) []byte {
	const perCent = model.AmountScale / 100
	n := uint64(a)
	if a < 0 {
		n = -n // as unsigned, so that the smallest int64 has its magnitude too
	}
	cents := n / perCent
	if n%perCent >= perCent/2 {
		cents++
	}
	if a < 0 && cents > 0 {
		b = append(b, '-')
	}
	var digits [20]byte
	b = appendGrouped(b, string(strconv.AppendUint(digits[:0], cents/100, 10)))
	switch frac := cents % 100; {
	case frac == 0:
	case frac%10 == 0:
		b = append(b, '.', byte('0'+frac/10))
	default:
		b = append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
	}
	return b
}

// yi formats an amount in 亿元 with two decimals, for tiles: 12.34.
func yi(a model.Amount) string {
	return groupDigits(strconv.FormatFloat(a.Wan()/10000, 'f', 2, 64))
}

// moneyTile is money for a tile, whose number and unit are set apart: a
// large total in 亿元, a unit's smaller one in 万元 rather than 0.05 亿元.
func moneyTile(a model.Amount) [2]string {
	if a >= 10000*model.AmountScale {
		return [2]string{yi(a), "亿元"}
	}
	return [2]string{wan(a), "万元"}
}

// money picks 亿元 for large totals and 万元 otherwise, with the unit.
func money(a model.Amount) string {
	if a >= 10000*model.AmountScale { // 1 亿元 = 10,000 万元
		return yi(a) + " 亿元"
	}
	return wan(a) + " 万元"
}

func groupDigits(s string) string {
	var b []byte
	if strings.HasPrefix(s, "-") {
		b, s = append(b, '-'), s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	b = appendGrouped(b, intPart)
	if hasFrac {
		b = append(append(b, '.'), frac...)
	}
	return string(b)
}

// appendGrouped writes a run of digits with a comma before each group of
// three from the right: 1,234,567.
func appendGrouped(b []byte, digits string) []byte {
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, digits[i])
	}
	return b
}

// pct formats a 0..1 rate as a percentage with one decimal, "—" when there
// is no rate (its denominator was zero).
func pct(r *float64) string {
	if r == nil {
		return "—"
	}
	return strconv.FormatFloat(round1(*r*100), 'f', 1, 64) + "%"
}

func pctOf(f float64) string { return pct(&f) }

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// gap says how a completion rate stands against 序时进度, in the register of
// the monthly briefing: "超序时进度 4.9 个百分点".
func gap(r *float64, progress float64) string {
	if r == nil {
		return "无年度计划"
	}
	d := round1((*r - progress) * 100)
	switch {
	case d > 0:
		return fmt.Sprintf("超序时进度 %.1f 个百分点", d)
	case d < 0:
		return fmt.Sprintf("落后序时进度 %.1f 个百分点", -d)
	}
	return "与序时进度持平"
}

// behind reports a completion rate more than 10 points behind 序时进度, the
// threshold of the yellow investment light.
func behind(r *float64, progress float64) bool {
	return r != nil && (progress-*r)*100 > 10
}

// date formats a date as 2024年5月31日 (or 2024年5月), "—" when absent.
func date(d model.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.Chinese()
}

// dateCell is a table cell holding a date, sorted by it and kept on one
// line: a narrow column broke 2026年10月13日 after 13.
func dateCell(d model.Date) cell { return cell{Text: date(d), Sort: d.String(), Class: "date"} }

func periodLabel(p model.Period) string { return fmt.Sprintf("%d年%d月", p.Year, p.Month) }
