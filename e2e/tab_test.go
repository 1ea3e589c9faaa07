package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Viewports: a 375 px phone (an iPhone's CSS width) and a 1440 px desktop.
const (
	phone   = 375
	desktop = 1440
)

// tab is one browser tab with a recorder of everything that would mean a
// broken or leaky page: console errors, uncaught exceptions, browser log
// errors (such as a failed image), failed or 4xx/5xx requests, and any
// request to a host other than 127.0.0.1 (or to a file, for a site opened
// from disk).
type tab struct {
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// newTab opens a tab with the viewport of a phone (width 375, mobile
// emulation: the meta viewport applies) or of a desktop.
func newTab(t *testing.T, width int64) *tab {
	t.Helper()
	needBrowser(t)
	tb := &tab{}
	ctx, cancel := chromedp.NewContext(env.browser, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	tb.ctx = ctx
	// The first run opens the tab, bound to ctx; timeouts come after it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	vp := chromedp.EmulateViewport(width, 900)
	if width <= phone {
		vp = chromedp.EmulateViewport(width, 812, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	// Reduced motion: charts are drawn without their one-second animation,
	// so what a test or a screenshot sees is the final chart.
	motion := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	})
	tb.do(t, vp, motion)
	return tb
}

func (tb *tab) listen(ev any) {
	var p string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, strings.TrimSpace(string(a.Value)+" "+a.Description))
			}
			p = fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		p = "uncaught exception: " + d.Text
		if d.Exception != nil {
			p += " " + d.Exception.Description
		}
		p += fmt.Sprintf(" at %s:%d", d.URL, d.LineNumber+1)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p = fmt.Sprintf("browser log error: %s (%s)", ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		p = foreign(ev.Request.URL)
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			p = fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			p = fmt.Sprintf("request failed: %s (%s)", ev.ErrorText, ev.Type)
		}
	}
	if p != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, p)
		tb.mu.Unlock()
	}
}

// foreign describes a request that leaves the machine: the site must
// load nothing from any other host. Inline data: and blob: URLs stay in
// the page, and file: URLs on this machine.
func foreign(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "unparsable request URL " + raw
	}
	switch u.Scheme {
	case "data", "blob", "about", "file":
		return ""
	}
	if u.Hostname() != "127.0.0.1" {
		return "request to another host: " + raw
	}
	return ""
}

// takeProblems returns and clears what the recorder saw.
func (tb *tab) takeProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	p := tb.problems
	tb.problems = nil
	return p
}

// do runs actions with a timeout, so a stuck page fails the test quickly.
func (tb *tab) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// open loads a page of the site (path from the site root, may carry ?q=)
// and waits for its load event.
func (tb *tab) open(t *testing.T, path string) {
	t.Helper()
	tb.do(t, chromedp.Navigate(env.server.URL+"/"+path))
}

// openURL loads any URL and waits for its load event.
func (tb *tab) openURL(t *testing.T, url string) {
	t.Helper()
	tb.do(t, chromedp.Navigate(url))
}

// navigate runs an action that leads to another page (a click on a link,
// Enter in a form) and waits until that page has loaded.
func (tb *tab) navigate(t *testing.T, action chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, action); err != nil {
		t.Fatal(err)
	}
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, tb *tab, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %.60q…: %v", js, err)
	}
	return v
}

// poll waits until a JavaScript expression is truthy.
func poll(t *testing.T, tb *tab, js, what string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(8*time.Second))); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}
