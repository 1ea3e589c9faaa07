package xlsx

import (
	"errors"
	"fmt"

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
	if w.f == nil {
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
	return w.stream(sheet, info, fn)
}

// stream walks excelize's row iterator alongside the pre-scan. The iterator
// yields one step per row number, inventing empty rows for the gaps (step k
// is row k), but never says which steps are real; the pre-scan knows, and a
// disagreement between the two means the sheet is not what it seems.
func (w *Workbook) stream(sheet string, info *sheetInfo, fn func(Row) error) (err error) {
	inFn := false
	defer func() {
		if p := recover(); p != nil {
			if inFn {
				panic(p) // the caller's own panic is not ours to hide
			}
			err = sheetCorrupt(sheet, "", fmt.Errorf("excelize panicked: %v", p))
		}
	}()
	rows, err := w.f.Rows(sheet)
	if err != nil {
		return sheetCorrupt(sheet, "", err)
	}
	defer func() {
		if cerr := rows.Close(); cerr != nil && err == nil {
			err = sheetCorrupt(sheet, "", cerr)
		}
	}()

	opts := excelize.Options{RawCellValue: true}
	next, nc := 0, 0 // indexes into info.rows and info.noCache
	for k := 1; next < len(info.rows); k++ {
		if !rows.Next() {
			break
		}
		cells, err := rows.Columns(opts)
		if err != nil {
			return sheetCorrupt(sheet, cellName(1, k), err)
		}
		if k < int(info.rows[next]) {
			if len(cells) != 0 {
				return sheetCorrupt(sheet, cellName(1, k), fmt.Errorf("excelize found cells in row %d, the pre-scan found no such row", k))
			}
			continue
		}
		next++
		var noCache []int
		for ; nc < len(info.noCache) && info.noCache[nc]>>16 == uint64(k); nc++ {
			noCache = append(noCache, int(info.noCache[nc]&0xffff)-1)
		}
		// Beyond MaxColumns only formulas without values can be left
		// (values there were refused above), and excelize lists them as "".
		// Trailing "" left by that cut mean nothing, unless they stand for
		// a formula here.
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
		if len(cells) == 0 {
			continue
		}
		inFn = true
		err = fn(Row{Num: k, Cells: cells, NoCache: noCache})
		inFn = false
		if err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return sheetCorrupt(sheet, "", err)
	}
	if next < len(info.rows) {
		num := int(info.rows[next])
		return sheetCorrupt(sheet, cellName(1, num), fmt.Errorf("excelize stopped before row %d", num))
	}
	if info.over != 0 {
		return sheetTooManyRows(sheet, info.over, w.lim.MaxRows)
	}
	return nil
}
