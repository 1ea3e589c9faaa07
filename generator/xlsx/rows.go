package xlsx

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/xuri/excelize/v2"
)

// Rows streams the rows of the sheet, in order, to fn, and stops at the first
// error fn returns, returning it unchanged. Rows without any cell are skipped;
// rows whose cells are all "" (a formula without cached value) are not.
//
// A sheet that cannot be read at all yields a *SheetError before any row:
// RuleSheetNotFound, RuleSheetCorrupt or RuleSheetTooWide. A row numbered
// beyond Limits.MaxRows ends the stream with a RuleSheetTooManyRows
// *SheetError after all rows before it were delivered. Chart sheets yield no
// rows and no error.
func (w *Workbook) Rows(sheet string, fn func(Row) error) error {
	if w.closed {
		return errors.New("xlsx: Rows on a closed workbook")
	}
	s := w.sheet(sheet)
	if s == nil {
		return sheetNotFound(sheet)
	}
	if s.err != nil {
		e := *s.err
		return &e
	}
	info := s.info
	switch {
	case info == nil:
		return nil
	case info.bad != nil:
		return sheetCorrupt(sheet, info.badRef, info.bad)
	case info.wideRef != "":
		return sheetTooWide(sheet, info.wideRef, w.lim.MaxColumns)
	case info.beyond > maxCellsBeyond:
		return sheetTooManyCells(sheet, info.beyondRef, w.lim.MaxColumns)
	}
	feed := &rowFeed{w: w, sheet: sheet, info: info, fn: fn, from: 1}
	if w.viaExcelize || w.sstInTempFile() || sheetNameRefused(sheet) {
		return feed.excelize()
	}
	return feed.native()
}

// handovers counts sheets the native reader handed to excelize part-way,
// for tests and benchmarks: real workbooks should need none.
var handovers atomic.Int64

// rowFeed joins the cells of each row to the pre-scan's facts and hands the
// rows to the caller. The native reader and excelize both feed it; when the
// native reader gives up part-way, excelize goes over the sheet again and
// the feed passes on only the rows from where it stopped (from).
type rowFeed struct {
	w     *Workbook
	sheet string
	info  *sheetInfo
	fn    func(Row) error
	from  int // first row number to hand on
	next  int // index into info.rows of the next row
	nc    int // index into info.noCache
	inFn  bool
}

// done reports that every row the pre-scan found was fed.
func (d *rowFeed) done() bool { return d.next >= len(d.info.rows) }

// row takes row k, which must be info.rows[d.next], with the cells the
// reader found in it.
func (d *rowFeed) row(k int, cells []string) error {
	info, w := d.info, d.w
	d.next++
	var noCache []int
	for ; d.nc < len(info.noCache) && info.noCache[d.nc]>>16 == uint64(k); d.nc++ {
		noCache = append(noCache, int(info.noCache[d.nc]&0xffff)-1)
	}
	// Beyond MaxColumns only formulas without values can be left (values
	// there were refused), and both readers list them as "". Trailing ""
	// left by that cut mean nothing, unless they stand for a formula here.
	keep := 0
	if n := len(noCache); n > 0 {
		keep = noCache[n-1] + 1
	}
	cells = cells[:min(len(cells), w.lim.MaxColumns)]
	for len(cells) > keep && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	for len(cells) < keep {
		cells = append(cells, "")
	}
	if len(cells) == 0 || k < d.from {
		return nil
	}
	d.inFn = true
	err := d.fn(Row{Num: k, Cells: cells, NoCache: noCache})
	d.inFn = false
	return err
}

// finish is the end of the stream: every row found, then the refusal of
// the first row beyond MaxRows if there is one.
func (d *rowFeed) finish(reader string) error {
	if !d.done() {
		num := int(d.info.rows[d.next])
		return sheetCorrupt(d.sheet, cellName(1, num), fmt.Errorf("%s stopped before row %d", reader, num))
	}
	if d.info.over != 0 {
		return sheetTooManyRows(d.sheet, d.info.over, d.w.lim.MaxRows)
	}
	return nil
}

// recoverReader turns a panic of a reader into a refusal of the sheet; a
// panic of the caller's fn is not ours to hide.
func (d *rowFeed) recoverReader(reader string, err *error) {
	if p := recover(); p != nil {
		if d.inFn {
			panic(p)
		}
		*err = sheetCorrupt(d.sheet, "", fmt.Errorf("%s panicked: %v", reader, p))
	}
}

// native streams the sheet with cellReader. A row of the pre-scan is a
// <row> of the reader, in the same order: both number rows the same way,
// and the pre-scan refuses the layouts where they could not.
func (d *rowFeed) native() (err error) {
	defer d.recoverReader("native reader", &err)
	w, info := d.w, d.info
	if d.done() {
		return d.finish("native reader")
	}
	// excelize reads the shared strings when it reads the first row, and
	// fails there if they do not decode.
	if err := w.loadSharedStrings(); err != nil {
		return sheetCorrupt(d.sheet, cellName(1, 1), err)
	}
	rc, err := w.files[info.part].Open()
	if err != nil {
		return sheetCorrupt(d.sheet, "", err)
	}
	defer rc.Close()
	r := newCellReader(rc, w.sst.vals)
	last := 0 // number of the last row fed
	for !d.done() {
		k, cells, err := r.next()
		switch {
		case err == errSlowPath || err == errUnusual:
			handovers.Add(1)
			d.from = last + 1
			return d.excelize()
		case err != nil:
			return sheetCorrupt(d.sheet, "", err)
		case k != int(info.rows[d.next]):
			return sheetCorrupt(d.sheet, cellName(1, k), fmt.Errorf("native reader found row %d, the pre-scan row %d", k, info.rows[d.next]))
		}
		if err := d.row(k, cells); err != nil {
			return err
		}
		last = k
	}
	return d.finish("native reader")
}

// excelize walks excelize's row iterator alongside the pre-scan. The
// iterator yields one step per row number, inventing empty rows for the
// gaps (step k is row k), but never says which steps are real; the
// pre-scan knows, and a disagreement between the two means the sheet is
// not what it seems.
func (d *rowFeed) excelize() (err error) {
	defer d.recoverReader("excelize", &err)
	w, info, sheet := d.w, d.info, d.sheet
	d.next, d.nc = 0, 0
	f, err := w.excelize()
	if err != nil {
		return sheetCorrupt(sheet, "", err)
	}
	defer func() {
		if f.SharedStrings != nil {
			w.sst.typesShown = true // excelize made its first reading of rows
		}
	}()
	rows, err := f.Rows(sheet)
	if err != nil {
		return sheetCorrupt(sheet, "", err)
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			err = sheetCorrupt(sheet, "", cerr)
		}
	}()

	opts := excelize.Options{RawCellValue: true}
	for k := 1; !d.done(); k++ {
		if !rows.Next() {
			break
		}
		cells, err := rows.Columns(opts)
		if err != nil {
			return sheetCorrupt(sheet, cellName(1, k), err)
		}
		if k < int(info.rows[d.next]) {
			if len(cells) != 0 {
				return sheetCorrupt(sheet, cellName(1, k), fmt.Errorf("excelize found cells in row %d, the pre-scan found no such row", k))
			}
			continue
		}
		if err := d.row(k, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return sheetCorrupt(sheet, "", err)
	}
	return d.finish("excelize")
}
