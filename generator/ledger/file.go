package ledger

import (
	"fmt"
	"iter"

	"tuijin/generator/diag"
	"tuijin/generator/model"
)

// Rows are the data rows of one sheet: the records read from them and,
// beside each, what the rules know of its row. The two are kept in
// separate slices, not as one slice of pairs, so that a period's records
// can be laid end to end in the slices of its ledger (see Lay) and decoded
// from the build cache straight into them: a month of a hundred large
// workbooks has hundreds of thousands of records, and gathering them into
// a ledger by copying took the time and the memory of a second reading.
// Recs and Meta have the same length, except in a file the build cache
// has given without its records yet (see Lay).
type Rows[T any] struct {
	Recs []T
	Meta []RowMeta
}

// RowMeta is what the rules know of one data row. A rejected row had an
// error (in itself, in its sheet, or in a cross-sheet or cross-file rule)
// and is left out of every figure.
type RowMeta struct {
	CodeCol  int // 1-based column of 项目代码, for findings about the code
	Rejected bool
}

// Len is the number of rows.
func (r *Rows[T]) Len() int { return len(r.Meta) }

// At is row i, its record and its meta both written through.
func (r *Rows[T]) At(i int) Row[T] { return Row[T]{Rec: &r.Recs[i], RowMeta: &r.Meta[i]} }

// All visits every row in order.
func (r *Rows[T]) All() iter.Seq2[int, Row[T]] {
	return func(yield func(int, Row[T]) bool) {
		for i := range r.Meta {
			if !yield(i, r.At(i)) {
				return
			}
		}
	}
}

func (r *Rows[T]) add(rec T, codeCol int) {
	r.Recs = append(r.Recs, rec)
	r.Meta = append(r.Meta, RowMeta{CodeCol: codeCol})
}

// Row is one data row of a sheet: its record and what the rules know of
// it, both pointing into the Rows it is of.
type Row[T any] struct {
	Rec *T
	*RowMeta
}

// Pos is the row's place: File, Sheet and Row of its record's Source. It
// is not kept beside the record: a month has hundreds of thousands of rows,
// each cached and decoded on every build, and a second copy of where each
// was read was a tenth of their size.
func (r Row[T]) Pos() diag.Pos {
	var src model.Source
	switch rec := any(r.Rec).(type) {
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

	Projects   Rows[model.Project]
	Milestones Rows[model.Milestone]
	Funds      Rows[model.Fund]
	Issues     Rows[model.Issue]
	Approvals  Rows[model.Approval]
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
	f.Projects, f.Milestones, f.Funds, f.Issues = Rows[model.Project]{}, Rows[model.Milestone]{}, Rows[model.Fund]{}, Rows[model.Issue]{}
	f.Approvals, f.Layouts = Rows[model.Approval]{}, nil
}

// eachRow visits every data row of every sheet with its position and its
// rejected flag, which fn may set.
func (f *File) eachRow(fn func(pos diag.Pos, rejected *bool)) {
	eachOf(&f.Projects, fn)
	eachOf(&f.Milestones, fn)
	eachOf(&f.Funds, fn)
	eachOf(&f.Issues, fn)
	eachOf(&f.Approvals, fn)
}

func eachOf[T any](rows *Rows[T], fn func(diag.Pos, *bool)) {
	for _, r := range rows.All() {
		fn(r.Pos(), &r.Rejected)
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
	return f.Projects.Len() + f.Milestones.Len() + f.Funds.Len() + f.Issues.Len() + f.Approvals.Len() - f.RejectedRows()
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
	if len(bad) == 0 {
		return
	}
	f.eachRow(func(p diag.Pos, rejected *bool) {
		if bad[p] {
			*rejected = true
		}
	})
}
