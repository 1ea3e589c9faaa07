package xlsx

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The floor of the build benchmarks (generator/bench_test.go): the time
// excelize's row iterator takes to stream every workbook of a corpus with
// raw values, on one goroutine, doing nothing else. It lives here because
// only this package may import excelize. scripts/bench.sh runs both and
// prints the ratio.

// benchCorpora are the corpora of the benchmarks: the bundled sample, and
// the folders scripts/bench.sh generates under $TUIJIN_BENCH_DIR.
var benchCorpora = []struct{ name, dir string }{
	{"sample", "../../data"},
	{"u100p200m1", "u100p200m1"},
	{"u100p200m12", "u100p200m12"},
}

// corpusBooks lists the workbooks of a corpus, every month, or skips.
func corpusBooks(b *testing.B, name, dir string) []string {
	b.Helper()
	if name != "sample" {
		root := os.Getenv("TUIJIN_BENCH_DIR")
		if root == "" {
			b.Skip("TUIJIN_BENCH_DIR not set; scripts/bench.sh generates the corpora")
		}
		dir = filepath.Join(root, dir)
	}
	books, _ := filepath.Glob(filepath.Join(dir, "ledgers", "*", "*.xlsx"))
	if len(books) == 0 {
		if name == "sample" {
			b.Fatalf("no workbooks in %s", dir)
		}
		b.Skipf("no corpus in %s; run scripts/bench.sh", dir)
	}
	return books
}

// floorStream streams every sheet of every workbook with excelize alone
// and returns the rows that held a cell.
func floorStream(b *testing.B, paths []string) (rows int) {
	opts := excelize.Options{RawCellValue: true}
	for _, p := range paths {
		f, err := excelize.OpenFile(p, excelize.Options{TmpDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			rs, err := f.Rows(sh)
			if err != nil {
				b.Fatal(err)
			}
			for rs.Next() {
				cells, err := rs.Columns(opts)
				if err != nil {
					b.Fatal(err)
				}
				if len(cells) > 0 {
					rows++
				}
			}
			if err := rs.Close(); err != nil {
				b.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	return rows
}

// BenchmarkFloor is the floor: excelize streaming the corpus.
func BenchmarkFloor(b *testing.B) {
	for _, c := range benchCorpora {
		b.Run(c.name, func(b *testing.B) {
			books := corpusBooks(b, c.name, c.dir)
			rows := 0
			for b.Loop() {
				rows = floorStream(b, books)
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(len(books)), "workbooks")
		})
	}
}

// BenchmarkReader is the project's own reader on the same corpus, on one
// goroutine: Open (the checks and the pre-scan) and Rows of every sheet.
// Its excess over BenchmarkFloor is what the front door costs.
func BenchmarkReader(b *testing.B) {
	for _, c := range benchCorpora {
		b.Run(c.name, func(b *testing.B) {
			books := corpusBooks(b, c.name, c.dir)
			tmp := b.TempDir()
			rows := 0
			for b.Loop() {
				rows = 0
				for _, p := range books {
					w, err := Open(p, Limits{TmpDir: tmp})
					if err != nil {
						b.Fatal(err)
					}
					for _, sh := range w.SheetNames() {
						if err := w.Rows(sh, func(Row) error { rows++; return nil }); err != nil {
							b.Fatal(err)
						}
					}
					w.Close()
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkOpen is Open alone: the zip checks and the pre-scan, with the
// fast scanner and (slowxml) with encoding/xml only.
func BenchmarkOpen(b *testing.B) {
	for _, c := range benchCorpora {
		b.Run(c.name, func(b *testing.B) {
			benchOpen(b, c.name, c.dir)
		})
		b.Run(c.name+"-slowxml", func(b *testing.B) {
			useFastScan = false
			defer func() { useFastScan = true }()
			benchOpen(b, c.name, c.dir)
		})
	}
}

func benchOpen(b *testing.B, name, dir string) {
	books := corpusBooks(b, name, dir)
	tmp := b.TempDir()
	for b.Loop() {
		for _, p := range books {
			w, err := Open(p, Limits{TmpDir: tmp})
			if err != nil {
				b.Fatal(err)
			}
			w.Close()
		}
	}
}

// BenchmarkRows is Rows alone, every sheet of every workbook of the corpus
// on one goroutine, with the native reader and (excelize) with excelize's
// row iterator as before; Open is not timed. MB/s counts the worksheets'
// and shared strings' XML.
func BenchmarkRows(b *testing.B) {
	for _, c := range benchCorpora {
		for _, via := range []bool{false, true} {
			name := c.name
			if via {
				name += "-excelize"
			}
			b.Run(name, func(b *testing.B) {
				books := corpusBooks(b, c.name, c.dir)
				tmp := b.TempDir()
				var size int64
				for _, p := range books {
					size += xmlSize(b, p)
				}
				b.SetBytes(size)
				rows := 0
				before := handovers.Load()
				for b.Loop() {
					rows = 0
					for _, p := range books {
						b.StopTimer()
						w, err := Open(p, Limits{TmpDir: tmp})
						if err != nil {
							b.Fatal(err)
						}
						w.viaExcelize = via
						b.StartTimer()
						for _, sh := range w.SheetNames() {
							if err := w.Rows(sh, func(Row) error { rows++; return nil }); err != nil {
								b.Fatal(err)
							}
						}
						w.Close()
					}
				}
				b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
				if n := handovers.Load() - before; n != 0 && !via {
					b.Errorf("%d sheets handed to excelize", n)
				}
			})
		}
	}
}

// xmlSize is the inflated size of the worksheets and shared strings.
func xmlSize(b *testing.B, path string) int64 {
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	var n int64
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/worksheets/") || zf.Name == sharedStringsPart {
			n += int64(zf.UncompressedSize64)
		}
	}
	return n
}
