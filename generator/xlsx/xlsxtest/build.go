package xlsxtest

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

const (
	// wpsApplication is what the Chinese edition of WPS Office writes into
	// docProps/app.xml <Application>.
	wpsApplication = "WPS 表格"
	// wpsBuildVer is the custom property every WPS-saved file carries
	// (language 2052 = zh-CN, then the build), so a reader that sniffs WPS
	// by either mark sees it.
	wpsBuildVer = "2052-11.1.0.8696"
)

// Built-in number formats that Excel applies when a date is typed in.
const (
	fmtDate     = 14 // m/d/yyyy, shown per locale (2024/3/15 in zh-CN)
	fmtDateTime = 22 // m/d/yyyy h:mm
)

// build writes the parsed workbook with excelize and returns the .xlsx
// bytes, after patching in what excelize cannot write (see patch.go).
func build(wb *workbook) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()

	if wb.date1904 {
		on := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &on}); err != nil {
			return nil, err
		}
	}
	for i, s := range wb.sheets {
		var err error
		if i == 0 {
			// Rename rather than add, so the workbook holds exactly the
			// sheets the section names.
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return nil, errorf(s.line, "sheet %q: %v", s.name, err)
		}
	}

	styles := map[string]int{}
	style := func(builtin int, custom string) (int, error) {
		key := strconv.Itoa(builtin) + "\x00" + custom
		if id, ok := styles[key]; ok {
			return id, nil
		}
		st := &excelize.Style{NumFmt: builtin}
		if custom != "" {
			st = &excelize.Style{CustomNumFmt: &custom}
		}
		id, err := f.NewStyle(st)
		if err != nil {
			return 0, err
		}
		styles[key] = id
		return id, nil
	}

	patches := map[string]map[string]cellPatch{}
	for _, s := range wb.sheets {
		for _, c := range s.cells {
			p, err := writeCell(f, s.name, c, wb.date1904, style)
			if err != nil {
				return nil, &lineError{c.line, fmt.Errorf("cell %s: %w", c.ref, err)}
			}
			if p != nil {
				if patches[s.name] == nil {
					patches[s.name] = map[string]cellPatch{}
				}
				patches[s.name][c.ref] = *p
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m.from, m.to); err != nil {
				return nil, errorf(m.line, "!merge %s:%s: %v", m.from, m.to, err)
			}
		}
	}

	if err := hideSheets(f, wb); err != nil {
		return nil, err
	}

	if wb.app != "" {
		app, err := f.GetAppProps()
		if err != nil {
			return nil, err
		}
		app.Application = wb.app
		if err := f.SetAppProps(app); err != nil {
			return nil, err
		}
		if err := f.SetCustomProps(excelize.CustomProperty{Name: "KSOProductBuildVer", Value: wpsBuildVer}); err != nil {
			return nil, err
		}
	}

	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	if len(patches) == 0 {
		return buf.Bytes(), nil
	}
	return patchCells(buf.Bytes(), patches)
}

// writeCell writes one cell and returns the patch it still needs, if any.
func writeCell(f *excelize.File, sh string, c cellSpec, date1904 bool, style func(int, string) (int, error)) (*cellPatch, error) {
	// numFmt applies a number format: the cell's own, else the default.
	numFmt := func(builtin int) error {
		if c.numFmt == "" && builtin == 0 {
			return nil
		}
		id, err := style(builtin, c.numFmt)
		if err != nil {
			return err
		}
		return f.SetCellStyle(sh, c.ref, c.ref, id)
	}
	switch c.kind {
	case kindText:
		return nil, f.SetCellStr(sh, c.ref, c.text)
	case kindNumber:
		// SetCellDefault stores a numeric string as <v> verbatim, which
		// keeps the literal exactly as the testdata spells it.
		if err := f.SetCellDefault(sh, c.ref, c.text); err != nil {
			return nil, err
		}
		return nil, numFmt(0)
	case kindDate:
		serial, err := dateSerial(c.date, date1904)
		if err != nil {
			return nil, err
		}
		if err := f.SetCellDefault(sh, c.ref, serial); err != nil {
			return nil, err
		}
		if c.clock {
			return nil, numFmt(fmtDateTime)
		}
		return nil, numFmt(fmtDate)
	case kindFormula:
		if err := f.SetCellFormula(sh, c.ref, c.text); err != nil {
			return nil, err
		}
		if c.cache == nil {
			return nil, nil
		}
		return &cellPatch{typ: c.cache.typ, v: c.cache.v, formula: true}, nil
	case kindBool:
		return nil, f.SetCellBool(sh, c.ref, c.boolV)
	case kindError:
		// excelize has no call for error cells: write a placeholder that
		// creates the <c> element, then patch its type and value.
		if err := f.SetCellInt(sh, c.ref, 0); err != nil {
			return nil, err
		}
		return &cellPatch{typ: "e", v: c.text}, nil
	}
	return nil, fmt.Errorf("internal error: cell kind %d", c.kind)
}

// hideSheets applies !hidden. excelize quietly refuses to hide the selected
// tab, and the first sheet is selected by default, so the first visible
// sheet is made active before anything is hidden, and the outcome checked.
func hideSheets(f *excelize.File, wb *workbook) error {
	active, last := -1, 0
	for i, s := range wb.sheets {
		if s.hidden == 0 {
			if active < 0 {
				active = i
			}
			continue
		}
		last = s.hidden
	}
	if last == 0 {
		return nil
	}
	if active < 0 {
		return errorf(last, "!hidden: a workbook needs at least one visible sheet")
	}
	f.SetActiveSheet(active)
	for _, s := range wb.sheets {
		if s.hidden == 0 {
			continue
		}
		if err := f.SetSheetVisible(s.name, false); err != nil {
			return errorf(s.hidden, "!hidden: %v", err)
		}
		if visible, err := f.GetSheetVisible(s.name); err != nil || visible {
			return errorf(s.hidden, "!hidden: excelize left sheet %q visible (%v)", s.name, err)
		}
	}
	return nil
}

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	// Excel's 1900 system counts a 29 February 1900 that never was, so
	// serials before 1 March 1900 are one less than the day count from
	// epoch1900.
	march1900 = time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)
	jan1900   = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
)

// dateSerial returns the Excel serial of t in the workbook's date system,
// computed here rather than by excelize so the test pins the numbers
// (2024-03-15 is 45366 in the 1900 system and 43904 in the 1904 one).
func dateSerial(t time.Time, date1904 bool) (string, error) {
	epoch := epoch1900
	switch {
	case date1904:
		epoch = epoch1904
		if t.Before(epoch1904) {
			return "", errors.New("#d: dates before 1904-01-01 do not exist in the 1904 date system")
		}
	case t.Before(jan1900):
		return "", errors.New("#d: dates before 1900-01-01 do not exist in the 1900 date system")
	case t.Before(march1900):
		epoch = epoch.AddDate(0, 0, 1)
	}
	d := t.Sub(epoch)
	days := int64(d / (24 * time.Hour))
	rest := d % (24 * time.Hour)
	if rest == 0 {
		return strconv.FormatInt(days, 10), nil
	}
	return strconv.FormatFloat(float64(days)+rest.Seconds()/86400, 'f', -1, 64), nil
}
