package xlsx

import (
	"io"
	"strconv"
	"strings"
)

// cellReader is the native row reader: it walks a worksheet with the fast
// scanner (fastxml.go) and gives, for each <row>, the cells excelize's Rows
// iterator would give with RawCellValue, about ten times faster than
// excelize, which decodes every cell with encoding/xml.
//
// It follows excelize's iterator step by step rather than the schema: a row
// is numbered by its r or as the previous plus one; its cells are the <c>
// start tags met before the next <row> or </sheetData>, each placed by its
// r or after the previous one; a cell's value comes from the last <v>, <f>
// and <is> met inside it at any depth, each read whole (so a <v> inside an
// <f> is not one); a cell is kept if its value is not "" or it has a
// formula, with "" filling the columns before it. The value is the raw
// one: a shared string looked up (an index outside the table gives ""), an
// inline string's text, anything else the <v> text as it stands. Where
// excelize's decoding of a cell would fail half-way -- an s attribute that
// is no integer, a formula attribute that does not parse -- the reader
// stops with errUnusual, as it does for XML the fast scanner leaves to
// encoding/xml (errSlowPath), and the caller hands the rest of the sheet
// to excelize.
type cellReader struct {
	z      *fastScanner
	sst    []string
	items  itemReader
	v      textBuf
	row    int  // number of the current row, as excelize counts
	queued bool // a <row> start tag was read; its cells come next
	ended  bool // </sheetData> or the end of the part was met
}

func newCellReader(r io.Reader, sst []string) *cellReader {
	z := newFastScanner(r)
	return &cellReader{z: z, sst: sst, items: itemReader{z: z}}
}

// next returns the number and cells of the next row; io.EOF after the
// last one.
func (r *cellReader) next() (num int, cells []string, err error) {
	z := r.z
	for !r.queued {
		if r.ended {
			return 0, nil, io.EOF
		}
		k, err := z.next()
		if err != nil {
			return 0, nil, err
		}
		switch {
		case k == tokEOF:
			r.ended = true
		case k == tokStart && string(z.local) == "row":
			if err := r.startRow(); err != nil {
				return 0, nil, err
			}
		case k == tokEnd && string(z.local) == "sheetData":
			r.ended = true
		}
	}
	r.queued = false
	num, col := r.row, 0
	for {
		k, err := z.next()
		if err != nil {
			return 0, nil, err
		}
		switch {
		case k == tokEOF:
			r.ended = true
			return num, cells, nil
		case k == tokStart && string(z.local) == "row":
			if err := r.startRow(); err != nil {
				return 0, nil, err
			}
			return num, cells, nil
		case k == tokStart && string(z.local) == "c":
			if cells, col, err = r.cell(cells, col); err != nil {
				return 0, nil, err
			}
		case k == tokEnd && string(z.local) == "sheetData":
			r.ended = true
			return num, cells, nil
		}
	}
}

// startRow takes the <row> start tag just read.
func (r *cellReader) startRow() error {
	v, found, plain := r.z.attr("r")
	if !plain {
		return errUnusual
	}
	r.row++
	if found {
		n, err := strconv.Atoi(string(v))
		if err != nil || n < 0 || n > sheetMaxRows {
			return errUnusual // excelize's iterator goes its own way here; the pre-scan refuses it anyway
		}
		if n != 0 {
			r.row = n
		}
	}
	r.queued = true
	return nil
}

// cell reads the <c> whose start tag was just read and appends its value
// to cells; col is the column of the previous cell.
func (r *cellReader) cell(cells []string, col int) ([]string, int, error) {
	z := r.z
	col++
	typ := ""
	for _, a := range z.attrs {
		switch string(a.local) {
		case "r":
			if !a.plain {
				return nil, 0, errUnusual
			}
			if len(a.val) > 0 {
				c, _, ok := parseCellRef(a.val)
				if !ok {
					return nil, 0, errUnusual
				}
				col = c
			}
		case "s":
			if !a.plain || !isInt64(a.val) {
				return nil, 0, errUnusual // excelize stops decoding the cell here
			}
		case "t":
			if !a.plain {
				return nil, 0, errUnusual
			}
			typ = cellType(a.val)
		}
	}
	var (
		v       string
		formula bool
		inline  item
		hasIS   bool
	)
	for depth := 0; ; {
		k, err := z.next()
		if err != nil {
			return nil, 0, err
		}
		switch k {
		case tokEOF:
			return nil, 0, errSlowPath
		case tokEnd:
			depth--
		case tokStart:
			switch string(z.local) {
			case "v":
				if v, err = r.readV(); err != nil {
					return nil, 0, err
				}
				continue
			case "f":
				if err := checkFormula(z); err != nil {
					return nil, 0, err
				}
				if err := skipElement(z); err != nil {
					return nil, 0, err
				}
				formula = true
				continue
			case "is":
				if err := r.items.read(&inline); err != nil {
					return nil, 0, err
				}
				hasIS = true
				continue
			}
			depth++
		}
		if depth < 0 {
			break // the cell's own end tag
		}
	}
	val := v
	switch typ {
	case "s":
		val = ""
		if v != "" {
			// excelize reads a bad index as 0; the pre-scan refuses those.
			i, _ := strconv.Atoi(strings.TrimSpace(v))
			if i >= 0 && i < len(r.sst) {
				val = r.sst[i]
			}
		}
	case "inlineStr":
		if hasIS {
			val = inline.String()
		}
	}
	if val != "" || formula {
		for len(cells) < col-1 {
			cells = append(cells, "")
		}
		cells = append(cells, val)
	}
	return cells, col, nil
}

// readV reads a <v> whose start tag was just read, as decoding it into a
// string does.
func (r *cellReader) readV() (string, error) {
	t := &r.v
	if err := readChars(r.z, t); err != nil {
		return "", err
	}
	if t.plain && len(t.out) == 0 && len(t.raw) < 24 {
		return internNumber(t.raw), nil
	}
	return t.String(), nil
}

// internNumber returns the text of a short <v>. Most are small integers
// (shared-string indexes, codes, counts) whose strings can be shared.
func internNumber(b []byte) string {
	if len(b) == 1 && '0' <= b[0] && b[0] <= '9' {
		return digitStrings[b[0]-'0']
	}
	return string(b)
}

var digitStrings = [10]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// formulaKinds are the typed attributes of excelize's xlsxF.
var formulaKinds = []struct {
	attr string
	kind attrKind
}{
	{"aca", attrBool}, {"dt2D", attrBool}, {"dtr", attrBool}, {"del1", attrBool},
	{"del2", attrBool}, {"ca", attrBool}, {"si", attrInt},
}

func checkFormula(z *fastScanner) error {
	for _, a := range formulaKinds {
		if err := typedOK(z, a.attr, a.kind); err != nil {
			return err
		}
	}
	return nil
}

// isInt64 reports whether strconv.ParseInt(s, 10, 64) accepts s.
func isInt64(b []byte) bool {
	if len(b) > 0 && len(b) < 19 {
		i := 0
		if b[0] == '+' || b[0] == '-' {
			i = 1
		}
		if i < len(b) {
			for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			}
			if i == len(b) {
				return true
			}
		}
	}
	_, err := strconv.ParseInt(string(b), 10, 64)
	return err == nil
}

// cellType returns the t attribute as one of the constants the reader
// compares, without allocating.
func cellType(b []byte) string {
	switch string(b) {
	case "s":
		return "s"
	case "inlineStr":
		return "inlineStr"
	}
	return "" // every other type gives the <v> text as it stands
}
