package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"tuijin/generator/xlsx/internal/ooxml"

	"github.com/xuri/excelize/v2"
)

// This file writes annotated copies: a clerk's own workbook with the cells
// that need fixing coloured and commented, and a summary sheet added in
// front. The clerk fixes the cells where they are, in the file they know,
// instead of matching a list of positions against the workbook.

// Fill colours of marked cells, as RRGGBB. They are Excel's own "bad"
// (light red) and "neutral" (light yellow) cell styles, which keep black
// text readable.
const (
	FillError   = "FFC7CE"
	FillWarning = "FFEB9C"
)

// CommentAuthor is the author of the comments Annotate adds.
const CommentAuthor = "tuijin"

// Mark is one finding to show on a cell of an annotated copy.
type Mark struct {
	Sheet string // as named in the workbook
	Row   int    // 1-based
	Col   int    // 1-based; 0 marks the row itself, shown on its cell in column A
	Error bool   // an error (red) rather than a warning (yellow)
	Text  string // one line of the cell's comment
}

// Annotate writes to dst a copy of the workbook at src in which every marked
// cell is filled (red when any of its marks is an error, else yellow) and
// carries a comment by CommentAuthor with the text of its marks, one per
// line. summary, unless its Name is "", is added as the first sheet and
// shown on opening; when the workbook already has a sheet of that name, the
// new one's name gets "（2）" (or "（3）" …) appended.
//
// Everything else is kept as it was: values, formulas, styles (a marked cell
// keeps its font, borders and number format and only changes its fill), and
// a comment the clerk had on a marked cell, which follows ours. The file at
// src is only read; dst must be another file. Marks on sheets the workbook
// does not have, or beyond lim's rows and columns, are ignored (the caller
// lists every finding on the summary). A workbook Open refuses gives its
// *FileError.
func Annotate(src, dst string, marks []Mark, summary Sheet, lim Limits) error {
	if same, err := sameFile(src, dst); err != nil {
		return err
	} else if same {
		return fmt.Errorf("xlsx: annotate: %s would overwrite its source", dst)
	}
	wb, err := Open(src, lim)
	if err != nil {
		return err
	}
	defer wb.Close()
	f, err := wb.excelize()
	if err != nil {
		return err
	}
	styles, err := markCells(f, wb, marks)
	if err != nil {
		return err
	}
	shifted := false
	if summary.Name != "" {
		name := uniqueSheetName(f, summary.Name)
		summary.Name = name
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx: annotate: summary sheet: %w", err)
		}
		if err := newWriter(f, "").sheet(summary); err != nil {
			return err
		}
		first := f.GetSheetName(0)
		if first != name {
			if err := f.MoveSheet(name, first); err != nil {
				return fmt.Errorf("xlsx: annotate: summary sheet: %w", err)
			}
			shifted = true
		}
		idx, _ := f.GetSheetIndex(name)
		f.SetActiveSheet(idx)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("xlsx: annotate: %w", err)
	}
	data, err := finishPackage(buf.Bytes(), shifted, styles)
	if err != nil {
		return fmt.Errorf("xlsx: annotate: %w", err)
	}
	return writeAtomic(dst, data)
}

// sameFile reports whether b names the file a, by path or by identity (a
// hard link, a symbolic link, another spelling of the same folder).
func sameFile(a, b string) (bool, error) {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err := errors.Join(err1, err2); err != nil {
		return false, err
	}
	if aa == bb {
		return true, nil
	}
	sa, err := os.Stat(a)
	if err != nil {
		return false, nil // Open reports it
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, nil // dst does not exist yet
	}
	return os.SameFile(sa, sb), nil
}

type markKey struct {
	sheet    string
	row, col int
}

type cellMarks struct {
	err   bool
	lines []string
}

// styleMark is a style made for marked cells. excelize can only add a style
// by rebuilding it from what it understands of the old one, which loses
// what it does not (colours in a workbook without a theme, as LibreOffice
// writes them, and attributes it has no field for). So each marked style
// starts as a placeholder whose only purpose is to be new and unique (its
// number format is a made-up code), the cells are pointed at it, and after
// saving finishPackage replaces its definition with an exact copy of the
// cell's original style with only the fill changed.
type styleMark struct {
	id, orig int
	err      bool
}

// placeholderFormat is the number format that makes a placeholder unique.
func placeholderFormat(k int) string { return fmt.Sprintf("tuijin-mark-%d", k) }

var placeholderRE = regexp.MustCompile(`<numFmt\b[^>]*\bformatCode="tuijin-mark-\d+"[^>]*?(?:/>|></numFmt>)`)

func markCells(f *excelize.File, wb *Workbook, marks []Mark) ([]styleMark, error) {
	var order []markKey
	byCell := map[markKey]*cellMarks{}
	for _, m := range marks {
		if wb.sheet(m.Sheet) == nil || m.Row < 1 || m.Col < 0 {
			continue
		}
		if m.Row > wb.lim.MaxRows || m.Col > wb.lim.MaxColumns {
			// A cell the reader refused to go to (sheet.too_wide,
			// sheet.too_many_rows): marking it would make excelize build
			// every row and column up to it.
			continue
		}
		k := markKey{m.Sheet, m.Row, max(m.Col, 1)}
		cm := byCell[k]
		if cm == nil {
			cm = &cellMarks{}
			byCell[k] = cm
			order = append(order, k)
		}
		cm.err = cm.err || m.Error
		if !slices.Contains(cm.lines, m.Text) {
			cm.lines = append(cm.lines, m.Text)
		}
	}
	type styleKey struct {
		id  int
		err bool
	}
	var styles []styleMark
	restyled := map[styleKey]int{}
	comments := map[string]map[string]excelize.Comment{} // sheet → cell → the clerk's comment
	for _, k := range order {
		cm := byCell[k]
		ref := cellName(k.col, k.row)
		fail := func(err error) ([]styleMark, error) {
			return nil, fmt.Errorf("xlsx: annotate %s!%s: %w", k.sheet, ref, err)
		}
		orig, err := f.GetCellStyle(k.sheet, ref)
		if err != nil {
			return fail(err)
		}
		sk := styleKey{orig, cm.err}
		id, ok := restyled[sk]
		if !ok {
			code := placeholderFormat(len(styles) + 1)
			if id, err = f.NewStyle(&excelize.Style{CustomNumFmt: &code}); err != nil {
				return fail(err)
			}
			restyled[sk] = id
			styles = append(styles, styleMark{id: id, orig: orig, err: cm.err})
		}
		if err := f.SetCellStyle(k.sheet, ref, ref, id); err != nil {
			return fail(err)
		}
		if comments[k.sheet] == nil {
			list, err := f.GetComments(k.sheet)
			if err != nil {
				return fail(err)
			}
			comments[k.sheet] = map[string]excelize.Comment{}
			for _, c := range list {
				comments[k.sheet][c.Cell] = c
			}
		}
		text := strings.Join(cm.lines, "\n")
		if old, ok := comments[k.sheet][ref]; ok {
			if err := f.DeleteComment(k.sheet, ref); err != nil {
				return fail(err)
			}
			text += "\n——\n原批注" + authorNote(old.Author) + "：" + commentText(old)
		}
		w, h := commentSize(text)
		if err := f.AddComment(k.sheet, excelize.Comment{Cell: ref, Author: CommentAuthor, Text: text, Width: w, Height: h}); err != nil {
			return fail(err)
		}
	}
	return styles, nil
}

func authorNote(a string) string {
	if a == "" || a == "Author" {
		return ""
	}
	return "（" + a + "）"
}

func commentText(c excelize.Comment) string {
	var b strings.Builder
	b.WriteString(c.Text)
	for _, p := range c.Paragraph {
		b.WriteString(p.Text)
	}
	return b.String()
}

// commentSize makes the comment box big enough to read without resizing:
// about 22 Chinese characters a line, in pixels as excelize takes them.
func commentSize(text string) (width, height uint) {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		lines += max(1, (DisplayWidth(l)+43)/44)
	}
	return 320, uint(min(24+17*lines, 480))
}

// DisplayWidth counts a wide (CJK) character as two columns, as Excel's
// column widths roughly do; writers use it to size columns and rows.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func uniqueSheetName(f *excelize.File, name string) string {
	taken := func(n string) bool {
		idx, err := f.GetSheetIndex(n)
		return err == nil && idx >= 0
	}
	if !taken(name) {
		return name
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s（%d）", name, i)
		if !taken(n) {
			return n
		}
	}
}

// localSheetID matches the sheet index of a sheet-scoped defined name.
var localSheetID = regexp.MustCompile(`(<(?:[A-Za-z0-9_]+:)?definedName\b[^>]*?\blocalSheetId=")(\d+)(")`)

// finishPackage makes the edits excelize cannot make, on the saved package:
// every part but the workbook and the styles is copied byte for byte.
//
// When a sheet was inserted in front (shifted), every sheet-scoped defined
// name (print areas, print titles, autofilter ranges) moves one sheet on to
// follow its sheet: those names point at sheets by position, and excelize's
// MoveSheet leaves them behind.
//
// Each placeholder style of styles becomes a copy of its original with the
// mark's fill (see styleMark).
func finishPackage(pkg []byte, shifted bool, styles []styleMark) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	wbPart, err := workbookPart(zr)
	if err != nil {
		return nil, err
	}
	edits := map[string]ooxml.Edit{}
	if shifted {
		edits[wbPart] = func(b []byte) ([]byte, error) {
			return localSheetID.ReplaceAllFunc(b, func(m []byte) []byte {
				p := localSheetID.FindSubmatch(m)
				n, _ := strconv.Atoi(string(p[2]))
				return []byte(string(p[1]) + strconv.Itoa(n+1) + string(p[3]))
			}), nil
		}
	}
	if len(styles) > 0 {
		stylesPart, err := relatedPart(zr, wbPart, "styles")
		if err != nil {
			return nil, err
		}
		edits[stylesPart] = func(b []byte) ([]byte, error) { return patchStyles(b, styles) }
	}
	if len(edits) == 0 {
		return pkg, nil
	}
	return ooxml.Rewrite(zr, edits)
}

// The parts of excelize's own styles.xml that patchStyles edits. excelize
// writes every element with an end tag and without a namespace prefix.
var (
	fillsRE   = regexp.MustCompile(`(?s)(<fills\b[^>]*>)(.*?)(</fills>)`)
	fillRE    = regexp.MustCompile(`<fill\b`)
	numFmtsRE = regexp.MustCompile(`(?s)(<numFmts\b[^>]*>)(.*?)(</numFmts>)`)
	numFmtRE  = regexp.MustCompile(`<numFmt\b`)
	cellXfsRE = regexp.MustCompile(`(?s)(<cellXfs\b[^>]*>)(.*?)(</cellXfs>)`)
	xfRE      = regexp.MustCompile(`(?s)<xf\b[^>]*/>|<xf\b[^>]*[^/]>.*?</xf>`)
)

// patchStyles adds the two mark fills, turns each placeholder into a copy
// of its original style with a mark fill, and drops the placeholders'
// made-up number formats.
func patchStyles(b []byte, styles []styleMark) ([]byte, error) {
	s := string(b)
	fills := fillsRE.FindStringSubmatchIndex(s)
	xfs := cellXfsRE.FindStringSubmatchIndex(s)
	if fills == nil || xfs == nil {
		return nil, errors.New("styles without fills or cell formats")
	}
	n := len(fillRE.FindAllStringIndex(s[fills[4]:fills[5]], -1))
	fillID := map[bool]int{true: n, false: n + 1}
	added := fmt.Sprintf(`<fill><patternFill patternType="solid"><fgColor rgb="FF%s"></fgColor><bgColor indexed="64"></bgColor></patternFill></fill>`+
		`<fill><patternFill patternType="solid"><fgColor rgb="FF%s"></fgColor><bgColor indexed="64"></bgColor></patternFill></fill>`, FillError, FillWarning)

	list := xfRE.FindAllString(s[xfs[4]:xfs[5]], -1)
	for _, sm := range styles {
		if sm.id >= len(list) || sm.orig >= len(list) {
			return nil, fmt.Errorf("cell format %d or %d beyond the %d there are", sm.id, sm.orig, len(list))
		}
		list[sm.id] = setAttr(setAttr(list[sm.orig], "fillId", strconv.Itoa(fillID[sm.err])), "applyFill", "1")
	}
	// Rebuild back to front so that earlier offsets stay valid.
	s = s[:xfs[4]] + strings.Join(list, "") + s[xfs[5]:]
	s = s[:fills[5]] + added + s[fills[5]:]
	s = s[:fills[2]] + setAttr(s[fills[2]:fills[3]], "count", strconv.Itoa(n+2)) + s[fills[3]:]
	if nf := numFmtsRE.FindStringSubmatchIndex(s); nf != nil {
		inner := placeholderRE.ReplaceAllString(s[nf[4]:nf[5]], "")
		if k := len(numFmtRE.FindAllStringIndex(inner, -1)); k == 0 {
			s = s[:nf[0]] + s[nf[1]:]
		} else {
			s = s[:nf[0]] + setAttr(s[nf[2]:nf[3]], "count", strconv.Itoa(k)) + inner + s[nf[6]:nf[7]] + s[nf[1]:]
		}
	}
	return []byte(s), nil
}

// setAttr sets an attribute in the start tag at the beginning of el.
func setAttr(el, name, value string) string {
	end := strings.IndexByte(el, '>')
	if end < 0 {
		return el
	}
	tag, rest := el[:end], el[end:]
	re := regexp.MustCompile(`\s` + name + `="[^"]*"`)
	if re.MatchString(tag) {
		return re.ReplaceAllLiteralString(tag, " "+name+`="`+value+`"`) + rest
	}
	if strings.HasSuffix(tag, "/") {
		return tag[:len(tag)-1] + " " + name + `="` + value + `"/` + rest
	}
	return tag + " " + name + `="` + value + `"` + rest
}

// workbookPart finds the workbook part through the package relationships,
// as every reader does.
func workbookPart(zr *zip.Reader) (string, error) {
	for _, zf := range zr.File {
		if zf.Name != "_rels/.rels" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return "", err
		}
		defer rc.Close()
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.NewDecoder(rc).Decode(&rels); err != nil {
			return "", fmt.Errorf("package relationships: %w", err)
		}
		for _, r := range rels.Rel {
			if isRelType(r.Type, "officeDocument") {
				return strings.TrimPrefix(path.Clean("/"+r.Target), "/"), nil
			}
		}
	}
	return "", errors.New("package relationships name no workbook")
}

// relatedPart finds the part a part refers to by a relationship type such as
// "styles".
func relatedPart(zr *zip.Reader, from, relType string) (string, error) {
	dir, file := path.Split(from)
	relsName := dir + "_rels/" + file + ".rels"
	for _, zf := range zr.File {
		if zf.Name != relsName {
			continue
		}
		data, err := ooxml.ReadPart(zf)
		if err != nil {
			return "", err
		}
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(data, &rels); err != nil {
			return "", fmt.Errorf("%s: %w", relsName, err)
		}
		for _, r := range rels.Rel {
			if isRelType(r.Type, relType) {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(path.Clean(r.Target), "/"), nil
				}
				return path.Clean(dir + r.Target), nil
			}
		}
	}
	return "", fmt.Errorf("%s names no %s part", from, relType)
}

// MarkedCell is a cell of an annotated copy as read back by ReadMarks.
type MarkedCell struct {
	Sheet   string
	Cell    string // A1 reference
	Fill    string // FillError, FillWarning, or "" for neither
	Author  string // of its comment
	Comment string // the text of its comment, "" when none
}

// ReadMarks reads back the cells of a workbook that look marked: filled
// with FillError or FillWarning, or carrying a comment. It lets tests and
// tools outside this package check an annotated copy, also after another
// program saved it (LibreOffice keeps fills and comments but not comment
// authors), without excelize. Sheets are in workbook order, cells in row
// order.
func ReadMarks(path string) ([]MarkedCell, error) {
	fillOf, err := cellFills(path)
	if err != nil {
		return nil, err
	}
	wb, err := Open(path, Limits{})
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	f, err := wb.excelize()
	if err != nil {
		return nil, err
	}
	var out []MarkedCell
	for _, sheet := range f.GetSheetList() {
		list, err := f.GetComments(sheet)
		if err != nil {
			return nil, err
		}
		comments := map[string]excelize.Comment{}
		maxCol, maxRow := 0, 0
		for _, c := range list {
			comments[c.Cell] = c
			if col, row, ok := parseCellRef(c.Cell); ok {
				maxCol, maxRow = max(maxCol, col), max(maxRow, row)
			}
		}
		// The cells with values, as excelize sees them (the dimension a
		// writer records may be stale); empty marked cells carry a comment.
		if rows, err := f.GetRows(sheet); err == nil {
			maxRow = max(maxRow, len(rows))
			for _, r := range rows {
				maxCol = max(maxCol, len(r))
			}
		}
		for r := 1; r <= maxRow; r++ {
			for c := 1; c <= maxCol; c++ {
				ref := cellName(c, r)
				id, err := f.GetCellStyle(sheet, ref)
				if err != nil {
					return nil, err
				}
				cm, hasComment := comments[ref]
				fill := fillOf(id)
				if fill != "" || hasComment {
					out = append(out, MarkedCell{Sheet: sheet, Cell: ref, Fill: fill, Author: cm.Author, Comment: commentText(cm)})
				}
			}
		}
	}
	return out, nil
}

// cellFills reads the styles part itself and returns, for a cell format
// index, FillError, FillWarning or "". excelize's own reading of styles
// drops every colour of a workbook without a theme part.
func cellFills(file string) (func(int) string, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	wbPart, err := workbookPart(&zr.Reader)
	if err != nil {
		return nil, err
	}
	stylesPart, err := relatedPart(&zr.Reader, wbPart, "styles")
	if err != nil {
		return nil, err
	}
	var styles struct {
		Fills []struct {
			Pattern struct {
				Fg struct {
					RGB string `xml:"rgb,attr"`
				} `xml:"fgColor"`
			} `xml:"patternFill"`
		} `xml:"fills>fill"`
		Xfs []struct {
			FillID int `xml:"fillId,attr"`
		} `xml:"cellXfs>xf"`
	}
	for _, zf := range zr.File {
		if zf.Name != stylesPart {
			continue
		}
		data, err := ooxml.ReadPart(zf)
		if err != nil {
			return nil, err
		}
		if err := xml.Unmarshal(data, &styles); err != nil {
			return nil, fmt.Errorf("%s: %w", stylesPart, err)
		}
	}
	return func(xf int) string {
		if xf < 0 || xf >= len(styles.Xfs) || styles.Xfs[xf].FillID >= len(styles.Fills) {
			return ""
		}
		switch rgb := strings.ToUpper(styles.Fills[styles.Xfs[xf].FillID].Pattern.Fg.RGB); {
		case strings.HasSuffix(rgb, FillError):
			return FillError
		case strings.HasSuffix(rgb, FillWarning):
			return FillWarning
		}
		return ""
	}, nil
}
