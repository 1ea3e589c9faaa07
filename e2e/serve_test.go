package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"tuijin/generator/serve"
)

// `tuijin serve` in a real browser: the open tab reloads by itself after a
// Markdown page of the data folder changes, and shows the change.
func TestServeReloadsTheTab(t *testing.T) {
	t.Parallel()
	needBrowser(t)
	data := t.TempDir()
	if err := os.CopyFS(data, os.DirFS(env.data)); err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Glob(filepath.Join(data, "pages", "*.md"))
	if len(pages) == 0 {
		t.Fatal("the data folder has no Markdown page")
	}
	s, err := serve.New(serve.Config{DataDir: data, Addr: "127.0.0.1:0", Debounce: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	tb := newTab(t, desktop)
	// The listener is bound before the first build; the page waits for it.
	tb.do(t, chromedp.Navigate(s.URL()+"index.html"))
	poll(t, tb, `!!document.querySelector('script[src="/__tuijin/reload.js"]')`, "the reload script")
	tb.do(t, chromedp.Evaluate[chromedp.Void](`window.beforeReload = true`))
	// Give the page's event stream a moment to connect; a change before it
	// connects is caught by the build number anyway.
	time.Sleep(200 * time.Millisecond)

	change := chromedp.Func(func(context.Context, *chromedp.Target) error {
		return os.WriteFile(pages[0], []byte("# 预览刷新测试\n\n页面已更新。\n"), 0o644)
	})
	wctx, wcancel := context.WithTimeout(tb.ctx, 15*time.Second)
	defer wcancel()
	if _, err := chromedp.Run(wctx, chromedp.WaitEvent(page.LoadEventFired, nil, change)); err != nil {
		t.Fatalf("the tab did not reload after the change: %v", err)
	}
	poll(t, tb, `window.beforeReload === undefined && [...document.querySelectorAll("nav.nav a")].some(a => a.textContent === "预览刷新测试")`,
		"the tab to reload with the changed page title in the navigation")
	for _, pr := range tb.takeProblems() {
		t.Error(pr)
	}
}
