package generator

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"reflect"
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

// packedLedger is a ledger gob-encoded and compressed: a seventh of its
// size for a large month, as the same text comes back row after row. The
// records go in chunks, so that neither end holds a whole month encoded:
// gob buffers each value it writes or reads.
type packedLedger []byte

// packChunk is the number of records per gob value.
const packChunk = 1024

// ledgerHead is what a packed ledger starts with.
type ledgerHead struct {
	Period                                         model.Period
	Projects, Milestones, Funds, Issues, Approvals int
}

func packLedger(l *model.Ledger) (packedLedger, error) {
	var b bytes.Buffer
	zw, err := flate.NewWriter(&b, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	enc := gob.NewEncoder(zw)
	err = enc.Encode(ledgerHead{l.Period, len(l.Projects), len(l.Milestones), len(l.Funds), len(l.Issues), len(l.Approvals)})
	if err == nil {
		err = errors.Join(encodeChunks(enc, l.Projects), encodeChunks(enc, l.Milestones), encodeChunks(enc, l.Funds),
			encodeChunks(enc, l.Issues), encodeChunks(enc, l.Approvals), zw.Close())
	}
	if err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
}

func (p packedLedger) unpack() (*model.Ledger, error) {
	dec := gob.NewDecoder(flate.NewReader(bytes.NewReader(p)))
	var h ledgerHead
	if err := dec.Decode(&h); err != nil {
		return nil, err
	}
	l := &model.Ledger{Period: h.Period}
	seen := map[string]string{}
	var errs [5]error
	l.Projects, errs[0] = decodeChunks[model.Project](dec, h.Projects, seen)
	l.Milestones, errs[1] = decodeChunks[model.Milestone](dec, h.Milestones, seen)
	l.Funds, errs[2] = decodeChunks[model.Fund](dec, h.Funds, seen)
	l.Issues, errs[3] = decodeChunks[model.Issue](dec, h.Issues, seen)
	l.Approvals, errs[4] = decodeChunks[model.Approval](dec, h.Approvals, seen)
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return l, nil
}

func encodeChunks[T any](enc *gob.Encoder, s []T) error {
	for len(s) > 0 {
		n := min(len(s), packChunk)
		if err := enc.Encode(s[:n]); err != nil {
			return err
		}
		s = s[n:]
	}
	return nil
}

// decodeChunks reads n records into a slice of exactly n (nil for none,
// as a ledger has no empty slices that mean anything else), their text
// interned in seen.
func decodeChunks[T any](dec *gob.Decoder, n int, seen map[string]string) ([]T, error) {
	if n == 0 {
		return nil, nil
	}
	out := make([]T, 0, n)
	texts := stringFields(reflect.TypeFor[T](), nil)
	for len(out) < n {
		var chunk []T // fresh: gob leaves a reused record's fields alone where the new one is zero
		if err := dec.Decode(&chunk); err != nil {
			return nil, err
		}
		if len(chunk) == 0 || len(out)+len(chunk) > n {
			return nil, fmt.Errorf("packed ledger: %d records where %d were left", len(chunk), n-len(out))
		}
		intern(chunk, texts, seen)
		out = append(out, chunk...)
	}
	return out, nil
}

// intern replaces the text fields of the records by one copy per text
// (seen holds the copies so far), as reading a workbook does: a month's
// report keeps its ledger's text, and gob decodes every field anew.
func intern[T any](records []T, texts [][]int, seen map[string]string) {
	for i := range records {
		v := reflect.ValueOf(&records[i]).Elem()
		for _, path := range texts {
			f := v.FieldByIndex(path)
			s := f.String()
			if s == "" {
				continue
			}
			if c, ok := seen[s]; ok {
				f.SetString(c)
			} else {
				seen[s] = s
			}
		}
	}
}

// stringFields lists the paths of t's string fields, nested structs' included.
func stringFields(t reflect.Type, prefix []int) [][]int {
	var out [][]int
	for i := range t.NumField() {
		path := append(slices.Clip(prefix), i)
		switch f := t.Field(i); f.Type.Kind() {
		case reflect.String:
			out = append(out, path)
		case reflect.Struct:
			out = append(out, stringFields(f.Type, path)...)
		}
	}
	return out
}
