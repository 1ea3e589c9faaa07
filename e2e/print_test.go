package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The briefing as it prints, laid out for A4 by the print styles alone, as
// tuijin build --pdf and a browser's "print to PDF" from the command line
// do it (no beforeprint event to redraw the charts in): each chart scaled
// whole to the paper's width, not cut at the right or squashed, and each
// sortable table header readable where the page repeats it (Chromium
// prints a header's button blank there, so the text comes from a
// pseudo-element).
func TestBriefingPrints(t *testing.T) {
	t.Parallel()
	tb := newTab(t, desktop)
	tb.open(t, "briefing/"+env.result.Period.String()+".html")
	poll(t, tb, `[...document.querySelectorAll("[data-chart]")].every(el => el.getAttribute("data-chart-state") === "ready")`, "charts")
	tb.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})) // no resize: a print from the command line does not redraw the charts either
	charts := eval[[]map[string]float64](t, tb, `[...document.querySelectorAll(".charts-print [data-chart]")].map(el => {
		const box = el.getBoundingClientRect(), svg = el.querySelector("svg").getBoundingClientRect();
		return {box: box.width, svg: svg.width, height: svg.height, drawn: +el.querySelector("svg").getAttribute("width") / +el.querySelector("svg").getAttribute("height")};
	})`)
	if len(charts) == 0 {
		t.Fatal("the briefing prints no chart")
	}
	for i, c := range charts {
		if c["svg"] > c["box"]+1 || c["svg"] < c["box"]-1 {
			t.Errorf("chart %d prints %.0f px wide in a box of %.0f: not scaled to the paper", i, c["svg"], c["box"])
		}
		if ratio := c["svg"] / c["height"]; ratio < c["drawn"]*0.98 || ratio > c["drawn"]*1.02 {
			t.Errorf("chart %d prints at %.2f:1, drawn at %.2f:1: squashed", i, ratio, c["drawn"])
		}
	}
	// The attachment's ten columns print on landscape pages of their own.
	if page := eval[string](t, tb, `getComputedStyle(document.querySelector(".attachment")).page`); page != "wide" {
		t.Errorf("the attachment prints on page %q, want the landscape \"wide\"", page)
	}
	heads := eval[[]string](t, tb, `[...document.querySelectorAll("th[data-sortable]")].map(th =>
		getComputedStyle(th.querySelector("button.sort")).display === "none" ? getComputedStyle(th, "::before").content : "button shown")`)
	if len(heads) == 0 {
		t.Fatal("no sortable header in the briefing")
	}
	for _, h := range heads {
		if h == "button shown" || h == "none" || h == `""` {
			t.Errorf("a header prints as %s, want its text from data-label", h)
		}
	}
}

// What a briefing's empty list says is news too ("今年没有调整计划完成时间
// 的节点。") and prints; the placeholder for a missing 下一步工作 prints
// without its note to the staff about where to write it.
func TestBriefingPrintsEmptyLists(t *testing.T) {
	t.Parallel()
	tb := newTab(t, desktop)
	// The sample's first month has no month before it, so nothing moved.
	tb.open(t, "briefing/"+env.result.Period.Prev().String()+".html")
	tb.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	type empty struct {
		Text  string
		Shown bool
	}
	got := eval[[]empty](t, tb, `[...document.querySelectorAll(".briefing .empty")].map(p => ({text: p.innerText.trim(), shown: getComputedStyle(p).display !== "none"}))`)
	lists, steps := 0, 0
	for _, e := range got {
		if !e.Shown {
			t.Errorf("%q does not print", e.Text)
		}
		switch {
		case strings.HasPrefix(e.Text, "本期未提供"):
			steps++
			if e.Text != "本期未提供。" {
				t.Errorf("the missing 下一步工作 prints as %q, want 本期未提供。", e.Text)
			}
		case strings.HasPrefix(e.Text, "没有") || strings.HasPrefix(e.Text, "今年没有") || strings.HasPrefix(e.Text, "本期没有"):
			lists++
		}
	}
	if lists == 0 || steps != 1 {
		t.Fatalf("the briefing has %d empty lists and %d missing 下一步工作 (%v): the test needs one of each", lists, steps, got)
	}
}
