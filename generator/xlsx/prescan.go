package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// sheetInfo is what the pre-scan learnt about one worksheet part. It is kept
// small: a row number per row, and only the exceptional cells.
type sheetInfo struct {
	part string

	rows    []int32  // numbers of the <row> elements up to MaxRows, ascending
	over    int      // number of the first row beyond MaxRows; 0 if none
	merges  []Range  // in document order
	noCache []uint64 // cellKey of formulas without a cached value, in document order

	wideRef   string // first cell beyond MaxColumns that holds a value
	beyond    int    // <c> elements beyond MaxColumns
	beyondRef string // the first of them

	sstMax int    // highest shared-string index used; -1 if none
	sstAt  uint64 // cellKey of a cell using it

	bad    error  // the sheet's structure cannot be trusted
	badRef string // where, if known
}

func (info *sheetInfo) fail(err error, ref string) {
	if info.bad == nil {
		info.bad, info.badRef = err, ref
	}
}

// cellKey packs 1-based coordinates; rows need 21 bits, columns 15.
func cellKey(row, col int) uint64 { return uint64(row)<<16 | uint64(col) }

// sheetScanner is the streaming pre-scan of one worksheet part. It follows
// the rules excelize's row iterator applies (a row without r is the previous
// plus one, a cell without r the previous column plus one, only the first
// <sheetData> counts) and refuses the layouts where that iterator and a plain
// reading of the XML would disagree, such as rows out of order.
type sheetScanner struct {
	info *sheetInfo
	lim  Limits

	stack    []string // local names of the open elements
	dataSeen bool     // a <sheetData> has started
	dataDone bool     // the first <sheetData> has ended; excelize reads no further
	stopped  bool     // a row beyond MaxRows was met; the rest is not delivered
	row, col int      // current row number, column of the previous cell in it
	cell     cellState
}

// cellState is the <c> being read.
type cellState struct {
	depth   int // stack depth of the <c>; 0 when not inside a cell
	col     int
	shared  bool // t="s": <v> is an index into the shared strings
	str     bool // t="str": a formula's text result
	formula bool // has <f>, shared formulas included
	inline  bool // has <is>
	vDepth  int  // stack depth of the open <v>; 0 when none
	vSeen   bool // has <v>, with text or not
	vText   bool // <v> has text
	v       []byte
}

// maxIndexText bounds the <v> text kept for a shared-string index; longer
// text cannot be a valid index anyway.
const maxIndexText = 16

func newSheetScanner(info *sheetInfo, lim Limits) *sheetScanner {
	return &sheetScanner{info: info, lim: lim}
}

// errSettled stops a scan whose sheet is already refused.
var errSettled = errors.New("sheet settled")

// startTag is a start tag as the pre-scan needs it: the local name and the
// few attributes it reads (r of <row> and <c>, t of <c>, ref of
// <mergeCell>), each the last of that local name as in attr.
type startTag struct {
	name string
	r    string
	hasR bool
	t    string
	ref  string
}

// scan is the pre-scan with encoding/xml, for parts the fast scanner gives
// up on (see fastScanner); its verdict is the reference.
func (s *sheetScanner) scan(r io.Reader) error {
	err := walk(r, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			st := startTag{name: t.Name.Local}
			switch st.name {
			case "row", "c":
				st.r, st.hasR = attr(t, "r")
				st.t, _ = attr(t, "t")
			case "mergeCell":
				st.ref, _ = attr(t, "ref")
			}
			s.start(st)
			if s.settled() {
				return errSettled
			}
		case xml.EndElement:
			s.end(t.Name.Local)
		case xml.CharData:
			s.text(t)
		}
		return nil
	})
	if err == errSettled {
		return nil
	}
	return err
}

// scanFast is scan with the fast scanner. It returns errSlowPath when the
// part must be scanned again with scan, having filled in the sheetInfo
// partly: the caller starts over with a fresh one.
func (s *sheetScanner) scanFast(r io.Reader) error {
	return s.scanFastWith(newFastScanner(r))
}

func (s *sheetScanner) scanFastWith(z *fastScanner) error {
	for {
		k, err := z.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return nil
		case tokStart:
			st := startTag{name: internName(z.local)}
			switch st.name {
			case "row", "c":
				v, found, plain := z.attr("r")
				if !plain {
					return errSlowPath
				}
				st.r, st.hasR = string(v), found
				v, _, plain = z.attr("t")
				if !plain {
					return errSlowPath
				}
				st.t = internType(v)
			case "mergeCell":
				v, _, plain := z.attr("ref")
				if !plain {
					return errSlowPath
				}
				st.ref = string(v)
			}
			s.start(st)
			if s.settled() {
				return nil
			}
		case tokEnd:
			s.end(internName(z.local))
		case tokText:
			if c := &s.cell; c.shared && c.vDepth != 0 && len(s.stack) == c.vDepth && !z.plain {
				return errSlowPath // an index spelt with entities: let encoding/xml decode it
			}
			s.text(z.text)
		}
	}
}

// internName returns the element names the pre-scan compares as constants,
// so that reading them allocates nothing.
func internName(b []byte) string {
	switch string(b) {
	case "c":
		return "c"
	case "v":
		return "v"
	case "row":
		return "row"
	case "f":
		return "f"
	case "is":
		return "is"
	case "t":
		return "t"
	case "r":
		return "r"
	case "sheetData":
		return "sheetData"
	case "mergeCell":
		return "mergeCell"
	case "mergeCells":
		return "mergeCells"
	case "si":
		return "si"
	}
	return string(b)
}

func internType(b []byte) string {
	switch string(b) {
	case "":
		return ""
	case "s":
		return "s"
	case "n":
		return "n"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	}
	return string(b)
}

// settled reports that Rows will refuse the sheet, or stop, at a point
// already seen. Parsing XML costs far more than inflating it (about 25 MB/s
// against gigabytes), so the rest of such a part is only inflated, to check
// its size and CRC: a few hundred kilobytes of "<row/>" declaring an honest
// 250 MiB would otherwise cost ten seconds. The price is that Merges of a
// refused sheet may be incomplete.
func (s *sheetScanner) settled() bool {
	info := s.info
	return s.stopped || info.bad != nil || info.wideRef != "" || info.beyond > maxCellsBeyond
}

func (s *sheetScanner) start(t startTag) {
	parent := ""
	if n := len(s.stack); n > 0 {
		parent = s.stack[n-1]
	}
	name := t.name
	s.stack = append(s.stack, name)
	depth := len(s.stack)
	if name == "mergeCell" && parent == "mergeCells" {
		s.merge(t)
		return
	}
	if s.dataDone || s.info.bad != nil {
		return
	}
	switch name {
	case "sheetData":
		if depth != 2 || s.dataSeen {
			s.info.fail(fmt.Errorf("unexpected <sheetData> inside <%s>", parent), "")
		}
		s.dataSeen = true
	case "row":
		s.startRow(t, parent)
	case "c":
		s.startCell(t, parent, depth)
	case "f", "is", "v":
		c := &s.cell
		if c.depth == 0 || depth != c.depth+1 {
			return
		}
		switch name {
		case "f":
			c.formula = true
		case "is":
			c.inline = true
		case "v":
			c.vDepth, c.vSeen = depth, true
		}
	}
}

func (s *sheetScanner) startRow(t startTag, parent string) {
	if parent != "sheetData" {
		s.info.fail(fmt.Errorf("<row> inside <%s>", parent), "")
		return
	}
	if s.stopped {
		return
	}
	num := s.row + 1
	if v := t.r; t.hasR {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > sheetMaxRows {
			s.info.fail(fmt.Errorf("row after row %d has invalid number %q", s.row, v), "")
			return
		}
		num = n
	}
	if num <= s.row {
		s.info.fail(fmt.Errorf("row %d follows row %d", num, s.row), cellName(1, num))
		return
	}
	s.row, s.col = num, 0
	if num > s.lim.MaxRows {
		s.info.over, s.stopped = num, true
		return
	}
	s.info.rows = append(s.info.rows, int32(num))
}

func (s *sheetScanner) startCell(t startTag, parent string, depth int) {
	if parent != "row" {
		s.info.fail(fmt.Errorf("<c> inside <%s>", parent), "")
		return
	}
	if s.stopped {
		return
	}
	col := s.col + 1
	if v := t.r; v != "" {
		c, _, ok := parseCellRef(v)
		if !ok {
			s.info.fail(fmt.Errorf("row %d: invalid cell reference %q", s.row, v), "")
			return
		}
		col = c
	}
	if col > sheetMaxColumns {
		s.info.fail(fmt.Errorf("row %d: cell beyond column %s", s.row, colName(sheetMaxColumns)), "")
		return
	}
	if col <= s.col {
		// excelize would put this value into the wrong column.
		s.info.fail(fmt.Errorf("cell %s follows %s", cellName(col, s.row), cellName(s.col, s.row)), cellName(col, s.row))
		return
	}
	s.col = col
	s.cell = cellState{depth: depth, col: col, shared: t.t == "s", str: t.t == "str", v: s.cell.v[:0]}
}

func (s *sheetScanner) end(name string) {
	depth := len(s.stack)
	s.stack = s.stack[:depth-1]
	c := &s.cell
	switch {
	case c.depth != 0 && depth == c.vDepth:
		c.vDepth = 0
	case c.depth != 0 && depth == c.depth:
		s.endCell()
		s.cell = cellState{v: c.v[:0]}
	case name == "sheetData" && depth == 2:
		s.dataDone = true
	}
}

// text takes character data; only that of a cell's <v> matters.
func (s *sheetScanner) text(t []byte) {
	if c := &s.cell; c.vDepth != 0 && len(s.stack) == c.vDepth && len(t) > 0 {
		c.vText = true
		if c.shared && len(c.v) <= maxIndexText {
			c.v = append(c.v, t[:min(len(t), maxIndexText+1-len(c.v))]...)
		}
	}
}

func (s *sheetScanner) endCell() {
	c, info := &s.cell, s.info
	if c.col > s.lim.MaxColumns {
		info.beyond++
		if info.beyondRef == "" {
			info.beyondRef = cellName(c.col, s.row)
		}
		if (c.vText || c.inline) && info.wideRef == "" {
			info.wideRef = cellName(c.col, s.row)
		}
		return
	}
	// An empty <v> is the saved result of a text formula that came out
	// empty (="" or IF(…,"",…), as Excel and WPS write it); without <v>,
	// or empty for a number, there is no result.
	if c.formula && !c.vText && !(c.str && c.vSeen) {
		info.noCache = append(info.noCache, cellKey(s.row, c.col))
	}
	if c.shared && c.vText {
		// excelize reads a bad index as 0 and an out-of-range one as "",
		// both silently; a wrong value is worse than a refused sheet.
		n, err := indexOf(c.v)
		if err != nil || n < 0 || len(c.v) > maxIndexText {
			ref := cellName(c.col, s.row)
			info.fail(fmt.Errorf("cell %s: invalid shared string index %q", ref, c.v), ref)
			return
		}
		if n > info.sstMax {
			info.sstMax, info.sstAt = n, cellKey(s.row, c.col)
		}
	}
}

// indexOf reads a shared-string index as strconv.Atoi(strings.TrimSpace)
// does, without allocating for the usual plain digits.
func indexOf(b []byte) (int, error) {
	if len(b) == 0 || len(b) > 9 {
		return strconv.Atoi(strings.TrimSpace(string(b)))
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return strconv.Atoi(strings.TrimSpace(string(b)))
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// sstRef is the cell holding the highest shared-string index.
func (info *sheetInfo) sstRef() string {
	return cellName(int(info.sstAt&0xffff), int(info.sstAt>>16))
}

func (s *sheetScanner) merge(t startTag) {
	ref := t.ref
	a, b, pair := strings.Cut(ref, ":")
	c1, r1, ok := parseCellRef(a)
	if !ok {
		return // a merge nobody can place is no information
	}
	c2, r2 := c1, r1
	if pair {
		if c2, r2, ok = parseCellRef(b); !ok {
			return
		}
	}
	s.info.merges = append(s.info.merges, Range{
		Top: min(r1, r2), Left: min(c1, c2), Bottom: max(r1, r2), Right: max(c1, c2),
	})
}
