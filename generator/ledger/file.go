package ledger

import (
	"fmt"

	"tuijin/generator/diag"
	"tuijin/generator/model"
)

// Row is one data row of a sheet with what was read from it. A rejected row
// had an error (in itself, in its sheet, or in a cross-sheet or cross-file
// rule) and is left out of every figure.
type Row[T any] struct {
	Rec      T
	CodeCol  int // 1-based column of 项目代码, for findings about the code
	Rejected bool
}

// Pos is the row's place: File, Sheet and Row of its record's Source. It
// is not kept beside the record: a month has hundreds of thousands of rows,
// each cached and decoded on every build, and a second copy of where each
// was read was a tenth of their size.
func (r *Row[T]) Pos() diag.Pos {
	var src model.Source
	switch rec := any(&r.Rec).(type) {
	case *model.Project:
		src = rec.Source
	case *model.Milestone:
		src = rec.Source
	case *model.Fund:
		src = rec.Source
	case *model.Issue:
		src = rec.Source
	case *model.Approval:
		src = rec.Source
	default:
		// A new kind of row must say where its record was read, or every
		// finding about it would name no cell (TestRowPos checks each
		// kind File holds).
		panic(fmt.Sprintf("ledger: Row.Pos of a %T, whose Source it does not know", r.Rec))
	}
	return diag.Pos{File: src.File, Sheet: src.Sheet, Row: src.Row}
}

// Layout is where a sheet's columns are. It is kept once per sheet, not per
// row: the build cache stores every row it is given, and a map shared by
// the rows would be written out again for each.
type Layout struct {
	Cols map[string]int // column key → 1-based column
	InYi map[int]bool   // 1-based columns whose header says 亿元 (values were converted)
}

// File is what one workbook gave.
type File struct {
	Name       string // as reported in diagnostics: path as given, or relative to the data folder
	Unit       string // 填报单位: from the cover sheet when it names one, else the file name
	Period     model.Period
	Unreadable bool // the file as a whole could not be read
	Diags      diag.List

	Projects   []Row[model.Project]
	Milestones []Row[model.Milestone]
	Funds      []Row[model.Fund]
	Issues     []Row[model.Issue]
	Approvals  []Row[model.Approval]
	// Layouts gives, by sheet (its name in the format, such as
	// SheetProjects), the columns of the sheets that had data rows.
	Layouts map[string]Layout

	// After DropRows: the counts the rows gave.
	dropped            bool
	accepted, rejected int
}

// DropRows lets go of the rows, keeping the findings and the counts of
// accepted and rejected rows. A build calls it once the period rules have
// run and the accepted ledger is made: over years of large months, the
// rows would otherwise be most of its memory.
func (f *File) DropRows() {
	if f.dropped {
		return
	}
	f.accepted, f.rejected = f.AcceptedRows(), f.RejectedRows()
	f.dropped = true
	f.Projects, f.Milestones, f.Funds, f.Issues, f.Approvals, f.Layouts = nil, nil, nil, nil, nil, nil
}

// eachRow visits every data row of every sheet with its position and its
// rejected flag, which fn may set.
func (f *File) eachRow(fn func(pos diag.Pos, rejected *bool)) {
	eachOf(f.Projects, fn)
	eachOf(f.Milestones, fn)
	eachOf(f.Funds, fn)
	eachOf(f.Issues, fn)
	eachOf(f.Approvals, fn)
}

func eachOf[T any](rows []Row[T], fn func(diag.Pos, *bool)) {
	for i := range rows {
		fn(rows[i].Pos(), &rows[i].Rejected)
	}
}

// RejectedRows counts the data rows left out because of errors.
func (f *File) RejectedRows() int {
	if f.dropped {
		return f.rejected
	}
	n := 0
	f.eachRow(func(_ diag.Pos, rejected *bool) {
		if *rejected {
			n++
		}
	})
	return n
}

// AcceptedRows counts the data rows that count in the figures.
func (f *File) AcceptedRows() int {
	if f.dropped {
		return f.accepted
	}
	return len(f.Projects) + len(f.Milestones) + len(f.Funds) + len(f.Issues) + len(f.Approvals) - f.RejectedRows()
}

// rejectRowsWithErrors marks every row that has an error finding, after the
// cross-sheet and cross-file rules have added theirs.
func (f *File) rejectRowsWithErrors() {
	bad := map[diag.Pos]bool{}
	for _, d := range f.Diags {
		if d.Severity == diag.Error && d.Pos.Row > 0 {
			bad[diag.Pos{File: d.Pos.File, Sheet: d.Pos.Sheet, Row: d.Pos.Row}] = true
		}
	}
	f.eachRow(func(p diag.Pos, rejected *bool) {
		if bad[p] {
			*rejected = true
		}
	})
}
