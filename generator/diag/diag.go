package diag

import (
	"fmt"
	"strings"
)

// Severity says whether a finding rejects its row (Error) or only asks for a
// look (Warning).
type Severity int

const (
	Warning Severity = iota
	Error
)

// String returns the name used in the JSON output.
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Label returns the Chinese word shown to clerks.
func (s Severity) Label() string {
	if s == Error {
		return "错误"
	}
	return "警告"
}

// Pos locates a finding. A file-level finding has only File; a sheet-level
// one adds Sheet; a row-level one adds Row; a cell-level one adds Col (1-based)
// as well. Pos is comparable so that it can key maps.
type Pos struct {
	File  string // path as given, or relative to the data folder, slash-separated
	Sheet string // sheet name as it appears in the workbook
	Row   int    // 1-based; 0 when the finding is about a whole sheet or file
	Col   int    // 1-based; 0 when the finding is about a whole row, sheet or file
}

// Cell returns the A1 reference ("F7"), or "" when Pos has no column.
func (p Pos) Cell() string {
	if p.Col <= 0 || p.Row <= 0 {
		return ""
	}
	return ColumnName(p.Col) + fmt.Sprint(p.Row)
}

// String prints the position the way messages name it:
//
//	发改统计局.xlsx                 file
//	发改统计局.xlsx 项目台账         sheet
//	发改统计局.xlsx 项目台账!第7行    row
//	发改统计局.xlsx 项目台账!F7      cell
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Sheet == "" {
		return b.String()
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString(p.Sheet)
	switch {
	case p.Col > 0 && p.Row > 0:
		b.WriteByte('!')
		b.WriteString(p.Cell())
	case p.Row > 0:
		fmt.Fprintf(&b, "!第%d行", p.Row)
	}
	return b.String()
}

// ColumnName converts a 1-based column number to its letters: 1 → A, 28 → AB.
func ColumnName(col int) string {
	if col <= 0 {
		return ""
	}
	var buf [8]byte
	i := len(buf)
	for col > 0 {
		col--
		i--
		buf[i] = byte('A' + col%26)
		col /= 26
	}
	return string(buf[i:])
}

// Diagnostic is one finding.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Rule     string // stable dotted identifier, documented in docs/rules.md
	Column   string // the column's name in the v1 format, "" when not about a column
	Value    string // the offending text as found, "" when none
	Message  string // Chinese: what is wrong, what was found, what is expected
}

// String prints the finding in the form clerks see on the terminal:
// "发改统计局.xlsx 项目台账!F7：总投资必须是不小于 0 的数字，实际为“-20”".
func (d Diagnostic) String() string {
	return d.Pos.String() + "：" + d.Message
}
