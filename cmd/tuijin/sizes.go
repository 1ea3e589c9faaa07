package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"tuijin/generator"
)

// dashboardBudget is the most the dashboard (index.html) may weigh: it is
// the page leaders open on a phone, often over a slow mobile connection.
// Scripts and styles do not count; they are separate files that the
// browser caches across pages. e2e/budget_test.go holds the sample to it.
const dashboardBudget = 150_000

// printSizes reports the largest pages and the shared assets, so that a
// page growing past its budget is noticed at build time.
func printSizes(w io.Writer, sizes []generator.FileSize) {
	var pages, assets []generator.FileSize
	var pageBytes int64
	for _, f := range sizes {
		switch {
		case strings.HasSuffix(f.Path, ".html"):
			pages = append(pages, f)
			pageBytes += f.Bytes
		case strings.HasPrefix(f.Path, "assets/") && (strings.HasSuffix(f.Path, ".js") || strings.HasSuffix(f.Path, ".css")):
			assets = append(assets, f)
		}
	}
	bySize := func(a, b generator.FileSize) int {
		return cmp.Or(cmp.Compare(b.Bytes, a.Bytes), cmp.Compare(a.Path, b.Path))
	}
	slices.SortFunc(pages, bySize)
	slices.SortFunc(assets, bySize)
	if len(pages) > 0 {
		fmt.Fprintf(w, "页面大小：%d 个页面共 %s，最大的是 %s。\n", len(pages), kb(pageBytes), list(pages[:min(5, len(pages))]))
	}
	if len(assets) > 0 {
		fmt.Fprintf(w, "共用脚本和样式（各页面共用，浏览器只下载一次）：%s。\n", list(assets))
	}
	for _, p := range pages {
		if p.Path == "index.html" && p.Bytes > dashboardBudget {
			fmt.Fprintf(w, "注意：总览页 index.html 有 %s，超过 %s 的预算，手机上打开会慢。\n", kb(p.Bytes), kb(dashboardBudget))
		}
	}
}

func list(fs []generator.FileSize) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Path + " " + kb(f.Bytes)
	}
	return strings.Join(parts, "，")
}

// kb formats a size in kilobytes of 1000 bytes, as browsers' developer
// tools show them.
func kb(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1000) }
