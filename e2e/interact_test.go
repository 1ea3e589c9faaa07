package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// columnJS finds a column of the projects table by its header text.
func column(t *testing.T, tb *tab, name string) int {
	t.Helper()
	i := eval[int](t, tb, fmt.Sprintf(`[...document.querySelectorAll("#projects thead th")].findIndex(th => th.textContent.trim() === %q)`, name))
	if i < 0 {
		t.Fatalf("projects table has no column %q", name)
	}
	return i
}

func sortKeys(t *testing.T, tb *tab, col int) []float64 {
	t.Helper()
	return eval[[]float64](t, tb, fmt.Sprintf(`[...document.querySelectorAll("#projects tbody tr")].map(r => Number(r.cells[%d].getAttribute("data-sort")))`, col))
}

func ariaSort(t *testing.T, tb *tab, col int) string {
	t.Helper()
	return eval[string](t, tb, fmt.Sprintf(`document.querySelectorAll("#projects thead th")[%d].getAttribute("aria-sort") || ""`, col))
}

// Clicking a header sorts the rows by that column, ascending then
// descending, and says so with aria-sort.
func TestSortByClicking(t *testing.T) {
	t.Parallel()
	tb := newTab(t, desktop)
	tb.open(t, "projects.html")
	col := column(t, tb, "总投资（万元）")
	before := sortKeys(t, tb, col)
	if len(before) < 2 {
		t.Fatalf("projects table has %d rows; need 2 to sort", len(before))
	}
	button := chromedp.CSS(fmt.Sprintf("#projects thead th:nth-child(%d) button", col+1))

	tb.do(t, chromedp.Click(button))
	asc := sortKeys(t, tb, col)
	if !slices.IsSorted(asc) {
		t.Errorf("after one click: %v, want ascending", asc)
	}
	if got := ariaSort(t, tb, col); got != "ascending" {
		t.Errorf("aria-sort = %q, want ascending", got)
	}
	if !slices.IsSorted(before) && slices.Equal(before, asc) {
		t.Errorf("click did not change the order %v", before)
	}

	tb.do(t, chromedp.Click(button))
	desc := sortKeys(t, tb, col)
	if !slices.IsSortedFunc(desc, func(a, b float64) int { return -cmpFloat(a, b) }) {
		t.Errorf("after two clicks: %v, want descending", desc)
	}
	if got := ariaSort(t, tb, col); got != "descending" {
		t.Errorf("aria-sort = %q, want descending", got)
	}
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// A header is a button reachable with the keyboard: Enter sorts a text
// column in Chinese collation order.
func TestSortByKeyboard(t *testing.T) {
	t.Parallel()
	tb := newTab(t, desktop)
	tb.open(t, "projects.html")
	col := column(t, tb, "项目名称")
	button := chromedp.CSS(fmt.Sprintf("#projects thead th:nth-child(%d) button", col+1))
	tb.do(t, chromedp.Focus(button), chromedp.KeyEvent(kb.Enter))
	if got := ariaSort(t, tb, col); got != "ascending" {
		t.Fatalf("after Enter on the header: aria-sort = %q, want ascending", got)
	}
	sorted := eval[bool](t, tb, fmt.Sprintf(`(() => {
	  const v = [...document.querySelectorAll("#projects tbody tr")].map(r => r.cells[%d].textContent.trim());
	  return v.every((x, i) => i === 0 || v[i-1].localeCompare(x, "zh-CN") <= 0);
	})()`, col))
	if !sorted {
		t.Error("names are not in zh-CN order after sorting")
	}
}

type filterSelect struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	Options []string `json:"options"`
}

type filterState struct {
	Status string     `json:"status"`
	Rows   [][]string `json:"rows"` // visible rows' cell texts
	Total  int        `json:"total"`
}

const filterStateJS = `(() => {
  const t = document.getElementById("projects");
  const rows = [...t.tBodies[0].rows];
  const st = document.querySelector(".filter-status");
  return {status: st ? st.textContent : "", total: rows.length,
    rows: rows.filter(r => !r.hidden && r.getClientRects().length > 0).map(r => [...r.cells].map(c => c.textContent.trim()))};
})()`

// Choosing values in the drop-downs above the projects table shows only the
// matching rows (filters combine with AND) and says how many are shown.
func TestFilters(t *testing.T) {
	t.Parallel()
	tb := newTab(t, phone)
	tb.open(t, "projects.html")
	selects := eval[[]filterSelect](t, tb, `[...document.querySelectorAll(".table-filters select")].map(s => ({
	  id: s.id, label: s.labels[0] ? s.labels[0].textContent : "", options: [...s.options].map(o => o.textContent)}))`)
	byLabel := map[string]filterSelect{}
	for _, s := range selects {
		byLabel[s.Label] = s
	}
	unit, okU := byLabel["单位"]
	stage, okS := byLabel["阶段"]
	if !okU || !okS {
		t.Fatalf("filters %+v, want 单位 and 阶段", selects)
	}
	inOrder := eval[bool](t, tb, fmt.Sprintf(`(() => {
	  const v = [...document.getElementById(%q).options].slice(1).map(o => o.textContent);
	  return v.every((x, i) => i === 0 || v[i-1].localeCompare(x, "zh-CN") < 0);
	})()`, unit.ID))
	if unit.Options[0] != "全部" || len(unit.Options) < 3 || !inOrder {
		t.Errorf("单位 options %q: want 全部 and the distinct units in zh-CN order", unit.Options)
	}
	uc, sc := column(t, tb, "单位"), column(t, tb, "阶段")
	all := eval[filterState](t, tb, filterStateJS)
	if want := fmt.Sprintf("显示 %d / %d 行", all.Total, all.Total); all.Status != want {
		t.Errorf("status %q, want %q", all.Status, want)
	}

	// The keyboard chooses the next option of a focused drop-down, as a
	// reader without a mouse would.
	tb.do(t, chromedp.Focus(chromedp.ID(unit.ID)), chromedp.KeyEvent(kb.ArrowDown))
	chosen := unit.Options[1]
	got := eval[filterState](t, tb, filterStateJS)
	want := 0
	for _, r := range all.Rows {
		if r[uc] == chosen {
			want++
		}
	}
	if len(got.Rows) != want || want == 0 {
		t.Fatalf("单位 = %s: %d rows shown, want %d", chosen, len(got.Rows), want)
	}
	for _, r := range got.Rows {
		if r[uc] != chosen {
			t.Errorf("单位 = %s shows a row of %s", chosen, r[uc])
		}
	}
	if w := fmt.Sprintf("显示 %d / %d 行", want, all.Total); got.Status != w {
		t.Errorf("status %q, want %q", got.Status, w)
	}

	// A second filter narrows the first: AND.
	st := got.Rows[0][sc]
	tb.do(t, chromedp.SetValue(chromedp.ID(stage.ID), "="+st),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).dispatchEvent(new Event("change"))`, stage.ID)))
	got = eval[filterState](t, tb, filterStateJS)
	want = 0
	for _, r := range all.Rows {
		if r[uc] == chosen && r[sc] == st {
			want++
		}
	}
	if len(got.Rows) != want {
		t.Errorf("单位 = %s and 阶段 = %s: %d rows, want %d", chosen, st, len(got.Rows), want)
	}

	// Back to 全部 for the unit: only the stage filter is left.
	tb.do(t, chromedp.Focus(chromedp.ID(unit.ID)), chromedp.KeyEvent(kb.ArrowUp))
	got = eval[filterState](t, tb, filterStateJS)
	want = 0
	for _, r := range all.Rows {
		if r[sc] == st {
			want++
		}
	}
	if len(got.Rows) != want {
		t.Errorf("阶段 = %s: %d rows, want %d", st, len(got.Rows), want)
	}
	if o := eval[overflow](t, tb, overflowJS); o.ScrollWidth > o.ClientWidth {
		t.Errorf("filters widen the page to %d px: %s", o.ScrollWidth, strings.Join(o.Culprits, "; "))
	}
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}

type indexEntry struct {
	Path, Code, Name, Unit, Builder, Responsible string
}

// searchIndex reads the index that the built search.html carries.
func searchIndex(t *testing.T) []indexEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(env.site, "search.html"))
	if err != nil {
		t.Fatal(err)
	}
	const open = `<script type="application/json" id="search-index">`
	i := bytes.Index(b, []byte(open))
	j := bytes.Index(b[i+len(open):], []byte("</script>"))
	if i < 0 || j < 0 {
		t.Fatal("search.html has no index block")
	}
	var entries []indexEntry
	if err := json.Unmarshal(b[i+len(open):i+len(open)+j], &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("search index is empty")
	}
	return entries
}

// fullWidth turns ASCII into its full-width forms, as a Chinese input
// method types them.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7f {
			r += 0xfee0
		}
		b.WriteRune(r)
	}
	return b.String()
}

type result struct {
	Href  string `json:"href"`
	Title string `json:"title"`
}

const resultsJS = `[...document.querySelectorAll("#search-results li")].map(li => {
  const a = li.querySelector("a"); return {href: a ? a.getAttribute("href") : "", title: li.querySelector(".title").textContent};
})`

func searchFor(t *testing.T, tb *tab, q string) []result {
	t.Helper()
	tb.do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById("search-q").value = ""`))
	// Keys for what a keyboard types; the ideographic space comes from an
	// input method, which commits text rather than pressing a key.
	for i, part := range strings.Split(q, "\u3000") {
		if i > 0 {
			tb.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, input.InsertText, input.InsertTextParams{Text: "\u3000"})
				return err
			}))
		}
		if part != "" {
			tb.do(t, chromedp.SendKeys(chromedp.ID("search-q"), part))
		}
	}
	if v := eval[string](t, tb, `document.getElementById("search-q").value`); v != q {
		t.Fatalf("typed %q, the search box holds %q", q, v)
	}
	poll(t, tb, fmt.Sprintf(`document.getElementById("search-q").value === %q && document.getElementById("search-status").textContent !== "" &&
	  (document.querySelectorAll("#search-results li").length > 0 || document.getElementById("search-status").textContent.startsWith("没有"))`, q), "search results for "+q)
	// The list is redrawn 80 ms after the last key; wait for the final one.
	tb.do(t, chromedp.Sleep(150*time.Millisecond))
	return eval[[]result](t, tb, resultsJS)
}

func hasPath(rs []result, path string) bool {
	for _, r := range rs {
		if r.Href == path {
			return true
		}
	}
	return false
}

// Typing in the search page finds projects by a piece of their Chinese name,
// by their code typed in full-width characters, and by several terms at
// once; the header's search box leads there from any page.
func TestSearchByTyping(t *testing.T) {
	t.Parallel()
	entries := searchIndex(t)
	var p indexEntry
	for _, e := range entries {
		if utf8.RuneCountInString(e.Name) >= 4 {
			p = e
			break
		}
	}
	if p.Name == "" {
		t.Fatal("no project with a name of 4 characters or more")
	}
	tb := newTab(t, phone)
	tb.open(t, "search.html")

	// Two characters from the middle of the name.
	term := string([]rune(p.Name)[1:3])
	rs := searchFor(t, tb, term)
	if !hasPath(rs, p.Path) {
		t.Errorf("search %q: results %v lack %s (%s)", term, rs, p.Name, p.Path)
	}
	want := 0
	for _, e := range entries {
		if strings.Contains(e.Name+"\x00"+e.Code+"\x00"+e.Unit+"\x00"+e.Builder+"\x00"+e.Responsible, term) {
			want++
		}
	}
	if want <= 100 && len(rs) != want {
		t.Errorf("search %q: %d results, want %d", term, len(rs), want)
	}

	// The code in full-width characters, lower-cased: the project first.
	q := fullWidth(strings.ToLower(p.Code))
	rs = searchFor(t, tb, q)
	if len(rs) == 0 || rs[0].Href != p.Path {
		t.Errorf("search %q: results %v, want %s first", q, rs, p.Path)
	}

	// Two terms: the unit and a piece of the name; every result has both.
	q = p.Unit + "　" + term // an ideographic space between them
	rs = searchFor(t, tb, q)
	if !hasPath(rs, p.Path) {
		t.Errorf("search %q: results %v lack %s", q, rs, p.Path)
	}
	rs = searchFor(t, tb, term+" 这个词不会出现在任何项目里")
	if len(rs) != 0 {
		t.Errorf("search for a missing term: %v", rs)
	}

	// Following a result opens the project page.
	searchFor(t, tb, term)
	tb.navigate(t, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#search-results a[href=%q]`, p.Path))))
	if loc := eval[string](t, tb, `location.pathname`); !strings.HasSuffix(loc, "/"+p.Path) {
		t.Errorf("following the result opened %s, want %s", loc, p.Path)
	}

	// From the dashboard: the header box and Enter.
	tb.open(t, "index.html")
	tb.navigate(t, chromedp.SendKeys(chromedp.ID("site-q"), term+"\n"))
	poll(t, tb, `location.pathname.endsWith("/search.html") && document.querySelectorAll("#search-results li").length > 0`, "search from the header")
	rs = eval[[]result](t, tb, resultsJS)
	if !hasPath(rs, p.Path) {
		t.Errorf("header search %q: results %v lack %s", term, rs, p.Path)
	}
	if v := eval[string](t, tb, `document.getElementById("search-q").value`); v != term {
		t.Errorf("search box holds %q, want %q from ?q=", v, term)
	}
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}

// Keyboard users: the first Tab reaches the skip link, which shows itself,
// and every element Tab reaches next has a visible focus outline.
func TestKeyboardFocusVisible(t *testing.T) {
	t.Parallel()
	tb := newTab(t, desktop)
	tb.open(t, "index.html")
	type focus struct {
		Tag, Class, Text, Outline string
		Width                     float64
		Left                      float64
	}
	const focusJS = `(() => { const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
	  return {Tag: e.tagName, Class: e.className || "", Text: (e.textContent || e.value || "").trim().slice(0, 20),
	    Outline: s.outlineStyle, Width: parseFloat(s.outlineWidth) || 0, Left: r.left}; })()`
	for i := 0; i < 14; i++ {
		tb.do(t, chromedp.KeyEvent(kb.Tab))
		f := eval[focus](t, tb, focusJS)
		if i == 0 && (f.Class != "skip" || f.Left < 0) {
			t.Errorf("first Tab: %+v, want the visible skip link", f)
		}
		if f.Tag == "BODY" {
			t.Fatalf("Tab %d: focus fell to <body>", i+1)
		}
		if f.Outline == "none" || f.Width < 2 {
			t.Errorf("Tab %d: %s %q has no visible focus (outline %s %.0fpx)", i+1, f.Tag, f.Text, f.Outline, f.Width)
		}
	}
}

// Opened from disk (file://), as a site copied to a laptop is: the header's
// search box leads to search.html?q=…, which finds the project, and the
// result opens its page.
func TestSearchFromDisk(t *testing.T) {
	t.Parallel()
	p := searchIndex(t)[0]
	tb := newTab(t, phone)
	base := "file://" + filepath.ToSlash(env.absSite) + "/"
	tb.do(t, chromedp.Navigate(base+"index.html"))
	tb.navigate(t, chromedp.SendKeys(chromedp.ID("site-q"), p.Code+"\n"))
	poll(t, tb, `document.querySelectorAll("#search-results li").length > 0`, "results from file://")
	rs := eval[[]result](t, tb, resultsJS)
	if len(rs) == 0 || rs[0].Href != p.Path {
		t.Fatalf("search %q from file://: %v, want %s first", p.Code, rs, p.Path)
	}
	tb.navigate(t, chromedp.Click(chromedp.CSS(`#search-results a`)))
	if loc := eval[string](t, tb, `location.href`); loc != base+p.Path {
		t.Errorf("result opened %s, want %s", loc, base+p.Path)
	}
	poll(t, tb, `[...document.querySelectorAll("[data-chart]")].every(el => el.hasAttribute("data-chart-state"))`, "charts")
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}

// A long table's header stays in view while its rows scroll under it,
// in front of them. The table scrolls sideways in its own box, so CSS
// alone sticks the header to that box, not to the screen: a long table's
// box is at most about a screen high and scrolls both ways.
func TestLongTableKeepsHeaderInView(t *testing.T) {
	t.Parallel()
	tb := newTab(t, phone)
	tb.open(t, "projects.html")
	if rows := eval[int](t, tb, `document.querySelectorAll("#projects tbody tr").length`); rows <= 20 {
		t.Fatalf("the projects table has %d rows; the test needs a table longer than the screen", rows)
	}
	if h := eval[float64](t, tb, `document.querySelector("#projects").parentNode.getBoundingClientRect().height / window.innerHeight`); h > 0.9 {
		t.Errorf("the long table's box is %.0f%% of the screen high, want at most 85%%", h*100)
	}
	// Halfway down the table, then sideways: where a header cell is against
	// the box's top edge, and whether a point in its middle hits it rather
	// than a row drawn over it. The first column stays in view when the
	// table scrolls sideways; the second is checked before that.
	eval[bool](t, tb, `(() => { const w = document.querySelector("#projects").parentNode; w.scrollIntoView(); w.scrollTop = w.scrollHeight / 2; return true; })()`)
	const where = `(col => {
		const w = document.querySelector("#projects").parentNode;
		const th = document.querySelector("#projects thead th:nth-child(" + col + ")");
		const r = th.getBoundingClientRect(), box = w.getBoundingClientRect();
		const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
		return {gap: r.top - box.top - w.clientTop, scrolled: w.scrollTop, front: !!hit && th.contains(hit)};
	})`
	type place struct {
		Gap, Scrolled float64
		Front         bool
	}
	check := func(when string, col int) {
		t.Helper()
		p := eval[place](t, tb, fmt.Sprintf("%s(%d)", where, col))
		if p.Scrolled < 100 || math.Abs(p.Gap) >= 1 || !p.Front {
			t.Errorf("%s: header %d is %.1f px below its box's top (rows scrolled %.0f px), in front of the rows: %t; want it at the top, in front",
				when, col, p.Gap, p.Scrolled, p.Front)
		}
	}
	check("halfway down", 2)
	check("halfway down", 1)
	eval[bool](t, tb, `(() => { const w = document.querySelector("#projects").parentNode; w.scrollLeft = w.scrollWidth; return true; })()`)
	check("scrolled sideways", 1)
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}
