package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// A rebuild with the cache renders only the pages whose data changed and
// carries the others over from the previous site; whatever it carries, the
// site must be exactly what a build from scratch makes.
func TestIncrementalRebuild(t *testing.T) {
	const fixture = "../testdata/validate/mixed.txtar"
	data := writeArchive(t, fixture)
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	rebuild := func() *Result {
		t.Helper()
		res, err := Build(context.Background(), Config{DataDir: data, OutDir: out, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	// sameAsFresh compares the site with a build of the same data without
	// a cache, file by file.
	sameAsFresh := func(step string) {
		t.Helper()
		fresh, _ := build(t, data)
		got, want := siteFiles(t, out), siteFiles(t, fresh)
		for p, w := range want {
			if !bytes.Equal(got[p], w) {
				t.Errorf("%s: %s differs from a build from scratch", step, p)
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				t.Errorf("%s: %s is not in a build from scratch", step, p)
			}
		}
	}

	first := rebuild()
	if first.PagesReused != 0 {
		t.Errorf("first build reused %d pages, with nothing to reuse", first.PagesReused)
	}
	if again := rebuild(); again.PagesReused != again.Pages {
		t.Errorf("unchanged rebuild: reused %d of %d pages, want all", again.PagesReused, again.Pages)
	}
	sameAsFresh("unchanged")

	// A clerk corrects one figure: 本年累计完成投资 8000 → 9000.
	ar, err := txtar.ParseFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	const book = "ledgers/2024-03/发改统计局.xlsx"
	var src string
	for _, f := range ar.Files {
		if f.Name == book {
			src = string(f.Data)
		}
	}
	changed := strings.Replace(src, "#n:20000\t#n:8000", "#n:20000\t#n:9000", 1)
	if changed == src {
		t.Fatalf("the fixture no longer has the figure this test changes")
	}
	writeBook(t, filepath.Join(data, book), changed)
	res := rebuild()
	if res.PagesReused == 0 || res.PagesReused >= res.Pages {
		t.Errorf("after one figure changed: reused %d of %d pages, want some but not all", res.PagesReused, res.Pages)
	}
	sameAsFresh("one figure changed")
	page, err := os.ReadFile(filepath.Join(out, "projects", "2401-510900-04-01-521743.html"))
	if err != nil || !strings.Contains(string(page), "9,000 万元") {
		t.Errorf("the project's page does not show the corrected figure (err %v)", err)
	}

	// A page edited by hand in the published site is made again, even
	// though its data did not change.
	edited := filepath.Join(out, "units.html")
	if err := os.WriteFile(edited, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := rebuild(); res.PagesReused != res.Pages-1 {
		t.Errorf("after a hand edit: reused %d of %d pages, want all but the edited one", res.PagesReused, res.Pages)
	}
	sameAsFresh("page edited by hand")
}
