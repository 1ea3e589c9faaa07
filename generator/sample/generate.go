package sample

import (
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

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

	type job struct{ k, u int }
	jobs := make(chan job)
	var (
		mu      sync.Mutex
		all     []planted
		firstEr error
		errAt   = -1
		wg      sync.WaitGroup
	)
	n := len(w.units)
	for range min(runtime.GOMAXPROCS(0), len(w.periods)*n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				u := w.units[j.u]
				name := path.Join("ledgers", w.periods[j.k].String(), u.name+".xlsx")
				// The render stream only decides the day the report was
				// filled in; it is per workbook so order does not matter.
				r := newRnd(cfg.seed, uint64(j.k)<<32|uint64(j.u)|1<<62)
				src, pl := render(w.snapshot(u, j.k, fl), name, r)
				err := xlsxtest.Workbook(filepath.Join(dir, filepath.FromSlash(name)), []byte(src))
				mu.Lock()
				all = append(all, pl...)
				// Report the error of the first workbook in order, not the
				// first to fail, so that the error is deterministic too.
				if idx := j.k*n + j.u; err != nil && (errAt < 0 || idx < errAt) {
					firstEr, errAt = fmt.Errorf("sample: %s: %w", name, err), idx
				}
				mu.Unlock()
			}
		}()
	}
	for k := range w.periods {
		for u := range w.units {
			jobs <- job{k, u}
		}
	}
	close(jobs)
	wg.Wait()
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
