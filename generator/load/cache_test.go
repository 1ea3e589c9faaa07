package load

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"tuijin/generator/codec"
	"tuijin/generator/diag"
	"tuijin/generator/fingerprint"
	"tuijin/generator/ledger"
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
	entries, _ := filepath.Glob(filepath.Join(cache.dir, "*", "*.bin"))
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

// A workbook saved again between being hashed and being parsed (a clerk
// saving while tuijin serve rebuilds) is used as parsed but not cached:
// under the first content's hash it would later be served for content it
// was not made from. The next reading hashes and caches the new content.
func TestCacheSkipsWorkbookSavedWhileRead(t *testing.T) {
	dir := mixed(t)
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "ledgers", "2024-03", "科经商务局.xlsx")
	opt := ledger.Options{Period: model.Period{Year: 2024, Month: 3}}
	testHookParse = func(path string) {
		if path != book {
			return
		}
		if err := xlsxtest.Workbook(book, []byte("== 项目台账 ==\n项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t责任单位\t总投资（万元）\nCB-7\t新项目\t社会投资\t其他\t储备\t科经商务局\t-1\n")); err != nil {
			t.Error(err)
		}
	}
	defer func() { testHookParse = nil }()
	f, key, _ := cache.read(book, "科经商务局.xlsx", opt)
	testHookParse = nil
	if key != "" {
		t.Errorf("key = %q for a workbook saved while it was read, want none", key)
	}
	if !hasRule(f.Diags, "amount.negative") {
		t.Errorf("the reading is not of the file as saved: %v", f.Diags)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache.dir, "*", "*.bin")); len(entries) != 0 {
		t.Fatalf("cached %v for a workbook saved while it was read", entries)
	}
	again, key, _ := cache.read(book, "科经商务局.xlsx", opt)
	if key == "" || !hasRule(again.Diags, "amount.negative") {
		t.Errorf("reading the saved workbook again: key %q, findings %v", key, again.Diags)
	}
	if entries, _ := filepath.Glob(filepath.Join(cache.dir, "*", "*.bin")); len(entries) != 1 {
		t.Errorf("after reading it again, the cache holds %v, want its one entry", entries)
	}
}

func hasRule(l diag.List, rule string) bool {
	for _, d := range l {
		if d.Rule == rule {
			return true
		}
	}
	return false
}

// A damaged entry, or one written for another name, is treated as
// missing: the workbook is read again and the entry written anew.
func TestCacheDamagedEntry(t *testing.T) {
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
	if _, err := Data(context.Background(), dir, p, Options{Cache: cache}); err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(cache.dir, "*", "*.bin"))
	if len(entries) < 5 {
		t.Fatalf("%d entries, want one per workbook", len(entries))
	}
	other, err := os.ReadFile(entries[1])
	if err != nil {
		t.Fatal(err)
	}
	head := func(b []byte) int { n, k := binary.Uvarint(b); return k + int(n) }
	damage := []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)/2] },         // cut off
		func(b []byte) []byte { return other },                // another workbook's
		func(b []byte) []byte { return append(b[:0:0], 'x') }, // not ours at all
		func(b []byte) []byte { return b[:len(b)-1] },         // its records cut off
		// its own rows with another workbook's records
		func(b []byte) []byte { return append(b[:head(b):head(b)], other[head(other):]...) },
	}
	for i, e := range entries {
		b, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(e, damage[i%len(damage)](b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Data(context.Background(), dir, p, Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Diags(), plain.Diags()) || !reflect.DeepEqual(got.Ledger, plain.Ledger) {
		t.Fatal("damaged entries changed the result")
	}
	for _, e := range entries {
		b, err := os.ReadFile(e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeEntry(b); err != nil {
			t.Errorf("%s was not written anew: %v", filepath.Base(e), err)
		}
	}
}

// decodeEntry decodes a whole workbook's entry.
func decodeEntry(b []byte) (*ledger.File, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, errors.New("no head")
	}
	var f ledger.File
	if err := codec.Decode(b[k:k+int(n)], &f); err != nil {
		return nil, err
	}
	var recs ledger.Records
	if err := codec.Decode(b[k+int(n):], &recs); err != nil {
		return nil, err
	}
	return &f, f.SetRecords(recs)
}

// Files are cached as read, before DropRows, whose row counts the cache
// does not carry: a warm build that drops the rows counts them as a cold
// one does, and makes the same ledger.
func TestCacheKeepsRowCounts(t *testing.T) {
	dir := mixed(t)
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := model.Period{Year: 2024, Month: 3}
	counts := func(r *Result) (c [][2]int) {
		for _, f := range r.Files {
			c = append(c, [2]int{f.AcceptedRows(), f.RejectedRows()})
		}
		return c
	}
	plain, err := Data(context.Background(), dir, p, Options{DropRows: true})
	if err != nil {
		t.Fatal(err)
	}
	want := counts(plain)
	copied, err := Data(context.Background(), dir, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(want, func(c [2]int) bool { return c[0] > 0 && c[1] > 0 }) {
		t.Fatalf("no workbook has both accepted and rejected rows: %v", want)
	}
	for i := range 2 { // cold, then warm
		got, err := Data(context.Background(), dir, p, Options{Cache: cache, DropRows: true})
		if err != nil {
			t.Fatal(err)
		}
		if c := counts(got); !reflect.DeepEqual(c, want) {
			t.Errorf("run %d: rows accepted and rejected %v, want %v", i, c, want)
		}
		// Warm, the records are decoded into the month's room and the
		// rejected ones dropped in place (ledger.Laid): the same ledger as
		// copying the accepted rows out of rows kept (ledger.Accepted).
		if !reflect.DeepEqual(got.Ledger, copied.Ledger) {
			t.Errorf("run %d: the ledger differs from the one copied from the rows", i)
		}
	}
}

// BenchmarkCacheRead reads the workbooks of the one-month corpus from a
// warm cache (read: what a rebuild does for each unchanged workbook —
// hashing it, reading its entry, decoding it), and decodes the same files
// alone with the codec and with encoding/gob, the format the cache had
// before, for comparison. bytes/op is the size of all the entries. The
// corpus is the one scripts/bench.sh generates under $TUIJIN_BENCH_DIR;
// without it the benchmark is skipped.
func BenchmarkCacheRead(b *testing.B) {
	root := os.Getenv("TUIJIN_BENCH_DIR")
	if root == "" {
		b.Skip("TUIJIN_BENCH_DIR not set; scripts/bench.sh generates the corpora")
	}
	paths, _ := filepath.Glob(filepath.Join(root, "u100p200m1", "ledgers", "*", "*.xlsx"))
	if len(paths) == 0 {
		b.Skip("no one-month corpus; run scripts/bench.sh")
	}
	period, err := model.ParsePeriod(filepath.Base(filepath.Dir(paths[0])))
	if err != nil {
		b.Fatal(err)
	}
	opt := ledger.Options{Period: period}
	cache, err := OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	names := make([]string, len(paths))
	var gobs, codecs [][]byte
	for i, p := range paths {
		names[i] = filepath.Base(p)
		f, _, _ := cache.read(p, names[i], opt) // fills the cache
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(f); err != nil {
			b.Fatal(err)
		}
		gobs = append(gobs, buf.Bytes())
		enc, err := codec.Append(nil, f)
		if err != nil {
			b.Fatal(err)
		}
		codecs = append(codecs, enc)
	}
	size := func(all [][]byte) (n int) {
		for _, e := range all {
			n += len(e)
		}
		return n
	}
	b.Run("read", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			files := make([]*ledger.File, len(paths))
			recs := make([][]byte, len(paths))
			for i, p := range paths {
				if files[i], _, recs[i] = cache.read(p, names[i], opt); files[i].Name != names[i] || recs[i] == nil {
					b.Fatal("not the file's entry")
				}
			}
			laid := ledger.Lay(files)
			for i, f := range files {
				if err := decodeRecords(f, recs[i], laid.Window(i)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("decode-codec", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			for _, e := range codecs {
				var f ledger.File
				if err := codec.Decode(e, &f); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(size(codecs)), "bytes")
	})
	b.Run("decode-gob", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			for _, e := range gobs {
				var f ledger.File
				if err := gob.NewDecoder(bytes.NewReader(e)).Decode(&f); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(size(gobs)), "bytes")
	})
}

// reportCPU reports the process's CPU time per iteration (user and
// system, the garbage collector's included) when the returned function is
// called: on a machine shared with other work it varies much less than
// the wall time.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }
}

func TestGetPut(t *testing.T) {
	type figures struct {
		Name  string
		Rates []float64
	}
	c, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k1, k2 := fingerprint.Sum{1}, fingerprint.Sum{2}
	var got figures
	if Get(c, "test", k1, &got) {
		t.Fatal("Get found an entry in an empty cache")
	}
	want := figures{Name: "甲单位", Rates: []float64{0.5, 1}}
	Put(c, "test", k1, want)
	if !Get(c, "test", k1, &got) || !reflect.DeepEqual(got, want) {
		t.Fatalf("Get = %+v, want %+v", got, want)
	}
	if Get(c, "other", k1, &got) {
		t.Error("an entry of one kind was found as another")
	}
	// An entry copied under another key is not that key's.
	b, err := os.ReadFile(c.entryPath("test", k1))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(c.entryPath("test", k2)), 0o755)
	if err := os.WriteFile(c.entryPath("test", k2), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if Get(c, "test", k2, &got) {
		t.Error("an entry copied to another key was taken for it")
	}
	// A damaged entry is none.
	if err := os.WriteFile(c.entryPath("test", k1), b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if Get(c, "test", k1, &got) {
		t.Error("a damaged entry was read")
	}
	// Without a cache nothing is kept.
	Put[figures](nil, "test", k1, want)
	if Get[figures](nil, "test", k1, &got) {
		t.Error("a nil cache gave an entry")
	}
}
