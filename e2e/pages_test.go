package e2e

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// overflowJS measures horizontal overflow of the page and names the
// elements that stick out past the viewport without a scrolling box
// (such as .table-wrap) around them.
const overflowJS = `(() => {
  const de = document.documentElement, cw = de.clientWidth, found = [];
  if (de.scrollWidth > cw) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      // The element's box, or its content (such as unbreakable text),
      // reaches past the screen's right edge; a scrolling box keeps its
      // content in.
      const scrolls = getComputedStyle(el).overflowX !== "visible";
      const right = scrolls ? r.right : Math.max(r.right, r.left + el.scrollWidth);
      if (right <= cw + 1) continue;
      let boxed = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") { boxed = true; break; }
      }
      if (!boxed) found.push({el, right});
    }
  }
  // Name the innermost elements: their ancestors stick out because of them.
  const out = found.filter(f => !found.some(g => g !== f && f.el.contains(g.el))).slice(0, 8).map(f => {
    const el = f.el, cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "";
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls + " right=" + Math.round(f.right) +
      " " + JSON.stringify((el.textContent || "").trim().slice(0, 40));
  });
  return {scrollWidth: de.scrollWidth, clientWidth: cw, culprits: out};
})()`

type overflow struct {
	ScrollWidth int      `json:"scrollWidth"`
	ClientWidth int      `json:"clientWidth"`
	Culprits    []string `json:"culprits"`
}

// chartsJS reports every chart container: whether ECharts drew an SVG in
// it, and the state charts.js left on it.
const chartsJS = `[...document.querySelectorAll("[data-chart]")].map(el => ({
  id: el.getAttribute("data-chart"), svg: !!el.querySelector("svg"),
  state: el.getAttribute("data-chart-state") || "", width: Math.round(el.getBoundingClientRect().width),
  table: !!el.closest("figure") && !!el.closest("figure").querySelector("table")
}))`

type chartState struct {
	ID    string `json:"id"`
	SVG   bool   `json:"svg"`
	State string `json:"state"`
	Width int    `json:"width"`
	Table bool   `json:"table"`
}

// Every page type, on a phone and on a desktop: it loads with no console
// error, no failed request and no request to another host; its language is
// zh-CN; every chart is drawn as SVG, fits its box and has a data table;
// and nothing makes the page wider than the screen.
func TestPagesLoadCleanly(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	pages := append(sitePages(t, env.site), "search.html?q=项目")
	t.Logf("site built from %s; page types: %s", env.source, strings.Join(pages, " "))
	for _, width := range []int64{phone, desktop} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			t.Parallel()
			tb := newTab(t, width)
			for _, p := range pages {
				tb.open(t, p)
				poll(t, tb, `[...document.querySelectorAll("[data-chart]")].every(el => el.hasAttribute("data-chart-state"))`, p+": charts")
				for _, pr := range tb.takeProblems() {
					t.Errorf("%s: %s", p, pr)
				}
				if lang := eval[string](t, tb, `document.documentElement.lang`); lang != "zh-CN" {
					t.Errorf("%s: lang = %q, want zh-CN", p, lang)
				}
				for _, c := range eval[[]chartState](t, tb, chartsJS) {
					if !c.SVG || c.State != "ready" {
						t.Errorf("%s: chart %s not drawn (svg=%v, state=%q)", p, c.ID, c.SVG, c.State)
					}
					if c.Width > int(width) {
						t.Errorf("%s: chart %s is %d px wide on a %d px screen", p, c.ID, c.Width, width)
					}
					if !c.Table {
						t.Errorf("%s: chart %s has no data table", p, c.ID)
					}
				}
				o := eval[overflow](t, tb, overflowJS)
				if o.ScrollWidth > o.ClientWidth {
					t.Errorf("%s at %d px: page is %d px wide, screen %d px; sticking out: %s",
						p, width, o.ScrollWidth, o.ClientWidth, strings.Join(o.Culprits, "; "))
				}
			}
		})
	}
}

// The dashboard as a leader sees it, on a phone and on a desktop, for a
// person to look at: artifacts/ is git-ignored.
func TestDashboardScreenshots(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	dir := filepath.Join(root, "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{phone, desktop} {
		tb := newTab(t, width)
		tb.open(t, "index.html")
		poll(t, tb, `[...document.querySelectorAll("[data-chart]")].every(el => el.getAttribute("data-chart-state") === "ready")`, "charts")
		png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, fmt.Sprintf("dashboard-%d.png", width))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d KB)", name, len(png)/1024)
	}
}

// On a phone the navigation bar scrolls sideways; the current page's entry
// must be in view when a page opens, wherever it sits in the bar.
func TestNavShowsCurrentPage(t *testing.T) {
	t.Parallel()
	tb := newTab(t, phone)
	for _, p := range []string{"index.html", "validation.html", "reserve.html"} {
		tb.open(t, p)
		type box struct {
			Found               bool
			NavLeft, NavRight   float64
			LinkLeft, LinkRight float64
			Scrolls             bool
		}
		b := eval[box](t, tb, `(() => {
		  const nav = document.querySelector("nav.nav"), a = nav && nav.querySelector('a[aria-current="page"]');
		  if (!a) return {Found: false};
		  const n = nav.getBoundingClientRect(), r = a.getBoundingClientRect();
		  return {Found: true, NavLeft: n.left, NavRight: n.right, LinkLeft: r.left, LinkRight: r.right, Scrolls: nav.scrollWidth > nav.clientWidth};
		})()`)
		if !b.Found {
			t.Errorf("%s: no navigation entry marked aria-current", p)
			continue
		}
		if b.LinkLeft < b.NavLeft-1 || b.LinkRight > b.NavRight+1 {
			t.Errorf("%s: current entry at %.0f–%.0f px is outside the bar (%.0f–%.0f px)", p, b.LinkLeft, b.LinkRight, b.NavLeft, b.NavRight)
		}
		if p == "validation.html" && !b.Scrolls {
			t.Logf("navigation fits at %d px; nothing to scroll", phone)
		}
	}
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}

// Every page type of a site whose workbooks carry very long unbroken names
// and file names still fits a phone's width.
func TestLongTextFitsPhone(t *testing.T) {
	t.Parallel()
	tb := newTab(t, phone)
	pages := []string{"search.html?q=Electronic", "search.html?q=Gaoxin"}
	err := filepath.WalkDir(env.stress, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(longName)) || bytes.Contains(b, []byte(longBuilder)) ||
			bytes.Contains(b, []byte(longFile)) || strings.Contains(p, "pages") {
			rel, _ := filepath.Rel(env.stress, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pages with long text: %s", strings.Join(pages, " "))
	for _, p := range pages {
		tb.openURL(t, env.stressURL+"/"+p)
		if o := eval[overflow](t, tb, overflowJS); o.ScrollWidth > o.ClientWidth {
			t.Errorf("%s: page is %d px wide on a %d px phone; sticking out: %s",
				p, o.ScrollWidth, o.ClientWidth, strings.Join(o.Culprits, "; "))
		}
	}
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}
