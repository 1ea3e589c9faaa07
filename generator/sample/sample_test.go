package sample

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"tuijin/generator/diag"
	"tuijin/generator/load"
	"tuijin/generator/model"
)

// committed is the bundled sample in the repository.
const committed = "../../data"

// bundled generates the Bundled preset once for all tests that read it.
var bundled = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "tuijin-sample-")
	if err != nil {
		return "", err
	}
	planted, err := generate(dir, Bundled())
	bundledPlanted = planted
	return dir, err
})

var bundledPlanted []planted

func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := bundled(); err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func bundledDir(t *testing.T) string {
	t.Helper()
	dir, err := bundled()
	if err != nil {
		t.Fatalf("generate(Bundled()): %v", err)
	}
	return dir
}

// TestCommittedSampleIsGenerated keeps data/ledgers equal, byte for byte
// and file for file, to what the generator produces, so that the sample and
// the generator cannot drift apart. It also proves the output deterministic:
// the committed files were written by another process, on another day.
func TestCommittedSampleIsGenerated(t *testing.T) {
	got := files(t, filepath.Join(bundledDir(t), "ledgers"))
	want := files(t, filepath.Join(committed, "ledgers"))
	const fix = "regenerate the sample with: go generate ./generator/sample"
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("data/ledgers/%s is committed but not generated; delete it, or %s", name, fix)
		}
	}
	for name, b := range got {
		w, ok := want[name]
		switch {
		case !ok:
			t.Errorf("data/ledgers/%s is generated but not committed; %s", name, fix)
		case !bytes.Equal(b, w):
			t.Errorf("data/ledgers/%s differs from the generated file (%d bytes, want %d); %s", name, len(w), len(b), fix)
		}
	}
}

func files(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// validate reads every month of a generated folder the way tuijin does,
// each with its previous month as history. It chains load.Folder, passing
// each month's ledger on as the next one's history, which is what load.Data
// does for one month without reading every month twice.
func validate(t *testing.T, dir string) map[model.Period]diag.List {
	t.Helper()
	months, err := load.Months(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[model.Period]diag.List{}
	var prev *load.Result
	for _, p := range months {
		var history *model.Ledger
		if prev != nil && prev.Period == p.Prev() {
			history = prev.Ledger
		}
		rel := path.Join(load.LedgersDir, p.String())
		res, err := load.Folder(context.Background(), filepath.Join(dir, filepath.FromSlash(rel)), rel, p, history, load.Options{})
		if err != nil {
			t.Fatalf("load.Folder(%s): %v", p, err)
		}
		if len(res.Files) == 0 {
			t.Errorf("%s: no workbooks read", p)
		}
		out[p], prev = res.Diags(), res
	}
	return out
}

// TestBundledFindings checks that the newest month of the bundled sample
// has exactly the planted flaws, each at its cell, and the month before none.
func TestBundledFindings(t *testing.T) {
	dir := bundledDir(t)
	byMonth := validate(t, dir)
	if len(byMonth) != 2 {
		t.Fatalf("months = %d, want 2", len(byMonth))
	}
	if d := byMonth[model.Period{Year: 2026, Month: 9}]; len(d) != 0 {
		t.Errorf("2026-09 has %d findings, want none:\n%s", len(d), list(d))
	}
	// The newest month exactly as tuijin validate and build read it.
	res, err := load.Data(context.Background(), dir, model.Period{Year: 2026, Month: 10}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Diags()
	var rules []string
	for _, x := range d {
		rules = append(rules, x.Rule)
	}
	slices.Sort(rules)
	want := []string{
		"amount.negative", "code.national_time", "date.after_period", "date.invalid",
		"fund.received_over_allocated", "history.ytd_decrease", "ref.project_unknown",
		"sheet.column_unknown", "sheet.column_unnamed",
	}
	if !slices.Equal(rules, want) {
		t.Errorf("2026-10 rules = %q, want %q\n%s", rules, want, list(d))
	}
	if errs, warns := d.Count(); errs != 5 || warns != 4 {
		t.Errorf("2026-10 has %d errors and %d warnings, want 5 and 4", errs, warns)
	}
	if got, want := found(d), bundledPlanted; !slices.Equal(got, want) {
		t.Errorf("findings at\n%s\nwant them where they were planted:\n%s", show(got), show(want))
	}
}

func found(d diag.List) []planted {
	var out []planted
	for _, x := range d {
		out = append(out, planted{x.Pos.File, x.Pos.Sheet, x.Pos.Cell(), x.Rule})
	}
	slices.SortFunc(out, func(a, b planted) int {
		return strings.Compare(a.File+"\x00"+a.Sheet+"\x00"+a.Cell, b.File+"\x00"+b.Sheet+"\x00"+b.Cell)
	})
	return out
}

func show(ps []planted) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\t%s %s!%s %s\n", p.File, p.Sheet, p.Cell, p.Rule)
	}
	return b.String()
}

func list(d diag.List) string {
	var b strings.Builder
	for _, x := range d {
		fmt.Fprintf(&b, "\t[%s] %s %s\n", x.Rule, x.Pos, x.Message)
	}
	return b.String()
}

// TestCleanSamplesValidate generates without flaws and expects not a single
// finding in any month: every tolerated form the styles use must be read as
// the generator meant it. The larger case crosses a year boundary (January
// restarts 本年累计, so last year's figures must not count as a decrease)
// and has thirteen months of reserves, signings, slips and completions.
func TestCleanSamplesValidate(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"bundled", Options{Units: 5, Months: 2, End: "2026-10", Seed: bundledSeed}},
		{"13 months", Options{Units: 3, Projects: 30, Months: 13, End: "2026-10", Seed: 7}},
		{"all styles twice, from January", Options{Units: 10, Projects: 6, Months: 3, End: "2027-03", Seed: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.opt.Months > 2 {
				t.Skip("short")
			}
			dir := t.TempDir()
			if err := Generate(dir, tt.opt); err != nil {
				t.Fatal(err)
			}
			months := validate(t, dir)
			if len(months) != tt.opt.Months {
				t.Errorf("months = %d, want %d", len(months), tt.opt.Months)
			}
			for p, d := range months {
				if len(d) != 0 {
					t.Errorf("%s: %d findings, want none:\n%s", p, len(d), list(d))
				}
			}
		})
	}
}

// TestFlawsWithFewUnits checks that flaws find another home when their
// preferred unit is missing, and still come out one per rule.
func TestFlawsWithFewUnits(t *testing.T) {
	dir := t.TempDir()
	planted, err := generate(dir, Options{Units: 2, Projects: 8, Months: 2, Flaws: true, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	d := validate(t, dir)[model.Period{Year: 2026, Month: 10}]
	if got := found(d); !slices.Equal(got, planted) {
		t.Errorf("findings at\n%s\nwant them where they were planted:\n%s", show(got), show(planted))
	}
	seen := map[string]bool{}
	for _, p := range planted {
		if seen[p.Rule] {
			t.Errorf("rule %s planted twice", p.Rule)
		}
		seen[p.Rule] = true
	}
	if len(planted) < 7 {
		t.Errorf("only %d flaws planted:\n%s", len(planted), show(planted))
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	opt := Options{Units: 6, Projects: 5, Months: 3, Seed: 42, Flaws: true}
	a, b := t.TempDir(), t.TempDir()
	if err := Generate(a, opt); err != nil {
		t.Fatal(err)
	}
	if err := Generate(b, opt); err != nil {
		t.Fatal(err)
	}
	fa, fb := files(t, a), files(t, b)
	if len(fa) != 18 {
		t.Errorf("%d files, want 6 units × 3 months", len(fa))
	}
	for name, x := range fa {
		if !bytes.Equal(x, fb[name]) {
			t.Errorf("%s differs between two runs with the same options", name)
		}
	}
	if _, err := os.Stat(filepath.Join(a, "ledgers", "2026-10", "第6责任单位.xlsx")); err != nil {
		t.Errorf("sixth unit: %v", err)
	}
}

func TestOptionsErrors(t *testing.T) {
	tests := []struct {
		opt  Options
		want string
	}{
		{Options{Units: -1}, "Units"},
		{Options{Projects: -3}, "Projects"},
		{Options{Months: maxMonths + 1}, "Months"},
		{Options{End: "2026-13"}, "End"},
		{Options{End: "1999-12"}, "End"},
	}
	for _, tt := range tests {
		err := Generate(t.TempDir(), tt.opt)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Generate(%+v) = %v, want an error naming %s", tt.opt, err, tt.want)
		}
	}
}

func TestAmountFormats(t *testing.T) {
	tests := []struct {
		v                  wan
		plain, grouped, yi string
	}{
		{1250050, "12500.5", "12,500.5", "1.25005"},
		{30000000, "300000", "300,000", "30"},
		{1, "0.01", "0.01", "0.000001"},
		{-794200, "-7942", "-7,942", "-0.7942"},
		{0, "0", "0", "0"},
	}
	for _, tt := range tests {
		if got := tt.v.plain(); got != tt.plain {
			t.Errorf("wan(%d).plain() = %q, want %q", tt.v, got, tt.plain)
		}
		if got := tt.v.grouped(); got != tt.grouped {
			t.Errorf("wan(%d).grouped() = %q, want %q", tt.v, got, tt.grouped)
		}
		if got := tt.v.yi(); got != tt.yi {
			t.Errorf("wan(%d).yi() = %q, want %q", tt.v, got, tt.yi)
		}
	}
}

// BenchmarkGenerate measures one month of 20 units with 200 projects each:
// the building block of the large benchmark folders.
func BenchmarkGenerate(b *testing.B) {
	opt := Options{Units: 20, Projects: 200, Months: 1}
	for b.Loop() {
		if err := Generate(b.TempDir(), opt); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFlawsInOtherYears plants the flaws in a window whose year reads as a
// valid time code (2019 is a legacy year) and where the newest month is
// January, so that last month's 本年累计 belongs to another year and
// history.ytd_decrease cannot be planted.
func TestFlawsInOtherYears(t *testing.T) {
	for _, end := range []string{"2019-06", "2027-01"} {
		t.Run(end, func(t *testing.T) {
			dir := t.TempDir()
			marks, err := generate(dir, Options{Months: 2, End: end, Flaws: true, Seed: 5})
			if err != nil {
				t.Fatal(err)
			}
			p, _ := model.ParsePeriod(end)
			byMonth := validate(t, dir)
			if d := byMonth[p.Prev()]; len(d) != 0 {
				t.Errorf("%s: %d findings, want none:\n%s", p.Prev(), len(d), list(d))
			}
			if got := found(byMonth[p]); !slices.Equal(got, marks) {
				t.Errorf("findings at\n%s\nwant them where they were planted:\n%s", show(got), show(marks))
			}
			has := func(rule string) bool {
				return slices.ContainsFunc(marks, func(x planted) bool { return x.Rule == rule })
			}
			if !has("code.national_time") {
				t.Errorf("code.national_time not planted")
			}
			if has("history.ytd_decrease") != (p.Month != 1) {
				t.Errorf("history.ytd_decrease planted = %v in %s", has("history.ytd_decrease"), end)
			}
		})
	}
}
