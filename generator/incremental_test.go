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
		sameSiteAsFresh(t, step, data, out)
	}

	first := rebuild()
	if first.PagesReused != 0 {
		t.Errorf("first build reused %d pages, with nothing to reuse", first.PagesReused)
	}
	// The parts of the big lists (render.Segments) are kept beside the
	// manifest; a rebuild that changes nothing leaves their file alone.
	parts, _ := filepath.Glob(filepath.Join(cache, "sites", "*.segments"))
	if len(parts) != 1 {
		t.Fatalf("the cache holds %d files of parts, want 1", len(parts))
	}
	before, err := os.Stat(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	if again := rebuild(); again.PagesReused != again.Pages {
		t.Errorf("unchanged rebuild: reused %d of %d pages, want all", again.PagesReused, again.Pages)
	}
	sameAsFresh("unchanged")
	if after, err := os.Stat(parts[0]); err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("an unchanged rebuild wrote the parts' file again (err %v)", err)
	}

	// A clerk corrects one figure: 本年累计完成投资 8000 → 9000.
	const book = "ledgers/2024-03/发改统计局.xlsx"
	changed := corrected(t, fixture, book, "#n:20000\t#n:8000", "#n:20000\t#n:9000")
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

	// A damaged file of parts is no file: the lists are made afresh.
	b, err := os.ReadFile(parts[0])
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x20
	if err := os.WriteFile(parts[0], b, 0o600); err != nil {
		t.Fatal(err)
	}
	writeBook(t, filepath.Join(data, book), corrected(t, fixture, book, "#n:20000\t#n:8000", "#n:20000\t#n:9500"))
	rebuild()
	sameAsFresh("parts damaged")

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

	// site.toml is no workbook, yet every page shows its title and the
	// lights follow its thresholds: a project page is keyed by what it is
	// made from, not by its workbook's rows.
	toml := "title = \"高新区重点项目推进\"\n\n[lights]\ninvest_yellow = 1\ninvest_red = 2\n"
	if err := os.WriteFile(filepath.Join(data, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := rebuild(); res.PagesReused != 0 {
		t.Errorf("after the title changed: reused %d of %d pages, want none", res.PagesReused, res.Pages)
	}
	sameAsFresh("site.toml changed")
	page, err = os.ReadFile(filepath.Join(out, "projects", "2401-510900-04-01-521743.html"))
	if err != nil || !strings.Contains(string(page), "高新区重点项目推进") {
		t.Errorf("the project's page does not show the new title (err %v)", err)
	}
}

// An earlier month's briefing is kept without computing its report when
// the report would be made from the same workbooks and thresholds; any
// change to what it is made from makes it, and only it and the months
// after it, again. Whatever is kept, the site is what a build from scratch
// makes.
func TestIncrementalArchive(t *testing.T) {
	const fixture = "../testdata/history/five-months.txtar"
	data := writeArchive(t, fixture)
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	rebuild := func(step string, wantMade int) {
		t.Helper()
		res, err := Build(context.Background(), Config{DataDir: data, OutDir: out, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		if res.Months != 4 || res.MonthsMade != wantMade {
			t.Errorf("%s: computed %d of %d earlier months' reports, want %d of 4", step, res.MonthsMade, res.Months, wantMade)
		}
		sameSiteAsFresh(t, step, data, out)
	}
	rebuild("first build", 4)
	rebuild("unchanged", 0)

	// A correction to the second month (2023-12) changes its report and
	// the three after it (their history), not the first month's.
	const book = "ledgers/2023-12/甲单位.xlsx"
	changed := corrected(t, fixture, book, "#n:1000\t#n:900", "#n:1000\t#n:950")
	briefing := func(month string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "briefing", month+".html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	firstMonth, corrected := briefing("2023-03"), briefing("2023-12")
	writeBook(t, filepath.Join(data, book), changed)
	rebuild("a month corrected", 3)
	if briefing("2023-12") == corrected {
		t.Error("the corrected month's briefing did not change")
	}
	if briefing("2023-03") != firstMonth {
		t.Error("the first month's briefing changed, though nothing it is made from did")
	}

	// The staff's 下一步工作 for one month changes that briefing only.
	if err := os.MkdirAll(filepath.Join(data, "briefings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "briefings", "2024-01.md"), []byte("- 加快<北环路>建设\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rebuild("next steps written", 1)

	// New thresholds change every month's lights.
	if err := os.WriteFile(filepath.Join(data, "site.toml"), []byte("[lights]\ninvest_yellow = 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rebuild("thresholds changed", 4)

	// Without the figures of the briefing index, kept in the cache, a
	// report is computed again rather than guessed.
	if err := os.RemoveAll(filepath.Join(cache, "briefings")); err != nil {
		t.Fatal(err)
	}
	rebuild("index figures lost", 4)
	rebuild("index figures kept again", 0)

	// The briefing's bounds are no input of a report, yet every month's
	// briefing shows them. An earlier month's cut lists point to that
	// month's ledgers, since the site's pages are of the newest month.
	if err := os.WriteFile(filepath.Join(data, "site.toml"), []byte("[lights]\ninvest_yellow = 5\n[briefing]\nlist_rows = 1\nattachment_rows = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rebuild("briefing bounds changed", 4)
	if b := briefing("2024-01"); !strings.Contains(b, "完整清单见当月台账") || strings.Contains(b, "完整清单见网站") {
		t.Error("an earlier month's cut briefing does not point to its ledgers, or points to the site's pages")
	}
}

// corrected returns the workbook book of the txtar fixture with the first
// old replaced by new: a clerk's correction.
func corrected(t *testing.T, fixture, book, old, new string) string {
	t.Helper()
	ar, err := txtar.ParseFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var src string
	for _, f := range ar.Files {
		if f.Name == book {
			src = string(f.Data)
		}
	}
	changed := strings.Replace(src, old, new, 1)
	if changed == src {
		t.Fatalf("the fixture's %s no longer has the figure this test changes", book)
	}
	return changed
}

// sameSiteAsFresh compares the site in out with a build of data without a
// cache, file by file.
func sameSiteAsFresh(t *testing.T, step, data, out string) {
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
