package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// dashboardBudget is the page-weight budget of the dashboard, the page
// leaders open first, often on a phone over a mobile connection. It matches
// the warning of `tuijin build` (cmd/tuijin/sizes.go).
const dashboardBudget = 150_000

// The dashboard of the built sample stays within its budget, and what every
// page shares (styles and scripts) stays in separate files the browser
// caches, rather than being repeated inline in each page.
func TestPageWeightBudget(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(env.site, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("index.html: %d bytes (budget %d), built from %s", len(b), dashboardBudget, env.source)
	if len(b) > dashboardBudget {
		t.Errorf("index.html is %d bytes, over the %d-byte budget", len(b), dashboardBudget)
	}
	if regexp.MustCompile(`(?i)<style`).Match(b) {
		t.Error("index.html has an inline <style>; styles belong in assets/site.css")
	}
	for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAll(b, -1) {
		if !regexp.MustCompile(`^<script (src="assets/[a-z/.]+\.js"|type="application/json" id="[a-z0-9-]+")>$`).Match(m) {
			t.Errorf("index.html: %s is neither a shared script file nor a JSON data block", m)
		}
	}
	for _, want := range []string{`href="assets/site.css"`, `src="assets/site.js"`, `src="assets/charts.js"`, `src="assets/vendor/echarts.min.js"`} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).Match(b) {
			t.Errorf("index.html does not load %s", want)
		}
	}
	// The build's report lists sizes; the result carries them.
	var total int64
	for _, f := range env.result.Sizes {
		total += f.Bytes
	}
	if total != env.result.OutputBytes || len(env.result.Sizes) != env.result.OutputFiles {
		t.Errorf("Result.Sizes: %d files, %d bytes; want %d files, %d bytes",
			len(env.result.Sizes), total, env.result.OutputFiles, env.result.OutputBytes)
	}
}
