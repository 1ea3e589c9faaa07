package xlsx

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/xuri/excelize/v2"
)

// Workbook is an opened, checked workbook. It is not safe for concurrent use.
type Workbook struct {
	f        *excelize.File
	tmpDir   string
	lim      Limits
	sheets   []sheetEntry
	date1904 bool
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
// including the operating system refusing to read it, is a *FileError; only
// a failure to create the temporary folder in Limits.TmpDir is a plain error.
// Open does not panic on any input. The file itself is only read.
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
	defer fh.Close()
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
	sheets, ferr := inspect(zr, lim)
	if ferr != nil {
		return nil, ferr
	}

	parent := lim.TmpDir
	if parent == "" {
		parent = os.TempDir()
	}
	tmpDir, err := os.MkdirTemp(parent, "tuijin-xlsx-")
	if err != nil {
		return nil, fmt.Errorf("xlsx: temporary folder: %w", err)
	}
	defer func() {
		if w == nil {
			_ = os.RemoveAll(tmpDir)
		}
	}()
	xmlLimit := min(xmlInMemoryLimit, lim.MaxTotalSize)
	f, err := excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    lim.MaxTotalSize,
		UnzipXMLSizeLimit: xmlLimit,
		TmpDir:            tmpDir,
	})
	if err != nil {
		if f != nil {
			_ = f.Close() // it may have left temporary files even so
		}
		var pe *fs.PathError
		if errors.As(err, &pe) && filepath.Clean(pe.Path) == filepath.Clean(path) {
			// The file went away or changed permissions since the checks.
			return nil, fileErr(RuleFileUnreadable, msgUnreadable, err)
		}
		return nil, corruptf("excelize: %w", err)
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		_ = f.Close()
		return nil, corruptf("excelize: %w", err)
	}
	return &Workbook{
		f:        f,
		tmpDir:   tmpDir,
		lim:      lim,
		sheets:   sheets,
		date1904: props.Date1904 != nil && *props.Date1904,
	}, nil
}

// Close releases excelize and removes the temporary folder. Calling it again
// does nothing.
func (w *Workbook) Close() error {
	if w.f == nil {
		return nil
	}
	err := w.f.Close()
	w.f = nil
	if rerr := os.RemoveAll(w.tmpDir); err == nil {
		err = rerr
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
