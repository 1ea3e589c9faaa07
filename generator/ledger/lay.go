package ledger

import (
	"fmt"
	"sync"

	"tuijin/generator/hugemem"
	"tuijin/generator/model"
)

// Records are one slice of each kind of record: what a workbook's rows
// hold without what the rules know of them, and the shape of a ledger.
type Records struct {
	Projects   []model.Project
	Milestones []model.Milestone
	Funds      []model.Fund
	Issues     []model.Issue
	Approvals  []model.Approval
}

// Records returns the file's records, the slices its rows hold.
func (f *File) Records() Records {
	return Records{f.Projects.Recs, f.Milestones.Recs, f.Funds.Recs, f.Issues.Recs, f.Approvals.Recs}
}

// SetRecords gives the file's rows their records, which must be as many as
// the rows of each kind (their Meta): the file then holds what the build
// cache gave of it whole.
func (f *File) SetRecords(r Records) error {
	if err := fits(&f.Projects, r.Projects); err != nil {
		return err
	}
	if err := fits(&f.Milestones, r.Milestones); err != nil {
		return err
	}
	if err := fits(&f.Funds, r.Funds); err != nil {
		return err
	}
	if err := fits(&f.Issues, r.Issues); err != nil {
		return err
	}
	if err := fits(&f.Approvals, r.Approvals); err != nil {
		return err
	}
	f.Projects.Recs, f.Milestones.Recs, f.Funds.Recs, f.Issues.Recs, f.Approvals.Recs =
		r.Projects, r.Milestones, r.Funds, r.Issues, r.Approvals
	return nil
}

func fits[T any](rows *Rows[T], recs []T) error {
	if len(recs) != rows.Len() {
		return fmt.Errorf("ledger: %d records of %T for %d rows", len(recs), recs, rows.Len())
	}
	return nil
}

// StripRecords returns a copy of the file without its records (Recs nil),
// keeping what the rules know of each row: what the build cache stores
// apart from the records, so that a build learns how many rows each file
// has before it decodes any record (see Lay).
func (f *File) StripRecords() File {
	g := *f
	g.Projects.Recs, g.Milestones.Recs, g.Funds.Recs, g.Issues.Recs, g.Approvals.Recs = nil, nil, nil, nil, nil
	return g
}

// Laid is room for the records of a period's files, laid end to end in one
// slice of each kind, file after file in the order given: the ledger's
// slices to be. A file's window is its share of them. Records decoded or
// copied into its window before the period rules run (Check) become the
// ledger without being copied again (Ledger): reading a month from the
// build cache then allocates and writes its records once.
type Laid struct {
	all    Records
	files  []*File
	counts [][5]int // of each file's rows of each kind, when laid
	at     []int    // at[5*i+k]: where file i's records of kind k start
}

// Lay makes room for the records of files, as many of each kind as each
// file has rows (the length of its Meta; its Recs need not be set yet).
func Lay(files []*File) *Laid {
	l := &Laid{files: files, counts: make([][5]int, len(files)), at: make([]int, 5*len(files))}
	var n [5]int
	for i, f := range files {
		l.counts[i] = f.counts()
		for k, c := range l.counts[i] {
			l.at[5*i+k] = n[k]
			n[k] += c
		}
	}
	// Made side by side: zeroing tens of megabytes is where a process
	// first touches much of this memory, which on some machines is mostly
	// the price of page faults (docs/performance.md, "Page faults"); where
	// the memory comes fresh from the system, unzeroed, it is asked for in
	// huge pages before anything is written into it (hugemem).
	var wg sync.WaitGroup
	wg.Go(func() { l.all.Milestones = hugemem.Make[model.Milestone](n[1]) })
	wg.Go(func() { l.all.Projects = hugemem.Make[model.Project](n[0]) })
	wg.Go(func() { l.all.Funds = hugemem.Make[model.Fund](n[2]) })
	wg.Go(func() { l.all.Issues = hugemem.Make[model.Issue](n[3]) })
	l.all.Approvals = hugemem.Make[model.Approval](n[4])
	wg.Wait()
	return l
}

func (f *File) counts() [5]int {
	return [5]int{f.Projects.Len(), f.Milestones.Len(), f.Funds.Len(), f.Issues.Len(), f.Approvals.Len()}
}

// Window is file i's share of the room, zero until written. Its slices
// have no capacity beyond their length, so appending to one never writes
// into the next file's.
func (l *Laid) Window(i int) Records {
	c := l.counts[i]
	win := func(k int) (lo, hi int) { return l.at[5*i+k], l.at[5*i+k] + c[k] }
	var w Records
	lo, hi := win(0)
	w.Projects = l.all.Projects[lo:hi:hi]
	lo, hi = win(1)
	w.Milestones = l.all.Milestones[lo:hi:hi]
	lo, hi = win(2)
	w.Funds = l.all.Funds[lo:hi:hi]
	lo, hi = win(3)
	w.Issues = l.all.Issues[lo:hi:hi]
	lo, hi = win(4)
	w.Approvals = l.all.Approvals[lo:hi:hi]
	return w
}

// Ledger makes the period's ledger of the files' accepted rows, in file
// order then row order, as Accepted does, but in the room itself: the
// accepted records of each file move down over the rejected ones before
// them, and a file whose records lie elsewhere (read from its workbook
// rather than decoded into its window) has them copied in. Run it after
// the period rules (Check), which decide what is rejected. Since the
// windows are overwritten, every file's rows are let go (DropRows): what
// the files keep is their findings and counts.
func (l *Laid) Ledger(period model.Period) *model.Ledger {
	for i, f := range l.files {
		if f.dropped || f.counts() != l.counts[i] {
			panic("ledger: Laid.Ledger of a file changed since Lay")
		}
	}
	led := &model.Ledger{Period: period}
	led.Projects = gather(l.all.Projects, l, 0, func(f *File) *Rows[model.Project] { return &f.Projects })
	led.Milestones = gather(l.all.Milestones, l, 1, func(f *File) *Rows[model.Milestone] { return &f.Milestones })
	led.Funds = gather(l.all.Funds, l, 2, func(f *File) *Rows[model.Fund] { return &f.Funds })
	led.Issues = gather(l.all.Issues, l, 3, func(f *File) *Rows[model.Issue] { return &f.Issues })
	led.Approvals = gather(l.all.Approvals, l, 4, func(f *File) *Rows[model.Approval] { return &f.Approvals })
	for _, f := range l.files {
		f.DropRows()
	}
	return led
}

// gather moves the accepted records of kind k to the front of all. A
// record only ever moves down (to n, at most the index of the row it comes
// from), so a file's window is read before anything is written over it.
func gather[T any](all []T, l *Laid, k int, rowsOf func(*File) *Rows[T]) []T {
	n := 0
	for i, f := range l.files {
		rows := rowsOf(f)
		if len(rows.Recs) != rows.Len() {
			panic(fmt.Sprintf("ledger: %s has %d records for %d rows", f.Name, len(rows.Recs), rows.Len()))
		}
		at := l.at[5*i+k]
		inPlace := rows.Len() > 0 && &rows.Recs[0] == &all[at]
		for j, m := range rows.Meta {
			if m.Rejected {
				continue
			}
			if !inPlace || n != at+j {
				all[n] = rows.Recs[j]
			}
			n++
		}
	}
	// What lies past the ledger is left-over copies; cleared, so that the
	// texts only they hold can be collected.
	clear(all[n:])
	return all[:n:n]
}
