package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Reading no longer goes through excelize (see cells.go), but excelize stays
// the reference for what a workbook means. This file holds the places where
// the reader still asks it: the parts excelize.OpenFile decodes and may
// refuse, the shared strings when native reading gives up, and a lazily
// opened excelize.File for writing (Annotate, ReadMarks) and for sheets the
// native reader hands over.

// strictPairs are excelize's namespaceStrictToTransitional, longest first
// so that one never rewrites part of another.
var strictPairs = func() [][2]string {
	p := [][2]string{
		{excelize.StrictNameSpaceDocumentPropertiesVariantTypes, excelize.NameSpaceDocumentPropertiesVariantTypes.Value},
		{excelize.StrictNameSpaceDrawingMLMain, excelize.NameSpaceDrawingMLMain},
		{excelize.StrictNameSpaceExtendedProperties, excelize.NameSpaceExtendedProperties},
		{excelize.StrictNameSpaceSpreadSheet, excelize.NameSpaceSpreadSheet.Value},
		{excelize.StrictSourceRelationship, excelize.SourceRelationship.Value},
		{excelize.StrictSourceRelationshipChart, excelize.SourceRelationshipChart},
		{excelize.StrictSourceRelationshipComments, excelize.SourceRelationshipComments},
		{excelize.StrictSourceRelationshipExtendProperties, excelize.SourceRelationshipExtendProperties},
		{excelize.StrictSourceRelationshipImage, excelize.SourceRelationshipImage},
		{excelize.StrictSourceRelationshipOfficeDocument, excelize.SourceRelationshipOfficeDocument},
	}
	slices.SortStableFunc(p, func(a, b [2]string) int { return len(b[0]) - len(a[0]) })
	return p
}()

// strictToTransitional rewrites Strict OOXML namespaces as excelize does
// before decoding a part (but not a worksheet).
func strictToTransitional(b []byte) []byte {
	if !bytes.Contains(b, []byte("purl.oclc.org")) {
		return b
	}
	for _, p := range strictPairs {
		b = bytes.ReplaceAll(b, []byte(p[0]), []byte(p[1]))
	}
	return b
}

// relsDoc is excelize's xlsxRelationships, whose type is not exported. Its
// fields are all strings, so decoding can only fail on the root's name,
// which this struct checks the same way.
type relsDoc struct {
	XMLName       xml.Name `xml:"http://schemas.openxmlformats.org/package/2006/relationships Relationships"`
	Relationships []struct {
		ID         string `xml:"Id,attr"`
		Target     string `xml:",attr"`
		Type       string `xml:",attr"`
		TargetMode string `xml:",attr,omitempty"`
	} `xml:"Relationship"`
}

// readPart inflates a part the pre-scan has checked; nil if there is none.
func readPart(zf *zip.File) ([]byte, error) {
	if zf == nil {
		return nil, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// decodePart decodes a part into v as excelize does: Strict namespaces
// rewritten, only the first element read, an empty part no error.
func decodePart(zf *zip.File, v any) error {
	b, err := readPart(zf)
	if err != nil {
		return err
	}
	if err := newDecoder(bytes.NewReader(strictToTransitional(b))).Decode(v); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// excelizeChecks decodes what excelize.OpenFile decodes, in its order and
// into its own types (reached through the exported fields of a File), so
// that a workbook it would refuse is refused here too: the calculation
// chain, the workbook and its relationships, the styles and the theme. It
// returns whether the workbook counts dates from 1904.
func (ins *inspector) excelizeChecks() (date1904 bool, ferr *FileError) {
	var f excelize.File // only a home for values of excelize's types
	fail := func(err error) (bool, *FileError) { return false, corruptf("excelize: %w", err) }
	if err := decodePart(ins.files["xl/calcChain.xml"], &f.CalcChain); err != nil {
		return fail(err)
	}
	// excelize finds the workbook through the package relationships; when
	// they do not decode it looks for them again in the workbook's place
	// and fails there.
	var root relsDoc
	if err := decodePart(ins.files["_rels/.rels"], &root); err != nil {
		return fail(err)
	}
	if err := decodePart(ins.files[ins.wbPath], &f.WorkBook); err != nil {
		return fail(err)
	}
	var rels relsDoc
	if err := decodePart(ins.files[workbookRelsPath(ins.wbPath)], &rels); err != nil {
		return fail(err)
	}
	if err := decodePart(ins.files["xl/styles.xml"], &f.Styles); err != nil {
		return fail(err)
	}
	if err := decodePart(ins.files["xl/theme/theme1.xml"], &f.Theme); err != nil {
		return fail(err)
	}
	wb := f.WorkBook
	return wb != nil && wb.WorkbookPr != nil && wb.WorkbookPr.Date1904, nil
}

// sheetNameRefused is excelize's checkSheetName: its Rows refuses to
// stream a sheet whose name it would not let anyone write.
func sheetNameRefused(name string) bool {
	return name == "" ||
		len(utf16.Encode([]rune(name))) > excelize.MaxSheetNameLength ||
		strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") ||
		strings.ContainsAny(name, ":\\/?*[]")
}

// sharedStrings is the workbook's table as the native reader knows it.
type sharedStrings struct {
	loaded     bool
	vals       []string
	typesShown bool // the first load happened: excelize decodes [Content_Types].xml then
}

// loadSharedStrings does what excelize's sharedStringsReader does the first
// time a row is read: decode the table (failing again each time it does not
// decode) and then, once, [Content_Types].xml, whose failure that one call
// reports.
func (w *Workbook) loadSharedStrings() error {
	if w.sst.loaded {
		return nil
	}
	b, err := readPart(w.sstFile)
	if err != nil {
		return err
	}
	b = strictToTransitional(b)
	vals, err := sharedStringsFast(b)
	if err == errSlowPath || err == errUnusual {
		vals, err = sharedStringsExact(b)
	}
	if err != nil {
		return err
	}
	w.sst.loaded, w.sst.vals = true, vals
	if w.sst.typesShown {
		return nil // excelize made its first call already, for a sheet handed over
	}
	w.sst.typesShown = true
	var f excelize.File
	return decodePart(w.typesFile, &f.ContentTypes)
}

// sstInTempFile reports that excelize would keep the shared strings in a
// temporary file, where it reads them by another path (errors ignored,
// items decoded one by one): the native reader leaves such workbooks to it.
func (w *Workbook) sstInTempFile() bool {
	return w.sstFile != nil && int64(w.sstFile.UncompressedSize64) > w.xmlLimit()
}

func (w *Workbook) xmlLimit() int64 { return min(xmlInMemoryLimit, w.lim.MaxTotalSize) }

// excelize opens the workbook with excelize, once, for writing or for a
// sheet the native reader hands over. Its temporary files go into a folder
// of its own inside Limits.TmpDir, which Close removes.
func (w *Workbook) excelize() (*excelize.File, error) {
	if w.f != nil {
		return w.f, nil
	}
	parent := w.lim.TmpDir
	if parent == "" {
		parent = os.TempDir()
	}
	tmpDir, err := os.MkdirTemp(parent, "tuijin-xlsx-")
	if err != nil {
		return nil, fmt.Errorf("xlsx: temporary folder: %w", err)
	}
	f, err := excelize.OpenFile(w.path, excelize.Options{
		UnzipSizeLimit:    w.lim.MaxTotalSize,
		UnzipXMLSizeLimit: w.xmlLimit(),
		TmpDir:            tmpDir,
	})
	if err != nil {
		if f != nil {
			_ = f.Close() // it may have left temporary files even so
		}
		_ = os.RemoveAll(tmpDir)
		var pe *fs.PathError
		if errors.As(err, &pe) && filepath.Clean(pe.Path) == filepath.Clean(w.path) {
			return nil, fileErr(RuleFileUnreadable, msgUnreadable, err)
		}
		return nil, corruptf("excelize: %w", err)
	}
	if w.sst.typesShown {
		// The native reader has made the first call excelize makes when
		// reading rows; excelize must not make it again.
		_ = decodePart(w.typesFile, &f.ContentTypes)
	}
	w.f, w.tmpDir = f, tmpDir
	return f, nil
}
