package sample

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"sync"

	"tuijin/generator/par"
	"tuijin/generator/xlsx/xlsxtest"
)

// Generate writes the ledgers of every unit for every month of the window
// under dir: <dir>/ledgers/<YYYY-MM>/<单位>.xlsx. It writes nothing else and
// removes nothing: files already there under other names stay.
//
// Workbooks are independent, so they are written concurrently (GOMAXPROCS at
// a time); each is built from the world alone, so the bytes never depend on
// scheduling.
func Generate(dir string, opt Options) error {
	_, err := generate(dir, opt)
	return err
}

// generate is Generate, also returning where the flaws were planted (in
// file, sheet and cell order), for the tests.
func generate(dir string, opt Options) ([]planted, error) {
	cfg, err := opt.resolve()
	if err != nil {
		return nil, err
	}
	w := buildWorld(cfg)
	var fl *flawPlan
	if cfg.flaws {
		fl = w.planFlaws()
	}

	var (
		mu      sync.Mutex
		all     []planted
		firstEr error
		errAt   = -1
	)
	n := len(w.units)
	_ = par.Each(context.Background(), len(w.periods)*n, 0, func(idx int) {
		k, ui := idx/n, idx%n
		u := w.units[ui]
		name := path.Join("ledgers", w.periods[k].String(), u.name+".xlsx")
		// The render stream only decides the day the report was
		// filled in; it is per workbook so order does not matter.
		r := newRnd(cfg.seed, uint64(k)<<32|uint64(ui)|1<<62)
		src, pl := render(w.snapshot(u, k, fl), name, r)
		err := xlsxtest.Workbook(filepath.Join(dir, filepath.FromSlash(name)), []byte(src))
		mu.Lock()
		all = append(all, pl...)
		// Report the error of the first workbook in order, not the
		// first to fail, so that the error is deterministic too.
		if err != nil && (errAt < 0 || idx < errAt) {
			firstEr, errAt = fmt.Errorf("sample: %s: %w", name, err), idx
		}
		mu.Unlock()
	})
	if firstEr != nil {
		return nil, firstEr
	}
	slices.SortFunc(all, func(a, b planted) int {
		for _, c := range [][2]string{{a.File, b.File}, {a.Sheet, b.Sheet}, {a.Cell, b.Cell}} {
			if c[0] != c[1] {
				if c[0] < c[1] {
					return -1
				}
				return 1
			}
		}
		return 0
	})
	return all, nil
}
