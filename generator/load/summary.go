package load

import (
	"context"

	"tuijin/generator/fingerprint"
	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/par"
)

// Summary is what a build needs of an earlier month when it neither
// reports the month's findings nor renders its pages: who submitted, how
// many rows were read, and the accepted rows the history's figures are
// taken from. It is a tenth of the month's parsed workbooks, which a
// twelve-month rebuild otherwise decoded from the cache for each of eleven
// months only to keep this much.
type Summary struct {
	Key      fingerprint.Sum // the month's Result.Key
	Units    []string        // each workbook's 填报单位, in file order
	RowsRead int             // data rows read, accepted or not
	// Ledger is the month's accepted ledger without its issues and
	// approvals, which the history's figures never read.
	Ledger model.Ledger
}

// ReadSummary returns the summary of the month folder dir read as period
// with no month before it (as Folder with prev nil), from the cache when
// the folder is known there and otherwise by reading it and caching the
// summary. Its key is the folder's (Result.Key), made of the listing and
// each workbook's content, name, period, limits and the program, so a
// summary is never served for folders that differ in any of them. It
// returns nil, without an error, when there is no cache or the folder has
// a workbook the cache cannot take: the caller reads the folder whole.
func ReadSummary(ctx context.Context, dir, rel string, period model.Period, opt Options) (*Summary, error) {
	c := opt.Cache
	if c == nil {
		return nil, nil
	}
	entries, paths, names, _, err := list(dir, rel)
	if err != nil {
		return nil, err
	}
	keys, err := c.keys(ctx, paths, names, ledger.Options{Period: period, Limits: opt.Limits}, opt.Workers)
	if err != nil {
		return nil, err
	}
	key := folderKey(rel, period, entries, keys)
	if key == (fingerprint.Sum{}) {
		return nil, nil
	}
	var s Summary
	if Get(c, "months", key, &s) {
		return &s, nil
	}
	res, err := Folder(ctx, dir, rel, period, nil, opt)
	if err != nil {
		return nil, err
	}
	if res.Key != key {
		return nil, nil // changed while it was read: let the caller read it again
	}
	sum := summarize(res)
	Put(c, "months", key, *sum)
	return sum, nil
}

// summarize takes the summary of a month read with Folder (prev nil).
func summarize(res *Result) *Summary {
	s := &Summary{Key: res.Key, Units: make([]string, len(res.Files))}
	for i, f := range res.Files {
		s.Units[i] = f.Unit
		s.RowsRead += f.AcceptedRows() + f.RejectedRows()
	}
	s.Ledger = *res.Ledger
	s.Ledger.Issues, s.Ledger.Approvals = nil, nil
	return s
}

// keys gives each workbook's cache key without reading it as a workbook
// ("" for a file the cache cannot take), at most workers at a time.
func (c *Cache) keys(ctx context.Context, paths, names []string, opt ledger.Options, workers int) ([]string, error) {
	keys := make([]string, len(paths))
	err := par.Each(ctx, len(paths), workers, func(i int) {
		if sum, _, err := hashFile(paths[i], opt.Limits); err == nil {
			keys[i] = c.key(sum, names[i], opt)
		}
	})
	return keys, err
}
