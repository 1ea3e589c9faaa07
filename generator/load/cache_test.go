package load

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

func TestCacheGivesSameResultAndNeverStale(t *testing.T) {
	dir := mixed(t)
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := model.Period{Year: 2024, Month: 3}
	plain, err := Data(context.Background(), dir, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // cold, then warm
		got, err := Data(context.Background(), dir, p, Options{Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Diags(), plain.Diags()) || !reflect.DeepEqual(got.Ledger, plain.Ledger) {
			t.Fatalf("run %d: cached result differs from a plain read", i)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(cache.dir, "*", "*.gob"))
	if len(entries) == 0 {
		t.Fatal("nothing was cached")
	}
	// Change one workbook's content (same name, same timestamp is irrelevant):
	// the new content must be read.
	book := filepath.Join(dir, "ledgers", "2024-03", "科经商务局.xlsx")
	st, _ := os.Stat(book)
	if err := xlsxtest.Workbook(book, []byte("== 项目台账 ==\n项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t责任单位\t总投资（万元）\nCB-7\t新项目\t社会投资\t其他\t储备\t科经商务局\t-1\n")); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(book, st.ModTime(), st.ModTime())
	got, err := Data(context.Background(), dir, p, Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range got.Diags() {
		found = found || (d.Pos.File == "ledgers/2024-03/科经商务局.xlsx" && d.Rule == "amount.negative")
	}
	if !found {
		t.Error("a changed workbook was served from the cache")
	}
}
