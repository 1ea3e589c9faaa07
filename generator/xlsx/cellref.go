package xlsx

import "strconv"

// colName turns a 1-based column number into its letters (1 -> "A").
func colName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// cellName builds an A1 reference from 1-based coordinates.
func cellName(col, row int) string {
	return colName(col) + strconv.Itoa(row)
}

// parseCellRef reads an A1 reference such as "XFD5". It accepts lower-case
// letters as excelize does, and refuses anything outside Excel's grid. It
// takes bytes as well, so that the native reader need not copy them.
func parseCellRef[T string | []byte](s T) (col, row int, ok bool) {
	i := 0
	for ; i < len(s); i++ {
		c := s[i] | 0x20 // ASCII lower case; digits are unchanged by it
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		if col > sheetMaxColumns {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(s) {
		return 0, 0, false
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
		if row > sheetMaxRows {
			return 0, 0, false
		}
	}
	if row == 0 {
		return 0, 0, false
	}
	return col, row, true
}
