package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbook is an opened, checked workbook. It is not safe for concurrent use.
//
// It keeps the file open: rows are read from the zip when asked for, by the
// native reader (cells.go). excelize is opened only when something needs it
// (Annotate, ReadMarks, a sheet the native reader hands over).
type Workbook struct {
	path      string
	fh        *os.File
	files     map[string]*zip.File // the pre-scan's, by name
	sstFile   *zip.File            // the shared strings part, as excelize finds it; nil if none
	typesFile *zip.File            // [Content_Types].xml, likewise
	lim       Limits
	sheets    []sheetEntry
	date1904  bool
	sst       sharedStrings
	closed    bool

	f      *excelize.File // opened lazily by excelize()
	tmpDir string         // its temporary folder

	viaExcelize bool // tests: read every sheet with excelize, the reference
}

// Range is a rectangle of cells, 1-based and inclusive on all sides.
type Range struct{ Top, Left, Bottom, Right int }

// Row is one row of a sheet as stored.
type Row struct {
	// Num is the 1-based row number in the sheet.
	Num int
	// Cells holds the raw cell values; Cells[0] is column A, "" means empty.
	// Numbers and dates are the stored number text ("45366", "12500.5"),
	// shared and inline strings are resolved, error cells read "#DIV/0!" and
	// the like. Cells never reaches beyond Limits.MaxColumns.
	Cells []string
	// NoCache lists the 0-based columns whose cell holds a formula without a
	// cached value: its Cells entry is "" although the formula may compute
	// something. Files written by programs rather than by Excel often look
	// like this; opening and saving them in Excel fills the values in.
	NoCache []int
}

// Open checks the file at path and opens it. Every problem with the file,
// including the operating system refusing to read it, is a *FileError. Open
// does not panic on any input. The file itself is only read; it stays open
// until Close.
func Open(path string, lim Limits) (w *Workbook, err error) {
	lim = lim.withDefaults()
	defer func() {
		if p := recover(); p != nil {
			w, err = nil, corruptf("internal error while reading: %v", p)
		}
	}()

	fi, err := os.Stat(path)
	if err != nil {
		return nil, fileErr(RuleFileUnreadable, msgUnreadable, err)
	}
	if !fi.Mode().IsRegular() {
		// A FIFO or device would block or never end.
		return nil, fileErr(RuleFileUnreadable, msgNotRegular, fmt.Errorf("%s: not a regular file (mode %s)", path, fi.Mode()))
	}
	if fi.Size() == 0 {
		return nil, fileErr(RuleFileEmpty, msgEmpty, nil)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, fileErr(RuleFileUnreadable, msgUnreadable, err)
	}
	defer func() {
		if w == nil {
			fh.Close()
		}
	}()
	if ferr := sniff(fh); ferr != nil {
		return nil, ferr
	}
	zr, err := zip.NewReader(fh, fi.Size())
	if errors.Is(err, zip.ErrInsecurePath) {
		// Only with GODEBUG=zipinsecurepath=0, and then excelize refuses it.
		return nil, corruptf("%w", err)
	}
	if err != nil {
		return nil, fileErr(RuleFileTruncated, msgTruncated, err)
	}
	ins, sheets, ferr := inspect(zr, lim)
	if ferr != nil {
		return nil, ferr
	}
	date1904, ferr := ins.excelizeChecks()
	if ferr != nil {
		return nil, ferr
	}
	w = &Workbook{
		path:     path,
		fh:       fh,
		files:    ins.files,
		lim:      lim,
		sheets:   sheets,
		date1904: date1904,
	}
	// excelize files these two under a fixed spelling whatever their case.
	for name, zf := range ins.files {
		switch strings.ToLower(name) {
		case strings.ToLower(sharedStringsPart):
			w.sstFile = zf
		case "[content_types].xml":
			w.typesFile = zf
		}
	}
	return w, nil
}

// Close closes the file, releases excelize if it was opened and removes its
// temporary folder. Calling it again does nothing.
func (w *Workbook) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.fh.Close()
	if w.f != nil {
		if ferr := w.f.Close(); err == nil {
			err = ferr
		}
		w.f = nil
		if rerr := os.RemoveAll(w.tmpDir); err == nil {
			err = rerr
		}
	}
	return err
}

// SheetNames returns the names of all sheets in workbook order, exactly as
// written in the workbook. Chart sheets are included; they have no rows.
func (w *Workbook) SheetNames() []string {
	names := make([]string, len(w.sheets))
	for i, s := range w.sheets {
		names[i] = s.name
	}
	return names
}

// Date1904 reports whether the workbook counts dates from 1904 rather than
// 1900, which shifts every date serial by 1462 days.
func (w *Workbook) Date1904() bool { return w.date1904 }

// Merges returns the merged ranges of the sheet, in document order; nil for
// an unknown sheet. For a sheet that Rows refuses or cuts short, the list may
// miss ranges written after the point of refusal.
func (w *Workbook) Merges(sheet string) []Range {
	s := w.sheet(sheet)
	if s == nil || s.info == nil {
		return nil
	}
	return slices.Clone(s.info.merges)
}

func (w *Workbook) sheet(name string) *sheetEntry {
	for i := range w.sheets {
		if w.sheets[i].name == name {
			return &w.sheets[i]
		}
	}
	return nil
}
