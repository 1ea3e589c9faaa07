package qr

import (
	"strings"
	"testing"
)

func TestSVG(t *testing.T) {
	a, err := SVG("https://example.gov.cn/tuijin/briefing/2024-03.html", `扫一扫 <在手机> 打开`)
	if err != nil {
		t.Fatal(err)
	}
	s := string(a)
	if !strings.HasPrefix(s, "<svg") || !strings.Contains(s, "<title>扫一扫 &lt;在手机&gt; 打开</title>") || strings.Count(s, "h1v1h-1z") < 100 {
		t.Errorf("unexpected SVG: %.300s", s)
	}
	// Finder patterns: the top-left module of the code (after the quiet zone) is dark.
	if !strings.Contains(s, "M4 4h1v1h-1z") {
		t.Error("no finder pattern at the top-left corner")
	}
	b, _ := SVG("https://example.gov.cn/tuijin/briefing/2024-03.html", `扫一扫 <在手机> 打开`)
	if a != b {
		t.Error("two drawings of the same text differ")
	}
}
