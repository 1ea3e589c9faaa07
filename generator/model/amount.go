package model

import (
	"strconv"
	"strings"
)

// Amount is a sum of money in units of 0.0001 万元 (one yuan).
type Amount int64

// AmountScale is the number of Amount units in one 万元.
const AmountScale = 10000

// Wan returns the amount in 万元 as a float, for rates and charts only.
func (a Amount) Wan() float64 { return float64(a) / AmountScale }

// String prints the amount in 万元 with no trailing zeros: 12500.5, 3, 0.0001.
func (a Amount) String() string { return a.format(AmountScale) }

// Yi prints the amount in 亿元 with no trailing zeros, exactly: 0.2366 for
// 2366 万元. A column headed （亿元） is read this way, so its cells' values
// are told in its own unit.
func (a Amount) Yi() string { return a.format(AmountScale * 10000) }

// format prints a/unit in decimal; unit is a power of ten.
func (a Amount) format(unit int64) string {
	neg := a < 0
	u := int64(a)
	if neg {
		u = -u
	}
	s := strconv.FormatInt(u/unit, 10)
	if frac := u % unit; frac != 0 {
		f := strings.TrimRight(strconv.FormatInt(frac+unit, 10)[1:], "0")
		s += "." + f
	}
	if neg {
		s = "-" + s
	}
	return s
}

// MarshalJSON writes the amount as a plain JSON number in 万元, exactly.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.String()), nil }
