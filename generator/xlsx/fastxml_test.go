package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// scanBoth runs the pre-scan of one sheet part with encoding/xml and with
// the fast scanner, the latter with its usual buffer and with tiny ones
// (fed a byte at a time), so that tokens are cut at every possible place.
// fastOK is false when the fast scanner gave up.
func scanBoth(t *testing.T, b []byte, lim Limits) (fast, slow *sheetInfo, fastOK bool, slowErr error) {
	t.Helper()
	lim = lim.withDefaults()
	run := func(r io.Reader, size int) (*sheetInfo, error) {
		info := &sheetInfo{part: "xl/worksheets/sheet1.xml", sstMax: -1}
		s := newSheetScanner(info, lim)
		if size == 0 {
			return info, s.scan(r)
		}
		z := newFastScannerSize(r, size)
		return info, s.scanFastWith(z)
	}
	slow, slowErr = run(bytes.NewReader(b), 0)
	fast, errWhole := run(bytes.NewReader(b), fastBufSize)
	if errWhole != nil && errWhole != errSlowPath {
		t.Fatalf("fast scan: %v, want nil or errSlowPath", errWhole)
	}
	for _, size := range []int{1, 2, 3, 5, 8, 13} {
		small, err := run(iotest.OneByteReader(bytes.NewReader(b)), size)
		if err != errWhole {
			t.Fatalf("fast scan depends on the buffer: %v with %d bytes, %v with %d", err, size, errWhole, fastBufSize)
		}
		if err == nil && !sameInfo(fast, small) {
			t.Fatalf("fast scan depends on the buffer:\n%6d bytes: %s\n%6d bytes: %s", fastBufSize, infoText(fast), size, infoText(small))
		}
	}
	return fast, slow, errWhole == nil, slowErr
}

func infoText(i *sheetInfo) string {
	bad := "<nil>"
	if i.bad != nil {
		bad = i.bad.Error()
	}
	return fmt.Sprintf("rows %v over %d merges %v noCache %v wide %q beyond %d %q sst %d@%d bad %s@%q",
		i.rows, i.over, i.merges, i.noCache, i.wideRef, i.beyond, i.beyondRef, i.sstMax, i.sstAt, bad, i.badRef)
}

func sameInfo(a, b *sheetInfo) bool { return infoText(a) == infoText(b) }

// checkFast is the property: whatever the fast scanner accepts,
// encoding/xml accepts too, and both learn exactly the same.
func checkFast(t *testing.T, b []byte, lim Limits) bool {
	t.Helper()
	fast, slow, ok, slowErr := scanBoth(t, b, lim)
	if !ok {
		return false
	}
	if slowErr != nil {
		t.Fatalf("fast scan accepted a part encoding/xml refuses (%v):\n%q", slowErr, b)
	}
	if !sameInfo(fast, slow) {
		t.Fatalf("fast and slow scans differ on\n%q\nfast %s\nslow %s", b, infoText(fast), infoText(slow))
	}
	return true
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

func sheetXML(body string) []byte { return []byte(sheetHead + body + `</worksheet>`) }

// fastCases are sheet parts around the edges of the fast scanner's subset.
// fast says whether it must handle them itself (true) or give up (false);
// either way the outcome must be encoding/xml's.
var fastCases = []struct {
	name string
	xml  []byte
	fast bool
}{
	{"plain", sheetXML(`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>12.5</v></c></row></sheetData>`), true},
	{"no declaration", []byte(`<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>`), true},
	{"prefixed", []byte(`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="C2" t="s"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`), true},
	{"entities in text and attributes", sheetXML(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;&gt; &#x4E2D;&#25991; &quot;&apos;</t></is></c></row></sheetData><dataValidations><dataValidation prompt="x&#10;y &amp; z"/></dataValidations>`), true},
	{"formula without value", sheetXML(`<sheetData><row r="3"><c r="B3"><f>SUM(A1:A2)</f></c><c r="C3"><f>1</f><v></v></c></row></sheetData>`), true},
	{"merges", sheetXML(`<sheetData/><mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="B2"/></mergeCells>`), true},
	{"single quotes and spaces", []byte(`<worksheet ><sheetData ><row r = '1' ><c r='A1'  t = 's' ><v >1</v ></c ></row ></sheetData ></worksheet >`), true},
	{"chinese text", sheetXML(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目台账（万元）</t></is></c></row></sheetData>`), true},
	{"wide", sheetXML(`<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>`), true},
	{"rows out of order", sheetXML(`<sheetData><row r="5"/><row r="3"/></sheetData>`), true},
	{"carriage returns in text", sheetXML("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\r\nb\rc</t></is></c></row></sheetData>"), true},

	{"index with an entity", sheetXML(`<sheetData><row r="1"><c r="A1" t="s"><v>&#49;</v></c></row></sheetData>`), false},
	{"index with a carriage return", sheetXML("<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>1\r</v></c></row></sheetData>"), false},
	{"entity in r", sheetXML(`<sheetData><row r="&#49;"><c r="A1"><v>1</v></c></row></sheetData>`), false},
	{"newline in r", sheetXML("<sheetData><row r=\"1\n\"><c r=\"A1\"><v>1</v></c></row></sheetData>"), false},
	{"comment", sheetXML(`<!-- x --><sheetData/>`), false},
	{"cdata", sheetXML(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<b>]]></t></is></c></row></sheetData>`), false},
	{"doctype", []byte(`<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet/>`), false},
	{"latin-1 declaration", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>caf` + "\xe9" + `</t></is></c></row></sheetData></worksheet>`), false},
	{"version 1.1", []byte(`<?xml version="1.1"?><worksheet/>`), false},
	{"byte order mark", append([]byte("\xef\xbb\xbf"), sheetXML(`<sheetData/>`)...), false},
	{"other processing instruction", sheetXML(`<?mso-application progid="Excel.Sheet"?><sheetData/>`), false},
	{"declaration not first", []byte(` <?xml version="1.0"?><worksheet/>`), false},
	{"mismatched end", sheetXML(`<sheetData></sheetDat>`), false},
	{"mismatched prefix", []byte(`<a:worksheet xmlns:a="u" xmlns:b="u"></b:worksheet>`), false},
	{"unclosed", []byte(sheetHead + `<sheetData>`), false},
	{"unknown entity", sheetXML(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row></sheetData>`), false},
	{"entity without semicolon", sheetXML(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>a &amp b</t></is></c></row></sheetData>`), false},
	{"nul character reference", sheetXML(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&#0;</t></is></c></row></sheetData>`), false},
	{"control character", sheetXML("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\x01b</t></is></c></row></sheetData>"), false},
	{"invalid utf-8", sheetXML("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\xff\xfe</t></is></c></row></sheetData>"), false},
	{"U+FFFE", sheetXML("<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\uFFFE</t></is></c></row></sheetData>"), false},
	{"]]> in text", sheetXML(`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>]]></t></is></c></row></sheetData>`), false},
	{"< in attribute", sheetXML(`<sheetData><row r="1" spans="<"/></sheetData>`), false},
	{"unquoted attribute", sheetXML(`<sheetData><row r=1/></sheetData>`), false},
	{"attribute without value", sheetXML(`<sheetData><row hidden/></sheetData>`), false},
	{"duplicate attribute", sheetXML(`<sheetData><row r="1" r="2"/></sheetData>`), false},
	{"two colons", sheetXML(`<a:b:c/>`), false},
	{"non-ascii name", sheetXML(`<sheetData><行/></sheetData>`), false},
	{"space after <", sheetXML(`< sheetData/>`), false},
	{"no space between attributes", sheetXML(`<sheetData><row r="1"spans="1:2"/></sheetData>`), false},
	{"truncated tag", []byte(sheetHead + `<sheetData><row r="1`), false},
	{"stray end", []byte(`<worksheet/></worksheet>`), false},
}

func TestFastScannerCases(t *testing.T) {
	for _, tc := range fastCases {
		t.Run(tc.name, func(t *testing.T) {
			for _, lim := range []Limits{{}, {MaxColumns: 2, MaxRows: 4}} {
				if got := checkFast(t, tc.xml, lim); got != tc.fast {
					t.Errorf("fast scanner handled it: %v, want %v", got, tc.fast)
				}
			}
		})
	}
}

// TestFastScannerBigTokens crosses the buffer: a tag longer than the
// buffer grows it, one longer than fastMaxToken is left to the slow path.
func TestFastScannerBigTokens(t *testing.T) {
	long := strings.Repeat("x", 3*fastBufSize)
	b := sheetXML(`<sheetData><row r="1" x14ac:dyDescent="` + long + `"><c r="A1" t="inlineStr"><is><t>` + long + `</t></is></c></row></sheetData>`)
	if !checkFast(t, b, Limits{}) {
		t.Error("fast scanner gave up on a 192 KiB attribute")
	}
	huge := strings.Repeat("y", fastMaxToken)
	if checkFast(t, sheetXML(`<sheetData><row r="1" x="`+huge+`"/></sheetData>`), Limits{}) {
		t.Error("fast scanner took a tag above fastMaxToken")
	}
}

// TestFastScannerSharedStrings compares the two counts of the shared
// string table.
func TestFastScannerSharedStrings(t *testing.T) {
	for _, x := range []string{
		`<sst xmlns="x" count="3"><si><t>a</t></si><si><r><t>b</t></r><rPh><t>c</t></rPh></si><si><t xml:space="preserve"> &amp; </t></si></sst>`,
		`<sst><si><t>a</t></si><si><t>&bogus;</t></si></sst>`,
	} {
		fast, slow := &inspector{}, &inspector{}
		ferr := fast.scanSharedStringsFast(strings.NewReader(x))
		serr := slow.scanSharedStrings(strings.NewReader(x))
		switch {
		case ferr == errSlowPath:
			if serr == nil {
				t.Errorf("fast scanner gave up on %q, which encoding/xml reads", x)
			}
		case ferr != nil:
			t.Errorf("fast: %v", ferr)
		case serr != nil || fast.sstCount != slow.sstCount:
			t.Errorf("%q: fast %d items, slow %d items (%v)", x, fast.sstCount, slow.sstCount, serr)
		}
	}
}

// TestFastScannerTakesRealWorkbooks makes sure the sample's workbooks,
// written the way Excel and WPS write them, never need the slow path.
func TestFastScannerTakesRealWorkbooks(t *testing.T) {
	books, _ := filepath.Glob("../../data/ledgers/*/*.xlsx")
	if len(books) == 0 {
		t.Skip("no bundled sample")
	}
	before := slowScans.Load()
	for _, b := range books {
		w, err := Open(b, Limits{TmpDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		w.Close()
		for _, part := range sheetParts(t, b) {
			checkFast(t, part, Limits{})
		}
	}
	if n := slowScans.Load() - before; n != 0 {
		t.Errorf("%d parts of the bundled sample took the slow path", n)
	}
}

// sheetParts returns the worksheet parts of a workbook.
func sheetParts(t testing.TB, path string) [][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out [][]byte
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzFastScanner is the differential test of the fast scanner against
// encoding/xml: on any input, the fast scanner gives up, or it agrees with
// encoding/xml on acceptance and on everything the pre-scan records.
func FuzzFastScanner(f *testing.F) {
	for _, tc := range fastCases {
		f.Add(tc.xml)
	}
	if books, _ := filepath.Glob("../../data/ledgers/*/*.xlsx"); len(books) > 0 {
		for _, part := range sheetParts(f, books[0]) {
			if len(part) < 16<<10 {
				f.Add(part)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFast(t, b, Limits{MaxColumns: 3, MaxRows: 50})
		fast, slow := &inspector{}, &inspector{}
		ferr := fast.scanSharedStringsFast(bytes.NewReader(b))
		serr := slow.scanSharedStrings(bytes.NewReader(b))
		if ferr == nil && (serr != nil || fast.sstCount != slow.sstCount) {
			t.Fatalf("shared strings: fast %d items, slow %d items, %v", fast.sstCount, slow.sstCount, serr)
		}
		if ferr != nil && !errors.Is(ferr, errSlowPath) {
			t.Fatalf("shared strings: fast %v", ferr)
		}
	})
}
