package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// This file writes new workbooks from a neutral description (Book), so that
// the packages deciding what a template or a report sheet holds never touch
// excelize. The description covers what clerks' workbooks need: values,
// a few cell looks, column widths and formats, frozen headers, input hints
// and data validation.

// Value is what one cell holds. The zero Value is an empty cell.
type Value struct {
	kind valueKind
	text string // the text, or the exact decimal literal of a number
	date time.Time
}

type valueKind uint8

const (
	valueEmpty valueKind = iota
	valueText
	valueNumber
	valueDate
)

// Text is a text cell. Text("") is an empty cell. Text that looks like a
// number or a formula stays text: that is how clerks' values must come back.
func Text(s string) Value {
	if s == "" {
		return Value{}
	}
	return Value{kind: valueText, text: s}
}

// Number is a number cell written from its decimal literal ("12500.5",
// "-20"). Amounts are exact decimals in the model; passing the literal
// rather than a float64 keeps that visible at the call site. An invalid
// literal makes Write fail.
func Number(literal string) Value { return Value{kind: valueNumber, text: literal} }

// Date is a real Excel date (a day serial in the 1900 date system) for the
// given day; the cell's or column's number format decides how it shows.
func Date(year, month, day int) Value {
	return Value{kind: valueDate, date: time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether v is an empty cell.
func (v Value) IsZero() bool { return v.kind == valueEmpty }

// String shows the value as a test or a log would want it.
func (v Value) String() string {
	switch v.kind {
	case valueText, valueNumber:
		return v.text
	case valueDate:
		return v.date.Format("2006-01-02")
	}
	return ""
}

// Style is the look of a cell. It is comparable, and the zero Style is the
// workbook's default look; Write turns each distinct Style into one
// workbook style.
type Style struct {
	Bold      bool
	Size      float64 // font size in points; 0 is the default (11)
	Color     string  // font colour as RRGGBB; "" is the default
	Underline bool
	Fill      string // solid background colour as RRGGBB; "" is none
	Wrap      bool   // wrap long text; such cells are aligned to the top
	Center    bool   // centred horizontally and vertically
	Border    bool   // a thin grey border all around
	NumFmt    string // number format, e.g. "yyyy-mm-dd", "#,##0.00", "@" (text); "" is General
}

// Hint is an input message: Excel and WPS show it next to the cell while it
// is selected. Excel refuses (and "repairs") longer texts, so Write checks
// the limits: Title at most 32 characters, Text at most 255.
type Hint struct {
	Title string
	Text  string
}

// CheckKind is the kind of data validation.
type CheckKind uint8

// The kinds of check.
const (
	// CheckList offers a dropdown: the values of List, or the cells of
	// ListRange.
	CheckList CheckKind = iota + 1
	// CheckDate accepts a date between Min and Max (both YYYY-MM-DD).
	CheckDate
	// CheckDecimal accepts a number ≥ Min, or > Min when MinExclusive.
	CheckDecimal
	// CheckTextLength accepts text of at most Max characters.
	CheckTextLength
)

// Alert says what Excel does with a value the check does not accept.
type Alert uint8

// The alerts. The zero value refuses the value.
const (
	AlertStop Alert = iota // refuse it, with Message
	AlertWarn              // ask, with Message, and keep it when the clerk insists
	AlertNone              // accept it silently (a dropdown that only suggests)
)

// Check is a data validation rule for cells.
type Check struct {
	Kind CheckKind
	// List holds the values of a CheckList. Lists too long for Excel's
	// 255-character inline limit are written to a hidden sheet (see
	// Book.ListSheet) and referenced from there.
	List []string
	// ListRange, when set, is the range a CheckList takes its values from,
	// e.g. "'项目台账'!$A$2:$A$2001" (see SheetRef).
	ListRange    string
	Min, Max     string
	MinExclusive bool
	Alert        Alert
	// Message tells the clerk what is expected when a value is refused;
	// at most 225 characters (Excel's limit).
	Message string
}

// Cell is one cell to write.
type Cell struct {
	Value Value
	// Style is the cell's look; when zero, the column's Style is used.
	Style Style
	// Link, when set, makes the cell a link to a place in the workbook,
	// e.g. "'项目台账'!F7" (see SheetRef).
	Link string
	// Hint is shown while the cell is selected.
	Hint *Hint
}

// Column describes one column, from column A on.
type Column struct {
	// Width in characters of the default font (a Chinese character takes
	// about two); 0 leaves the default.
	Width float64
	// Style is the column's own style: cells typed into it later take it,
	// so a date typed by the clerk shows as a date.
	Style Style
	// Check and Hint apply to the rows Sheet.CheckFrom to Sheet.CheckTo.
	Check *Check
	Hint  *Hint
}

// Sheet describes one worksheet.
type Sheet struct {
	Name    string
	Rows    [][]Cell // row 1 first; cells from column A
	Columns []Column // from column A
	Merges  []string // ranges such as "A1:D1"
	// Heights sets row heights in points, by 1-based row number. Rows not
	// listed that hold wrapped text get a height estimated from the text
	// and the column (or merged range) width: Excel fits rows to wrapped
	// text only when it is edited, not when it opens a file.
	Heights map[int]float64
	// FreezeRows keeps that many top rows in view while scrolling.
	FreezeRows int
	// CheckFrom and CheckTo (1-based, inclusive) are the rows that carry
	// the columns' Check and Hint. Data validation on a whole column would
	// slow Excel down and is never needed: a ledger has far fewer rows.
	CheckFrom, CheckTo int
	Hidden             bool
	// FitWidth prints the sheet one page wide, Landscape across the page:
	// clerks print the instructions and the ledger, and columns cut off
	// onto separate pages are useless on paper.
	FitWidth, Landscape bool
}

// Book describes a workbook.
type Book struct {
	Sheets []Sheet
	// Active is the name of the sheet shown on opening; "" is the first.
	Active string
	// ListSheet names the hidden sheet for dropdown lists that are too long
	// to write inline; "" means "选项". It is only added when needed.
	ListSheet string
}

// Excel's limits on data validation texts, in UTF-16 units as Excel counts.
const (
	maxHintTitle    = 32
	maxHintText     = 255
	maxErrorMessage = 225
	maxInlineList   = 255
)

const defaultListSheet = "选项"

// Write writes the workbook to path, replacing any file there. The file is
// written next to path under a temporary name and renamed into place, so an
// interrupted write never leaves half a workbook under the real name.
func Write(path string, b Book) error {
	if len(b.Sheets) == 0 {
		return errors.New("xlsx: a workbook needs at least one sheet")
	}
	f := excelize.NewFile()
	defer f.Close()
	w := newWriter(f, b.ListSheet)
	for i, s := range b.Sheets {
		var err error
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", s.Name, err)
		}
	}
	for _, s := range b.Sheets {
		if err := w.sheet(s); err != nil {
			return err
		}
	}
	if err := w.addLists(); err != nil {
		return err
	}
	active := 0
	if b.Active != "" {
		idx, err := f.GetSheetIndex(b.Active)
		if err != nil || idx < 0 {
			return fmt.Errorf("xlsx: active sheet %q is not in the book", b.Active)
		}
		active = idx
	}
	f.SetActiveSheet(active)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "tuijin", LastModifiedBy: "tuijin"}); err != nil {
		return fmt.Errorf("xlsx: properties: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return writeAtomic(path, buf.Bytes())
}

// writer turns descriptions into excelize calls.
type writer struct {
	f         *excelize.File
	styles    map[Style]int
	listSheet string
	lists     [][]string // spilled lists, one column each on the list sheet
}

func newWriter(f *excelize.File, listSheet string) *writer {
	if listSheet == "" {
		listSheet = defaultListSheet
	}
	return &writer{f: f, styles: map[Style]int{}, listSheet: listSheet}
}

func (w *writer) style(s Style) (int, error) {
	if id, ok := w.styles[s]; ok {
		return id, nil
	}
	id, err := w.f.NewStyle(s.excelize())
	if err != nil {
		return 0, err
	}
	w.styles[s] = id
	return id, nil
}

func (s Style) excelize() *excelize.Style {
	st := &excelize.Style{}
	if s.Bold || s.Size != 0 || s.Color != "" || s.Underline {
		st.Font = &excelize.Font{Bold: s.Bold, Size: s.Size, Color: s.Color}
		if s.Underline {
			st.Font.Underline = "single"
		}
	}
	if s.Fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.Fill}}
	}
	if s.Wrap || s.Center {
		st.Alignment = &excelize.Alignment{WrapText: s.Wrap}
		if s.Wrap {
			st.Alignment.Vertical = "top"
		}
		if s.Center {
			st.Alignment.Horizontal, st.Alignment.Vertical = "center", "center"
		}
	}
	if s.Border {
		for _, side := range []string{"left", "right", "top", "bottom"} {
			st.Border = append(st.Border, excelize.Border{Type: side, Color: "BFBFBF", Style: 1})
		}
	}
	switch s.NumFmt {
	case "":
	case "@":
		st.NumFmt = 49 // the built-in text format; a custom "@" confuses some readers
	default:
		nf := s.NumFmt
		st.CustomNumFmt = &nf
	}
	return st
}

// sheet writes one described sheet into the already created sheet s.Name.
func (w *writer) sheet(s Sheet) error {
	f, name := w.f, s.Name
	wrap := func(err error) error { return fmt.Errorf("xlsx: sheet %q: %w", name, err) }
	colStyles := make([]int, len(s.Columns))
	for i, c := range s.Columns {
		col := colName(i + 1)
		if c.Width > 0 {
			if err := f.SetColWidth(name, col, col, c.Width); err != nil {
				return wrap(err)
			}
		}
		if c.Style != (Style{}) {
			id, err := w.style(c.Style)
			if err != nil {
				return wrap(err)
			}
			colStyles[i] = id
			if err := f.SetColStyle(name, col, id); err != nil {
				return wrap(err)
			}
		}
	}
	for r, row := range s.Rows {
		for c, cell := range row {
			ref := cellName(c+1, r+1)
			if err := w.cell(name, ref, cell, colStyles, c); err != nil {
				return wrap(fmt.Errorf("%s: %w", ref, err))
			}
		}
	}
	for _, m := range s.Merges {
		from, to, ok := strings.Cut(m, ":")
		if !ok {
			return wrap(fmt.Errorf("merge %q is not a range", m))
		}
		if err := f.MergeCell(name, from, to); err != nil {
			return wrap(err)
		}
	}
	for row, h := range s.Heights {
		if err := f.SetRowHeight(name, row, h); err != nil {
			return wrap(err)
		}
	}
	for row, h := range fitHeights(s) {
		if err := f.SetRowHeight(name, row, h); err != nil {
			return wrap(err)
		}
	}
	if n := s.FreezeRows; n > 0 {
		top := cellName(1, n+1)
		err := f.SetPanes(name, &excelize.Panes{
			Freeze: true, YSplit: n, TopLeftCell: top, ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}},
		})
		if err != nil {
			return wrap(err)
		}
	}
	if s.CheckFrom > 0 && s.CheckTo >= s.CheckFrom {
		for i, c := range s.Columns {
			if c.Check == nil && c.Hint == nil {
				continue
			}
			col := colName(i + 1)
			sqref := fmt.Sprintf("%s%d:%s%d", col, s.CheckFrom, col, s.CheckTo)
			if err := w.validation(name, sqref, c.Check, c.Hint); err != nil {
				return wrap(fmt.Errorf("column %s: %w", col, err))
			}
		}
	}
	if s.FitWidth || s.Landscape {
		var layout excelize.PageLayoutOptions
		if s.Landscape {
			o := "landscape"
			layout.Orientation = &o
		}
		if s.FitWidth {
			one, any := 1, 0
			layout.FitToWidth, layout.FitToHeight = &one, &any
			fit := true
			if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
				return wrap(err)
			}
		}
		if err := f.SetPageLayout(name, &layout); err != nil {
			return wrap(err)
		}
	}
	if s.Hidden {
		if err := f.SetSheetVisible(name, false); err != nil {
			return wrap(err)
		}
	}
	return nil
}

func (w *writer) cell(sheet, ref string, c Cell, colStyles []int, col int) error {
	f := w.f
	if err := setValue(f, sheet, ref, c.Value); err != nil {
		return err
	}
	id := 0
	if c.Style != (Style{}) {
		var err error
		if id, err = w.style(c.Style); err != nil {
			return err
		}
	} else if col < len(colStyles) {
		id = colStyles[col]
	}
	if id != 0 {
		if err := f.SetCellStyle(sheet, ref, ref, id); err != nil {
			return err
		}
	}
	if c.Link != "" {
		if err := f.SetCellHyperLink(sheet, ref, c.Link, "Location"); err != nil {
			return err
		}
	}
	if c.Hint != nil {
		return w.validation(sheet, ref, nil, c.Hint)
	}
	return nil
}

// fitHeights estimates the height of each row with wrapped text that has no
// height of its own: lines of text at about one character width per column
// width unit (two for a Chinese character), and 1.35 times the font size per
// line, which is how Excel and WPS lay out text in their default fonts.
func fitHeights(s Sheet) map[int]float64 {
	colWidth := func(c int) float64 { // 1-based
		if c <= len(s.Columns) && s.Columns[c-1].Width > 0 {
			return s.Columns[c-1].Width
		}
		return 8.43 // Excel's default
	}
	spans := map[[2]int]float64{} // top-left (row, col) of a merge → its width
	for _, m := range s.Merges {
		from, to, _ := strings.Cut(m, ":")
		c1, r1, ok1 := parseCellRef(from)
		c2, _, ok2 := parseCellRef(to)
		if !ok1 || !ok2 {
			continue
		}
		total := 0.0
		for c := c1; c <= c2; c++ {
			total += colWidth(c)
		}
		spans[[2]int{r1, c1}] = total
	}
	out := map[int]float64{}
	for r, row := range s.Rows {
		if _, set := s.Heights[r+1]; set {
			continue
		}
		lines, size := 1, 11.0
		for c, cell := range row {
			st := cell.Style
			if st == (Style{}) && c < len(s.Columns) {
				st = s.Columns[c].Style
			}
			if !st.Wrap || cell.Value.kind != valueText {
				continue
			}
			width, merged := spans[[2]int{r + 1, c + 1}]
			if !merged {
				width = colWidth(c + 1)
			}
			n := 0
			for _, l := range strings.Split(cell.Value.text, "\n") {
				n += max(1, int(math.Ceil(float64(DisplayWidth(l))*1.1/width)))
			}
			lines = max(lines, n)
			if st.Size > 0 {
				size = max(size, st.Size)
			}
		}
		if lines > 1 {
			out[r+1] = float64(lines)*size*1.35 + 4
		}
	}
	return out
}

// setValue stores a value, keeping the cell's style.
func setValue(f *excelize.File, sheet, ref string, v Value) error {
	switch v.kind {
	case valueText:
		return f.SetCellStr(sheet, ref, v.text)
	case valueNumber:
		x, err := strconv.ParseFloat(strings.TrimSpace(v.text), 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return fmt.Errorf("number %q is not a decimal literal", v.text)
		}
		// Shortest round-trip form: the literal's digits come back as written.
		return f.SetCellFloat(sheet, ref, x, -1, 64)
	case valueDate:
		return f.SetCellFloat(sheet, ref, excelSerial(v.date), -1, 64)
	default:
		return f.SetCellValue(sheet, ref, nil)
	}
}

// excelEpoch is day 0 of Excel's 1900 date system as it counts from
// 1900-03-01 on (its fictional 1900-02-29 shifts every later serial by one).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func excelSerial(t time.Time) float64 {
	return float64(t.Sub(excelEpoch) / (24 * time.Hour))
}

// validation adds one data validation: a check, a hint, or both.
func (w *writer) validation(sheet, sqref string, c *Check, h *Hint) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = sqref
	if c != nil {
		if err := w.setCheck(dv, c); err != nil {
			return err
		}
		title := "输入有误"
		if h != nil && h.Title != "" {
			title = h.Title
		}
		if err := within("error title", title, maxHintTitle); err != nil {
			return err
		}
		if err := within("error message", c.Message, maxErrorMessage); err != nil {
			return err
		}
		switch c.Alert {
		case AlertStop:
			dv.SetError(excelize.DataValidationErrorStyleStop, title, c.Message)
		case AlertWarn:
			dv.SetError(excelize.DataValidationErrorStyleWarning, title, c.Message)
		}
	}
	if h != nil {
		if err := within("hint title", h.Title, maxHintTitle); err != nil {
			return err
		}
		if err := within("hint text", h.Text, maxHintText); err != nil {
			return err
		}
		dv.SetInput(h.Title, h.Text)
	}
	return w.f.AddDataValidation(sheet, dv)
}

func (w *writer) setCheck(dv *excelize.DataValidation, c *Check) error {
	switch c.Kind {
	case CheckList:
		switch {
		case c.ListRange != "":
			dv.SetSqrefDropList(escapeFormula(c.ListRange))
		case len(c.List) == 0:
			return errors.New("list check without values")
		case inlineList(c.List):
			if err := dv.SetDropList(c.List); err != nil {
				return err
			}
		default:
			dv.SetSqrefDropList(escapeFormula(w.spill(c.List)))
		}
		return nil
	case CheckDate:
		lo, err1 := time.Parse(time.DateOnly, c.Min)
		hi, err2 := time.Parse(time.DateOnly, c.Max)
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("date check: %w", err)
		}
		return dv.SetRange(int(excelSerial(lo)), int(excelSerial(hi)), excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
	case CheckDecimal:
		if _, err := strconv.ParseFloat(c.Min, 64); err != nil {
			return fmt.Errorf("decimal check: minimum %q: %w", c.Min, err)
		}
		op := excelize.DataValidationOperatorGreaterThanOrEqual
		if c.MinExclusive {
			op = excelize.DataValidationOperatorGreaterThan
		}
		return dv.SetRange(c.Min, "", excelize.DataValidationTypeDecimal, op)
	case CheckTextLength:
		if _, err := strconv.Atoi(c.Max); err != nil {
			return fmt.Errorf("text length check: maximum %q: %w", c.Max, err)
		}
		return dv.SetRange(c.Max, "", excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorLessThanOrEqual)
	}
	return fmt.Errorf("unknown check kind %d", c.Kind)
}

// inlineList reports whether a list fits in the validation itself: Excel
// allows 255 characters including the commas, and has no way to escape a
// comma inside a value.
func inlineList(values []string) bool {
	for _, v := range values {
		if strings.ContainsAny(v, `,"`) {
			return false
		}
	}
	return utf16Len(strings.Join(values, ",")) <= maxInlineList
}

// spill puts a long list on the list sheet and returns its range.
func (w *writer) spill(values []string) string {
	for i, l := range w.lists {
		if slices.Equal(l, values) {
			return listRange(w.listSheet, i+1, len(values))
		}
	}
	w.lists = append(w.lists, values)
	return listRange(w.listSheet, len(w.lists), len(values))
}

func listRange(sheet string, col, n int) string {
	c := colName(col)
	return SheetRef(sheet, fmt.Sprintf("$%s$1:$%s$%d", c, c, n))
}

// addLists writes the hidden list sheet when some list was spilled.
func (w *writer) addLists() error {
	if len(w.lists) == 0 {
		return nil
	}
	if _, err := w.f.NewSheet(w.listSheet); err != nil {
		return fmt.Errorf("xlsx: list sheet %q: %w", w.listSheet, err)
	}
	for c, l := range w.lists {
		for r, v := range l {
			if err := w.f.SetCellStr(w.listSheet, cellName(c+1, r+1), v); err != nil {
				return fmt.Errorf("xlsx: list sheet: %w", err)
			}
		}
	}
	if err := w.f.SetSheetVisible(w.listSheet, false); err != nil {
		return fmt.Errorf("xlsx: list sheet: %w", err)
	}
	return nil
}

// SheetRef returns a reference to cells of a sheet as formulas and links
// write it, the sheet name always quoted: SheetRef("项目台账", "F7") is
// "'项目台账'!F7", and a quote in the name is doubled.
func SheetRef(sheet, cells string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + cells
}

// CellName returns the A1 reference of 1-based coordinates: CellName(6, 7)
// is "F7".
func CellName(col, row int) string { return cellName(col, row) }

// escapeFormula escapes what the XML text of a validation formula cannot
// hold; excelize writes a range formula as is.
func escapeFormula(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func within(what, s string, limit int) error {
	if n := utf16Len(s); n > limit {
		return fmt.Errorf("%s is %d characters, Excel allows %d: %q", what, n, limit, s)
	}
	return nil
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// writeAtomic writes data to path through a temporary file in the same
// folder and a rename, so that readers never see a partial file. The
// temporary name starts with "." so that a validation running over the same
// folder meanwhile ignores it, as it ignores every hidden file.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = bytes.NewReader(data).WriteTo(tmp); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("xlsx: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// Edit sets one cell of an existing workbook.
type Edit struct {
	Sheet string
	Cell  string // A1 reference, e.g. "F7"
	Value Value  // the zero Value empties the cell
}

// Fill writes to dst a copy of the workbook at src with the edits made, the
// way a clerk types into a template: each cell keeps its style (or takes its
// column's), so a date typed into a date column shows as a date. The
// workbook at src goes through the same checks as Open and is only read;
// dst may equal src.
func Fill(src, dst string, edits []Edit) error {
	wb, err := Open(src, Limits{})
	if err != nil {
		return err
	}
	defer wb.Close()
	f, err := wb.excelize()
	if err != nil {
		return err
	}
	for _, e := range edits {
		if wb.sheet(e.Sheet) == nil {
			return fmt.Errorf("xlsx: fill %s: no sheet %q", e.Cell, e.Sheet)
		}
		if err := setValue(f, e.Sheet, e.Cell, e.Value); err != nil {
			return fmt.Errorf("xlsx: fill %s!%s: %w", e.Sheet, e.Cell, err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return writeAtomic(dst, buf.Bytes())
}
