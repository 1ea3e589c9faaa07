package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

func plainBook(t testing.TB) []part {
	return book(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "Alpha")
		f.SetCellValue("Sheet1", "B1", 12500.5)
	})
}

// encryptedBook is what Excel and WPS write for a workbook with an opening
// password: an OLE container, made here by excelize.
func encryptedBook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "机密")
	var buf bytes.Buffer
	if err := f.Write(&buf, excelize.Options{Password: "x"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestOpenRefuses(t *testing.T) {
	noise := make([]byte, 4096)
	rng := rand.NewChaCha8([32]byte{1})
	rng.Read(noise)
	noise[0] = 0x17 // neither "PK" nor the OLE magic

	tests := []struct {
		name string
		file func(t *testing.T) string
		lim  Limits
		rule string
		msg  string // the message must contain this
	}{
		{"empty", func(t *testing.T) string { return writeFile(t, "a.xlsx", nil) }, Limits{}, RuleFileEmpty, "为空"},
		{"csv", func(t *testing.T) string {
			return writeFile(t, "a.xlsx", []byte("序号,项目名称,金额\n1,道路改造,12500.5\n"))
		}, Limits{}, RuleFileNotZip, "不是 Excel 工作簿（.xlsx）"},
		{"html", func(t *testing.T) string {
			return writeFile(t, "a.xlsx", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>"))
		}, Limits{}, RuleFileNotZip, ".xlsx"},
		{"pdf", func(t *testing.T) string { return writeFile(t, "a.xlsx", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")) }, Limits{}, RuleFileNotZip, ".xlsx"},
		{"noise", func(t *testing.T) string { return writeFile(t, "a.xlsx", noise) }, Limits{}, RuleFileNotZip, ".xlsx"},
		{"three bytes", func(t *testing.T) string { return writeFile(t, "a.xlsx", []byte("PK\x03")) }, Limits{}, RuleFileNotZip, ".xlsx"},
		{"encrypted", func(t *testing.T) string { return writeFile(t, "a.xlsx", encryptedBook(t)) }, Limits{}, RuleFileEncrypted, "文件已加密"},
		{"ole without encryption streams", func(t *testing.T) string {
			// The same container with its two stream names altered is, as
			// far as anyone can tell, a legacy compound document.
			b := encryptedBook(t)
			for _, name := range []string{"EncryptionInfo", "EncryptedPackage"} {
				old := utf16le(name)
				if !bytes.Contains(b, old) {
					t.Fatalf("no %s in the container", name)
				}
				b = bytes.ReplaceAll(b, old, utf16le("Workbook"+name[8:]))
			}
			return writeFile(t, "a.xls", b)
		}, Limits{}, RuleFileXLS, "请另存为 .xlsx 后重新提交"},
		{"ole header only", func(t *testing.T) string {
			b := append(bytes.Clone(oleMagic), make([]byte, 504)...)
			return writeFile(t, "a.et", b)
		}, Limits{}, RuleFileXLS, "请另存为 .xlsx 后重新提交"},
		{"truncated", func(t *testing.T) string {
			b := zipParts(t, plainBook(t))
			return writeFile(t, "a.xlsx", b[:len(b)/2])
		}, Limits{}, RuleFileTruncated, "文件不完整"},
		{"crc field wrong", func(t *testing.T) string {
			parts := plainBook(t)
			for i, p := range parts {
				if p.name == "xl/sharedStrings.xml" {
					parts[i] = rawPart(t, p.name, p.data, zip.FileHeader{CRC32: crc32Of(p.data) ^ 1})
				}
			}
			return writeParts(t, parts)
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"byte flipped in stored part", func(t *testing.T) string {
			parts := plainBook(t)
			for i := range parts {
				if parts[i].name == "xl/sharedStrings.xml" {
					parts[i].method = zip.Store
				}
			}
			b := zipParts(t, parts)
			// Still well-formed XML: only the CRC can notice.
			i := bytes.Index(b, []byte("Alpha"))
			b[i] = 'B'
			return writeFile(t, "a.xlsx", b)
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"unknown compression method", func(t *testing.T) string {
			p := rawPart(t, "xl/media/image1.png", []byte("png"), zip.FileHeader{})
			p.hdr.Method = 12 // bzip2
			return writeParts(t, with(plainBook(t), p))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"bomb behind a small declared size", func(t *testing.T) string { return bombBook(t) }, Limits{}, RuleFileTooLarge, "256 MiB"},
		{"huge declared size", func(t *testing.T) string {
			p := rawPart(t, "xl/media/image1.png", []byte("png"), zip.FileHeader{UncompressedSize64: 3 << 30})
			return writeParts(t, with(plainBook(t), p))
		}, Limits{}, RuleFileTooLarge, "256 MiB"},
		{"part above MaxPartSize", func(t *testing.T) string {
			p := part{name: "xl/media/image1.png", data: make([]byte, 20<<10), method: zip.Deflate}
			return writeParts(t, with(plainBook(t), p))
		}, Limits{MaxPartSize: 16 << 10}, RuleFileTooLarge, "16 KiB"},
		{"parts above MaxTotalSize", func(t *testing.T) string {
			parts := plainBook(t)
			parts = with(parts, part{name: "xl/media/image1.png", data: make([]byte, 40<<10), method: zip.Deflate})
			parts = with(parts, part{name: "xl/media/image2.png", data: make([]byte, 40<<10), method: zip.Deflate})
			return writeParts(t, parts)
		}, Limits{MaxTotalSize: 64 << 10}, RuleFileTooLarge, "合计超过 64 KiB"},
		{"small lie", func(t *testing.T) string {
			p := rawPart(t, "docProps/custom.xml", bytes.Repeat([]byte("x"), 100), zip.FileHeader{UncompressedSize64: 10})
			return writeParts(t, with(plainBook(t), p))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"doctype in sheet", func(t *testing.T) string {
			return writeParts(t, edit(t, plainBook(t), "xl/worksheets/sheet1.xml",
				replace(t, "<worksheet ", `<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]><worksheet `)))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"doctype in app properties", func(t *testing.T) string {
			return writeParts(t, edit(t, plainBook(t), "docProps/app.xml",
				replace(t, "<Properties ", `<!DOCTYPE Properties SYSTEM "http://example.com/x.dtd"><Properties `)))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"malformed sheet", func(t *testing.T) string {
			return writeParts(t, edit(t, plainBook(t), "xl/worksheets/sheet1.xml", replace(t, "</sheetData>", "</sheetDat>")))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"malformed shared strings", func(t *testing.T) string {
			return writeParts(t, edit(t, plainBook(t), "xl/sharedStrings.xml", replace(t, "<t>Alpha</t>", "<t>Alpha</x>")))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"malformed workbook", func(t *testing.T) string {
			return writeParts(t, edit(t, plainBook(t), "xl/workbook.xml", replace(t, "</sheets>", "</sheet>")))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"malformed styles, refused by excelize", func(t *testing.T) string {
			return writeParts(t, edit(t, plainBook(t), "xl/styles.xml", replace(t, "</styleSheet>", "</styleShee>")))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"no workbook part", func(t *testing.T) string {
			return writeParts(t, without(plainBook(t), "xl/workbook.xml"))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"no package relationships", func(t *testing.T) string {
			return writeParts(t, without(plainBook(t), "_rels/.rels"))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"duplicate entry", func(t *testing.T) string {
			parts := plainBook(t)
			evil := part{name: "xl/worksheets/sheet1.xml", data: []byte("<worksheet/>"), method: zip.Deflate}
			return writeParts(t, with(parts, evil))
		}, Limits{}, RuleFileCorrupt, "已损坏"},
		{"missing file", func(t *testing.T) string { return t.TempDir() + "/none.xlsx" }, Limits{}, RuleFileUnreadable, "无法读取"},
		{"folder", func(t *testing.T) string { return t.TempDir() }, Limits{}, RuleFileUnreadable, "不是普通文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			lim := tt.lim
			lim.TmpDir = tmp
			w, err := Open(tt.file(t), lim)
			if err == nil {
				w.Close()
				t.Fatalf("Open succeeded, want %s", tt.rule)
			}
			fe := asFileError(t, err)
			if got, want := fe.Rule, tt.rule; got != want {
				t.Errorf("Rule = %q, want %q (error: %v)", got, want, err)
			}
			if !strings.Contains(fe.Message, tt.msg) {
				t.Errorf("Message = %q, want it to contain %q", fe.Message, tt.msg)
			}
			if left, _ := os.ReadDir(tmp); len(left) != 0 {
				t.Errorf("TmpDir holds %d entries after a failed Open, want 0", len(left))
			}
		})
	}
}

func TestOpenChecksumErrorIsWrapped(t *testing.T) {
	parts := plainBook(t)
	for i, p := range parts {
		if p.name == "xl/worksheets/sheet1.xml" {
			parts[i] = rawPart(t, p.name, p.data, zip.FileHeader{CRC32: crc32Of(p.data) + 1})
		}
	}
	_, err := Open(writeParts(t, parts), Limits{})
	if !errors.Is(err, zip.ErrChecksum) {
		t.Errorf("Open error = %v, want it to wrap zip.ErrChecksum", err)
	}
}

func TestFileErrorText(t *testing.T) {
	tests := []struct {
		err  *FileError
		want string
	}{
		{&FileError{Rule: RuleFileEmpty, Message: "文件为空"}, "文件为空"},
		{&FileError{Rule: RuleFileCorrupt, Message: "文件已损坏", Err: errors.New("xl/workbook.xml: bad")}, "文件已损坏: xl/workbook.xml: bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestSizeText(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{256 << 20, "256 MiB"},
		{3 << 19, "1.5 MiB"},
		{16 << 10, "16 KiB"},
		{100, "100 字节"},
	}
	for _, tt := range tests {
		if got := sizeText(tt.n); got != tt.want {
			t.Errorf("sizeText(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestOpenRowBomb opens a sheet of 200 MiB of "<row/>" declared honestly,
// under the limits: it is not refused, but its rows beyond MaxRows are, and
// the pre-scan stops parsing there (see sheetScanner.settled), which is what
// keeps this test fast.
func TestOpenRowBomb(t *testing.T) {
	w := open(t, rowBombBook(t, 200<<20), Limits{MaxRows: 1000})
	n := 0
	err := w.Rows("Sheet1", func(Row) error { n++; return nil })
	if se := asSheetError(t, err); se.Rule != RuleSheetTooManyRows || se.Cell != "A1001" {
		t.Errorf("SheetError{Rule %q, Cell %q}, want {%q, A1001}", se.Rule, se.Cell, RuleSheetTooManyRows)
	}
	if n != 0 {
		t.Errorf("%d rows delivered, want 0 (all are empty)", n)
	}
}

func BenchmarkOpenRowBomb(b *testing.B) {
	path := rowBombBook(b, 200<<20)
	for b.Loop() {
		w, err := Open(path, Limits{TmpDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}

// BenchmarkOpenBomb measures how fast a 2 GiB zip bomb is refused; it
// should stay far below a second (unit tests assert no timings).
func BenchmarkOpenBomb(b *testing.B) {
	path := bombBook(b)
	for b.Loop() {
		if _, err := Open(path, Limits{TmpDir: b.TempDir()}); err == nil {
			b.Fatal("bomb opened")
		}
	}
}
