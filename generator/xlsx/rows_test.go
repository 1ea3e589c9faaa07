package xlsx

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func set(t testing.TB, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func formula(t testing.TB, f *excelize.File, cell, expr string) {
	t.Helper()
	if err := f.SetCellFormula("Sheet1", cell, expr); err != nil {
		t.Fatal(err)
	}
}

func TestRowsValues(t *testing.T) {
	parts := book(t, func(f *excelize.File) {
		for i, v := range []any{"项目名称", "金额", "开工日期", "合计", "比率", "长度", "个数", "完成"} {
			set(t, f, "Sheet1", cellName(i+1, 1), v)
		}
		set(t, f, "Sheet1", "A2", "道路改造")
		set(t, f, "Sheet1", "B2", 12500.5)
		set(t, f, "Sheet1", "C2", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC))
		formula(t, f, "D2", "B2*2")
		formula(t, f, "E2", "1/0")
		formula(t, f, "F2", "LEN(A2)")
		set(t, f, "Sheet1", "G2", 7)
		set(t, f, "Sheet1", "H2", true)
	})
	// excelize writes formulas without a cached value; Excel writes one.
	// Give D2 a number and E2 an error, as Excel would, and add an inline
	// string, which excelize never writes.
	parts = edit(t, parts, "xl/worksheets/sheet1.xml", func(s string) string {
		s = replace(t, `<c r="D2" t="str"><f>B2*2</f></c>`, `<c r="D2"><f>B2*2</f><v>25001</v></c>`)(s)
		s = replace(t, `<c r="E2" t="str"><f>1/0</f></c>`, `<c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`)(s)
		return replace(t, `</row></sheetData>`, `<c r="I2" t="inlineStr"><is><t>内联</t><r><t>文本</t></r></is></c></row></sheetData>`)(s)
	})
	w := open(t, writeParts(t, parts), Limits{})
	got, err := collect(w, "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Num: 1, Cells: []string{"项目名称", "金额", "开工日期", "合计", "比率", "长度", "个数", "完成"}},
		{Num: 2, Cells: []string{"道路改造", "12500.5", "45366", "25001", "#DIV/0!", "", "7", "1", "内联文本"}, NoCache: []int{5}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows =\n%#v\nwant\n%#v", got, want)
	}
}

func TestRowsNumbers(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []Row
	}{
		{"sparse rows", `<sheetData>` +
			`<row r="1"><c r="A1"><v>1</v></c></row>` +
			`<row r="5"><c r="B5"><v>5</v></c></row>` +
			`<row r="9"><c r="C9"><v>9</v></c></row></sheetData>`,
			[]Row{{Num: 1, Cells: []string{"1"}}, {Num: 5, Cells: []string{"", "5"}}, {Num: 9, Cells: []string{"", "", "9"}}}},
		{"rows and cells without r", `<sheetData>` +
			`<row r="2"><c r="B2"><v>1</v></c></row>` +
			`<row><c><v>10</v></c><c><v>20</v></c><c r="E3"><v>50</v></c><c><v>60</v></c></row>` +
			`<row r="5" spans="1:3"/>` +
			`<row><c r="A6"><v>6</v></c></row></sheetData>`,
			[]Row{{Num: 2, Cells: []string{"", "1"}}, {Num: 3, Cells: []string{"10", "20", "", "", "50", "60"}}, {Num: 6, Cells: []string{"6"}}}},
		{"row of empty styled cells is skipped", `<sheetData>` +
			`<row r="1"><c r="A1" s="1"/><c r="B1" s="1"/></row>` +
			`<row r="2"><c r="A2"><v>2</v></c></row></sheetData>`,
			[]Row{{Num: 2, Cells: []string{"2"}}}},
		{"shared formula without value", `<sheetData>` +
			`<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>4</v></c></row>` +
			`<row r="2"><c r="A2"><v>3</v></c><c r="B2"><f t="shared" si="0"/></c></row>` +
			`<row r="3"><c r="A3"><f>A2</f><v></v></c></row></sheetData>`,
			[]Row{{Num: 1, Cells: []string{"2", "4"}}, {Num: 2, Cells: []string{"3", ""}, NoCache: []int{1}}, {Num: 3, Cells: []string{""}, NoCache: []int{0}}}},
		{"text formula saved with an empty result", `<sheetData>` +
			`<row r="1"><c r="A1" t="str"><f>IF(B1="","",B1)</f><v></v></c><c r="B1" t="str"><f>""</f><v/></c><c r="C1"><v>5</v></c></row>` +
			`<row r="2"><c r="A2" t="str"><f>B1</f></c><c r="B2"><f>C1</f><v/></c></row></sheetData>`,
			[]Row{{Num: 1, Cells: []string{"", "", "5"}}, {Num: 2, Cells: []string{"", ""}, NoCache: []int{0, 1}}}},
		{"declared GBK encoding", ``, // the whole part is replaced below
			[]Row{{Num: 1, Cells: []string{"1", "2"}}}},
		{"prefixed namespace", ``, // the whole part is replaced below
			[]Row{{Num: 1, Cells: []string{"7", "文本"}}, {Num: 3, Cells: []string{"", "", "9"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := book(t, func(f *excelize.File) { set(t, f, "Sheet1", "A1", "文本") })
			switch tt.name {
			default:
				parts = setSheet(t, parts, tt.body)
			case "declared GBK encoding":
				parts = edit(t, parts, "xl/worksheets/sheet1.xml", func(string) string {
					return `<?xml version="1.0" encoding="GBK"?>` +
						`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
						`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row></sheetData></worksheet>`
				})
			case "prefixed namespace":
				parts = edit(t, parts, "xl/worksheets/sheet1.xml", func(string) string {
					return `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
						`<x:row r="1"><x:c r="A1"><x:v>7</x:v></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>` +
						`<x:row r="3"><x:c r="C3"><x:v>9</x:v></x:c></x:row>` +
						`</x:sheetData></x:worksheet>`
				})
				// An absolute target, as some writers produce.
				parts = edit(t, parts, "xl/_rels/workbook.xml.rels",
					replace(t, `Target="worksheets/sheet1.xml"`, `Target="/xl/worksheets/sheet1.xml"`))
			}
			w := open(t, writeParts(t, parts), Limits{})
			got, err := collect(w, "Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestRowsSheetErrors(t *testing.T) {
	tests := []struct {
		name      string
		body      string // worksheet content; "" keeps what excelize wrote
		build     func(f *excelize.File)
		lim       Limits
		wantRows  []int // Num of the rows delivered before the error
		rule      string
		cell      string
		msg       string
		wantCalls bool
	}{
		{name: "value in XFD", build: func(f *excelize.File) {
			set(t, f, "Sheet1", "A1", "表头")
			set(t, f, "Sheet1", "XFD5", "x")
		}, rule: RuleSheetTooWide, cell: "XFD5", msg: "最大列数 256"},
		{name: "value just beyond MaxColumns", build: func(f *excelize.File) {
			set(t, f, "Sheet1", "C1", 1)
		}, lim: Limits{MaxColumns: 2}, rule: RuleSheetTooWide, cell: "C1", msg: "最大列数 2（B 列）"},
		{name: "too many cells beyond MaxColumns", body: `<sheetData><row r="1"><c r="A1"><v>1</v></c>` + emptyCells(3, 3+maxCellsBeyond) + `</row></sheetData>`,
			lim: Limits{MaxColumns: 2}, rule: RuleSheetTooWide, cell: "C1", msg: "超过 10000 个单元格"},
		{name: "row 1048576", build: func(f *excelize.File) {
			// The stream writer, because SetCellValue on the last row
			// allocates every row above it and takes seconds.
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []int{1, 2, 1048576} {
				if err := sw.SetRow(cellName(1, r), []any{r}); err != nil {
					t.Fatal(err)
				}
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
		}, wantRows: []int{1, 2}, rule: RuleSheetTooManyRows, cell: "A1048576", msg: "最大行数 100000"},
		{name: "MaxRows", build: func(f *excelize.File) {
			for r := 1; r <= 5; r++ {
				set(t, f, "Sheet1", cellName(1, r), r)
			}
		}, lim: Limits{MaxRows: 2}, wantRows: []int{1, 2}, rule: RuleSheetTooManyRows, cell: "A3", msg: "最大行数 2"},
		{name: "rows out of order", body: `<sheetData><row r="3"><c r="A3"><v>3</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData>`,
			rule: RuleSheetCorrupt, cell: "A2", msg: "数据结构异常"},
		{name: "cells out of order", body: `<sheetData><row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row></sheetData>`,
			rule: RuleSheetCorrupt, cell: "A1", msg: "数据结构异常"},
		{name: "bad cell reference", body: `<sheetData><row r="1"><c r="1A"><v>3</v></c></row></sheetData>`,
			rule: RuleSheetCorrupt, msg: "数据结构异常"},
		{name: "row outside sheetData", body: `<row r="1"/><sheetData/>`, rule: RuleSheetCorrupt, msg: "数据结构异常"},
		{name: "shared string past the table", body: `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>99</v></c></row></sheetData>`,
			rule: RuleSheetCorrupt, cell: "B1", msg: "数据结构异常"},
		{name: "shared string index not a number", body: `<sheetData><row r="1"><c r="A1" t="s"><v>abc</v></c></row></sheetData>`,
			rule: RuleSheetCorrupt, cell: "A1", msg: "数据结构异常"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			build := tt.build
			if build == nil {
				build = func(f *excelize.File) { set(t, f, "Sheet1", "A1", "文本") }
			}
			parts := book(t, build)
			if tt.body != "" {
				parts = setSheet(t, parts, tt.body)
			}
			w := open(t, writeParts(t, parts), tt.lim)
			var nums []int
			err := w.Rows("Sheet1", func(r Row) error {
				nums = append(nums, r.Num)
				return nil
			})
			se := asSheetError(t, err)
			if se.Rule != tt.rule || se.Cell != tt.cell || se.Sheet != "Sheet1" {
				t.Errorf("SheetError{Sheet %q, Rule %q, Cell %q}, want {Sheet1, %q, %q} (%v)", se.Sheet, se.Rule, se.Cell, tt.rule, tt.cell, err)
			}
			if !strings.Contains(se.Message, tt.msg) || !strings.Contains(se.Message, "Sheet1") {
				t.Errorf("Message = %q, want it to name the sheet and contain %q", se.Message, tt.msg)
			}
			if !reflect.DeepEqual(nums, tt.wantRows) {
				t.Errorf("rows delivered = %v, want %v", nums, tt.wantRows)
			}
		})
	}
}

// emptyCells writes formatted but empty cells in row 1, columns from..to.
func emptyCells(from, to int) string {
	var b strings.Builder
	for c := from; c <= to; c++ {
		fmt.Fprintf(&b, `<c r="%s" s="0"/>`, cellName(c, 1))
	}
	return b.String()
}

func TestRowsTrimsBeyondMaxColumns(t *testing.T) {
	// Beyond the limit only empty cells are allowed; a formula without a
	// value is one, and excelize lists it as "".
	parts := setSheet(t, book(t, nil), `<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="E1"><f>A1</f></c></row>`+
		`<row r="2"><c r="B2"><f>A1</f></c><c r="D2"><f>A1</f></c></row></sheetData>`)
	w := open(t, writeParts(t, parts), Limits{MaxColumns: 3})
	got, err := collect(w, "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{{Num: 1, Cells: []string{"1"}}, {Num: 2, Cells: []string{"", ""}, NoCache: []int{1}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows =\n%#v\nwant\n%#v", got, want)
	}
}

func TestRowsStopsOnCallbackError(t *testing.T) {
	path := writeParts(t, book(t, func(f *excelize.File) {
		for r := 1; r <= 3; r++ {
			set(t, f, "Sheet1", cellName(1, r), r)
		}
	}))
	w := open(t, path, Limits{})
	stop := errors.New("stop")
	calls := 0
	err := w.Rows("Sheet1", func(Row) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("Rows = %v after %d calls, want %v after 1", err, calls, stop)
	}
	// The workbook stays usable.
	if rows, err := collect(w, "Sheet1"); err != nil || len(rows) != 3 {
		t.Errorf("second Rows: %d rows, %v; want 3 rows", len(rows), err)
	}
}

func TestRowsUnknownSheet(t *testing.T) {
	w := open(t, writeParts(t, book(t, nil)), Limits{})
	err := w.Rows("没有这张表", func(Row) error { return nil })
	se := asSheetError(t, err)
	if se.Rule != RuleSheetNotFound || se.Sheet != "没有这张表" {
		t.Errorf("SheetError{Rule %q, Sheet %q}, want {%q, %q}", se.Rule, se.Sheet, RuleSheetNotFound, "没有这张表")
	}
	if err := w.Rows("sheet1", func(Row) error { return nil }); err == nil {
		t.Error(`Rows("sheet1") succeeded; names must match exactly`)
	}
}

func TestRowsMissingSheetPart(t *testing.T) {
	parts := book(t, func(f *excelize.File) {
		set(t, f, "Sheet1", "A1", 1)
		if _, err := f.NewSheet("二月"); err != nil {
			t.Fatal(err)
		}
		set(t, f, "二月", "A1", 2)
	})
	w := open(t, writeParts(t, without(parts, "xl/worksheets/sheet2.xml")), Limits{})
	if rows, err := collect(w, "Sheet1"); err != nil || len(rows) != 1 {
		t.Errorf("Sheet1: %d rows, %v; want 1 row", len(rows), err)
	}
	if se := asSheetError(t, w.Rows("二月", func(Row) error { return nil })); se.Rule != RuleSheetCorrupt {
		t.Errorf("Rule = %q, want %q", se.Rule, RuleSheetCorrupt)
	}
}

func TestRowsChartSheet(t *testing.T) {
	// A sheet whose relationship is not a worksheet has no cells to give.
	parts := book(t, func(f *excelize.File) { set(t, f, "Sheet1", "A1", 1) })
	parts = edit(t, parts, "xl/_rels/workbook.xml.rels", replace(t,
		"relationships/worksheet", "relationships/chartsheet"))
	w := open(t, writeParts(t, parts), Limits{})
	if got, want := w.SheetNames(), []string{"Sheet1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SheetNames() = %q, want %q", got, want)
	}
	if rows, err := collect(w, "Sheet1"); err != nil || len(rows) != 0 {
		t.Errorf("Rows: %d rows, %v; want none and no error", len(rows), err)
	}
}

func TestSheetNames(t *testing.T) {
	parts := book(t, func(f *excelize.File) {
		if err := f.SetSheetName("Sheet1", "一月台账"); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"二月 台账", "Data(3)"} {
			if _, err := f.NewSheet(name); err != nil {
				t.Fatal(err)
			}
		}
	})
	w := open(t, writeParts(t, parts), Limits{})
	if got, want := w.SheetNames(), []string{"一月台账", "二月 台账", "Data(3)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("SheetNames() = %q, want %q", got, want)
	}
}

func TestMerges(t *testing.T) {
	parts := book(t, func(f *excelize.File) {
		set(t, f, "Sheet1", "A1", "标题")
		for _, m := range [][2]string{{"A1", "C1"}, {"B3", "B5"}} {
			if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	})
	parts = edit(t, parts, "xl/worksheets/sheet1.xml", replace(t, "</mergeCells>", `<mergeCell ref="D4"/><mergeCell ref="bogus"/></mergeCells>`))
	w := open(t, writeParts(t, parts), Limits{})
	want := []Range{{Top: 1, Left: 1, Bottom: 1, Right: 3}, {Top: 3, Left: 2, Bottom: 5, Right: 2}, {Top: 4, Left: 4, Bottom: 4, Right: 4}}
	if got := w.Merges("Sheet1"); !reflect.DeepEqual(got, want) {
		t.Errorf("Merges = %v, want %v", got, want)
	}
	if got := w.Merges("none"); got != nil {
		t.Errorf("Merges(unknown) = %v, want nil", got)
	}
}

func TestDate1904(t *testing.T) {
	yes := true
	tests := []struct {
		name  string
		build func(f *excelize.File)
		want  bool
	}{
		{"1900", nil, false},
		{"1904", func(f *excelize.File) {
			if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := open(t, writeParts(t, book(t, tt.build)), Limits{})
			if got := w.Date1904(); got != tt.want {
				t.Errorf("Date1904() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCloseCleansUpAndSourceIsUntouched(t *testing.T) {
	// Force excelize onto its temporary-file path, which a real ledger
	// only takes beyond 16 MiB of sheet XML; shared strings that large
	// make the native reader hand the workbook to excelize.
	old := xmlInMemoryLimit
	xmlInMemoryLimit = 1 << 10
	t.Cleanup(func() { xmlInMemoryLimit = old })

	parts := book(t, func(f *excelize.File) {
		for r := 1; r <= 200; r++ {
			set(t, f, "Sheet1", cellName(1, r), fmt.Sprintf("项目 %d", r))
			set(t, f, "Sheet1", cellName(2, r), r*100)
		}
	})
	path := writeParts(t, parts)
	before := fileSum(t, path)
	tmp := t.TempDir()

	w, err := Open(path, Limits{TmpDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := collect(w, "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rows[199], (Row{Num: 200, Cells: []string{"项目 200", "20000"}}); !reflect.DeepEqual(got, want) {
		t.Errorf("last row = %#v, want %#v", got, want)
	}
	entries, _ := os.ReadDir(tmp)
	if len(entries) != 1 || !entries[0].IsDir() {
		t.Fatalf("TmpDir holds %v while open, want one folder", entries)
	}
	if inside, _ := os.ReadDir(tmp + "/" + entries[0].Name()); len(inside) == 0 {
		t.Error("excelize wrote no temporary files into the folder; the test no longer covers them")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("TmpDir holds %d entries after Close, want 0", len(left))
	}
	if err := w.Rows("Sheet1", func(Row) error { return nil }); err == nil {
		t.Error("Rows after Close succeeded")
	}
	if after := fileSum(t, path); after != before {
		t.Error("source file changed")
	}
}

func fileSum(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestParseCellRef(t *testing.T) {
	tests := []struct {
		in       string
		col, row int
		ok       bool
	}{
		{"A1", 1, 1, true},
		{"xfd1048576", 16384, 1048576, true},
		{"AA10", 27, 10, true},
		{"XFE1", 0, 0, false},
		{"A1048577", 0, 0, false},
		{"A0", 0, 0, false},
		{"A", 0, 0, false},
		{"1", 0, 0, false},
		{"A1B", 0, 0, false},
		{"$A$1", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		col, row, ok := parseCellRef(tt.in)
		if col != tt.col || row != tt.row || ok != tt.ok {
			t.Errorf("parseCellRef(%q) = %d, %d, %v; want %d, %d, %v", tt.in, col, row, ok, tt.col, tt.row, tt.ok)
		}
	}
	for _, col := range []int{1, 26, 27, 702, 703, 16384} {
		if c, _, _ := parseCellRef(cellName(col, 1)); c != col {
			t.Errorf("parseCellRef(cellName(%d, 1)) column = %d", col, c)
		}
	}
}

// Zip helpers are exercised by the hostile cases; make sure the bomb builder
// really builds what its name says, on a small scale.
func TestZeroBombInflates(t *testing.T) {
	stream := zeroBomb(t, 3<<20)
	want := int64(64<<10 + 3<<20)
	b := zipParts(t, []part{{name: "x", data: stream, hdr: &zip.FileHeader{
		Name: "x", Method: zip.Deflate, CompressedSize64: uint64(len(stream)), UncompressedSize64: uint64(want),
	}}})
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	buf := make([]byte, 1<<16)
	for {
		m, err := rc.Read(buf)
		if bytes.ContainsFunc(buf[:m], func(r rune) bool { return r != 0 }) {
			t.Fatal("bomb inflates to something other than zeros")
		}
		n += int64(m)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if n != want {
		t.Errorf("bomb inflates to %d bytes, want %d", n, want)
	}
}
