package ledger

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tuijin/generator/model"
)

// Parse errors carry the Chinese explanation of what was expected; callers
// add the column and the value found.
var (
	errNotNumber = errors.New("不是数字")
	errTooLarge  = errors.New("数值过大")
	errNotDate   = errors.New("不是有效的日期")
)

// maxAmount bounds amounts far above any real project (1,000 万亿元) so that a
// typo or a hostile value cannot overflow a sum.
const maxAmount = 1e11 * model.AmountScale

var (
	reDecimal  = regexp.MustCompile(`^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?$`)
	reScience  = regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$`)
	blankWords = map[string]bool{"-": true, "--": true, "—": true, "——": true, "–": true, "―": true, "/": true, "无": true}
)

// amountResult is what parseAmount found.
type amountResult struct {
	value  model.Amount
	blank  bool // empty, or one of the "nothing" marks —, /, 无
	negate bool // the number was negative (value holds its absolute size)
}

// parseAmount reads an amount cell. scale is the number of 万元 in one unit of
// the column (1 for 万元 columns, 10000 for 亿元 columns); a trailing 万元/万
// or 亿元/亿 in the cell overrides it. Thousands separators must group by
// three, so that "1,5" (a decimal comma elsewhere) is never read as 15.
func parseAmount(raw string, scale int64) (amountResult, error) {
	s := raw
	if !plainText(raw) {
		if spaceInsideNumber(fold(raw)) {
			return amountResult{}, errNotNumber // 1 2500: 12500, or 1 and 2500?
		}
		s = squeezeSlow(raw)
	}
	if s == "" || blankWords[s] {
		return amountResult{blank: true}, nil
	}
	switch {
	case strings.HasSuffix(s, "亿元"):
		s, scale = strings.TrimSuffix(s, "亿元"), 10000
	case strings.HasSuffix(s, "亿"):
		s, scale = strings.TrimSuffix(s, "亿"), 10000
	case strings.HasSuffix(s, "万元"):
		s, scale = strings.TrimSuffix(s, "万元"), 1
	case strings.HasSuffix(s, "万"):
		s, scale = strings.TrimSuffix(s, "万"), 1
	}
	if s == "" || s == "+" || s == "-" || s == "." {
		return amountResult{}, errNotNumber
	}
	if v, ok, tooLarge := plainAmount(s, scale*model.AmountScale); ok {
		if tooLarge {
			return amountResult{}, errTooLarge
		}
		return amountResult{value: v}, nil
	}
	return ratAmount(s, scale)
}

// spaceInsideNumber reports white space between two digits of s (folded):
// spaces may surround an amount, not split it.
func spaceInsideNumber(s string) bool {
	digit, gap := false, false
	for _, r := range s {
		switch {
		case space(r):
			gap = digit
		case '0' <= r && r <= '9':
			if gap {
				return true
			}
			digit = true
		default:
			digit, gap = false, false
		}
	}
	return false
}

// plainAmount reads the common case: unsigned digits with at most one
// decimal point and digits on both sides of it, as Excel stores numbers,
// 18 digits at most. It does in 128-bit integers what ratAmount does with
// big.Rat (FuzzPlainAmount holds the two equal), which was a third of
// reading a row's amounts. ok is false for anything else.
func plainAmount(s string, m int64) (v model.Amount, ok, tooLarge bool) {
	var n, pow uint64 = 0, 1 // the digits as an integer; 10^(digits after the point)
	digits, point := 0, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			n = n*10 + uint64(c-'0')
			digits++
			if point >= 0 {
				pow *= 10
			}
		case c == '.' && point < 0 && i > 0:
			point = i
		default:
			return 0, false, false
		}
		if digits > 18 {
			return 0, false, false
		}
	}
	if point == len(s)-1 || m <= 0 {
		return 0, false, false // "5." is ratAmount's to refuse
	}
	// The exact value is n*m/pow; too large when n*m > maxAmount*pow.
	hi, lo := bits.Mul64(n, uint64(m))
	mhi, mlo := bits.Mul64(uint64(maxAmount), pow)
	if hi > mhi || hi == mhi && lo > mlo {
		return 0, true, true
	}
	// Rounded half up: (2*n*m + pow) / (2*pow), whose quotient is at most
	// maxAmount, so the division cannot overflow.
	hi, lo = hi<<1|lo>>63, lo<<1
	var carry uint64
	lo, carry = bits.Add64(lo, pow, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, 2*pow)
	return model.Amount(q), true, false
}

// ratAmount reads any number reDecimal or reScience accept, exactly.
func ratAmount(s string, scale int64) (amountResult, error) {
	if !reDecimal.MatchString(s) && !reScience.MatchString(s) {
		return amountResult{}, errNotNumber
	}
	r, ok := new(big.Rat).SetString(strings.ReplaceAll(s, ",", ""))
	if !ok {
		return amountResult{}, errNotNumber
	}
	var res amountResult
	if r.Sign() < 0 {
		res.negate = true
		r.Neg(r)
	}
	r.Mul(r, new(big.Rat).SetInt64(scale*model.AmountScale))
	if r.Cmp(new(big.Rat).SetInt64(maxAmount)) > 0 {
		return amountResult{}, errTooLarge
	}
	// Round half up to whole yuan; Excel's binary floats ("0.30000000000000004")
	// land on the value the clerk typed.
	q := new(big.Int).Quo(new(big.Int).Add(new(big.Int).Mul(r.Num(), big.NewInt(2)), r.Denom()), new(big.Int).Mul(r.Denom(), big.NewInt(2)))
	res.value = model.Amount(q.Int64())
	return res, nil
}

var (
	reTime      = regexp.MustCompile(`[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$`)
	reDayDate   = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	reDayCN     = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$`)
	reMonthDate = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})$`)
	reMonthCN   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月份?$`)
	reSerial    = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// Dates outside these years are typos or serials of something else (a year
// number typed into a date cell reads as a date in 1905).
const minYear, maxYear = 1950, 2100

// parseDate reads a date cell: a real Excel date (its serial number, in the
// workbook's date system), or text in the spellings the format lists.
func parseDate(raw string, date1904 bool) (model.Date, error) {
	s := strings.TrimFunc(fold(raw), space)
	if s == "" {
		return model.Date{}, nil
	}
	if allDigits(s) { // a real Excel date: the common case, without the expressions
		return serialDate(s, date1904)
	}
	return parseDateText(s, date1904)
}

// parseDateText is parseDate for any trimmed, folded text.
func parseDateText(s string, date1904 bool) (model.Date, error) {
	if strings.IndexByte(s, ':') >= 0 {
		s = reTime.ReplaceAllString(s, "")
	}
	s = squeeze(s)
	var y, m, d int
	var monthOnly bool
	switch {
	case reDayDate.MatchString(s):
		p := reDayDate.FindStringSubmatch(s)
		y, m, d = atoi(p[1]), atoi(p[2]), atoi(p[3])
	case reDayCN.MatchString(s):
		p := reDayCN.FindStringSubmatch(s)
		y, m, d = atoi(p[1]), atoi(p[2]), atoi(p[3])
	case reMonthDate.MatchString(s):
		p := reMonthDate.FindStringSubmatch(s)
		y, m, monthOnly = atoi(p[1]), atoi(p[2]), true
	case reMonthCN.MatchString(s):
		p := reMonthCN.FindStringSubmatch(s)
		y, m, monthOnly = atoi(p[1]), atoi(p[2]), true
	case reSerial.MatchString(s):
		return serialDate(s, date1904)
	default:
		return model.Date{}, errNotDate
	}
	if y < minYear || y > maxYear {
		return model.Date{}, fmt.Errorf("年份 %d 超出合理范围", y)
	}
	if m < 1 || m > 12 {
		return model.Date{}, fmt.Errorf("没有 %d 月", m)
	}
	if monthOnly {
		return model.Date{Year: y, Month: m, MonthOnly: true}, nil
	}
	if d < 1 || d > daysIn(y, m) {
		return model.Date{}, fmt.Errorf("%d年%d月没有 %d 日", y, m, d)
	}
	return model.Date{Year: y, Month: m, Day: d}, nil
}

// serialDate converts an Excel serial day number. In the 1900 system Excel
// counts a 29 February 1900 that never existed (serial 60), so serials from
// 61 on are one day ahead of a plain count from 1899-12-31.
func serialDate(s string, date1904 bool) (model.Date, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f > 2958465 {
		return model.Date{}, errNotDate
	}
	n := int(f) // the fraction is the time of day
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	case n == 60:
		return model.Date{}, errNotDate
	case n < 60:
		t = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	default:
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return model.Date{}, fmt.Errorf("数字 %s 作为日期是 %d 年，超出合理范围", s, t.Year())
	}
	return model.DateOf(t), nil
}

// allDigits reports whether s is one or more ASCII digits: an Excel date's
// serial number, which no spelled date matches.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func daysIn(y, m int) int { return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

var (
	reOneYear   = regexp.MustCompile(`^(\d{4})(?:\.\d{1,2})?年?$`)
	reYearRange = regexp.MustCompile(`^(\d{4})(?:[.年]\d{1,2}月?)?年?(?:[-—–―~〜]+|至|到)(\d{4})(?:[.年]\d{1,2}月?)?年?$`)
)

// parseYears reads 建设起止年限: "2023-2025", "2023—2025", "2023~2025",
// "2023年-2025年", "2023至2025" or one year "2024". Months written after the
// years ("2023.3-2025.12") are accepted and dropped.
func parseYears(raw string) (from, to int, err error) {
	s := squeeze(raw)
	if p := reOneYear.FindStringSubmatch(s); p != nil {
		from = atoi(p[1])
		to = from
	} else if p := reYearRange.FindStringSubmatch(s); p != nil {
		from, to = atoi(p[1]), atoi(p[2])
	} else if f, e := strconv.ParseFloat(s, 64); e == nil && f == float64(int(f)) && f >= minYear && f <= maxYear {
		from, to = int(f), int(f) // a year typed into a number cell: "2024" stored as 2024.0
	} else {
		return 0, 0, errors.New("格式不对")
	}
	for _, y := range []int{from, to} {
		if y < minYear || y > maxYear {
			return 0, 0, fmt.Errorf("年份 %d 超出合理范围", y)
		}
	}
	return from, to, nil
}

var (
	reNational = regexp.MustCompile(`^(\d{4})-\d{6}-\d{2}-\d{2}-\d{6}$`)
)

// normCode is the canonical form of a project code: full-width folded,
// surrounding space removed, upper case (so that "cb-2024-1" and
// "CB-2024-1" are one project).
func normCode(raw string) string {
	return strings.ToUpper(strings.TrimFunc(fold(raw), space))
}

// validCode reports whether a canonical code has the allowed characters
// and length: ^[0-9A-Za-z-]{1,40}$, checked by hand because every row of
// every sheet names a project code, and the expression cost a fifth of the
// rules' time (FuzzFastPaths holds the two equal).
func validCode(code string) bool {
	if len(code) == 0 || len(code) > maxCodeLen {
		return false
	}
	alnum := false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case '0' <= c && c <= '9', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z':
			alnum = true
		case c == '-':
		default:
			return false
		}
	}
	// "-" or "--" in the code column is a placeholder for "none" (on a
	// 合计 or category row too), not a project's code.
	return alnum
}

// maxCodeLen is the longest project code, in characters (all ASCII).
const maxCodeLen = 40

// nationalTimeCodeOK checks the time code of a code shaped like the national
// investment project platform's (GB/T 40058): a YYMM month, or a legacy year
// 2015–2020. It returns the time code and true when the code is not of that
// shape at all.
func nationalTimeCodeOK(code string) (string, bool) {
	p := reNational.FindStringSubmatch(code)
	if p == nil {
		return "", true
	}
	t := p[1]
	if mm := atoi(t[2:]); mm >= 1 && mm <= 12 {
		return t, true
	}
	if y := atoi(t); y >= 2015 && y <= 2020 {
		return t, true
	}
	return t, false
}

// matchEnum returns the allowed value that raw names, after folding width and
// removing all spaces, or "" when none does.
func matchEnum(raw string, allowed []string) string {
	s := squeeze(raw)
	for _, a := range allowed {
		if s == a {
			return a
		}
	}
	return ""
}

// errorValue reports Excel error values that a formula left in a cell.
func errorValue(s string) bool {
	switch strings.TrimSpace(s) {
	case "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!":
		return true
	}
	return false
}
