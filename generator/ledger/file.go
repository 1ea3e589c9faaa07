package ledger

import (
	"tuijin/generator/diag"
	"tuijin/generator/model"
)

// Row is one data row of a sheet with what was read from it. A rejected row
// had an error (in itself, in its sheet, or in a cross-sheet or cross-file
// rule) and is left out of every figure.
type Row[T any] struct {
	Rec      T
	Pos      diag.Pos       // File, Sheet and Row of the row
	CodeCol  int            // 1-based column of 项目代码, for findings about the code
	Cols     map[string]int // column key → 1-based column, shared by the rows of a sheet
	InYi     map[int]bool   // 1-based columns whose header says 亿元 (values were converted), shared
	Rejected bool
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
	f.Projects, f.Milestones, f.Funds, f.Issues, f.Approvals = nil, nil, nil, nil, nil
}

// RejectedRows counts the data rows left out because of errors.
func (f *File) RejectedRows() int {
	if f.dropped {
		return f.rejected
	}
	n := 0
	for _, r := range f.Projects {
		n += b2i(r.Rejected)
	}
	for _, r := range f.Milestones {
		n += b2i(r.Rejected)
	}
	for _, r := range f.Funds {
		n += b2i(r.Rejected)
	}
	for _, r := range f.Issues {
		n += b2i(r.Rejected)
	}
	for _, r := range f.Approvals {
		n += b2i(r.Rejected)
	}
	return n
}

// AcceptedRows counts the data rows that count in the figures.
func (f *File) AcceptedRows() int {
	if f.dropped {
		return f.accepted
	}
	return len(f.Projects) + len(f.Milestones) + len(f.Funds) + len(f.Issues) + len(f.Approvals) - f.RejectedRows()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
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
	mark := func(p diag.Pos, r *bool) {
		if bad[p] {
			*r = true
		}
	}
	for i := range f.Projects {
		mark(f.Projects[i].Pos, &f.Projects[i].Rejected)
	}
	for i := range f.Milestones {
		mark(f.Milestones[i].Pos, &f.Milestones[i].Rejected)
	}
	for i := range f.Funds {
		mark(f.Funds[i].Pos, &f.Funds[i].Rejected)
	}
	for i := range f.Issues {
		mark(f.Issues[i].Pos, &f.Issues[i].Rejected)
	}
	for i := range f.Approvals {
		mark(f.Approvals[i].Pos, &f.Approvals[i].Rejected)
	}
}
