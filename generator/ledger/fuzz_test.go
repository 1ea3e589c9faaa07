package ledger

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/width"

	"tuijin/generator/model"
	"tuijin/generator/xlsx"
	"tuijin/generator/xlsx/xlsxtest"
)

// The fuzz targets check properties of the parsers, not just that they do
// not panic: results are deterministic, valid results are in range, and
// what a parser accepts comes back the same when written out the usual way
// and parsed again. Their seeds run in every `go test`; .ci/run fuzzes each
// for a few seconds (go test -run '^$' -fuzz '^FuzzParseAmount$' …).

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12500", "12,500.5", "１２，５００．５", "\u3000 12500 万元", "1.2亿元", "1.2亿", "-20", "－20",
		"0.30000000000000004", "1.5E+3", ".5", "0.00005", "—", "无", "约3000", "1,5", "1e300", "99999999999999999999", "-0", "+.5e-3", "1,234,567.891"} {
		f.Add(s, false)
	}
	f.Add("1.2", true)
	f.Fuzz(func(t *testing.T, raw string, yi bool) {
		scale := int64(1)
		if yi {
			scale = 10000
		}
		got, err := parseAmount(raw, scale)
		again, err2 := parseAmount(raw, scale)
		if got != again || (err == nil) != (err2 == nil) {
			t.Fatalf("parseAmount(%q) not deterministic", raw)
		}
		if err != nil || got.blank {
			if got.value != 0 || got.negate {
				t.Fatalf("parseAmount(%q) = %+v with error %v: a refused or blank amount carries a value", raw, got, err)
			}
			return
		}
		if got.value < 0 || got.value > maxAmount {
			t.Fatalf("parseAmount(%q) = %d, outside 0…%d", raw, got.value, int64(maxAmount))
		}
		// Written as the site writes amounts (万元, no trailing zeros), with
		// a sign, grouped by thousands, full width or with the unit: the
		// same amount.
		wan := got.value.String()
		forms := []string{wan, wan + "万元", grouped(wan), width.Widen.String(wan)}
		for _, s := range forms {
			back, err := parseAmount(s, 1)
			if err != nil || back.blank || back.negate || back.value != got.value {
				t.Fatalf("parseAmount(%q) = %d, but parseAmount(%q) = %+v, %v", raw, got.value, s, back, err)
			}
		}
		if got.value > 0 {
			back, err := parseAmount("-"+wan, 1)
			if err != nil || !back.negate || back.value != got.value {
				t.Fatalf("parseAmount(%q) = %+v, %v; want the negative of %d", "-"+wan, back, err, got.value)
			}
		}
	})
}

// grouped inserts thousands separators into a plain decimal.
func grouped(s string) string {
	whole, frac, dot := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if dot {
		b.WriteString("." + frac)
	}
	return b.String()
}

// FuzzFastPaths holds the hand-written fast paths to the general ones they
// stand in for: plainAmount to ratAmount (big.Rat) wherever it takes a
// number, parseDate's shortcut for serial numbers to its general path.
// reCode and reCodeChar are what validCode checks by hand: the allowed
// characters, at least one of them a letter or digit.
var (
	reCode     = regexp.MustCompile(`^[0-9A-Za-z-]{1,40}$`)
	reCodeChar = regexp.MustCompile(`[0-9A-Za-z]`)
)

func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{"0", "12500", "12500.5", "0.30000000000000004", "123456789012345678", "1234567890123456789",
		"100000000000", "100000000000.00001", "99999999999.99995", "0.00005", "0.000049999", "45123", "45123.75", "2024", "20240315", "60", "2958465", "2958466",
		"5.", ".5", "1.2.3", "007", "1,234", "-5", "-", "---", "1e3", "", "٣",
		"2401-510900-04-01-521743", "CB-2024-1", "a\n", "ＡＢ", "a b", strings.Repeat("A", 40), strings.Repeat("A", 41)} {
		f.Add(s, false)
	}
	f.Add("10000000", true)
	f.Add("10000000.00005", true)
	f.Fuzz(func(t *testing.T, s string, yi bool) {
		if got, want := validCode(s), reCode.MatchString(s) && reCodeChar.MatchString(s); got != want {
			t.Fatalf("validCode(%q) = %t, the expression says %t", s, got, want)
		}
		if allDigits(s) {
			for _, d1904 := range []bool{false, true} {
				got, err := parseDate(s, d1904)
				want, werr := parseDateText(s, d1904)
				if got != want || fmt.Sprint(err) != fmt.Sprint(werr) {
					t.Fatalf("parseDate(%q, %t) = %v, %v; the general path gives %v, %v", s, d1904, got, err, want, werr)
				}
			}
		}
		scale := int64(1)
		if yi {
			scale = 10000
		}
		v, ok, tooLarge := plainAmount(s, scale*model.AmountScale)
		if !ok {
			return
		}
		want, err := ratAmount(s, scale)
		switch {
		case tooLarge != (err == errTooLarge):
			t.Fatalf("plainAmount(%q, %d): too large %t, ratAmount: %v", s, scale, tooLarge, err)
		case !tooLarge && err != nil:
			t.Fatalf("plainAmount(%q, %d) = %d, ratAmount refuses it: %v", s, scale, v, err)
		case !tooLarge && (want.value != v || want.negate || want.blank):
			t.Fatalf("plainAmount(%q, %d) = %d, ratAmount = %+v", s, scale, v, want)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-03-15", "2024/3/15", "2024年3月15日", "２０２４年３月１５日", "2024-03", "2024年3月份", "2024-03-15 00:00:00",
		"45366", "45366.75", "61", "60", "2024-02-30", "2024-02-29", "2023-02-29", "2100-12-31", "1950-01-01", "2958465", "1e5", "2024.3"} {
		f.Add(s, false)
	}
	f.Add("43904", true)
	f.Fuzz(func(t *testing.T, raw string, d1904 bool) {
		d, err := parseDate(raw, d1904)
		again, err2 := parseDate(raw, d1904)
		if d != again || (err == nil) != (err2 == nil) {
			t.Fatalf("parseDate(%q) not deterministic", raw)
		}
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("parseDate(%q) = %+v with error %v", raw, d, err)
			}
			return
		}
		if d.IsZero() {
			if !isBlank(raw) {
				t.Fatalf("parseDate(%q) = no date and no error, but the cell is not blank", raw)
			}
			return
		}
		if d.Year < minYear || d.Year > maxYear || d.Month < 1 || d.Month > 12 {
			t.Fatalf("parseDate(%q) = %+v, outside %d–%d", raw, d, minYear, maxYear)
		}
		if d.MonthOnly {
			if d.Day != 0 {
				t.Fatalf("parseDate(%q) = %+v: a month with a day", raw, d)
			}
			for _, s := range []string{fmt.Sprintf("%d-%02d", d.Year, d.Month), fmt.Sprintf("%d年%d月", d.Year, d.Month)} {
				if back, err := parseDate(s, false); err != nil || back != d {
					t.Fatalf("parseDate(%q) = %+v, but parseDate(%q) = %+v, %v", raw, d, s, back, err)
				}
			}
			return
		}
		// A real calendar day: time.Date would not have to normalise it.
		tm := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if tm.Year() != d.Year || int(tm.Month()) != d.Month || tm.Day() != d.Day {
			t.Fatalf("parseDate(%q) = %+v, which is not a calendar date", raw, d)
		}
		for _, s := range []string{tm.Format("2006-01-02"), tm.Format("2006/1/2"), fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day), excelSerial(tm, false)} {
			if back, err := parseDate(s, false); err != nil || back != d {
				t.Fatalf("parseDate(%q) = %+v, but parseDate(%q) = %+v, %v", raw, d, s, back, err)
			}
		}
		if back, err := parseDate(excelSerial(tm, true), true); err != nil || back != d {
			t.Fatalf("parseDate(%q) = %+v, but its 1904 serial reads %+v, %v", raw, d, back, err)
		}
	})
}

// excelSerial is the day number Excel stores for a date (the 1900 system
// counts a 29 February 1900 that never was; every date here is later).
func excelSerial(t time.Time, date1904 bool) string {
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return fmt.Sprint(int(t.Sub(base).Hours() / 24))
}

func FuzzParseYears(f *testing.F) {
	for _, s := range []string{"2023-2025", "2023—2025", "2023～2025", "2023年至2025年", "2023.3-2025.12", "2024", "２０２４", "2024.0", "2025-2023", "2023-25", "1850", "2100-2101"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		from, to, err := parseYears(raw)
		f2, t2, err2 := parseYears(raw)
		if from != f2 || to != t2 || (err == nil) != (err2 == nil) {
			t.Fatalf("parseYears(%q) not deterministic", raw)
		}
		if err != nil {
			if from != 0 || to != 0 {
				t.Fatalf("parseYears(%q) = %d, %d with error %v", raw, from, to, err)
			}
			return
		}
		if from < minYear || from > maxYear || to < minYear || to > maxYear {
			t.Fatalf("parseYears(%q) = %d–%d, outside %d–%d", raw, from, to, minYear, maxYear)
		}
		forms := []string{fmt.Sprintf("%d-%d", from, to), fmt.Sprintf("%d年至%d年", from, to)}
		if from == to {
			forms = append(forms, fmt.Sprint(from))
		}
		for _, s := range forms {
			if f3, t3, err := parseYears(s); err != nil || f3 != from || t3 != to {
				t.Fatalf("parseYears(%q) = %d–%d, but parseYears(%q) = %d–%d, %v", raw, from, to, s, f3, t3, err)
			}
		}
	})
}

var reCanonicalCode = regexp.MustCompile(`^[0-9A-Z-]{1,40}$`)

func FuzzCode(f *testing.F) {
	for _, s := range []string{"2401-510900-04-01-521743", "CB-2024-0012", "cb-2024-1", "ＣＢ－２０２４－１", " CB-7\u200b ", "CB 7", "../../etc", "CON", "项目1", "ſ", strings.Repeat("9", 41)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c := normCode(raw)
		if normCode(c) != c {
			t.Fatalf("normCode not idempotent: %q → %q → %q", raw, c, normCode(c))
		}
		if strings.ToLower(raw) == raw && utf8.ValidString(raw) && isASCII(raw) && normCode(strings.ToUpper(raw)) != c {
			t.Fatalf("normCode(%q) = %q depends on case", raw, c)
		}
		if validCode(c) != (reCanonicalCode.MatchString(c) && reCodeChar.MatchString(c)) {
			// A valid code is safe as a file name and a URL: ASCII
			// upper-case letters, digits and "-", 1 to 40 of them, not
			// all "-".
			t.Fatalf("validCode(%q) = %v for the canonical code of %q", c, validCode(c), raw)
		}
		if _, ok := nationalTimeCodeOK(c); !ok && !validCode(c) {
			t.Fatalf("nationalTimeCodeOK judged %q, which is not a valid code", c)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// FuzzHeader builds the top of a sheet from fuzzed rows (cells separated
// by TAB, rows by newline) and looks for each sheet's header in it: the
// answer must be consistent (columns within the rows, no column used
// twice, missing keys only among the required ones) and, with the
// template's own header row placed under the fuzzed rows, complete.
func FuzzHeader(f *testing.F) {
	f.Add("项目台账\n单位：万元", true)
	f.Add("序号\t项目代码\t项目名称\n1\t2\t3", false)
	f.Add("投资情况（万元）\t\t\n总投资\t年度计划投资\t本年累计完成投资", false)
	f.Add("项目代码\t项目代码\t项目 名称\t总投资(亿元)", false)
	f.Fuzz(func(t *testing.T, top string, withTemplate bool) {
		lines := strings.Split(top, "\n")
		if len(lines) > headerScan/2 {
			lines = lines[:headerScan/2]
		}
		for _, spec := range Sheets {
			g := &grid{rows: map[int][]string{}}
			var order []int
			add := func(cells []string) {
				n := len(order) + 1
				order = append(order, n)
				g.rows[n] = cells
			}
			for _, l := range lines {
				add(strings.Split(l, "\t"))
			}
			if withTemplate {
				var names []string
				for _, c := range spec.columns {
					names = append(names, c.name)
				}
				add(names)
			}
			h := findHeader(spec, order, g)
			again := findHeader(spec, order, g)
			if fmt.Sprint(h) != fmt.Sprint(again) {
				t.Fatalf("%s: findHeader not deterministic", spec.name)
			}
			if h == nil {
				if withTemplate {
					t.Fatalf("%s: the template's header row was not found under %q", spec.name, lines)
				}
				continue
			}
			if h.first > h.last || g.rows[h.first] == nil || g.rows[h.last] == nil {
				t.Fatalf("%s: header rows %d–%d", spec.name, h.first, h.last)
			}
			w := g.width(h.first, h.last)
			used := map[int]string{}
			for k, c := range h.cols {
				if c < 0 || c >= w {
					t.Fatalf("%s: column %q at %d, outside the %d columns", spec.name, k, c, w)
				}
				if o, dup := used[c]; dup {
					t.Fatalf("%s: column %d is both %q and %q", spec.name, c, o, k)
				}
				used[c] = k
				if spec.column(k) == nil {
					t.Fatalf("%s: unknown key %q", spec.name, k)
				}
			}
			required := map[string]bool{}
			for _, k := range spec.requiredKeys() {
				required[k] = true
			}
			for _, k := range h.missing {
				if !required[k] {
					t.Fatalf("%s: %q reported missing but is not required", spec.name, k)
				}
				if _, ok := h.cols[k]; ok {
					t.Fatalf("%s: %q both found and missing", spec.name, k)
				}
			}
			if withTemplate && len(h.missing) > 0 {
				t.Fatalf("%s: header under %q misses %v", spec.name, lines, h.missing)
			}
		}
	})
}

// TestHeaderKeySpellings: headerKey is stable under the spellings clerks
// use for the template's column names.
func TestHeaderKeySpellings(t *testing.T) {
	for _, spec := range Sheets {
		for _, c := range spec.columns {
			for _, s := range []string{c.name, " " + c.name + "\u3000", width.Widen.String(c.name), strings.ReplaceAll(c.name, "（", "(")} {
				if k, _ := headerKey(s); k != c.key {
					t.Errorf("headerKey(%q) = %q, want %q", s, k, c.key)
				}
			}
		}
	}
}

// fuzzBook is the workbook FuzzReadFile mutates: the 项目台账 sheet is
// replaced by the fuzzed XML, the other sheets stay as the template wrote
// them.
const fuzzBook = `== 填报信息 ==
填报单位	发改统计局
填报月份	2024-03
== 项目台账 ==
!merge A1:C1
2024年3月项目推进台账
项目代码	项目名称	项目类别	产业类别	项目阶段	责任单位	总投资（万元）	年度计划投资（万元）	本年累计完成投资（万元）	计划开工时间
2401-510900-04-01-521743	电子信息产业园一期	国有投资	电子信息	续建	发改统计局	#n:50000	#n:20000	#f:SUM(H3)	#d:2023-03-01
合计						#f:SUM(G3:G3)=50000
== 节点计划 ==
项目代码	节点名称	计划完成时间	实际完成时间	责任单位	责任人	备注
2401-510900-04-01-521743	主体结构封顶	#d:2024-02-28	#d:2024-02-26	高新建设公司	赵六	
`

// FuzzReadFile reads a real workbook whose 项目台账 sheet XML is fuzzed,
// through the whole front door and the ledger rules: whatever the XML, the
// result is deterministic, every finding carries a registered rule id, a
// rejected row is never counted, and no temporary file is left.
func FuzzReadFile(f *testing.F) {
	dir := f.TempDir()
	src := filepath.Join(dir, "src.xlsx")
	if err := xlsxtest.Workbook(src, []byte(fuzzBook)); err != nil {
		f.Fatal(err)
	}
	parts, sheet := zipPartsOf(f, src)
	if got := ReadFile(src, "src.xlsx", Options{Period: model.Period{Year: 2024, Month: 3}}); got.Projects.Len() != 1 {
		f.Fatalf("the unmutated workbook gives %d projects, want 1 (is %s the 项目台账 sheet?)", got.Projects.Len(), sheet)
	}
	f.Add(parts[sheet])
	f.Add([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目代码</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<worksheet><sheetData><row r="2"><c r="A2" t="s"><v>99999</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`))
	f.Fuzz(func(t *testing.T, xml []byte) {
		tmp := t.TempDir()
		book := filepath.Join(t.TempDir(), "发改统计局.xlsx")
		p := maps.Clone(parts)
		p[sheet] = xml
		writeZip(t, book, p)
		opt := Options{Period: model.Period{Year: 2024, Month: 3}, Limits: xlsx.Limits{MaxPartSize: 1 << 20, MaxTotalSize: 4 << 20, MaxRows: 2000, TmpDir: tmp}}
		a := ReadFile(book, "发改统计局.xlsx", opt)
		b := ReadFile(book, "发改统计局.xlsx", opt)
		if !reflect.DeepEqual(a, b) {
			t.Fatal("ReadFile not deterministic")
		}
		for _, d := range a.Diags {
			r, ok := LookupRule(d.Rule)
			if !ok || r.Severity != d.Severity {
				t.Fatalf("finding with unregistered rule or severity: %v", d)
			}
		}
		if a.Unreadable && a.AcceptedRows() != 0 {
			t.Fatal("an unreadable file has accepted rows")
		}
		for _, r := range a.Projects.All() {
			if !r.Rejected && !validCode(r.Rec.Code) {
				t.Fatalf("accepted project with invalid code %q", r.Rec.Code)
			}
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Fatalf("%d temporary entries left", len(left))
		}
	})
}

// zipPartsOf reads a workbook's parts and names its 项目台账 sheet part.
func zipPartsOf(tb testing.TB, path string) (map[string][]byte, string) {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			tb.Fatal(err)
		}
		parts[zf.Name] = b
	}
	// The cover sheet is sheet1, 项目台账 sheet2, in template order.
	return parts, "xl/worksheets/sheet2.xml"
}

func writeZip(tb testing.TB, path string, parts map[string][]byte) {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(parts[name])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}
