package xlsx

import (
	"archive/zip"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Relationship namespaces. excelize rewrites Strict OOXML to Transitional
// before reading, so both spellings name the same thing.
const (
	relNS       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relNSStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships"

	sharedStringsPart = "xl/sharedStrings.xml" // the one path excelize reads them from
)

func isRelType(typ, kind string) bool {
	return typ == relNS+"/"+kind || typ == relNSStrict+"/"+kind
}

// sheetEntry is one <sheet> of the workbook, in workbook order.
type sheetEntry struct {
	name string
	info *sheetInfo  // nil for chart sheets and other sheets without cells
	err  *SheetError // set when the sheet's part cannot be found at all
}

type relationship struct {
	id, typ, target string
}

// wbSheet is a <sheet> element of the workbook part.
type wbSheet struct {
	name, rid string
}

// inspector runs the checks of the front door over one zip archive.
type inspector struct {
	lim   Limits
	zr    *zip.Reader
	files map[string]*zip.File // by name with "\" turned into "/", as excelize keys them
	done  map[*zip.File]bool   // parts already inflated
	total int64                // bytes inflated so far, all parts

	sheetParts map[string]*sheetInfo // worksheet part name -> what the pre-scan found
	sstCount   int                   // <si> items in the shared string table
	wbPath     string                // the workbook part
}

// inspect checks the whole package and pre-scans its worksheets. It reads
// every byte of every part exactly once.
func inspect(zr *zip.Reader, lim Limits) (*inspector, []sheetEntry, *FileError) {
	ins := &inspector{
		lim:        lim,
		zr:         zr,
		files:      make(map[string]*zip.File, len(zr.File)),
		done:       make(map[*zip.File]bool, len(zr.File)),
		sheetParts: make(map[string]*sheetInfo),
	}
	if ferr := ins.checkDirectory(); ferr != nil {
		return nil, nil, ferr
	}
	sheets, ferr := ins.readStructure()
	if ferr != nil {
		return nil, nil, ferr
	}
	if ferr := ins.readParts(); ferr != nil {
		return nil, nil, ferr
	}
	for _, info := range ins.sheetParts {
		if info.sstMax >= ins.sstCount {
			// excelize drops such a cell's value without a word.
			ref := info.sstRef()
			info.fail(fmt.Errorf("cell %s refers to shared string %d, the table has %d", ref, info.sstMax, ins.sstCount), ref)
		}
	}
	return ins, sheets, nil
}

// checkDirectory trusts nothing but is cheap: declared sizes first, so that
// an honest bomb is refused without inflating a byte, then names.
func (ins *inspector) checkDirectory() *FileError {
	var total uint64
	seen := make(map[string]bool, len(ins.zr.File))
	for _, zf := range ins.zr.File {
		if zf.UncompressedSize64 > uint64(ins.lim.MaxPartSize) {
			return tooLargePart(zf.Name, ins.lim.MaxPartSize)
		}
		total += zf.UncompressedSize64 // cannot wrap: each term is below MaxPartSize
		if total > uint64(ins.lim.MaxTotalSize) {
			return tooLargeTotal(ins.lim.MaxTotalSize)
		}
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		// Two entries under one name would let the pre-scan check one and
		// excelize read the other. Case is folded as well because excelize
		// folds it for some parts.
		key := strings.ToLower(name)
		if seen[key] {
			return corruptf("duplicate zip entry %q", zf.Name)
		}
		seen[key] = true
		if strings.HasSuffix(name, "/") {
			continue
		}
		ins.files[name] = zf
	}
	return nil
}

// readStructure reads the parts that say where the sheets are, the way
// excelize finds them, so that both agree on which part is which sheet.
func (ins *inspector) readStructure() ([]sheetEntry, *FileError) {
	rootRels, ferr := ins.readRels("_rels/.rels")
	if ferr != nil {
		return nil, ferr
	}
	wbPath := ""
	for _, r := range rootRels {
		if isRelType(r.typ, "officeDocument") {
			wbPath = strings.TrimPrefix(r.target, "/")
			break
		}
	}
	if wbPath == "" {
		return nil, corruptf("_rels/.rels names no workbook part")
	}
	ins.wbPath = wbPath
	zf := ins.files[wbPath]
	if zf == nil {
		return nil, corruptf("workbook part %s is missing", wbPath)
	}
	var wbSheets []wbSheet
	if ferr := ins.inflate(zf, func(r io.Reader) error {
		var err error
		wbSheets, err = parseWorkbook(r)
		return err
	}); ferr != nil {
		return nil, ferr
	}
	wbRels, ferr := ins.readRels(workbookRelsPath(wbPath))
	if ferr != nil {
		return nil, ferr
	}

	sheets := make([]sheetEntry, 0, len(wbSheets))
	names := make(map[string]bool, len(wbSheets))
	for _, s := range wbSheets {
		// excelize finds sheets by case-insensitive name; two sheets that
		// differ only in case would make it pick either at random.
		key := strings.ToLower(strings.ToUpper(s.name))
		if names[key] {
			return nil, corruptf("workbook has two sheets named %q", s.name)
		}
		names[key] = true
		entry := sheetEntry{name: s.name}
		part, typ := "", ""
		for _, r := range wbRels {
			// The last matching relationship wins, as in excelize.
			if p := worksheetPath(wbPath, r.target); r.id == s.rid && ins.files[p] != nil {
				part, typ = p, r.typ
			}
		}
		switch {
		case part == "":
			entry.err = sheetCorrupt(s.name, "", fmt.Errorf("no part found for sheet relationship %q", s.rid))
		case isRelType(typ, "worksheet"):
			info := ins.sheetParts[part]
			if info == nil {
				info = &sheetInfo{part: part, sstMax: -1}
				ins.sheetParts[part] = info
			}
			entry.info = info
		}
		sheets = append(sheets, entry)
	}
	return sheets, nil
}

// readRels reads a relationships part, which must exist.
func (ins *inspector) readRels(name string) ([]relationship, *FileError) {
	zf := ins.files[name]
	if zf == nil {
		return nil, corruptf("part %s is missing", name)
	}
	var rels []relationship
	ferr := ins.inflate(zf, func(r io.Reader) error {
		var err error
		rels, err = parseRels(r)
		return err
	})
	return rels, ferr
}

// readParts inflates every part not read yet, in archive order, giving each
// the check it needs.
func (ins *inspector) readParts() *FileError {
	for _, zf := range ins.zr.File {
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		if ins.done[zf] || ins.files[name] != zf {
			continue // read already, or a directory
		}
		var consume, slow func(io.Reader) error
		lower := strings.ToLower(name)
		switch info := ins.sheetParts[name]; {
		case info != nil:
			consume = func(r io.Reader) error {
				*info = sheetInfo{part: info.part, sstMax: -1}
				return newSheetScanner(info, ins.lim).scanFast(r)
			}
			slow = func(r io.Reader) error {
				*info = sheetInfo{part: info.part, sstMax: -1}
				return newSheetScanner(info, ins.lim).scan(r)
			}
		case lower == strings.ToLower(sharedStringsPart):
			consume, slow = ins.scanSharedStringsFast, ins.scanSharedStrings
		case strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels") || strings.HasSuffix(lower, ".vml"):
			consume = scanDoctype
		}
		if ferr := ins.inflateFast(zf, consume, slow); ferr != nil {
			return ferr
		}
	}
	return nil
}

// scanSharedStrings requires well-formed XML and counts the items, so that
// cells pointing past the table can be reported.
func (ins *inspector) scanSharedStrings(r io.Reader) error {
	depth := 0
	ins.sstCount = 0
	return walk(r, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && t.Name.Local == "si" {
				ins.sstCount++
			}
		case xml.EndElement:
			depth--
		}
		return nil
	})
}

// scanSharedStringsFast is scanSharedStrings with the fast scanner; it may
// give up with errSlowPath.
func (ins *inspector) scanSharedStringsFast(r io.Reader) error {
	z := newFastScanner(r)
	depth, count := 0, 0
	for {
		k, err := z.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			ins.sstCount = count
			return nil
		case tokStart:
			depth++
			if depth == 2 && string(z.local) == "si" {
				count++
			}
		case tokEnd:
			depth--
		}
	}
}

var (
	errPartLimit    = errors.New("part size limit reached")
	errTotalLimit   = errors.New("total size limit reached")
	errOverDeclared = errors.New("part inflates beyond its declared size")
)

// useFastScan is false only in benchmarks measuring what the fast scanner
// saves.
var useFastScan = true

// slowScans counts parts the fast scanner gave up on, for tests and
// benchmarks: real workbooks should never need the slow path.
var slowScans atomic.Int64

// inflateFast is inflate with a consume that may give up (errSlowPath, see
// fastScanner): the part is then inflated again from its start for slow,
// whose verdict stands. Without slow, it is inflate.
func (ins *inspector) inflateFast(zf *zip.File, consume, slow func(io.Reader) error) *FileError {
	if slow == nil {
		return ins.inflate(zf, consume)
	}
	if !useFastScan {
		return ins.inflate(zf, slow)
	}
	total := ins.total
	ferr := ins.inflate(zf, consume)
	if ferr == nil || !errors.Is(ferr, errSlowPath) {
		return ferr
	}
	ins.total = total // the first pass counts for nothing
	slowScans.Add(1)
	return ins.inflate(zf, slow)
}

// inflate streams one part through consume (nil: just read it) and then to
// its end, so that its size and CRC-32 are checked whatever consume read.
// The data is decompressed here rather than by archive/zip so that a part
// lying about its size can be measured, not merely cut off.
func (ins *inspector) inflate(zf *zip.File, consume func(io.Reader) error) *FileError {
	ins.done[zf] = true
	raw, err := zf.OpenRaw()
	if err != nil {
		return corruptf("%s: %w", zf.Name, err)
	}
	var src io.Reader
	switch zf.Method {
	case zip.Store:
		src = raw
	case zip.Deflate:
		fr := flate.NewReader(raw)
		defer fr.Close()
		src = fr
	default:
		return corruptf("%s: unsupported compression method %d", zf.Name, zf.Method)
	}
	p := &partReader{ins: ins, zf: zf, src: src, crc: crc32.NewIEEE()}
	var cerr error
	if consume != nil {
		cerr = consume(p)
	}
	if cerr == nil {
		_, cerr = io.Copy(io.Discard, p)
	}
	// A failure of the reader explains any error consume saw, so it wins.
	if ferr := p.failure(); ferr != nil {
		return ferr
	}
	if cerr != nil {
		return corruptf("%s: %w", zf.Name, cerr)
	}
	if uint64(p.n) != zf.UncompressedSize64 {
		return corruptf("%s: inflates to %d bytes, declares %d", zf.Name, p.n, zf.UncompressedSize64)
	}
	// Like archive/zip, a zero CRC in the directory means "not recorded".
	if zf.CRC32 != 0 && p.crc.Sum32() != zf.CRC32 {
		return corruptf("%s: %w", zf.Name, zip.ErrChecksum)
	}
	return nil
}

// partReader counts what one part inflates to and stops at the first limit.
type partReader struct {
	ins *inspector
	zf  *zip.File
	src io.Reader
	n   int64
	crc hash.Hash32
	err error // sticky: a limit, errOverDeclared, or damaged compressed data
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.src.Read(b)
	if lerr := p.count(n); lerr != nil {
		p.err = lerr
		return 0, lerr
	}
	p.crc.Write(b[:n])
	if err != nil && err != io.EOF {
		p.err = err
	}
	return n, err
}

func (p *partReader) count(n int) error {
	p.n += int64(n)
	p.ins.total += int64(n)
	switch {
	case p.n > p.ins.lim.MaxPartSize:
		return errPartLimit
	case p.ins.total > p.ins.lim.MaxTotalSize:
		return errTotalLimit
	case uint64(p.n) > p.zf.UncompressedSize64:
		return errOverDeclared
	}
	return nil
}

// failure turns the reader's sticky error into the file's verdict.
func (p *partReader) failure() *FileError {
	switch {
	case p.err == nil:
		return nil
	case p.err == errPartLimit:
		return tooLargePart(p.zf.Name, p.ins.lim.MaxPartSize)
	case p.err == errTotalLimit:
		return tooLargeTotal(p.ins.lim.MaxTotalSize)
	case p.err == errOverDeclared:
		return p.measure()
	}
	return corruptf("%s: %w", p.zf.Name, p.err)
}

// measure goes on inflating a part that has outgrown its declared size,
// only counting, to tell a zip bomb from plain damage. Inflating without
// parsing is fast (about 5 GB/s for a run of zeros), so reaching the limit
// costs a fraction of a second.
func (p *partReader) measure() *FileError {
	buf := make([]byte, 64<<10)
	for {
		n, err := p.src.Read(buf)
		p.n += int64(n)
		p.ins.total += int64(n)
		switch {
		case p.n > p.ins.lim.MaxPartSize:
			return tooLargePart(p.zf.Name, p.ins.lim.MaxPartSize)
		case p.ins.total > p.ins.lim.MaxTotalSize:
			return tooLargeTotal(p.ins.lim.MaxTotalSize)
		case err == io.EOF:
			return corruptf("%s: inflates to %d bytes, declares %d", p.zf.Name, p.n, p.zf.UncompressedSize64)
		case err != nil:
			return corruptf("%s: %w", p.zf.Name, err)
		}
	}
}

// parseRels reads the <Relationship> children of a relationships part.
func parseRels(r io.Reader) ([]relationship, error) {
	var rels []relationship
	depth := 0
	err := walk(r, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && t.Name.Local == "Relationship" {
				var rel relationship
				rel.id, _ = attr(t, "Id")
				rel.typ, _ = attr(t, "Type")
				rel.target, _ = attr(t, "Target")
				rels = append(rels, rel)
			}
		case xml.EndElement:
			depth--
		}
		return nil
	})
	return rels, err
}

// parseWorkbook reads the workbook/sheets/sheet elements.
func parseWorkbook(r io.Reader) ([]wbSheet, error) {
	var sheets []wbSheet
	var stack []string
	err := walk(r, func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if len(stack) == 3 && stack[1] == "sheets" && t.Name.Local == "sheet" {
				var s wbSheet
				s.name, _ = attr(t, "name")
				for _, a := range t.Attr {
					if a.Name.Local == "id" && (a.Name.Space == relNS || a.Name.Space == relNSStrict) {
						s.rid = a.Value
					}
				}
				sheets = append(sheets, s)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
		return nil
	})
	return sheets, err
}

// workbookRelsPath and worksheetPath repeat excelize's path arithmetic
// (getWorkbookRelsPath, getWorksheetPath) on purpose, quirks included: the
// pre-scan must look at the very part excelize will stream.
func workbookRelsPath(wbPath string) string {
	if filepath.Dir(wbPath) == "." {
		return "_rels/" + filepath.Base(wbPath) + ".rels"
	}
	return strings.TrimPrefix(filepath.Dir(wbPath)+"/_rels/"+filepath.Base(wbPath)+".rels", "/")
}

func worksheetPath(wbPath, target string) string {
	if strings.HasPrefix(target, "/") {
		return filepath.ToSlash(strings.TrimPrefix(strings.ReplaceAll(filepath.Clean(target), "\\", "/"), "/"))
	}
	return filepath.ToSlash(strings.TrimPrefix(
		strings.ReplaceAll(filepath.Clean(filepath.Dir(wbPath)+"/"+target), "\\", "/"), "/"))
}
