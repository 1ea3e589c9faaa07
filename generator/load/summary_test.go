package load

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"tuijin/generator/fingerprint"
	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

// summaryOf is what ReadSummary must give for the folder: the summary of
// reading it whole, without a cache.
func summaryOf(t *testing.T, month, rel string, p model.Period) *Summary {
	t.Helper()
	res, err := Folder(context.Background(), month, rel, p, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return summarize(res)
}

func sameSummary(t *testing.T, what string, got, want *Summary) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: no summary", what)
	}
	if got.Key == (fingerprint.Sum{}) {
		t.Errorf("%s: summary without a key", what)
	}
	if !reflect.DeepEqual(got.Units, want.Units) || got.RowsRead != want.RowsRead || !reflect.DeepEqual(got.Ledger, want.Ledger) {
		t.Errorf("%s: summary differs from reading the folder:\n got %v units, %d rows, %d projects\nwant %v units, %d rows, %d projects",
			what, got.Units, got.RowsRead, len(got.Ledger.Projects), want.Units, want.RowsRead, len(want.Ledger.Projects))
	}
}

func TestSummaryMatchesTheFolderAndIsNeverStale(t *testing.T) {
	ctx := context.Background()
	dir := mixed(t)
	p := model.Period{Year: 2024, Month: 3}
	month, rel := filepath.Join(dir, "ledgers", "2024-03"), "ledgers/2024-03"
	if s, err := ReadSummary(ctx, month, rel, p, Options{}); s != nil || err != nil {
		t.Fatalf("without a cache: %v, %v; want nothing", s, err)
	}
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Cache: cache}
	want := summaryOf(t, month, rel, p)
	if len(want.Ledger.Projects) == 0 || want.Ledger.Issues != nil || want.Ledger.Approvals != nil {
		t.Fatalf("the reference summary has %d projects, issues %v, approvals %v", len(want.Ledger.Projects), want.Ledger.Issues, want.Ledger.Approvals)
	}
	first, err := ReadSummary(ctx, month, rel, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	sameSummary(t, "read", first, want)
	entries, _ := filepath.Glob(filepath.Join(cache.dir, "months", "*", "*.bin"))
	if len(entries) != 1 {
		t.Fatalf("%d summaries cached, want 1", len(entries))
	}
	again, err := ReadSummary(ctx, month, rel, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	sameSummary(t, "from the cache", again, want)
	if again.Key != first.Key {
		t.Error("the same folder has another key")
	}

	// A damaged entry is read again, not trusted.
	if err := os.WriteFile(entries[0], []byte("not a summary"), 0o644); err != nil {
		t.Fatal(err)
	}
	damaged, err := ReadSummary(ctx, month, rel, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	sameSummary(t, "after damage", damaged, want)

	// A corrected workbook (same name and time) is a new summary.
	book := filepath.Join(month, "科经商务局.xlsx")
	st, _ := os.Stat(book)
	if err := xlsxtest.Workbook(book, []byte("== 项目台账 ==\n项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t责任单位\t总投资（万元）\nCB-7\t新项目\t社会投资\t其他\t储备\t科经商务局\t100\n")); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(book, st.ModTime(), st.ModTime())
	changed, err := ReadSummary(ctx, month, rel, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	sameSummary(t, "after a correction", changed, summaryOf(t, month, rel, p))
	if changed.Key == first.Key {
		t.Error("a corrected workbook kept the folder's key")
	}
	// So is a stray file: the folder's findings count in the month's figures.
	if err := os.WriteFile(filepath.Join(month, "说明.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	stray, err := ReadSummary(ctx, month, rel, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if stray.Key == changed.Key {
		t.Error("a new file in the folder kept the folder's key")
	}
}
