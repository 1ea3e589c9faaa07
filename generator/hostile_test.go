package generator

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"tuijin/generator/diag"
	"tuijin/generator/load"
	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

// The hostile-file suite: a month folder where one unit's workbook is
// good and every other file is broken, oversized, crafted or oddly named.
// Each must give a clear finding about the file or the cell, leave no
// temporary file behind, and cost the good unit nothing: its pages and
// figures are published as if it were alone. How long each hostile file
// takes is measured by BenchmarkHostile, not asserted here.

const hostileMonth = "2024-03"

// goodBook is the good unit's workbook: two projects, a node, a fund.
const goodBook = `== 项目台账 ==
项目代码	项目名称	项目类别	产业类别	项目阶段	建设单位	责任单位	责任领导	建设起止年限	总投资（万元）	截至上年底累计完成投资（万元）	年度计划投资（万元）	本年累计完成投资（万元）
2401-510900-04-01-521743	电子信息产业园一期	国有投资	电子信息	续建	高新建设公司	发改统计局	张三	2023-2025	#n:50000	#n:10000	#n:20000	#n:8000
2312-510900-04-01-100002	高新区智慧物流港	社会投资	现代物流	续建	蜀道物流公司	发改统计局	张三	2023-2026	#n:80000	#n:20000	#n:15000	#n:3500
== 节点计划 ==
项目代码	节点名称	计划完成时间	实际完成时间	责任单位	责任人	备注
2401-510900-04-01-521743	主体结构封顶	#d:2024-02-28	#d:2024-02-26	高新建设公司	赵六	
== 资金到位 ==
项目代码	资金类型	批次	下达日期	下达金额（万元）	到位金额（万元）	已支出金额（万元）
2401-510900-04-01-521743	专项债券	2024年第一批	#d:2024-01-20	#n:10000	#n:10000	#n:4000
`

// oneProject is a valid workbook of one project, for the oddly named units;
// cover, when not "", is the unit its 填报信息 sheet names.
func oneProject(code, cover string) string {
	s := ""
	if cover != "" {
		s = "== 填报信息 ==\n填报单位\t" + cover + "\n填报月份\t" + hostileMonth + "\n"
	}
	return s + `== 项目台账 ==
项目代码	项目名称	项目类别	产业类别	项目阶段	建设单位	责任单位	责任领导	建设起止年限	总投资（万元）	截至上年底累计完成投资（万元）	年度计划投资（万元）	本年累计完成投资（万元）
` + code + `	测试项目	国有投资	其他	续建	建设公司	某局	某某	2023-2025	#n:1000	#n:100	#n:500	#n:100
`
}

// zipEntry is one part of a workbook being rebuilt; raw entries are written
// as they are, with the header given.
type zipEntry struct {
	hdr  zip.FileHeader
	data []byte // inflated, or the raw stream when raw
	raw  bool
}

func readEntries(t testing.TB, b []byte) []zipEntry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out []zipEntry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, zipEntry{hdr: zip.FileHeader{Name: f.Name, Method: zip.Deflate}, data: data})
	}
	return out
}

func writeEntries(t testing.TB, es []zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range es {
		hdr := e.hdr
		var w io.Writer
		var err error
		if e.raw {
			w, err = zw.CreateRaw(&hdr)
		} else {
			w, err = zw.CreateHeader(&hdr)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withPart returns the workbook with one part's content changed by fn.
func withPart(t testing.TB, b []byte, name string, fn func([]byte) []byte) []byte {
	t.Helper()
	es := readEntries(t, b)
	found := false
	for i := range es {
		if es[i].hdr.Name == name {
			es[i].data, found = fn(es[i].data), true
		}
	}
	if !found {
		t.Fatalf("no part %s", name)
	}
	return writeEntries(t, es)
}

// zeroStream is a raw deflate stream of at least size zero bytes, built by
// repeating one compressed megabyte (byte-aligned after a sync flush).
func zeroStream(t testing.TB, size int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	step := func(b []byte) []byte {
		w.Write(b)
		w.Flush()
		out := bytes.Clone(buf.Bytes())
		buf.Reset()
		return out
	}
	zeros := make([]byte, 1<<20)
	head, seg := step(zeros[:64<<10]), step(zeros)
	w.Close()
	tail := bytes.Clone(buf.Bytes())
	out := append([]byte(nil), head...)
	for range int(size >> 20) {
		out = append(out, seg...)
	}
	return append(out, tail...)
}

// denseRows is a 项目台账 sheet with the header in row 1 and an element for
// every row down to Excel's last, 1,048,576, each with a cell.
func denseRows() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="inlineStr"><is><t>项目代码</t></is></c><c r="B1" t="inlineStr"><is><t>项目名称</t></is></c></row>`)
	for r := 2; r <= 1048576; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="C%d"><v>1</v></c></row>`, r, r)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.Bytes()
}

// hostileCase is one file of the month folder and what it must give.
type hostileCase struct {
	file string
	make func(t testing.TB, good []byte) []byte
	rule string // a finding with this rule id, about this file…
	cell string // …at this cell ("" for a file-level finding)
	unit string // the unit it publishes under when readable ("": none)
}

func hostileCases() []hostileCase {
	book := func(src string) func(testing.TB, []byte) []byte {
		return func(t testing.TB, _ []byte) []byte {
			p := filepath.Join(t.TempDir(), "b.xlsx")
			if err := xlsxtest.Workbook(p, []byte(src)); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	sheet := "xl/worksheets/sheet1.xml"
	nfc := norm.NFC.String("Café局")
	nfd := norm.NFD.String("Café局")
	return []hostileCase{
		{file: "bomb.xlsx", rule: "file.too_large", make: func(t testing.TB, good []byte) []byte {
			// A sheet declaring 1 KiB that inflates to 2 GiB of zeros.
			es := readEntries(t, good)
			for i := range es {
				if es[i].hdr.Name == sheet {
					es[i] = zipEntry{raw: true, data: zeroStream(t, 2<<30), hdr: zip.FileHeader{Name: sheet, Method: zip.Deflate, CRC32: 1, UncompressedSize64: 1 << 10}}
					es[i].hdr.CompressedSize64 = uint64(len(es[i].data))
				}
			}
			return writeEntries(t, es)
		}},
		{file: "declared.xlsx", rule: "file.too_large", make: func(t testing.TB, good []byte) []byte {
			// A part declaring 3 GiB: refused before a byte is inflated.
			es := readEntries(t, good)
			var c bytes.Buffer
			fw, _ := flate.NewWriter(&c, flate.BestSpeed)
			fw.Write([]byte("png"))
			fw.Close()
			es = append(es, zipEntry{raw: true, data: c.Bytes(), hdr: zip.FileHeader{Name: "xl/media/image1.png", Method: zip.Deflate,
				CRC32: crc32.ChecksumIEEE([]byte("png")), CompressedSize64: uint64(c.Len()), UncompressedSize64: 3 << 30}})
			return writeEntries(t, es)
		}},
		{file: "truncated.xlsx", rule: "file.truncated", make: func(_ testing.TB, good []byte) []byte { return good[:len(good)/2] }},
		{file: "empty.xlsx", rule: "file.empty", make: func(testing.TB, []byte) []byte { return nil }},
		{file: "checksum.xlsx", rule: "file.corrupt", make: func(t testing.TB, good []byte) []byte {
			es := readEntries(t, good)
			for i := range es {
				if es[i].hdr.Name == sheet {
					var c bytes.Buffer
					fw, _ := flate.NewWriter(&c, flate.BestSpeed)
					fw.Write(es[i].data)
					fw.Close()
					es[i] = zipEntry{raw: true, data: c.Bytes(), hdr: zip.FileHeader{Name: sheet, Method: zip.Deflate,
						CRC32: crc32.ChecksumIEEE(es[i].data) ^ 0x5a5a, CompressedSize64: uint64(c.Len()), UncompressedSize64: uint64(len(es[i].data))}}
				}
			}
			return writeEntries(t, es)
		}},
		{file: "malformed.xlsx", rule: "file.corrupt", make: func(t testing.TB, good []byte) []byte {
			return withPart(t, good, sheet, func(b []byte) []byte { return bytes.Replace(b, []byte("</sheetData>"), []byte("</sheetDat>"), 1) })
		}},
		{file: "doctype.xlsx", rule: "file.corrupt", make: func(t testing.TB, good []byte) []byte {
			return withPart(t, good, sheet, func(b []byte) []byte {
				return bytes.Replace(b, []byte("<worksheet "), []byte(`<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet `), 1)
			})
		}},
		{file: "rows.xlsx", rule: "sheet.too_many_rows", cell: "A100001", make: func(t testing.TB, good []byte) []byte {
			return withPart(t, good, sheet, func([]byte) []byte { return denseRows() })
		}},
		{file: "xfd.xlsx", rule: "sheet.too_wide", cell: "XFD3", make: book(oneProject("CB-XFD-1", "") + "!cell XFD3 最后一列\n")},
		{file: "long.xlsx", rule: "text.too_long", cell: "B2", make: book(strings.Replace(oneProject("CB-LONG-1", ""), "测试项目", strings.Repeat("长", 32767), 1))},
		{file: "traversal.xlsx", unit: "../../etc", rule: "cover.unit_mismatch", make: book(oneProject("CB-TRAV-1", "../../etc"))},
		{file: "dotdot.xlsx", unit: "..", rule: "cover.unit_mismatch", make: book(oneProject("CB-TRAV-2", ".."))},
		{file: "CON.xlsx", unit: "CON", make: book(oneProject("CON", ""))},
		{file: "NUL.xlsx", unit: "NUL", make: book(oneProject("NUL", ""))},
		// Its page must not be CON's where case does not count.
		{file: "CON-P.xlsx", unit: "CON-P", make: book(oneProject("CON-P", ""))},
		// The twins sort NFD first ("e" + U+0301 before "é"), so the second
		// one read, the NFC name, is the duplicate.
		{file: nfd + ".xlsx", unit: nfc, make: book(oneProject("CB-NFD-1", ""))},
		{file: nfc + ".xlsx", unit: nfc, rule: "file.unit_duplicate", make: book(oneProject("CB-NFC-1", ""))},
		{file: "Unit局.xlsx", unit: "Unit局", make: book(oneProject("CB-CASE-1", ""))},
		{file: "UNIT局.xlsx", unit: "UNIT局", make: book(oneProject("CB-CASE-2", ""))},
	}
}

// hostileData writes the month folder: the good unit and every case.
func hostileData(t testing.TB) string {
	t.Helper()
	data := t.TempDir()
	month := filepath.Join(data, "ledgers", hostileMonth)
	good := filepath.Join(month, "发改统计局.xlsx")
	if err := xlsxtest.Workbook(good, []byte(goodBook)); err != nil {
		t.Fatal(err)
	}
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range hostileCases() {
		if err := os.WriteFile(filepath.Join(month, c.file), c.make(t, goodBytes), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func TestHostileFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // excelize's temporary files go under os.TempDir()
	data := hostileData(t)
	period := model.Period{Year: 2024, Month: 3}
	// The build below reads the same files again through this cache, so
	// that the suite pays for reading them once.
	cacheDir := t.TempDir()
	cache, err := load.OpenCache(cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := load.Data(context.Background(), data, period, load.Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]diag.Diagnostic{}
	for _, d := range res.Diags() {
		byFile[d.Pos.File] = append(byFile[d.Pos.File], d)
	}
	rel := func(name string) string { return "ledgers/" + hostileMonth + "/" + name }
	for _, c := range hostileCases() {
		ds := byFile[rel(c.file)]
		if c.rule != "" {
			found := false
			for _, d := range ds {
				if d.Rule == c.rule && (c.cell == "" || d.Pos.Cell() == c.cell) {
					found = true
					if d.Message == "" || !strings.ContainsAny(d.Message, "请") && c.unit == "" {
						t.Errorf("%s: %s has no advice for the clerk: %q", c.file, c.rule, d.Message)
					}
				}
			}
			if !found {
				t.Errorf("%s: no %s finding at %q; got %v", c.file, c.rule, c.cell, ds)
			}
		}
	}
	goodName := rel("发改统计局.xlsx")
	for _, d := range byFile[goodName] {
		t.Errorf("the good workbook has a finding: %v", d)
	}
	units := map[string]bool{}
	for _, f := range res.Files {
		if !f.Unreadable {
			units[f.Unit] = true
		}
	}
	for _, c := range hostileCases() {
		if c.unit != "" && !units[c.unit] {
			t.Errorf("%s: unit %q not read (units: %v)", c.file, c.unit, units)
		}
	}

	out := filepath.Join(t.TempDir(), "site")
	bres, err := Build(context.Background(), Config{DataDir: data, OutDir: out, CacheDir: cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temporary folder holds %d entries after the build, want none", len(left))
	}
	files := siteFiles(t, out)

	// The good unit is published, page and figures, as if alone.
	if !bytes.Contains(files[unitPagePath("发改统计局")], []byte("电子信息产业园一期")) {
		t.Errorf("the good unit's page is missing or lacks its project")
	}
	for _, code := range []string{"2401-510900-04-01-521743", "2312-510900-04-01-100002"} {
		if _, ok := files["projects/"+code+".html"]; !ok {
			t.Errorf("project page of %s missing", code)
		}
	}
	var sum struct {
		Projects struct {
			Count int `json:"count"`
		} `json:"projects"`
	}
	if err := json.Unmarshal(files["data/summary.json"], &sum); err != nil {
		t.Fatal(err)
	}
	// Two good projects and one from each readable oddly named unit; the
	// XFD and long-name workbooks lose their rows to errors.
	want := 2
	for _, c := range hostileCases() {
		if c.unit != "" {
			want++
		}
	}
	if sum.Projects.Count != want {
		t.Errorf("summary counts %d projects, want %d", sum.Projects.Count, want)
	}
	if bres.Unreadable != 7 {
		t.Errorf("%d unreadable workbooks, want 7 (bomb, declared, truncated, empty, checksum, malformed, doctype)", bres.Unreadable)
	}
	checkOutputNames(t, files)
}

// unitPagePath finds a unit's page the way the site links it: by the
// units list, so the test does not repeat the hashing.
func unitPagePath(unit string) string {
	return "units/u-" + shortHashForTest(unit) + ".html"
}

var (
	reSafePath    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9._-]*)*\.(html|css|js|json|csv|svg|txt|pdf)$|^assets/`)
	reProjectPage = regexp.MustCompile(`^projects/[0-9A-Z-]{1,40}_?\.html$`)
	reserved      = regexp.MustCompile(`(?i)^(con|prn|aux|nul|com[1-9]|lpt[1-9])$`)
)

// checkOutputNames holds every output path to the naming rule: no name
// from a workbook ever becomes a file name as it is. Paths are ASCII slugs
// and short hashes, or validated project codes; at most 100 bytes; no
// Windows device names; unique even on a case-insensitive file system.
func checkOutputNames(t *testing.T, files map[string][]byte) {
	t.Helper()
	folded := map[string]string{}
	for p := range files {
		if len(p) > 100 {
			t.Errorf("output path %q is %d bytes, want at most 100", p, len(p))
		}
		if !reSafePath.MatchString(p) && !reProjectPage.MatchString(p) {
			t.Errorf("output path %q is not a slug, hash or validated code", p)
		}
		for _, seg := range strings.Split(p, "/") {
			base := strings.SplitN(seg, ".", 2)[0]
			if reserved.MatchString(base) || seg == ".." || seg == "." {
				t.Errorf("output path %q has the reserved segment %q", p, seg)
			}
		}
		k := strings.ToLower(p)
		if o, dup := folded[k]; dup {
			t.Errorf("output paths %q and %q differ only in case", o, p)
		}
		folded[k] = p
	}
}

// BenchmarkHostile reads each hostile file alone: the time and memory each
// may cost (the zip bomb inflates 256 MiB before it is refused; the dense
// sheet streams 100,000 rows).
func BenchmarkHostile(b *testing.B) {
	data := hostileData(b)
	for _, c := range hostileCases() {
		b.Run(strings.TrimSuffix(c.file, ".xlsx"), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "ledgers", hostileMonth)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			src, err := os.ReadFile(filepath.Join(data, "ledgers", hostileMonth, c.file))
			if err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, c.file), src, 0o644); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := load.Folder(context.Background(), dir, "", model.Period{Year: 2024, Month: 3}, nil, load.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// shortHashForTest repeats render's naming of unit pages (sha256, first
// five bytes in hex).
func shortHashForTest(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:5])
}
