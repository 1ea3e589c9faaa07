package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The native reader must give exactly what excelize gives. These tests read
// workbooks both ways -- natively, and with Workbook.viaExcelize, the row
// iterator of excelize that was the reader before -- and compare every row
// and every error of every sheet.

// transcript reads every sheet of the workbook at path in workbook order and
// writes down everything Rows says.
func transcript(t testing.TB, path string, lim Limits, viaExcelize bool) string {
	t.Helper()
	if lim.TmpDir == "" {
		lim.TmpDir = t.TempDir()
	}
	w, err := Open(path, lim)
	if err != nil {
		return "Open: " + err.Error()
	}
	defer w.Close()
	w.viaExcelize = viaExcelize
	var b strings.Builder
	fmt.Fprintf(&b, "date1904 %v\n", w.Date1904())
	for _, name := range w.SheetNames() {
		fmt.Fprintf(&b, "sheet %q merges %v\n", name, w.Merges(name))
		err := w.Rows(name, func(r Row) error {
			fmt.Fprintf(&b, "  %d %q %v\n", r.Num, r.Cells, r.NoCache)
			return nil
		})
		var se *SheetError
		switch {
		case errors.As(err, &se):
			fmt.Fprintf(&b, "  error %s %q %q: %v\n", se.Rule, se.Cell, se.Message, se.Err)
		case err != nil:
			fmt.Fprintf(&b, "  error %v\n", err)
		}
	}
	return b.String()
}

// checkNative asserts that both readers agree on the workbook at path and
// returns what they said.
func checkNative(t testing.TB, path string, lim Limits) string {
	t.Helper()
	native := transcript(t, path, lim, false)
	reference := transcript(t, path, lim, true)
	if native != reference {
		t.Fatalf("native reader and excelize differ on %s\nnative:\n%s\nexcelize:\n%s", path, native, reference)
	}
	return native
}

func TestNativeMatchesExcelizeOnLedgers(t *testing.T) {
	books, _ := filepath.Glob("../../data/ledgers/*/*.xlsx")
	if len(books) == 0 {
		t.Fatal("no ledgers in data/ledgers")
	}
	before := handovers.Load()
	for _, p := range books {
		checkNative(t, p, Limits{})
	}
	if n := handovers.Load() - before; n != 0 {
		t.Errorf("the native reader handed %d sheets of the bundled ledgers to excelize, want 0", n)
	}
}

// nativeBook is a small real workbook whose first sheet and shared strings
// are replaced by the given XML; "" keeps excelize's.
func nativeBook(t testing.TB, sheet, sst string) []part {
	nativeBase.once.Do(func() { nativeBase.parts = nativeBaseBook(t) })
	parts := append([]part(nil), nativeBase.parts...)
	if sheet != "" {
		parts = edit(t, parts, "xl/worksheets/sheet1.xml", func(string) string { return sheet })
	}
	if sst != "" {
		parts = edit(t, parts, "xl/sharedStrings.xml", func(string) string { return sst })
	}
	return parts
}

// nativeBase is the workbook nativeBook starts from, made once: excelize
// takes milliseconds to write it, which would slow the fuzzer down.
var nativeBase struct {
	once  sync.Once
	parts []part
}

func nativeBaseBook(t testing.TB) []part {
	return book(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "甲")
		f.SetCellValue("Sheet1", "B1", "乙")
		f.SetCellValue("Sheet1", "C1", "丙")
		if _, err := f.NewSheet("二"); err != nil {
			t.Fatal(err)
		}
		f.SetCellValue("二", "A1", "甲")
		f.SetCellValue("二", "B2", 3)
	})
}

const sstHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">`

// nativeCases are sheets and shared strings that exercise what excelize
// does with cell values; FuzzNativeRows starts from them.
var nativeCases = []struct{ name, sheet, sst string }{
	{"types", `<sheetData><row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="str"><v> x </v></c><c r="C1" t="b"><v>1</v></c>` +
		`<c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="d"><v>2024-03-15T00:00:00Z</v></c><c r="F1" t="n"><v>1.50</v></c>` +
		`<c r="G1"><v>007</v></c><c r="H1" t="bogus"><v>x</v></c><c r="I1" t="s"><v> 1 </v></c><c r="J1" t="s"><v></v></c></row></sheetData>`, ""},
	{"rich text and phonetics", `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row></sheetData>`,
		sstHead + `<si><t>甲</t><rPh sb="0" eb="1"><t>ジア</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>` +
			`<si><r><rPr><b/><sz val="11"/><color theme="1" tint="-0.5"/><rFont val="宋体"/><family val="2"/><charset val="134"/></rPr><t>粗</t></r><r><t xml:space="preserve"> 体 </t></r></si>` +
			`<si><t>a</t><t>b</t><r><t>c</t><t>d</t></r><extLst><t>x</t></extLst></si>` +
			`<si><t>_x0041__x005F_x0042__xD800_&amp;&#x4E00;&#13;&#10;x&#13;y` + "\r\n" + `z` + "\r" + `</t></si></sst>`},
	{"inline strings", `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>内</t><r><t>联</t></r><rPh><t>x</t></rPh></is></c>` +
		`<c r="B1" t="inlineStr"><v>v</v></c><c r="C1" t="inlineStr"><is><t>a</t></is><is><r><t>b</t></r></is></c>` +
		`<c r="D1" t="inlineStr"><is/></c><c r="E1" t="str"><is><t>ignored</t></is><v>kept</v></c></row></sheetData>`, ""},
	{"formulas", `<sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1</f></c>` +
		`<c r="C1" t="str"><f>"x"</f><v></v></c><c r="D1"><f ca="1">NOW()</f><v>4</v></c></row>` +
		`<row r="2"><c r="B2"><f t="shared" si="0"/></c></row></sheetData>`, ""},
	{"rows and cells without r", `<sheetData><row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>` +
		`<row r="4"><c r="b4"><v>b</v></c></row><row><c r="A5" s="3"/><c r="C5" s="2"><v>c</v></c></row></sheetData>`, ""},
	{"nested values", `<sheetData><row r="1"><c r="A1"><v>1</v><v>2</v></c><c r="B1"><extLst><v>9</v></extLst></c>` +
		`<c r="C1"><f>A1<v>7</v></f></c><c r="D1"><v>a<x>b</x>c</v></c></row></sheetData>`, ""},
	{"text", `<sheetData><row r="1"><c r="A1" t="str"><v>a&amp;b &lt;&gt; &#x41;&#66;` + "\r\n" + `c` + "\r" + `d</v></c>` +
		`<c r="B1" t="str"><v>  </v></c><c r="C1" t="str"><v>_x0041_</v></c></row></sheetData>`, ""},
	{"attributes excelize cannot decode", `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" s="x"><v>2</v></c><c><v>3</v></c></row>` +
		`<row r="3"><c r="A3"><f si="x">1</f><v>3</v></c></row><row r="4"><c r="A4"><v>4</v></c></row></sheetData>`, ""},
	{"inline string excelize cannot decode", `<sheetData><row r="1"><c r="A1"><v>1</v></c></row>` +
		`<row r="2"><c r="A2" t="inlineStr"><is><r><rPr><sz val="big"/></rPr><t>x</t></r></is></c><c r="B2"><v>5</v></c></row></sheetData>`, ""},
	{"shared strings excelize cannot decode", "", sstHead + `<si><r><rPr><b val="maybe"/></rPr><t>x</t></r></si></sst>`},
	{"shared strings without namespace", "", `<sst><si><t>x</t></si></sst>`},
	{"shared strings with a comment", "", sstHead + `<si><t>甲<!-- c --></t></si><si><t>乙</t></si><si><t>丙</t></si></sst>`},
	{"empty shared strings", "", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`},
	{"comment in sheet", `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><!-- c --><row r="2"><c r="A2"><v>2</v></c></row></sheetData>`, ""},
}

func TestNativeMatchesExcelize(t *testing.T) {
	for _, tt := range nativeCases {
		t.Run(tt.name, func(t *testing.T) {
			sheet := tt.sheet
			if sheet != "" {
				sheet = string(sheetXML(sheet))
			}
			checkNative(t, writeParts(t, nativeBook(t, sheet, tt.sst)), Limits{})
		})
	}
}

// FuzzNativeRows mutates the XML of a worksheet and of the shared strings
// of a small workbook: whatever the pre-scan accepts, the native reader and
// excelize must read alike.
func FuzzNativeRows(f *testing.F) {
	for _, tt := range nativeCases {
		sheet := tt.sheet
		if sheet != "" {
			sheet = string(sheetXML(sheet))
		}
		f.Add([]byte(sheet), []byte(tt.sst))
	}
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		parts := nativeBook(t, string(sheet), string(sst))
		for i := range parts {
			parts[i].method = zip.Store // cheaper; the reader does not care
		}
		checkNative(t, writeParts(t, parts), Limits{MaxRows: 5000, MaxColumns: 64, MaxPartSize: 1 << 20, MaxTotalSize: 4 << 20})
	})
}

func TestNativeReadingLeavesNoFiles(t *testing.T) {
	path := writeParts(t, nativeBook(t, "", ""))
	tmp := t.TempDir()
	w, err := Open(path, Limits{TmpDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := collect(w, "Sheet1")
	if err != nil || len(rows) != 1 {
		t.Fatalf("Rows: %d rows, %v; want 1 row", len(rows), err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("TmpDir holds %d entries while reading natively, want 0", len(left))
	}
	if w.f != nil {
		t.Error("reading opened excelize")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Rows("Sheet1", func(Row) error { return nil }); err == nil {
		t.Error("Rows after Close succeeded")
	}
}
