package ledger

import (
	"os"
	"path/filepath"
	"testing"

	"tuijin/generator/model"
)

// BenchmarkReadFile reads and validates every workbook of the newest month
// of a corpus on one goroutine: the reader and the rules without the rest
// of a build, whose two cores and disk make its timings too noisy to see a
// change of a few per cent in the rules. The corpora are those of
// scripts/bench.sh (under $TUIJIN_BENCH_DIR); the bundled sample always
// runs.
func BenchmarkReadFile(b *testing.B) {
	for _, c := range []struct{ name, dir string }{
		{"sample", "../../data"},
		{"u100p200m1", "u100p200m1"},
	} {
		b.Run(c.name, func(b *testing.B) {
			dir := c.dir
			if c.name != "sample" {
				root := os.Getenv("TUIJIN_BENCH_DIR")
				if root == "" {
					b.Skip("TUIJIN_BENCH_DIR not set; scripts/bench.sh generates the corpora")
				}
				dir = filepath.Join(root, dir)
			}
			months, _ := filepath.Glob(filepath.Join(dir, "ledgers", "*"))
			if len(months) == 0 {
				b.Skipf("no corpus in %s; run scripts/bench.sh", dir)
			}
			month := months[len(months)-1]
			period, err := model.ParsePeriod(filepath.Base(month))
			if err != nil {
				b.Fatal(err)
			}
			books, _ := filepath.Glob(filepath.Join(month, "*.xlsx"))
			rows := 0
			for b.Loop() {
				rows = 0
				for _, p := range books {
					f := ReadFile(p, filepath.Base(p), Options{Period: period})
					if f.Projects.Len() == 0 {
						b.Fatalf("%s: no projects read", p)
					}
					rows += f.AcceptedRows() + f.RejectedRows()
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
