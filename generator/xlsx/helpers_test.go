package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// part is one zip entry of a test file. With hdr set, data is written raw
// under that header, which is how tests make entries lie about themselves.
type part struct {
	name   string
	data   []byte
	method uint16
	hdr    *zip.FileHeader
}

// book writes a workbook with excelize and returns its parts.
func book(t testing.TB, build func(f *excelize.File)) []part {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if build != nil {
		build(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return unzipParts(t, buf.Bytes())
}

func unzipParts(t testing.TB, b []byte) []part {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []part
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, part{name: zf.Name, data: data, method: zip.Deflate})
	}
	return parts
}

func zipParts(t testing.TB, parts []part) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		var w io.Writer
		var err error
		if p.hdr != nil {
			w, err = zw.CreateRaw(p.hdr)
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: p.method})
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFile stores b in a fresh temporary folder and returns its path.
func writeFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeParts(t testing.TB, parts []part) string {
	t.Helper()
	return writeFile(t, "book.xlsx", zipParts(t, parts))
}

// edit returns parts with the named part's text changed by fn.
func edit(t testing.TB, parts []part, name string, fn func(string) string) []part {
	t.Helper()
	out := append([]part(nil), parts...)
	for i := range out {
		if out[i].name == name {
			out[i].data = []byte(fn(string(out[i].data)))
			return out
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

// replace changes the one occurrence of old, so a test cannot silently stop
// testing what it says when excelize changes its output.
func replace(t testing.TB, old, new string) func(string) string {
	t.Helper()
	return func(s string) string {
		t.Helper()
		if n := strings.Count(s, old); n != 1 {
			t.Fatalf("%q occurs %d times, want 1 in:\n%s", old, n, s)
		}
		return strings.Replace(s, old, new, 1)
	}
}

func without(parts []part, name string) []part {
	var out []part
	for _, p := range parts {
		if p.name != name {
			out = append(out, p)
		}
	}
	return out
}

func with(parts []part, p part) []part {
	return append(append([]part(nil), parts...), p)
}

// setSheet replaces the first worksheet with the given <sheetData>…
// content (everything inside <worksheet>).
func setSheet(t testing.TB, parts []part, body string) []part {
	t.Helper()
	return edit(t, parts, "xl/worksheets/sheet1.xml", func(string) string {
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			body + `</worksheet>`
	})
}

func deflate(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawPart is a deflated entry whose header says whatever hdr says, with the
// true CRC and sizes filled in where hdr leaves them zero.
func rawPart(t testing.TB, name string, content []byte, hdr zip.FileHeader) part {
	t.Helper()
	data := deflate(t, content)
	hdr.Name = name
	hdr.Method = zip.Deflate
	if hdr.CRC32 == 0 {
		hdr.CRC32 = crc32.ChecksumIEEE(content)
	}
	if hdr.CompressedSize64 == 0 {
		hdr.CompressedSize64 = uint64(len(data))
	}
	if hdr.UncompressedSize64 == 0 {
		hdr.UncompressedSize64 = uint64(len(content))
	}
	return part{name: name, data: data, hdr: &hdr}
}

// zeroBomb returns a raw deflate stream inflating to at least size zero
// bytes. It repeats one compressed 1 MiB segment: after a sync flush the
// stream is byte-aligned and the segment only refers back to zeros, so
// copies of it decode to more zeros. Building 2 GiB this way costs a few
// milliseconds instead of compressing 2 GiB.
func zeroBomb(t testing.TB, size int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	step := func(b []byte) []byte {
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out := bytes.Clone(buf.Bytes())
		buf.Reset()
		return out
	}
	head := step(zeros[:64<<10])
	seg := step(zeros)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	tail := bytes.Clone(buf.Bytes())
	n := int((size + 1<<20 - 1) >> 20)
	out := make([]byte, 0, len(head)+n*len(seg)+len(tail))
	out = append(out, head...)
	for range n {
		out = append(out, seg...)
	}
	return append(out, tail...)
}

// rowBomb returns a worksheet of about size bytes that is nothing but
// "<row/>", deflated, with its true length and CRC. Like zeroBomb it repeats
// one compressed segment; the segments hold whole "<row/>" so that every
// copy starts in the same phase of the pattern.
func rowBomb(t testing.TB, size int64) (stream []byte, n int64, crc uint32) {
	t.Helper()
	const open = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	const closing = `</sheetData></worksheet>`
	row := []byte("<row/>")
	headRows := bytes.Repeat(row, 64<<10/len(row)+1)
	segRows := bytes.Repeat(row, 1<<20/len(row))
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	step := func(b []byte, last bool) []byte {
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
		if last {
			err = w.Close()
		} else {
			err = w.Flush()
		}
		if err != nil {
			t.Fatal(err)
		}
		out := bytes.Clone(buf.Bytes())
		buf.Reset()
		return out
	}
	head := step(append([]byte(open), headRows...), false)
	seg := step(segRows, false)
	tail := step([]byte(closing), true)

	crc = crc32.Update(0, crc32.IEEETable, []byte(open))
	crc = crc32.Update(crc, crc32.IEEETable, headRows)
	n = int64(len(open) + len(headRows) + len(closing))
	stream = append(stream, head...)
	for n < size {
		stream = append(stream, seg...)
		crc = crc32.Update(crc, crc32.IEEETable, segRows)
		n += int64(len(segRows))
	}
	stream = append(stream, tail...)
	crc = crc32.Update(crc, crc32.IEEETable, []byte(closing))
	return stream, n, crc
}

// rowBombBook is a real workbook whose sheet is a rowBomb of about size bytes,
// declared honestly.
func rowBombBook(t testing.TB, size int64) string {
	t.Helper()
	parts := book(t, nil)
	stream, n, crc := rowBomb(t, size)
	for i, p := range parts {
		if p.name == "xl/worksheets/sheet1.xml" {
			parts[i] = part{name: p.name, data: stream, hdr: &zip.FileHeader{
				Name: p.name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(len(stream)), UncompressedSize64: uint64(n),
			}}
		}
	}
	return writeParts(t, parts)
}

// bombBook is a real workbook whose sheet part declares 1 KiB but inflates
// to 2 GiB of zeros.
func bombBook(t testing.TB) string {
	t.Helper()
	parts := book(t, func(f *excelize.File) { f.SetCellValue("Sheet1", "A1", 1) })
	stream := zeroBomb(t, 2<<30)
	for i, p := range parts {
		if p.name == "xl/worksheets/sheet1.xml" {
			parts[i] = part{name: p.name, data: stream, hdr: &zip.FileHeader{
				Name: p.name, Method: zip.Deflate, CRC32: 1,
				CompressedSize64: uint64(len(stream)), UncompressedSize64: 1 << 10,
			}}
		}
	}
	return writeParts(t, parts)
}

func asFileError(t testing.TB, err error) *FileError {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v (%T), want *FileError", err, err)
	}
	return fe
}

func asSheetError(t testing.TB, err error) *SheetError {
	t.Helper()
	var se *SheetError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v (%T), want *SheetError", err, err)
	}
	return se
}

// open opens path and closes it when the test ends. Every workbook a test
// opens this way is also read by both readers, which must agree.
func open(t testing.TB, path string, lim Limits) *Workbook {
	t.Helper()
	if lim.TmpDir == "" {
		lim.TmpDir = t.TempDir()
	}
	checkNative(t, path, lim)
	w, err := Open(path, lim)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return w
}

// collect reads all rows of a sheet.
func collect(w *Workbook, sheet string) ([]Row, error) {
	var rows []Row
	err := w.Rows(sheet, func(r Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

func crc32Of(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
