package xlsxtest

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// book is a workbook built by Workbook and read back two ways: through
// excelize, as the project's readers will, and as raw zip parts, to prove
// the XML that other readers (Excel, WPS) would see.
type book struct {
	t     *testing.T
	f     *excelize.File
	parts map[string]string
}

// buildBook writes src with Workbook and opens the result again, which also
// proves that every file written here is one excelize can open.
func buildBook(t *testing.T, src string) *book {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := Workbook(path, []byte(src)); err != nil {
		t.Fatalf("Workbook: %v", err)
	}
	return openBook(t, path)
}

func openBook(t *testing.T, path string) *book {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize.OpenFile(%s): %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("zip part %s: %v", zf.Name, err)
		}
		parts[zf.Name] = string(data)
	}
	return &book{t, f, parts}
}

// value is what a reader sees by default (number formats applied).
func (b *book) value(sheet, ref string) string {
	b.t.Helper()
	v, err := b.f.GetCellValue(sheet, ref)
	if err != nil {
		b.t.Fatalf("GetCellValue(%s!%s): %v", sheet, ref, err)
	}
	return v
}

// raw is the stored <v> (or string) without number formats.
func (b *book) raw(sheet, ref string) string {
	b.t.Helper()
	v, err := b.f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		b.t.Fatalf("GetCellValue(%s!%s): %v", sheet, ref, err)
	}
	return v
}

func (b *book) typ(sheet, ref string) excelize.CellType {
	b.t.Helper()
	ct, err := b.f.GetCellType(sheet, ref)
	if err != nil {
		b.t.Fatalf("GetCellType(%s!%s): %v", sheet, ref, err)
	}
	return ct
}

func (b *book) formula(sheet, ref string) string {
	b.t.Helper()
	v, err := b.f.GetCellFormula(sheet, ref)
	if err != nil {
		b.t.Fatalf("GetCellFormula(%s!%s): %v", sheet, ref, err)
	}
	return v
}

// numFmt returns the cell's built-in number format id and custom format.
func (b *book) numFmt(sheet, ref string) (int, string) {
	b.t.Helper()
	id, err := b.f.GetCellStyle(sheet, ref)
	if err != nil {
		b.t.Fatal(err)
	}
	st, err := b.f.GetStyle(id)
	if err != nil {
		b.t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return st.NumFmt, *st.CustomNumFmt
	}
	return st.NumFmt, ""
}

// cellXML returns the <c> element of ref in the named sheet's part, found
// through the workbook's relationships.
func (b *book) cellXML(sheet, ref string) string {
	b.t.Helper()
	zr, err := zip.NewReader(strings.NewReader(b.zip()), int64(len(b.zip())))
	if err != nil {
		b.t.Fatal(err)
	}
	parts, err := sheetParts(zr)
	if err != nil {
		b.t.Fatal(err)
	}
	xml, ok := b.parts[parts[sheet]]
	if !ok {
		b.t.Fatalf("no part for sheet %q", sheet)
	}
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
	c := re.FindString(xml)
	if c == "" {
		b.t.Fatalf("no <c r=%q> in %s", ref, parts[sheet])
	}
	return c
}

// zip re-packs the parts so sheetParts can resolve sheet names.
func (b *book) zip() string {
	var sb strings.Builder
	zw := zip.NewWriter(&sb)
	for _, name := range []string{"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		w, _ := zw.Create(name)
		io.WriteString(w, b.parts[name])
	}
	zw.Close()
	return sb.String()
}

func (b *book) eq(what, got, want string) {
	b.t.Helper()
	if got != want {
		b.t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func TestWorkbook(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(b *book)
	}{
		{
			name: "text stays text, numbers are numbers",
			src: "== S ==\n" +
				"12500\t#n:12500.5\t#n:12500.50\t#n:-3e2\t 12500 \t0012\n" +
				"#n:1234.5@#,##0.00\t#n:.5\n",
			check: func(b *book) {
				b.eq("A1 value", b.value("S", "A1"), "12500")
				if ct := b.typ("S", "A1"); ct != excelize.CellTypeSharedString {
					b.t.Errorf("A1 type = %v, want shared string", ct)
				}
				b.eq("B1", b.cellXML("S", "B1"), `<c r="B1"><v>12500.5</v></c>`)
				b.eq("C1 keeps its literal", b.cellXML("S", "C1"), `<c r="C1"><v>12500.50</v></c>`)
				b.eq("D1", b.cellXML("S", "D1"), `<c r="D1"><v>-3e2</v></c>`)
				b.eq("E1 spaces kept", b.value("S", "E1"), " 12500 ")
				b.eq("F1 leading zeros kept", b.value("S", "F1"), "0012")
				b.eq("A2 formatted", b.value("S", "A2"), "1,234.50")
				if _, custom := b.numFmt("S", "A2"); custom != "#,##0.00" {
					b.t.Errorf("A2 format = %q", custom)
				}
				b.eq("B2", b.raw("S", "B2"), ".5")
			},
		},
		{
			name: "dates in the 1900 system",
			src: "== S ==\n" +
				"#d:2024-03-15\t#d:2024-03\t#d:2024-03-15@yyyy\"年\"m\"月\"d\"日\"\t#d:2024-03-15 12:00\t#d:2024-03-15 06:00:00\n" +
				"#d:1900-01-01\t#d:1900-02-28\t#d:1900-03-01\t#d:2024-03@yyyy\\\\年m\\\\月\n",
			check: func(b *book) {
				b.eq("A1", b.cellXML("S", "A1"), `<c r="A1" s="1"><v>45366</v></c>`)
				if id, _ := b.numFmt("S", "A1"); id != 14 {
					b.t.Errorf("A1 number format = %d, want 14", id)
				}
				b.eq("B1 first of month", b.raw("S", "B1"), "45352")
				b.eq("C1 raw", b.raw("S", "C1"), "45366")
				b.eq("C1 shown", b.value("S", "C1"), "2024年3月15日")
				if _, custom := b.numFmt("S", "C1"); custom != `yyyy"年"m"月"d"日"` {
					b.t.Errorf("C1 format = %q", custom)
				}
				b.eq("D1", b.raw("S", "D1"), "45366.5")
				if id, _ := b.numFmt("S", "D1"); id != 22 {
					b.t.Errorf("D1 number format = %d, want 22", id)
				}
				b.eq("E1", b.raw("S", "E1"), "45366.25")
				b.eq("A2", b.raw("S", "A2"), "1")
				b.eq("B2", b.raw("S", "B2"), "59")
				b.eq("C2 after the phantom 1900-02-29", b.raw("S", "C2"), "61")
				if _, custom := b.numFmt("S", "D2"); custom != `yyyy\年m\月` {
					b.t.Errorf("D2 format = %q", custom)
				}
				props, err := b.f.GetWorkbookProps()
				if err != nil || props.Date1904 != nil && *props.Date1904 {
					b.t.Errorf("Date1904 = %v, %v; want unset or false", props.Date1904, err)
				}
			},
		},
		{
			name: "dates in the 1904 system",
			// !date1904 after the dates still governs them.
			src: "== S ==\n" +
				"#d:2024-03-15\t#d:2024-03-15@yyyy\"年\"m\"月\"d\"日\"\t#d:1904-01-01\t#d:1904-01-02 18:00\n" +
				"!date1904\n",
			check: func(b *book) {
				b.eq("A1", b.raw("S", "A1"), "43904")
				b.eq("B1 shown", b.value("S", "B1"), "2024年3月15日")
				b.eq("C1", b.raw("S", "C1"), "0")
				b.eq("D1", b.raw("S", "D1"), "1.75")
				props, err := b.f.GetWorkbookProps()
				if err != nil || props.Date1904 == nil || !*props.Date1904 {
					b.t.Errorf("Date1904 = %v, %v; want true", props.Date1904, err)
				}
			},
		},
		{
			name: "formulas with and without cached values",
			src: "== S ==\n" +
				"#f:SUM(B2:B3)\t#f:SUM(B2:B3)=30000\t#f:A1&\"x\"=\"abc\"\t#f:\"a\"&\"b\"=\"a\"\"b\"\t#f:B2/C2=#DIV/0!\t#f:ISBLANK(A9)=TRUE\n" +
				"#f:A1>=5\t#f:IF(A1=1,\"a\",\"b\")\t#f:(A1=1)\t#f:A1&\"=\"\t#f:A1=\"\"\t#f:B1*2=-1.5E3\n",
			check: func(b *book) {
				b.eq("A1", b.cellXML("S", "A1"), `<c r="A1" t="str"><f>SUM(B2:B3)</f></c>`)
				b.eq("B1", b.cellXML("S", "B1"), `<c r="B1"><f>SUM(B2:B3)</f><v>30000</v></c>`)
				b.eq("B1 formula", b.formula("S", "B1"), "SUM(B2:B3)")
				b.eq("B1 value", b.value("S", "B1"), "30000")
				b.eq("C1", b.cellXML("S", "C1"), `<c r="C1" t="str"><f>A1&amp;&#34;x&#34;</f><v>abc</v></c>`)
				b.eq("C1 formula", b.formula("S", "C1"), `A1&"x"`)
				b.eq("C1 value", b.value("S", "C1"), "abc")
				b.eq("D1 formula", b.formula("S", "D1"), `"a"&"b"`)
				b.eq("D1 value", b.value("S", "D1"), `a"b`)
				b.eq("E1", b.cellXML("S", "E1"), `<c r="E1" t="e"><f>B2/C2</f><v>#DIV/0!</v></c>`)
				if ct := b.typ("S", "E1"); ct != excelize.CellTypeError {
					b.t.Errorf("E1 type = %v, want error", ct)
				}
				b.eq("F1", b.cellXML("S", "F1"), `<c r="F1" t="b"><f>ISBLANK(A9)</f><v>1</v></c>`)
				// Comparisons are formulas, not caches.
				b.eq("A2", b.formula("S", "A2"), "A1>=5")
				b.eq("B2", b.formula("S", "B2"), `IF(A1=1,"a","b")`)
				b.eq("C2", b.formula("S", "C2"), "(A1=1)")
				b.eq("D2", b.formula("S", "D2"), `A1&"="`)
				for _, ref := range []string{"A2", "B2", "C2", "D2"} {
					if c := b.cellXML("S", ref); strings.Contains(c, "<v>") {
						b.t.Errorf("%s has a cached value: %s", ref, c)
					}
				}
				b.eq("E2", b.cellXML("S", "E2"), `<c r="E2" t="str"><f>A1</f><v></v></c>`)
				b.eq("F2", b.cellXML("S", "F2"), `<c r="F2"><f>B1*2</f><v>-1.5E3</v></c>`)
			},
		},
		{
			name: "booleans and errors",
			src:  "== S ==\n#b:TRUE\t#b:false\t#e:#DIV/0!\t#e:#N/A\n",
			check: func(b *book) {
				for _, ref := range []string{"A1", "B1"} {
					if ct := b.typ("S", ref); ct != excelize.CellTypeBool {
						b.t.Errorf("%s type = %v, want bool", ref, ct)
					}
				}
				b.eq("A1", b.value("S", "A1"), "TRUE")
				b.eq("B1", b.value("S", "B1"), "FALSE")
				b.eq("C1", b.cellXML("S", "C1"), `<c r="C1" t="e"><v>#DIV/0!</v></c>`)
				b.eq("C1 value", b.value("S", "C1"), "#DIV/0!")
				if ct := b.typ("S", "D1"); ct != excelize.CellTypeError {
					b.t.Errorf("D1 type = %v, want error", ct)
				}
				b.eq("D1 value", b.value("S", "D1"), "#N/A")
			},
		},
		{
			name: "merges",
			src:  "== S ==\n!merge A1:V1\n2024年3月台账\n!merge b2:c3\nx\n",
			check: func(b *book) {
				mc, err := b.f.GetMergeCells("S")
				if err != nil {
					b.t.Fatal(err)
				}
				var got []string
				for _, m := range mc {
					got = append(got, m.GetStartAxis()+":"+m.GetEndAxis()+"="+m.GetCellValue())
				}
				slices.Sort(got)
				want := []string{"A1:V1=2024年3月台账", "B2:C3="}
				if !slices.Equal(got, want) {
					b.t.Errorf("merges = %q, want %q", got, want)
				}
			},
		},
		{
			name: "row cursor and single cells",
			src:  "== S ==\na\n!row 20\nb\n!cell XFD5 最后一列\n!cell c7 #n:7\nc\n\nd\n",
			check: func(b *book) {
				b.eq("A1", b.value("S", "A1"), "a")
				b.eq("A20", b.value("S", "A20"), "b")
				b.eq("A21", b.value("S", "A21"), "c")
				b.eq("A22", b.value("S", "A22"), "")
				b.eq("A23", b.value("S", "A23"), "d")
				b.eq("XFD5", b.value("S", "XFD5"), "最后一列")
				b.eq("C7", b.cellXML("S", "C7"), `<c r="C7"><v>7</v></c>`)
				rows, err := b.f.GetRows("S")
				if err != nil {
					b.t.Fatal(err)
				}
				if len(rows) != 23 {
					b.t.Errorf("%d rows, want 23", len(rows))
				}
			},
		},
		{
			name: "escapes and odd characters",
			src: "== S ==\n" +
				`计划投资\n（万元）` + "\t" + `a\tb` + "\t" + `C:\\台账` + "\t" + `x\ry` + "\n" +
				"12\u00a0500\t项目\u200b\t##1号楼\t全角１２５００\n" +
				"!!注意\t!x\n" +
				"crlf\r\n",
			check: func(b *book) {
				b.eq("A1", b.value("S", "A1"), "计划投资\n（万元）")
				b.eq("B1", b.value("S", "B1"), "a\tb")
				b.eq("C1", b.value("S", "C1"), `C:\台账`)
				b.eq("D1", b.value("S", "D1"), "x\ry")
				b.eq("A2", b.value("S", "A2"), "12\u00a0500")
				b.eq("B2", b.value("S", "B2"), "项目\u200b")
				b.eq("C2", b.value("S", "C2"), "#1号楼")
				b.eq("D2", b.value("S", "D2"), "全角１２５００")
				b.eq("A3", b.value("S", "A3"), "!注意")
				b.eq("B3", b.value("S", "B3"), "!x")
				b.eq("A4", b.value("S", "A4"), "crlf")
			},
		},
		{
			name: "empty rows and trailing cells",
			src:  "\n\n== S ==\na\t\t\n\n\tb\t\n",
			check: func(b *book) {
				rows, err := b.f.GetRows("S")
				if err != nil {
					b.t.Fatal(err)
				}
				want := [][]string{{"a"}, nil, {"", "b"}}
				if len(rows) != len(want) {
					b.t.Fatalf("rows = %q, want %q", rows, want)
				}
				for i := range want {
					if !slices.Equal(rows[i], want[i]) {
						b.t.Errorf("row %d = %q, want %q", i+1, rows[i], want[i])
					}
				}
			},
		},
		{
			name: "sheets in order, first replaces Sheet1",
			src:  "== 汇总 ==\na\n== 明细 表 ==\nb\n== Sheet1 ==\nc\n== ２０２４年３月 ==\n",
			check: func(b *book) {
				want := []string{"汇总", "明细 表", "Sheet1", "２０２４年３月"}
				if got := b.f.GetSheetList(); !slices.Equal(got, want) {
					b.t.Errorf("sheets = %q, want %q", got, want)
				}
				b.eq("明细 表!A1", b.value("明细 表", "A1"), "b")
				b.eq("Sheet1!A1", b.value("Sheet1", "A1"), "c")
				if b.f.GetActiveSheetIndex() != 0 {
					b.t.Errorf("active sheet = %d", b.f.GetActiveSheetIndex())
				}
			},
		},
		{
			name: "hidden sheets, including the first",
			src:  "== 说明 ==\n!hidden\n== 数据 ==\na\n== 备用 ==\n!hidden\n",
			check: func(b *book) {
				for name, want := range map[string]bool{"说明": false, "数据": true, "备用": false} {
					got, err := b.f.GetSheetVisible(name)
					if err != nil || got != want {
						b.t.Errorf("visible(%s) = %v, %v; want %v", name, got, err, want)
					}
				}
				if b.f.GetActiveSheetIndex() != 1 {
					b.t.Errorf("active sheet = %d, want 1 (first visible)", b.f.GetActiveSheetIndex())
				}
			},
		},
		{
			name: "wps",
			src:  "!wps\n== S ==\n",
			check: func(b *book) {
				app, err := b.f.GetAppProps()
				if err != nil {
					b.t.Fatal(err)
				}
				b.eq("Application", app.Application, "WPS 表格")
				if !strings.Contains(b.parts["docProps/app.xml"], "<Application>WPS 表格</Application>") {
					b.t.Errorf("app.xml = %s", b.parts["docProps/app.xml"])
				}
				props, err := b.f.GetCustomProps()
				if err != nil {
					b.t.Fatal(err)
				}
				if len(props) != 1 || props[0].Name != "KSOProductBuildVer" {
					b.t.Errorf("custom properties = %v", props)
				}
			},
		},
		{
			name: "wps with a name",
			src:  "== S ==\n!wps WPS Office 个人版\n",
			check: func(b *book) {
				app, err := b.f.GetAppProps()
				if err != nil {
					b.t.Fatal(err)
				}
				b.eq("Application", app.Application, "WPS Office 个人版")
			},
		},
		{
			name: "not wps",
			src:  "== S ==\n",
			check: func(b *book) {
				app, err := b.f.GetAppProps()
				if err != nil {
					b.t.Fatal(err)
				}
				b.eq("Application", app.Application, "Go Excelize")
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(buildBook(t, tt.src))
		})
	}
}

func TestWorkbookErrors(t *testing.T) {
	long := strings.Repeat("长", 32)
	tests := []struct {
		src, want string
	}{
		{"", "no sheet header"},
		{"!wps\n", "no sheet header"},
		{"\na\n== S ==\n", `line 2: row before the first sheet header`},
		{"== S ==\n!foo 1\n", `line 2: unknown directive "!foo"`},
		{"== S ==\n!raw\n", "line 2: !raw must be the first line"},
		{"!merge A1:B1\n== S ==\n", "line 1: !merge before the first sheet header"},
		{"== S ==\n!merge A1\n", `line 2: !merge wants a range like A1:V1`},
		{"== S ==\n!merge A1:1B\n", `line 2: !merge "A1:1B"`},
		{"== S ==\n!row 0\n", "line 2: !row wants a row number"},
		{"== S ==\n!row x\n", "line 2: !row wants a row number"},
		{"== S ==\n!cell A1\n", "line 2: !cell wants a reference and a value"},
		{"== S ==\n!cell 1A x\n", `line 2: !cell "1A"`},
		{"== S ==\n!hidden x\n", "line 2: !hidden takes no argument"},
		{"== S ==\n!date1904 yes\n", "line 2: !date1904 takes no argument"},
		{"== S ==\n!hidden\n", "line 2: !hidden: a workbook needs at least one visible sheet"},
		{"== S ==\n\ta\n!cell b1 x\n", "line 3: cell B1 already written at line 2"},
		{"== S ==\n!row 1048576\na\nb\n", "line 4: row 1048577 is past Excel's last row"},
		{"== S ==\n== s ==\n", `line 2: sheet "s" already defined at line 1`},
		{"==  ==\n", "line 1: empty sheet name"},
		{"== a/b ==\n", `line 1: sheet "a/b"`},
		{"== " + long + " ==\n", "line 1: sheet"},
		{"== S ==\n#x:1\n", "line 2: cell A1: unknown cell prefix"},
		{"== S ==\na\t#1楼\n", "line 2: cell B1: unknown cell prefix"},
		{"== S ==\n#n:abc\n", `line 2: cell A1: #n: wants a decimal number`},
		{"== S ==\n#n:1,000\n", `#n: wants a decimal number`},
		{"== S ==\n#n:1e999\n", `out of range`},
		{"== S ==\n#n:1@\n", `empty number format`},
		{"== S ==\n#d:2024-13-01\n", "#d: wants YYYY-MM-DD"},
		{"== S ==\n#d:2024/03/15\n", "#d: wants YYYY-MM-DD"},
		{"== S ==\n#d:1899-12-31\n", "before 1900-01-01"},
		{"!date1904\n== S ==\n#d:1903-12-31\n", "line 3: cell A1: #d: dates before 1904-01-01"},
		{"== S ==\n#b:yes\n", "#b: wants TRUE or FALSE"},
		{"== S ==\n#e:#OOPS!\n", "#e: wants an Excel error value"},
		{"== S ==\n#f:\n", "#f: wants a formula"},
		{"== S ==\n#f:=SUM(A1)\n", `must not start with "="`},
		{"== S ==\n" + `a\q` + "\n", `unknown escape \q`},
		{"== S ==\n" + `a\` + "\n", `lone backslash`},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "x.xlsx")
		err := Workbook(path, []byte(tt.src))
		if err == nil {
			t.Errorf("Workbook(%q) succeeded, want error containing %q", tt.src, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), path) {
			t.Errorf("Workbook(%q) = %v\nwant it to name %s and contain %q", tt.src, err, path, tt.want)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("Workbook(%q) left a file behind", tt.src)
		}
	}
}
