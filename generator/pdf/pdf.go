// Package pdf prints a page of the built site to PDF with headless
// Chromium, so the monthly briefing is handed round exactly as it looks
// when printed from a browser: A4 from the page's own @page rules, page
// numbers from its margin boxes, charts as SVG.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// ErrNoBrowser means no Chromium was found; its message says what to install.
var ErrNoBrowser = errors.New("没有找到 Chromium 浏览器，无法生成 PDF。请安装 Chromium 和中文字体（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk），或设置环境变量 TUIJIN_CHROMIUM 指向浏览器程序")

// Browser finds the Chromium binary: $TUIJIN_CHROMIUM, else the usual names.
func Browser() (string, error) {
	if p := os.Getenv("TUIJIN_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w（TUIJIN_CHROMIUM=%s 不存在）", ErrNoBrowser, p)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// Print renders the HTML file at htmlPath (a page of a built site, opened
// from disk) to a PDF at pdfPath.
func Print(ctx context.Context, htmlPath, pdfPath string) error {
	browser, err := Browser()
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(htmlPath)
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "tuijin-chromium-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		// Offline by design: no background traffic to any host.
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	tctx, cancelT := context.WithTimeout(bctx, 90*time.Second)
	defer cancelT()
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	if err := chromedp.Do(tctx, chromedp.Navigate(u.String()), chromedp.WaitReady("body")); err != nil {
		return fmt.Errorf("Chromium 打不开 %s：%w", filepath.Base(htmlPath), err)
	}
	// Charts draw after DOMContentLoaded; wait until each has its SVG (or
	// gave up: charts.js marks failures too).
	if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`Array.from(document.querySelectorAll("[data-chart]")).every(e => e.querySelector("svg") || e.dataset.chartState === "error")`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		return fmt.Errorf("等待图表画完时超时或出错：%w", err)
	}
	printBackground, cssSize := true, true
	buf, err := chromedp.Run(tctx, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		res, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: &printBackground, PreferCSSPageSize: &cssSize})
		return res.Data, err
	})
	if err != nil {
		return fmt.Errorf("Chromium 打印 %s 时出错：%w", filepath.Base(htmlPath), err)
	}
	return os.WriteFile(pdfPath, buf, 0o644)
}
