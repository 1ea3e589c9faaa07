package xlsx

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tuijin/generator/xlsx/xlsxtest"

	"tuijin/generator/xlsx/internal/ooxml"
)

// clerkBook writes a workbook such as clerks send: a title row, a formula
// with its cached value, formatted numbers and dates, a comment of their
// own, a print area scoped to the second sheet, and a sheet whose name needs
// quoting.
func clerkBook(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "发改统计局.xlsx")
	err := xlsxtest.Workbook(src, []byte(strings.Join([]string{
		"== 项目台账 ==",
		"!merge A1:D1",
		"2024年3月项目推进台账",
		"项目代码\t项目名称\t项目类别\t总投资（万元）\t计划开工时间",
		"CB-1\t城南污水厂\t政府投资\t#n:-20@#,##0.00\t#d:2024-03-15@yyyy\"年\"m\"月\"d\"日\"",
		"CB-2\t北环路\t国有投资\t#f:D3+100=80",
		"== 节点计划 ==",
		"项目代码\t节点名称",
		"CB-1\t开工",
		"== O'Brien 表 ==",
		"说明",
	}, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.AddComment("项目台账", excelize.Comment{Cell: "B3", Author: "王科员", Text: "名称待核"}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "'节点计划'!$A$1:$B$2", Scope: "节点计划"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return src
}

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func summaryOf(name string) Sheet {
	return Sheet{Name: name, Rows: [][]Cell{
		{{Value: Text("级别")}, {Value: Text("单元格")}},
		{{Value: Text("错误"), Style: Style{Fill: FillError}}, {Value: Text("D3"), Link: SheetRef("项目台账", "D3")}},
		{{Value: Text("警告")}, {Value: Text("A1"), Link: SheetRef("O'Brien 表", "A1")}},
	}}
}

func TestAnnotate(t *testing.T) {
	dir := t.TempDir()
	src := clerkBook(t, dir)
	before := hashFile(t, src)
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(out, "发改统计局.xlsx")
	marks := []Mark{
		{Sheet: "项目台账", Row: 3, Col: 4, Error: true, Text: "【错误】总投资必须是不小于 0 的数字"},
		{Sheet: "项目台账", Row: 3, Col: 3, Error: false, Text: "【警告】请核对"},
		{Sheet: "项目台账", Row: 3, Col: 3, Error: true, Text: "【错误】项目类别只能填写 国有投资、社会投资、运营企业 之一"},
		{Sheet: "项目台账", Row: 3, Col: 3, Error: true, Text: "【错误】项目类别只能填写 国有投资、社会投资、运营企业 之一"}, // the same line once
		{Sheet: "项目台账", Row: 3, Col: 2, Text: "【警告】名称过短"},
		{Sheet: "项目台账", Row: 2, Col: 0, Error: true, Text: "【错误】表头缺少必填列“责任单位”"},
		{Sheet: "项目台账", Row: 9, Col: 11, Error: true, Text: "【错误】空单元格"},
		{Sheet: "节点计划", Row: 2, Col: 1, Text: "【警告】节点"},
		{Sheet: "没有这个表", Row: 2, Col: 1, Text: "ignored"},
		{Sheet: "项目台账", Row: 200000, Col: 1, Error: true, Text: "ignored: beyond the rows read"},
		{Sheet: "项目台账", Row: 5, Col: 16384, Error: true, Text: "ignored: beyond the columns read"},
	}
	if err := Annotate(src, dst, marks, summaryOf("校验结果"), Limits{}); err != nil {
		t.Fatal(err)
	}
	if hashFile(t, src) != before {
		t.Fatal("Annotate changed the source file")
	}

	got, err := ReadMarks(dst)
	if err != nil {
		t.Fatal(err)
	}
	const by = CommentAuthor
	want := []MarkedCell{
		{"校验结果", "A2", FillError, "", ""}, // the summary's own level cell
		{"项目台账", "A2", FillError, by, "【错误】表头缺少必填列“责任单位”"},
		{"项目台账", "B3", FillWarning, by, "【警告】名称过短\n——\n原批注（王科员）：名称待核"},
		{"项目台账", "C3", FillError, by, "【警告】请核对\n【错误】项目类别只能填写 国有投资、社会投资、运营企业 之一"},
		{"项目台账", "D3", FillError, by, "【错误】总投资必须是不小于 0 的数字"},
		{"项目台账", "K9", FillError, by, "【错误】空单元格"},
		{"节点计划", "A2", FillWarning, by, "【警告】节点"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("marked cells:\n got %q\nwant %q", got, want)
	}

	f, err := excelize.OpenFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"校验结果", "项目台账", "节点计划", "O'Brien 表"}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	if got := f.GetSheetName(f.GetActiveSheetIndex()); got != "校验结果" {
		t.Errorf("active sheet = %q, want 校验结果", got)
	}
	for _, c := range []struct{ cell, link string }{{"B2", "'项目台账'!D3"}, {"B3", "'O''Brien 表'!A1"}} {
		if ok, link, _ := f.GetCellHyperLink("校验结果", c.cell); !ok || link != c.link {
			t.Errorf("校验结果!%s link = %v %q, want %q", c.cell, ok, link, c.link)
		}
	}
	// The print area still belongs to 节点计划, now one sheet further on.
	var scopes []string
	for _, dn := range f.GetDefinedName() {
		scopes = append(scopes, dn.Name+"@"+dn.Scope)
	}
	if want := []string{"_xlnm.Print_Area@节点计划"}; !slices.Equal(scopes, want) {
		t.Errorf("defined names = %v, want %v", scopes, want)
	}
	comments, _ := f.GetComments("项目台账")
	for _, c := range comments {
		if c.Author != CommentAuthor {
			t.Errorf("comment on %s by %q, want %q", c.Cell, c.Author, CommentAuthor)
		}
	}
	// A marked cell keeps its number format and only changes its fill.
	id, _ := f.GetCellStyle("项目台账", "D3")
	if st, err := f.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "#,##0.00" {
		t.Errorf("项目台账!D3 style = %+v (%v), want #,##0.00 kept", st, err)
	}

	// Everything else reads as before: values, the formula and its cached
	// value, the date serial, the merge.
	rowsOf := func(path, sheet string) [][]string {
		wb, err := Open(path, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		var rows [][]string
		if err := wb.Rows(sheet, func(r Row) error { rows = append(rows, r.Cells); return nil }); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	for _, sheet := range []string{"项目台账", "节点计划", "O'Brien 表"} {
		if got, want := rowsOf(dst, sheet), rowsOf(src, sheet); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s rows changed:\n got %q\nwant %q", sheet, got, want)
		}
	}
	if formula, _ := f.GetCellFormula("项目台账", "D4"); formula != "D3+100" {
		t.Errorf("项目台账!D4 formula = %q, want D3+100", formula)
	}
	if merges, _ := f.GetMergeCells("项目台账"); len(merges) != 1 {
		t.Errorf("项目台账 merges = %v, want the title's", merges)
	}
}

func TestAnnotateSummaryName(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.xlsx")
	if err := xlsxtest.Workbook(src, []byte("== 项目台账 ==\n项目代码\n== 校验结果 ==\n上次的结果\n")); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "out.xlsx")
	if err := Annotate(src, dst, nil, summaryOf("校验结果"), Limits{}); err != nil {
		t.Fatal(err)
	}
	wb, err := Open(dst, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got, want := wb.SheetNames(), []string{"校验结果（2）", "项目台账", "校验结果"}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
}

func TestAnnotateRefuses(t *testing.T) {
	dir := t.TempDir()
	src := clerkBook(t, dir)
	link := filepath.Join(dir, "link.xlsx")
	if err := os.Link(src, link); err != nil {
		t.Skip("no hard links here:", err)
	}
	before := hashFile(t, src)
	for _, dst := range []string{src, link, filepath.Join(dir, ".", "发改统计局.xlsx")} {
		if err := Annotate(src, dst, nil, summaryOf("校验结果"), Limits{}); err == nil || !strings.Contains(err.Error(), "overwrite its source") {
			t.Errorf("Annotate(src, %s) = %v, want a refusal", dst, err)
		}
	}
	if hashFile(t, src) != before {
		t.Fatal("a refused Annotate changed the source")
	}

	notZip := filepath.Join(dir, "notes.xlsx")
	if err := os.WriteFile(notZip, []byte("项目代码,项目名称\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Annotate(notZip, filepath.Join(dir, "out.xlsx"), nil, Sheet{}, Limits{})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Rule != RuleFileNotZip {
		t.Errorf("Annotate(not a zip) = %v, want a %s FileError", err, RuleFileNotZip)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.xlsx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed Annotate left a file: %v", err)
	}
}

// TestAnnotateKeepsStyles marks cells of a workbook without a theme part,
// as LibreOffice writes them, where excelize's reading of styles loses every
// colour: the marked cells must keep font colour, border and number format
// exactly, and only the fill changes.
func TestAnnotateKeepsStyles(t *testing.T) {
	parts := book(t, func(f *excelize.File) {
		red, err := f.NewStyle(&excelize.Style{
			Font:   &excelize.Font{Bold: true, Color: "FF0000"},
			Border: []excelize.Border{{Type: "bottom", Color: "00B050", Style: 2}},
			NumFmt: 4,
		})
		if err != nil {
			t.Fatal(err)
		}
		_ = f.SetCellValue("Sheet1", "A1", 12500)
		_ = f.SetCellStyle("Sheet1", "A1", "A1", red)
		_ = f.SetCellValue("Sheet1", "B1", "旁边")
		_ = f.SetCellStyle("Sheet1", "B1", "B1", red)
	})
	parts = without(parts, "xl/theme/theme1.xml")
	parts = edit(t, parts, "xl/_rels/workbook.xml.rels", func(s string) string {
		return regexp.MustCompile(`<Relationship [^>]*theme1.xml"[^>]*/>`).ReplaceAllString(s, "")
	})
	parts = edit(t, parts, "[Content_Types].xml", func(s string) string {
		return regexp.MustCompile(`<Override PartName="/xl/theme/theme1.xml"[^>]*/>`).ReplaceAllString(s, "")
	})
	src := writeParts(t, parts)
	dst := filepath.Join(t.TempDir(), "out.xlsx")
	if err := Annotate(src, dst, []Mark{{Sheet: "Sheet1", Row: 1, Col: 1, Error: true, Text: "错"}}, Sheet{}, Limits{}); err != nil {
		t.Fatal(err)
	}
	got := xfOf(t, dst, "A1")
	want := xfOf(t, src, "A1")
	if want.FontColor != "FFFF0000" || want.BColour != "FF00B050" || want.NumFmt != "4" || !want.Bold {
		t.Fatalf("the source's A1 looks like %+v; the test is not testing what it says", want)
	}
	want.FillColor = "FF" + FillError
	if got != want {
		t.Errorf("marked A1 looks like %+v, want %+v", got, want)
	}
	if got, want := xfOf(t, dst, "B1"), xfOf(t, src, "B1"); got != want {
		t.Errorf("unmarked B1 looks like %+v, want %+v", got, want)
	}
	b, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	for _, zf := range zr.File {
		if zf.Name == "xl/styles.xml" {
			data, _ := ooxml.ReadPart(zf)
			if strings.Contains(string(data), "tuijin-mark") {
				t.Error("a placeholder number format was left in styles.xml")
			}
		}
	}
}

// xfLook is what a cell format shows, resolved through the style tables.
type xfLook struct {
	NumFmt                string
	Bold                  bool
	FontColor, FillColor  string
	BorderBottom, BColour string
}

// xfOf reads Sheet1's cell style straight from the package parts.
func xfOf(t *testing.T, file, cell string) xfLook {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	id, err := f.GetCellStyle("Sheet1", cell)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var st struct {
		Fonts []struct {
			B     *struct{} `xml:"b"`
			Color struct {
				RGB string `xml:"rgb,attr"`
			} `xml:"color"`
		} `xml:"fonts>font"`
		Fills []struct {
			Fg struct {
				RGB string `xml:"rgb,attr"`
			} `xml:"patternFill>fgColor"`
		} `xml:"fills>fill"`
		Borders []struct {
			Bottom struct {
				Style string `xml:"style,attr"`
				Color struct {
					RGB string `xml:"rgb,attr"`
				} `xml:"color"`
			} `xml:"bottom"`
		} `xml:"borders>border"`
		Xfs []struct {
			NumFmt string `xml:"numFmtId,attr"`
			Font   int    `xml:"fontId,attr"`
			Fill   int    `xml:"fillId,attr"`
			Border int    `xml:"borderId,attr"`
		} `xml:"cellXfs>xf"`
	}
	for _, zf := range zr.File {
		if zf.Name == "xl/styles.xml" {
			data, err := ooxml.ReadPart(zf)
			if err != nil {
				t.Fatal(err)
			}
			if err := xml.Unmarshal(data, &st); err != nil {
				t.Fatal(err)
			}
		}
	}
	xf := st.Xfs[id]
	font, border := st.Fonts[xf.Font], st.Borders[xf.Border]
	return xfLook{
		NumFmt: xf.NumFmt, Bold: font.B != nil, FontColor: font.Color.RGB,
		FillColor: st.Fills[xf.Fill].Fg.RGB, BorderBottom: border.Bottom.Style, BColour: border.Bottom.Color.RGB,
	}
}
