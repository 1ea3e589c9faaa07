package load

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/trace"
	"slices"
	"strings"
	"sync/atomic"

	"tuijin/generator/diag"
	"tuijin/generator/fingerprint"
	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/par"
	"tuijin/generator/xlsx"
)

// Options control reading.
type Options struct {
	Limits  xlsx.Limits // zero fields take xlsx's defaults
	Workers int         // workbooks read at once; 0 means GOMAXPROCS
	Cache   *Cache      // nil: read every workbook
	// DropRows keeps of each file only its findings and row counts once
	// the period's ledger is made (ledger.File.DropRows); for callers that
	// need the figures, not the rows.
	DropRows bool
	// UnitKeys asks for Result.UnitKeys.
	UnitKeys bool
}

// Result is a validated period.
type Result struct {
	Period model.Period
	Files  []*ledger.File // in name order
	Other  diag.List      // findings about the folder rather than a workbook (stray files)
	Ledger *model.Ledger  // accepted rows only
	// Previous is the accepted ledger of the month before, when its folder exists.
	Previous *model.Ledger
	// Key fingerprints everything the result was made from (the folder's
	// listing, each workbook's cache key — its content, name, period,
	// limits and the program), so that what is computed from the result
	// can be cached under it. Zero when unknown: read without a cache, a
	// workbook the cache could not take, or checked against a previous
	// month's ledger (Folder with prev).
	Key fingerprint.Sum
	// UnitKeys fingerprints, by unit, the workbooks each unit's share of
	// the period is made from (see unitKeys), when Options.UnitKeys asks
	// for them; a unit with a workbook the cache could not take has none.
	UnitKeys map[string]fingerprint.Sum
}

// Diags returns every finding of the period, sorted.
func (r *Result) Diags() diag.List {
	var all diag.List
	all = append(all, r.Other...)
	for _, f := range r.Files {
		all = append(all, f.Diags...)
	}
	all.Sort()
	return all
}

// RejectedRows counts rows left out of the figures because of errors.
func (r *Result) RejectedRows() int {
	n := 0
	for _, f := range r.Files {
		n += f.RejectedRows()
	}
	return n
}

// Unreadable counts workbooks that could not be read at all.
func (r *Result) Unreadable() int {
	n := 0
	for _, f := range r.Files {
		if f.Unreadable {
			n++
		}
	}
	return n
}

// LedgersDir is the folder of month folders inside a data folder.
const LedgersDir = "ledgers"

// Months lists the month folders of a data folder, oldest first. Folders
// whose names are not YYYY-MM are not months and are left alone. An error
// is told in Chinese, naming the ledgers folder (FSOp).
func Months(dataDir string) ([]model.Period, error) {
	dir := filepath.Join(dataDir, LedgersDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, OpReadFolder.Err(dir, err)
	}
	var ps []model.Period
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if p, err := model.ParsePeriod(e.Name()); err == nil {
			ps = append(ps, p)
		}
	}
	slices.SortFunc(ps, func(a, b model.Period) int { return strings.Compare(a.String(), b.String()) })
	return ps, nil
}

// ErrNoMonth means that a data folder has no month folder to read: none at
// all, or not the one asked for. The errors wrapping it say which, in
// Chinese, and name the folders.
var ErrNoMonth = errors.New("没有台账月份文件夹")

// monthError is an error of Newest or CheckMonth: its message is whole,
// and it wraps ErrNoMonth and the file system's error, if any.
type monthError struct {
	msg string
	err error
}

func (e *monthError) Error() string { return e.msg }

func (e *monthError) Unwrap() []error {
	if e.err == nil {
		return []error{ErrNoMonth}
	}
	return []error{ErrNoMonth, e.err}
}

// noMonths is the message for a data folder without month folders.
func noMonths(dataDir string) string {
	return fmt.Sprintf("数据文件夹 %s 中没有台账月份文件夹（应为 %s）", dataDir,
		filepath.Join(dataDir, LedgersDir, "YYYY-MM", "单位.xlsx"))
}

// Newest returns the newest month of a data folder. When there is none, or
// the ledgers folder cannot be read, the error wraps ErrNoMonth.
func Newest(dataDir string) (model.Period, error) {
	months, err := Months(dataDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return model.Period{}, &monthError{noMonths(dataDir), err}
	case err != nil:
		return model.Period{}, err // unreadable, not missing: a failure, not misuse
	case len(months) == 0:
		return model.Period{}, &monthError{noMonths(dataDir), nil}
	}
	return months[len(months)-1], nil
}

// CheckMonth returns nil when the data folder has the period's month
// folder. Otherwise the error wraps ErrNoMonth and names the folder it
// looked for and the months there are: "找不到 2025-01 的台账文件夹
// data/ledgers/2025-01；已有的月份：2026-09、2026-10".
func CheckMonth(dataDir string, period model.Period) error {
	dir := filepath.Join(dataDir, LedgersDir, period.String())
	st, err := os.Stat(dir)
	switch {
	case err == nil && st.IsDir():
		return nil
	case err == nil:
		return &monthError{fmt.Sprintf("%s 不是文件夹；%s 的台账应放在名为 %s 的文件夹中", dir, period, period), nil}
	case !errors.Is(err, fs.ErrNotExist):
		return &monthError{OpReadFolder.Message(dir, err), err}
	}
	msg := fmt.Sprintf("找不到 %s 的台账文件夹 %s", period, dir)
	if months, merr := Months(dataDir); merr == nil && len(months) > 0 {
		msg += "；已有的月份：" + monthList(months)
	} else {
		msg += "；" + noMonths(dataDir)
	}
	return &monthError{msg, err}
}

// monthList names the months for a message: each of a few, the first and
// last of many.
func monthList(months []model.Period) string {
	if len(months) > 6 {
		return fmt.Sprintf("%s 至 %s，共 %d 个", months[0], months[len(months)-1], len(months))
	}
	names := make([]string, len(months))
	for i, m := range months {
		names[i] = m.String()
	}
	return strings.Join(names, "、")
}

// Data reads the period of a data folder: its month folder, and the month
// before as history when that folder exists. Workbooks are named relative to
// the data folder ("ledgers/2024-03/发改统计局.xlsx"). A missing month folder
// is an error of CheckMonth.
func Data(ctx context.Context, dataDir string, period model.Period, opt Options) (*Result, error) {
	if err := CheckMonth(dataDir, period); err != nil {
		return nil, err
	}
	return Month(ctx, filepath.Join(dataDir, LedgersDir, period.String()), path.Join(LedgersDir, period.String()), period, opt)
}

// Month reads the month folder dir as the period, with the folder of the
// month before beside it, when there is one, as history (year-to-date must
// not fall). rel prefixes the names in diagnostics, as for Folder.
func Month(ctx context.Context, dir, rel string, period model.Period, opt Options) (*Result, error) {
	var prev *model.Ledger
	prevDir := filepath.Join(filepath.Dir(filepath.Clean(dir)), period.Prev().String())
	if st, err := os.Stat(prevDir); err == nil && st.IsDir() {
		prevRel := ""
		if rel != "" {
			prevRel = path.Join(path.Dir(rel), period.Prev().String())
		}
		pr, err := Folder(ctx, prevDir, prevRel, period.Prev(), nil, opt)
		if err != nil {
			return nil, err
		}
		prev = pr.Ledger
	}
	r, err := Folder(ctx, dir, rel, period, prev, opt)
	if err != nil {
		return nil, err
	}
	r.Previous = prev
	return r, nil
}

// Folder reads every workbook in dir as one period and applies the period
// rules. rel prefixes the names in diagnostics ("" names files by their base
// name). prev, when not nil, is the previous month's accepted ledger.
func Folder(ctx context.Context, dir, rel string, period model.Period, prev *model.Ledger, opt Options) (*Result, error) {
	entries, paths, names, other, err := list(dir, rel)
	if err != nil {
		return nil, err
	}
	res := &Result{Period: period, Other: other}
	lopt := ledger.Options{Period: period, Limits: opt.Limits}
	// The regions name the steps in an execution trace, inside the build's
	// own (docs/performance.md).
	region := trace.StartRegion(ctx, "read workbooks")
	files, keys, recs, err := readFiles(ctx, paths, names, lopt, opt.Workers, opt.Cache)
	region.End()
	if err != nil {
		return nil, err
	}
	// The records of the files the cache gave are decoded into room laid
	// out for the whole month, which then becomes the ledger in place
	// (ledger.Laid.Ledger), rather than into a slice per file to be copied
	// into the ledger afterwards: that copy took a month's records' memory
	// and time a second time.
	cached := slices.ContainsFunc(recs, func(b []byte) bool { return b != nil })
	var laid *ledger.Laid
	if opt.DropRows || cached {
		region = trace.StartRegion(ctx, "lay out the month")
		laid = ledger.Lay(files)
		region.End()
	}
	if cached {
		var damaged atomic.Bool
		region = trace.StartRegion(ctx, "decode records")
		err = par.Each(ctx, len(files), opt.Workers, func(i int) {
			if recs[i] == nil {
				return
			}
			if decodeRecords(files[i], recs[i], laid.Window(i)) != nil {
				files[i], keys[i] = opt.Cache.reread(paths[i], names[i], lopt)
				damaged.Store(true)
			}
			recs[i] = nil // the entry's bytes, no longer needed
		})
		region.End()
		if err != nil {
			return nil, err
		}
		if damaged.Load() {
			// A workbook read again may have rows the damaged entry did
			// not say; the room is laid out again for what the files now
			// are.
			laid = ledger.Lay(files)
		}
	}
	res.Files = files
	if prev == nil {
		res.Key = folderKey(rel, period, entries, keys)
	}
	region = trace.StartRegion(ctx, "period rules and ledger")
	defer region.End()
	checkUnits(res)
	// The units' keys read the rows' codes alone, which the period rules
	// leave as they are: they are made beside the rules, on the core the
	// rules' steps across files leave idle.
	var keyErr error
	keyed := make(chan struct{})
	if opt.UnitKeys && opt.Cache != nil {
		go func() {
			defer close(keyed)
			region := trace.StartRegion(ctx, "unit keys")
			res.UnitKeys, keyErr = unitKeys(ctx, files, keys)
			region.End()
		}()
	} else {
		close(keyed)
	}
	ledger.Check(files, prev)
	<-keyed
	if keyErr != nil {
		return nil, keyErr
	}
	if opt.DropRows {
		res.Ledger = laid.Ledger(period)
	} else {
		res.Ledger = ledger.Accepted(period, files)
	}
	return res, nil
}

// list reads a month folder: its entries, the paths of its workbooks in
// name order with the names they are reported under, and findings about
// what else is there.
func list(dir, rel string) (entries []os.DirEntry, paths, names []string, other diag.List, err error) {
	entries, err = os.ReadDir(dir)
	if err != nil {
		return nil, nil, nil, nil, OpReadFolder.Err(dir, err)
	}
	var books []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
			continue // Office/WPS lock files and hidden files
		}
		shown := path.Join(rel, name)
		switch {
		case e.IsDir():
			other.Warnf(diag.Pos{File: shown}, "file.stray",
				fmt.Sprintf("月份文件夹中有子文件夹“%s”，其中的文件未读取；每个单位的台账请直接放在月份文件夹中", name))
		case IsWorkbookName(name):
			books = append(books, name)
		default:
			other.Warnf(diag.Pos{File: shown}, "file.stray",
				fmt.Sprintf("“%s”不是 .xlsx 台账文件，未读取；月份文件夹中只放各单位的台账", name))
		}
	}
	slices.Sort(books)
	paths = make([]string, len(books))
	names = make([]string, len(books))
	for i, b := range books {
		paths[i] = filepath.Join(dir, b)
		names[i] = path.Join(rel, b)
	}
	return entries, paths, names, other, nil
}

// IsWorkbookName reports whether a file name is meant as a workbook: .xlsx,
// and also the legacy and macro forms, which are read so that the clerk gets
// the precise reason they cannot be used.
func IsWorkbookName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".xls", ".et":
		return true
	}
	return false
}

// ReadFiles reads workbooks concurrently, at most workers at a time
// (GOMAXPROCS when 0). The result has the order of paths.
func ReadFiles(ctx context.Context, paths, names []string, opt ledger.Options, workers int) ([]*ledger.File, error) {
	files, _, _, err := readFiles(ctx, paths, names, opt, workers, nil)
	return files, err
}

// readFiles reads the workbooks, and gives with each the key the cache
// knows its reading by ("" when it was not cached) and, for a file the
// cache gave, the encoding of its records, which the file comes without
// (see Cache.read).
func readFiles(ctx context.Context, paths, names []string, opt ledger.Options, workers int, cache *Cache) ([]*ledger.File, []string, [][]byte, error) {
	out := make([]*ledger.File, len(paths))
	keys := make([]string, len(paths))
	recs := make([][]byte, len(paths))
	err := par.Each(ctx, len(paths), workers, func(i int) {
		out[i], keys[i], recs[i] = cache.read(paths[i], names[i], opt)
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return out, keys, recs, nil
}

// checkUnits warns when two workbooks of the period belong to the same unit
// (after Unicode normalisation, so NFC/NFD twins of one name are caught):
// their projects would be mixed under one name.
func checkUnits(r *Result) {
	first := map[string]*ledger.File{}
	for _, f := range r.Files {
		if f.Unreadable {
			continue
		}
		if o, dup := first[f.Unit]; dup {
			f.Diags.Warnf(diag.Pos{File: f.Name}, "file.unit_duplicate",
				fmt.Sprintf("本文件与“%s”都属于单位“%s”；每个单位每月只提交一个台账，请合并或删除多余的文件", o.Name, f.Unit))
			continue
		}
		first[f.Unit] = f
	}
}

// folderKey fingerprints a folder's reading from its listing and its
// workbooks' cache keys; zero when a workbook has no key.
func folderKey(rel string, period model.Period, entries []os.DirEntry, keys []string) fingerprint.Sum {
	if slices.Contains(keys, "") {
		return fingerprint.Sum{}
	}
	h := sha256.New()
	fmt.Fprintf(h, "tuijin-folder-1\x00%s\x00%s\x00", rel, period)
	// The listing decides the stray-file findings, which count in the
	// month's figures; the workbooks' keys already cover their names.
	for _, e := range entries {
		fmt.Fprintf(h, "%q %t\x00", e.Name(), e.IsDir())
	}
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00", k)
	}
	var s fingerprint.Sum
	h.Sum(s[:0])
	return s
}
