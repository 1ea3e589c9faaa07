package charts

import (
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/opts"
)

// percentFormat labels the ticks of a rate axis. Rates are already
// multiplied by 100 (an ECharts string template cannot multiply), so
// the template only appends the sign.
const percentFormat = "{value}%"

// Widths of category labels in px. Longer names end in "…"; the
// tooltip and the data table show them in full.
const (
	slantLabelW = 84  // a slanted label on a vertical chart, about 7 Chinese characters
	sideLabelW  = 112 // a label beside a horizontal bar, about 9 Chinese characters
	maxAllLabel = 12  // above this many categories ECharts may skip labels
	slantExtraH = 32  // px a slanted label row adds to the chart height
	slantDegree = 30
)

// categoryLabels lays out the labels of a category axis under a
// vertical chart. Names that fit side by side on a phone stay level;
// otherwise they slant, are cut at slantLabelW, and ECharts hides any
// that would still touch, so even twenty-character unit names never
// overlap. extraH is the height the slant needs.
func categoryLabels(categories []string) (label *opts.AxisLabel, extraH int) {
	n := len(categories)
	if n == 0 {
		return nil, 0
	}
	slot := (narrowWidth - 40) / float64(n) // 40 px for the value axis labels
	if maxTextWidth(categories) <= slot-6 {
		return &opts.AxisLabel{
			Interval: "0",
			Width:    int(slot),
			Overflow: "truncate",
			Ellipsis: "…",
		}, 0
	}
	l := &opts.AxisLabel{
		Rotate:      slantDegree,
		Width:       slantLabelW,
		Overflow:    "truncate",
		Ellipsis:    "…",
		HideOverlap: opts.Bool(true),
	}
	if n <= maxAllLabel {
		// Every label, even if they must be small; above the limit
		// ECharts' own spacing picks which to show.
		l.Interval = "0"
	}
	return l, slantExtraH
}

// sideLabels lays out the category labels beside horizontal bars:
// every one is shown, one per row, cut at sideLabelW.
func sideLabels() *opts.AxisLabel {
	return &opts.AxisLabel{
		Interval: "0",
		Width:    sideLabelW,
		Overflow: "truncate",
		Ellipsis: "…",
	}
}

// valueMax picks the value axis maximum, or nil to let ECharts choose.
// A rate axis runs to at least 100%, so a 40% bar looks like 40% of
// the way. A reference line above the data would otherwise fall off
// the chart, since ECharts sizes the axis from the data alone. top is
// the highest value (or stacked sum); ref is the reference line,
// NaN when there is none. Both are already rounded for the JSON.
func valueMax(top, ref float64, percent bool) any {
	hi := top
	if !math.IsNaN(ref) && ref > hi {
		hi = ref
	}
	switch {
	case percent && hi <= 100:
		return 100.0
	case percent, !math.IsNaN(ref) && ref > top:
		return niceCeil(hi)
	}
	return nil
}

// top returns the highest value drawn: the largest value, or with
// stacking the largest sum of positive values in one category. Missing
// values count as nothing; an all-empty chart gives 0.
func top(series []Series, n int, stack, percent bool) float64 {
	hi := 0.0
	for i := 0; i < n; i++ {
		sum := 0.0
		for _, s := range series {
			v := s.Values[i]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			v = round(v, percent)
			if stack {
				if v > 0 {
					sum += v
				}
				continue
			}
			hi = math.Max(hi, v)
		}
		hi = math.Max(hi, sum)
	}
	return hi
}

// gridOpts leaves room for the legend and, on a vertical chart, for the
// unit written above the value axis.
func gridOpts(legendH int, topName bool, rightPx int) opts.Grid {
	t := legendH + 12
	if topName {
		t += 20
	}
	return opts.Grid{
		Top:    strconv.Itoa(t),
		Left:   "8",
		Right:  strconv.Itoa(rightPx),
		Bottom: "8",
		// Axis labels are measured into the grid, so long names and
		// big numbers are never clipped at the container's edge.
		ContainLabel: opts.Bool(true),
	}
}

// legendOpts puts the legend, when there is one, centred above the
// chart as Chinese reports do. A plain legend wraps onto more rows
// instead of scrolling, so a printout shows every entry.
func legendOpts(names []string) opts.Legend {
	return opts.Legend{
		Show: opts.Bool(len(names) > 0),
		Type: "plain",
		Top:  "0",
		Left: "center",
	}
}
