package generator

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"slices"

	"tuijin/generator/analysis"
	"tuijin/generator/load"
	"tuijin/generator/model"
)

// history is what a build keeps of the months before its period: the facts
// the period's figures read, each month's briefing report to compute when
// it is rendered, and who submitted. It holds no month's ledger but the
// newest's: a large month's ledger is tens of megabytes, and a site may
// have years of them.
type history struct {
	facts    []*analysis.MonthFacts             // oldest first
	archive  []func() (*analysis.Report, error) // each month's own report, oldest first
	ever     map[string]bool                    // units with a workbook in any of the months
	rowsRead int                                // data rows read, accepted or not
	last     *load.Result                       // the newest month read, whole (the month before the period's checks need it)
	store    *spill                             // where archive's packed ledgers are; nil without history
}

// readHistory reads every month folder of the data folder before the
// period, oldest first, each validated as its own period (with no history
// of its own: old months are read for their accepted rows and for who
// submitted what, not to report their findings again). Each month's
// ledger is let go once its facts are taken and it is packed for its
// briefing.
func readHistory(ctx context.Context, dataDir string, period model.Period, opt load.Options, th analysis.Thresholds) (*history, error) {
	months, err := load.Months(dataDir)
	if err != nil {
		return nil, err
	}
	h := &history{ever: map[string]bool{}}
	keys := analysis.NewKeys()
	var store *spill
	for _, m := range months {
		if m.String() >= period.String() {
			break
		}
		res, err := load.Folder(ctx, filepath.Join(dataDir, load.LedgersDir, m.String()), path.Join(load.LedgersDir, m.String()), m, nil, opt)
		if err != nil {
			return nil, err
		}
		if store == nil {
			store = newSpill()
			h.store = store
		}
		for _, f := range res.Files {
			h.ever[f.Unit] = true
			h.rowsRead += f.AcceptedRows() + f.RejectedRows()
		}
		h.archive = append(h.archive, archived(res, slices.Clip(h.facts), th, store))
		h.facts = append(h.facts, analysis.NewFacts(res.Ledger, keys))
		h.last = res
	}
	return h, nil
}

// archived returns the report of an earlier month, computed from its
// ledger and the facts of the months before it exactly as its own build
// would have. The ledger is packed and stored in the background (while the
// next month is read), and unpacked when the report is asked for, once, as
// its briefing is rendered.
func archived(res *load.Result, before []*analysis.MonthFacts, th analysis.Thresholds, store *spill) func() (*analysis.Report, error) {
	e, w := res.Diags().Count()
	in := analysis.Input{History: before, Thresholds: th,
		Validation: analysis.ValidationFigures{Files: len(res.Files), FilesUnreadable: res.Unreadable(), Errors: e, Warnings: w, RejectedRows: res.RejectedRows()}}
	for _, f := range res.Files {
		fe, fw := f.Diags.Count()
		in.Units = append(in.Units, analysis.UnitInput{Name: f.Unit, Errors: fe, Warnings: fw})
	}
	type packing struct {
		get func() ([]byte, error)
		err error
	}
	done := make(chan packing, 1)
	l, period := res.Ledger, res.Period // not res: the closure must not keep the month's files and ledger
	go func() {
		p, err := packLedger(l)
		if err != nil {
			done <- packing{err: err}
			return
		}
		done <- packing{get: store.keep(p)}
	}()
	return func() (*analysis.Report, error) {
		pk := <-done
		var month *model.Ledger // not l, which would keep the ledger read
		if pk.err == nil {
			var p []byte
			if p, pk.err = pk.get(); pk.err == nil {
				month, pk.err = packedLedger(p).unpack()
			}
		}
		if pk.err != nil {
			// Packing is in memory and the file is the build's own:
			// failing means a field gob cannot carry was added to the
			// ledger, or the system lost the temporary file.
			return nil, fmt.Errorf("packed ledger of %s: %w", period, pk.err)
		}
		in := in
		in.Ledger = month
		return analysis.Compute(in), nil
	}
}
