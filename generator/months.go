package generator

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sync/atomic"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/load"
	"tuijin/generator/model"
	"tuijin/generator/render"
)

// history is what a build keeps of the months before its period: the facts
// the period's figures read, each month's briefing report to compute when
// it is rendered, and who submitted. It holds no month's ledger but the
// newest's: a large month's ledger is tens of megabytes, and a site may
// have years of them.
type history struct {
	facts    []*analysis.MonthFacts // oldest first
	archive  []render.Archived      // each month's own briefing, oldest first
	ever     map[string]bool        // units with a workbook in any of the months
	rowsRead int                    // data rows read, accepted or not
	last     *load.Result           // the newest month read, whole (the month before the period's checks need it)
	store    *spill                 // where archive's packed ledgers are; nil when none was packed
	// computed counts the archive's reports computed so far; the other
	// months' briefings were carried over from the previous site.
	computed *atomic.Int64
	th       analysis.Thresholds // what the archive's reports are computed with
	opt      load.Options
	// chain fingerprints what an analysis of the period reads besides
	// its own workbooks: the thresholds and every earlier month's
	// workbooks, by their cache keys (the report of the month before the
	// period is keyed by it). Zero when one of them has no key.
	chain fingerprint.Sum
}

// monthDir is an earlier month's folder: its path, its path in messages
// (relative to the data folder) and its period.
type monthDir struct {
	dir, rel string
	period   model.Period
}

// readHistory reads every month folder of the data folder before the
// period, oldest first, each validated as its own period (with no history
// of its own: old months are read for their accepted rows and for who
// submitted what, not to report their findings again). Each month's
// ledger is let go once its facts are taken. Its briefing's report is
// computed when the briefing is rendered, from the ledger read again from
// the build cache or, without one, packed meanwhile. With the
// cache, every earlier month but the newest is taken from its summary
// (load.ReadSummary), kept in the cache under the folder's key: a rebuild
// after one workbook of the period changed reads two months' workbooks,
// not all of them.
func readHistory(ctx context.Context, dataDir string, period model.Period, opt load.Options, th analysis.Thresholds) (*history, error) {
	months, err := load.Months(dataDir)
	if err != nil {
		return nil, err
	}
	h := &history{ever: map[string]bool{}, computed: new(atomic.Int64), th: th, opt: opt}
	keys := analysis.NewKeys()
	chain := archiveChain(th)
	var earlier []model.Period
	for _, m := range months {
		if m.String() >= period.String() {
			break
		}
		earlier = append(earlier, m)
	}
	for i, m := range earlier {
		md := monthDir{filepath.Join(dataDir, load.LedgersDir, m.String()), path.Join(load.LedgersDir, m.String()), m}
		before := slices.Clip(h.facts)
		// The report of a month is made from its workbooks and those of
		// every month before it: once one month's are unknown (no cache,
		// or a file the cache could not take), so are all later months'.
		keyed := chain != (fingerprint.Sum{}) && opt.Cache != nil
		if keyed && i < len(earlier)-1 {
			// Only the newest earlier month is needed whole (the period's
			// checks compare with it); of the others, the summary.
			sum, err := load.ReadSummary(ctx, md.dir, md.rel, m, opt)
			if err != nil {
				return nil, err
			}
			if sum != nil {
				for _, u := range sum.Units {
					h.ever[u] = true
				}
				h.rowsRead += sum.RowsRead
				chain = chainNext(chain, sum.Key)
				h.archive = append(h.archive, h.reread(ctx, md, sum.Key, chain, before))
				h.facts = append(h.facts, analysis.NewFacts(&sum.Ledger, keys))
				continue
			}
		}
		res, err := load.Folder(ctx, md.dir, md.rel, m, nil, opt)
		if err != nil {
			return nil, err
		}
		for _, f := range res.Files {
			h.ever[f.Unit] = true
			h.rowsRead += f.AcceptedRows() + f.RejectedRows()
		}
		if keyed && res.Key != (fingerprint.Sum{}) {
			chain = chainNext(chain, res.Key)
			h.archive = append(h.archive, h.reread(ctx, md, res.Key, chain, before))
		} else {
			chain = fingerprint.Sum{}
			h.archive = append(h.archive, render.Archived{Period: m, Report: h.packed(res, before)})
		}
		h.facts = append(h.facts, analysis.NewFacts(res.Ledger, keys))
		h.last = res
	}
	if opt.Cache != nil {
		h.chain = chain
	}
	return h, nil
}

// archiveInput is the input of an earlier month's report but its ledger,
// exactly as the month's own build would have made it.
func archiveInput(res *load.Result, before []*analysis.MonthFacts, th analysis.Thresholds) analysis.Input {
	e, w := res.Diags().Count()
	in := analysis.Input{History: before, Thresholds: th,
		Validation: analysis.ValidationFigures{Files: len(res.Files), FilesUnreadable: res.Unreadable(), Errors: e, Warnings: w, RejectedRows: res.RejectedRows()}}
	for _, f := range res.Files {
		fe, fw := f.Diags.Count()
		in.Units = append(in.Units, analysis.UnitInput{Name: f.Unit, Errors: fe, Warnings: fw})
	}
	return in
}

// packed returns how to compute an earlier month's report when there is
// no build cache to read its ledger again from. The ledger is packed and
// stored in the background (while the next month is read), and unpacked
// when the report is asked for, once, as its briefing is rendered.
func (h *history) packed(res *load.Result, before []*analysis.MonthFacts) func() (*analysis.Report, error) {
	if h.store == nil {
		h.store = newSpill()
	}
	in := archiveInput(res, before, h.th)
	store, computed := h.store, h.computed
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
			// failing means a field the codec cannot carry was added
			// to the ledger, or the system lost the temporary file.
			return nil, fmt.Errorf("暂存的 %d年%d月 台账无法读回（临时文件丢失或程序错误），请重新生成：%w", period.Year, period.Month, pk.err)
		}
		in := in
		in.Ledger = month
		computed.Add(1)
		return analysis.Compute(in), nil
	}
}

// reread returns the briefing of the month in md, whose report, if it
// must be computed at all, reads the month again from the build cache and
// checks it against folder, the folder's key when it was first read. key
// fingerprints the report's inputs; the briefing index's figures of a
// report computed before from the same key are kept in the cache, so a
// rebuild that keeps the briefing page needs neither the ledger nor the
// report.
func (h *history) reread(ctx context.Context, md monthDir, folder, key fingerprint.Sum, before []*analysis.MonthFacts) render.Archived {
	th, opt, computed := h.th, h.opt, h.computed
	a := render.Archived{Period: md.period, Key: key, Index: cachedIndex(opt.Cache, key)}
	a.Report = func() (*analysis.Report, error) {
		again, err := load.Folder(ctx, md.dir, md.rel, md.period, nil, opt)
		if err != nil {
			return nil, err
		}
		if again.Key != folder {
			return nil, fmt.Errorf("%s 的台账在生成过程中有变化，请重新生成", md.rel)
		}
		in := archiveInput(again, before, th)
		in.Ledger = again.Ledger
		r := analysis.Compute(in)
		computed.Add(1)
		cacheIndex(opt.Cache, key, render.IndexOf(r))
		return r, nil
	}
	return a
}

// archiveChain starts the keys of earlier months' reports: they depend on
// the thresholds as much as on the workbooks.
func archiveChain(th analysis.Thresholds) fingerprint.Sum {
	return sha256.Sum256(fmt.Appendf(nil, "tuijin-archive-1\x00%+v", th))
}

// chainNext is the key of the report of the month read as folder, after
// the months whose chain is prev.
func chainNext(prev fingerprint.Sum, folder fingerprint.Sum) fingerprint.Sum {
	return sha256.Sum256(append(prev[:], folder[:]...))
}

// briefingEntry is the briefing index's figures of an earlier month as
// the cache keeps them (the codec carries no pointers).
type briefingEntry struct {
	HasRate        bool
	Rate, Progress float64
	Red            int
}

func cachedIndex(c *load.Cache, key fingerprint.Sum) *render.BriefingIndex {
	var e briefingEntry
	if !load.Get(c, "briefings", key, &e) {
		return nil
	}
	ix := &render.BriefingIndex{TimeProgress: e.Progress, Red: e.Red}
	if e.HasRate {
		ix.CompletionRate = &e.Rate
	}
	return ix
}

func cacheIndex(c *load.Cache, key fingerprint.Sum, ix render.BriefingIndex) {
	e := briefingEntry{Progress: ix.TimeProgress, Red: ix.Red}
	if ix.CompletionRate != nil {
		e.HasRate, e.Rate = true, *ix.CompletionRate
	}
	load.Put(c, "briefings", key, e)
}
