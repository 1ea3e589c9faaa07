package xlsxtest

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook is a parsed section. Parsing finishes before anything is written
// so that workbook-wide settings (!date1904) apply to every date no matter
// where the directive stands, and so that syntax errors never leave a
// half-built file behind.
type workbook struct {
	date1904 bool
	app      string // docProps/app.xml <Application>; "" keeps excelize's
	sheets   []*sheet
}

type sheet struct {
	name    string
	line    int // line of the "== name ==" header
	hidden  int // line of !hidden; 0 when visible
	cells   []cellSpec
	merges  []mergeSpec
	written map[string]int // cell reference → line, to refuse overwrites
}

type mergeSpec struct {
	line     int
	from, to string
}

type cellKind int

const (
	kindText cellKind = iota
	kindNumber
	kindDate
	kindFormula
	kindBool
	kindError
)

type cellSpec struct {
	line int
	ref  string // canonical reference such as "B3"
	kind cellKind
	// text is the string for kindText, the number literal for kindNumber,
	// the formula for kindFormula and the error value for kindError.
	text   string
	date   time.Time
	clock  bool // the date has a time of day
	boolV  bool
	numFmt string // custom number format; "" means the kind's default
	cache  *cached
}

// cached is the value a spreadsheet program stored with a formula when it
// last calculated it. Readers that do not evaluate formulas see only this.
type cached struct {
	typ string // the <c t="…"> attribute: "" number, "str", "b", "e"
	v   string // the <v> text
}

// lineError ties a message to a line of the section (1-based), or to the
// whole section when line is 0.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string {
	if e.line == 0 {
		return e.err.Error()
	}
	return fmt.Sprintf("line %d: %v", e.line, e.err)
}

func (e *lineError) Unwrap() error { return e.err }

func errorf(line int, format string, args ...any) error {
	return &lineError{line, fmt.Errorf(format, args...)}
}

// Excel's limits, checked here so that the message names the line rather
// than surfacing as an excelize error during the build.
const (
	maxRows = excelize.TotalRows
	maxCols = excelize.MaxColumns
)

// errorValues are the error values a cell can hold; anything else would
// make a file that Excel repairs on opening.
var errorValues = map[string]bool{
	"#NULL!": true, "#DIV/0!": true, "#VALUE!": true, "#REF!": true,
	"#NAME?": true, "#NUM!": true, "#N/A": true, "#GETTING_DATA": true,
	"#SPILL!": true, "#CALC!": true, "#FIELD!": true, "#BLOCKED!": true,
	"#CONNECT!": true, "#BUSY!": true, "#UNKNOWN!": true,
}

// numberLiteral is the xsd:double lexical form that <v> accepts, minus INF
// and NaN. Checking it lets the literal be written verbatim, so a test can
// reproduce exactly what Excel stored (for example 1234.5600000000001).
var numberLiteral = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// parse reads the sheet language of one section.
func parse(src []byte) (*workbook, error) {
	text := strings.TrimSuffix(string(src), "\n")
	if text == "" {
		return nil, errorf(0, `no sheet header ("== name ==")`)
	}
	wb := &workbook{}
	var cur *sheet
	row := 1
	for i, line := range strings.Split(text, "\n") {
		ln := i + 1
		// A testdata file saved with CRLF line ends must not grow a CR in
		// every last cell; a real CR is written as \r.
		line = strings.TrimSuffix(line, "\r")

		if name, ok := sheetHeader(line); ok {
			if name == "" {
				return nil, errorf(ln, "empty sheet name")
			}
			for _, s := range wb.sheets {
				// Excel compares sheet names without regard to case.
				if strings.EqualFold(s.name, name) {
					return nil, errorf(ln, "sheet %q already defined at line %d", name, s.line)
				}
			}
			cur = &sheet{name: name, line: ln, written: map[string]int{}}
			wb.sheets = append(wb.sheets, cur)
			row = 1
			continue
		}

		if strings.HasPrefix(line, "!") && !strings.HasPrefix(line, "!!") {
			next, err := directive(wb, cur, line, ln, row)
			if err != nil {
				return nil, err
			}
			row = next
			continue
		}
		line = strings.TrimPrefix(line, "!") // "!!x" is the text "!x"

		if cur == nil {
			if line == "" {
				continue // blank lines before the first sheet are layout
			}
			return nil, errorf(ln, `row before the first sheet header ("== name ==")`)
		}
		if row > maxRows {
			return nil, errorf(ln, "row %d is past Excel's last row %d", row, maxRows)
		}
		fields := strings.Split(line, "\t")
		for col, field := range fields {
			if field == "" {
				continue
			}
			if col+1 > maxCols {
				return nil, errorf(ln, "more than %d cells in a row", maxCols)
			}
			ref, err := excelize.CoordinatesToCellName(col+1, row)
			if err != nil {
				return nil, &lineError{ln, err}
			}
			if err := addCell(cur, ref, field, ln); err != nil {
				return nil, err
			}
		}
		row++
	}
	if len(wb.sheets) == 0 {
		return nil, errorf(0, `no sheet header ("== name ==")`)
	}
	return wb, nil
}

// sheetHeader recognises "== name ==". The name is kept exactly, spaces and
// all, because tests need sheet names like "2024年3月 " that clerks type.
func sheetHeader(line string) (string, bool) {
	if len(line) < len("==  ==") || !strings.HasPrefix(line, "== ") || !strings.HasSuffix(line, " ==") {
		return "", false
	}
	return line[3 : len(line)-3], true
}

// directive applies one "!" line and returns the row cursor after it.
func directive(wb *workbook, cur *sheet, line string, ln, row int) (int, error) {
	name, arg, _ := strings.Cut(line[1:], " ")
	needSheet := func() error {
		if cur == nil {
			return errorf(ln, "!%s before the first sheet header", name)
		}
		return nil
	}
	noArg := func() error {
		if strings.TrimSpace(arg) != "" {
			return errorf(ln, "!%s takes no argument", name)
		}
		return nil
	}
	switch name {
	case "date1904":
		// Workbook-wide, so allowed anywhere; the whole file is parsed
		// before any date serial is computed.
		if err := noArg(); err != nil {
			return row, err
		}
		wb.date1904 = true
	case "wps":
		wb.app = strings.TrimSpace(arg)
		if wb.app == "" {
			wb.app = wpsApplication
		}
	case "hidden":
		if err := needSheet(); err != nil {
			return row, err
		}
		if err := noArg(); err != nil {
			return row, err
		}
		cur.hidden = ln
	case "row":
		if err := needSheet(); err != nil {
			return row, err
		}
		n, err := strconv.Atoi(strings.TrimSpace(arg))
		if err != nil || n < 1 || n > maxRows {
			return row, errorf(ln, "!row wants a row number from 1 to %d, got %q", maxRows, arg)
		}
		return n, nil
	case "merge":
		if err := needSheet(); err != nil {
			return row, err
		}
		from, to, ok := strings.Cut(strings.TrimSpace(arg), ":")
		if !ok {
			return row, errorf(ln, "!merge wants a range like A1:V1, got %q", arg)
		}
		var refs [2]string
		for i, r := range []string{from, to} {
			c, rw, err := excelize.CellNameToCoordinates(r)
			if err != nil {
				return row, errorf(ln, "!merge %q: %v", arg, err)
			}
			refs[i], _ = excelize.CoordinatesToCellName(c, rw)
		}
		cur.merges = append(cur.merges, mergeSpec{ln, refs[0], refs[1]})
	case "cell":
		if err := needSheet(); err != nil {
			return row, err
		}
		ref, field, ok := strings.Cut(arg, " ")
		if !ok || field == "" {
			return row, errorf(ln, "!cell wants a reference and a value, as in !cell XFD5 text")
		}
		c, r, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			return row, errorf(ln, "!cell %q: %v", ref, err)
		}
		ref, _ = excelize.CoordinatesToCellName(c, r)
		return row, addCell(cur, ref, field, ln)
	case "raw":
		return row, errorf(ln, "!raw must be the first line of the section")
	default:
		return row, errorf(ln, "unknown directive %q (write !! for text starting with !)", "!"+name)
	}
	return row, nil
}

// addCell parses one cell field and records it, refusing to write a cell
// twice: a !row or !cell that lands on earlier data is a mistake in the
// testdata, and silently keeping one of the values would hide it.
func addCell(s *sheet, ref, field string, ln int) error {
	if prev, ok := s.written[ref]; ok {
		return errorf(ln, "cell %s already written at line %d", ref, prev)
	}
	c, err := parseCell(field)
	if err != nil {
		return &lineError{ln, fmt.Errorf("cell %s: %w", ref, err)}
	}
	c.line, c.ref = ln, ref
	s.written[ref] = ln
	s.cells = append(s.cells, c)
	return nil
}

// parseCell reads one cell field; the field has not been unescaped yet.
func parseCell(field string) (cellSpec, error) {
	s, err := unescape(field)
	if err != nil {
		return cellSpec{}, err
	}
	if !strings.HasPrefix(s, "#") {
		return cellSpec{kind: kindText, text: s}, nil
	}
	if strings.HasPrefix(s, "##") {
		return cellSpec{kind: kindText, text: s[1:]}, nil
	}
	prefix, body := s, ""
	if len(s) >= 3 && s[2] == ':' {
		prefix, body = s[:3], s[3:]
	}
	switch prefix {
	case "#n:":
		num, format, err := splitFormat(body)
		if err != nil {
			return cellSpec{}, err
		}
		if err := checkNumber(num); err != nil {
			return cellSpec{}, err
		}
		return cellSpec{kind: kindNumber, text: num, numFmt: format}, nil
	case "#d:":
		date, format, err := splitFormat(body)
		if err != nil {
			return cellSpec{}, err
		}
		t, clock, err := parseDate(date)
		if err != nil {
			return cellSpec{}, err
		}
		return cellSpec{kind: kindDate, date: t, clock: clock, numFmt: format}, nil
	case "#f:":
		formula, cache, err := splitFormula(body)
		if err != nil {
			return cellSpec{}, err
		}
		return cellSpec{kind: kindFormula, text: formula, cache: cache}, nil
	case "#b:":
		switch strings.ToUpper(body) {
		case "TRUE":
			return cellSpec{kind: kindBool, boolV: true}, nil
		case "FALSE":
			return cellSpec{kind: kindBool}, nil
		}
		return cellSpec{}, fmt.Errorf("#b: wants TRUE or FALSE, got %q", body)
	case "#e:":
		if !errorValues[body] {
			return cellSpec{}, fmt.Errorf("#e: wants an Excel error value such as #DIV/0! or #N/A, got %q", body)
		}
		return cellSpec{kind: kindError, text: body}, nil
	}
	return cellSpec{}, fmt.Errorf("unknown cell prefix in %q (known: #n: #d: #f: #b: #e:; write ## for text starting with #)", field)
}

// unescape turns \t, \n, \r and \\ into their characters. Any other
// backslash is refused so that a typo such as \N does not reach a test as
// literal text.
func unescape(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 == len(s) {
			return "", fmt.Errorf(`lone backslash at end of %q (write \\ for a backslash)`, s)
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case '\\':
			b.WriteByte('\\')
		default:
			return "", fmt.Errorf(`unknown escape \%c in %q (known: \t \n \r \\)`, s[i], s)
		}
	}
	return b.String(), nil
}

// splitFormat separates "value@format". A number or date never contains
// "@", so the first one starts the format.
func splitFormat(body string) (value, format string, err error) {
	value, format, ok := strings.Cut(body, "@")
	if ok && format == "" {
		return "", "", errors.New(`empty number format after "@"`)
	}
	return value, format, nil
}

func checkNumber(s string) error {
	if !numberLiteral.MatchString(s) {
		return fmt.Errorf("#n: wants a decimal number such as 12500.5 or -3e2, got %q", s)
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return fmt.Errorf("#n: %q is out of range", s)
	}
	return nil
}

// dateLayouts are the spellings #d: accepts, longest first; a bare month
// means its first day because ledgers often date a whole month.
var dateLayouts = []struct {
	layout string
	clock  bool
}{
	{"2006-01-02 15:04:05", true},
	{"2006-01-02 15:04", true},
	{"2006-01-02", false},
	{"2006-01", false},
}

func parseDate(s string) (time.Time, bool, error) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return t, l.clock, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("#d: wants YYYY-MM-DD, YYYY-MM or YYYY-MM-DD hh:mm[:ss], got %q", s)
}

// splitFormula separates "formula=cached". The cached value is the text
// after the last "=" when it is a number, TRUE/FALSE, an error value or a
// "quoted string" (with "" for a quote, as in formulas); otherwise the
// whole body is the formula. A comparison at the very end of a formula can
// be kept from being read as a cache by parenthesising it: (A1=1).
func splitFormula(body string) (string, *cached, error) {
	if body == "" {
		return "", nil, errors.New("#f: wants a formula")
	}
	if strings.HasPrefix(body, "=") {
		return "", nil, fmt.Errorf(`#f: formula %q must not start with "=" (excelize stores it without)`, body)
	}
	formula, cache := body, (*cached)(nil)
	if strings.HasSuffix(body, `"`) && len(body) >= 2 {
		if open := stringLiteralStart(body); open > 1 && body[open-1] == '=' && !isComparison(body, open-1) {
			lit := body[open+1 : len(body)-1]
			formula = body[:open-1]
			cache = &cached{typ: "str", v: strings.ReplaceAll(lit, `""`, `"`)}
		}
	} else if eq := strings.LastIndexByte(body, '='); eq > 0 && !isComparison(body, eq) {
		tail := body[eq+1:]
		switch {
		case numberLiteral.MatchString(tail):
			cache = &cached{typ: "", v: tail}
		case tail == "TRUE":
			cache = &cached{typ: "b", v: "1"}
		case tail == "FALSE":
			cache = &cached{typ: "b", v: "0"}
		case errorValues[tail]:
			cache = &cached{typ: "e", v: tail}
		}
		if cache != nil {
			formula = body[:eq]
		}
	}
	return formula, cache, nil
}

// isComparison reports whether the "=" at i belongs to "<=" or ">=".
func isComparison(s string, i int) bool {
	return i > 0 && (s[i-1] == '<' || s[i-1] == '>')
}

// stringLiteralStart returns the index of the quote that opens the string
// literal ending s (s ends with a quote), treating "" as an escaped quote;
// -1 when there is none.
func stringLiteralStart(s string) int {
	for k := len(s) - 2; k >= 0; k-- {
		if s[k] != '"' {
			continue
		}
		if k > 0 && s[k-1] == '"' {
			k-- // an escaped quote inside the literal
			continue
		}
		return k
	}
	return -1
}
