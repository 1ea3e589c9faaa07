package charts

import (
	"fmt"
	"math"
	"strings"
)

// The sizes below are estimates for ECharts' default 12px sans-serif
// text. The chart's width is only known in the browser, so layout is
// planned for the narrowest case, a phone about 320px wide; wider
// screens just get some spare room.
const (
	narrowWidth = 320.0 // px available to a legend or axis on a phone
	legendRowH  = 22    // px per legend row
	legendIconW = 35.0  // px for a legend item's icon and gaps
)

// textWidth estimates the rendered width of s in px: 12 for a CJK or
// other wide character, 7 for ASCII.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x1100 {
			w += 7
		} else {
			w += 12
		}
	}
	return w
}

// legendHeight estimates the height of a legend of names laid out in
// rows on a phone; 0 when there is nothing to show.
func legendHeight(names []string) int {
	if len(names) == 0 {
		return 0
	}
	rows, used := 1, 0.0
	for _, n := range names {
		w := legendIconW + math.Min(textWidth(n), narrowWidth-legendIconW)
		if used > 0 && used+w > narrowWidth {
			rows++
			used = 0
		}
		used += w
	}
	return rows*legendRowH + 8
}

// templateSafe reports whether strings can be named in an ECharts
// string template ("{b}"). ECharts fills a template one placeholder at
// a time, so a name that itself contains "{c0}" or "{@x}" would have
// that text replaced too; such names are shown only through ECharts'
// default formatting, which prints them literally.
func templateSafe(names ...string) bool {
	for _, n := range names {
		if strings.ContainsAny(n, "{}") {
			return false
		}
	}
	return true
}

// niceCeil rounds v > 0 up to a round number (1, 1.2, 1.5, 2, 2.5, 3, 4,
// 5, 6, 8 times a power of ten) for an axis maximum that still gives
// tidy ticks.
func niceCeil(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if c := m * p; c >= v*(1-1e-12) {
			return round(c, false)
		}
	}
	return 10 * p
}

// seriesNames lists the non-empty names, for the legend and the
// description.
func seriesNames(series []Series) []string {
	var names []string
	for _, s := range series {
		if s.Name != "" {
			names = append(names, s.Name)
		}
	}
	return names
}

// describe writes the default aria description, one Chinese sentence
// such as "条形图：各单位完成率，共 12 项，系列：完成率，单位：%。".
// It names the chart's kind and parts; the numbers are in the data
// table next to the chart.
func describe(kind, title string, n int, names []string, unit string) string {
	var b strings.Builder
	b.WriteString(kind)
	if title != "" {
		b.WriteString("：")
		b.WriteString(title)
	}
	fmt.Fprintf(&b, "，共 %d 项", n)
	if len(names) > 0 {
		b.WriteString("，系列：")
		b.WriteString(strings.Join(names, "、"))
	}
	if unit != "" {
		b.WriteString("，单位：")
		b.WriteString(unit)
	}
	b.WriteString("。")
	return b.String()
}

// maxTextWidth is the widest of names, by textWidth.
func maxTextWidth(names []string) float64 {
	w := 0.0
	for _, n := range names {
		w = math.Max(w, textWidth(n))
	}
	return w
}
