package charts

import (
	"math"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// LineOpts configures Line. The zero value draws plain values with no
// unit.
type LineOpts struct {
	// Unit, such as "万元", is written above the value axis. Ignored
	// when Percent is set.
	Unit string
	// Percent marks values as rates from 0 to 1, drawn as percent
	// numbers with one decimal on an axis running to at least 100%
	// (see BarOpts.Percent).
	Percent bool
	// Desc is the aria description; empty generates one from the
	// title, the number of categories, the series names and the unit.
	Desc string
}

// Each line has its own dash and symbol besides its colour, which the
// legend repeats: a briefing printed in black and white, or read by
// someone who does not tell the colours apart, still tells 完成率 from
// 序时进度.
var (
	lineDashes  = []string{"solid", "dashed", "dotted"}
	lineSymbols = []string{"circle", "rect", "triangle", "diamond"}
)

// Line builds a line chart, typically one point per period for each
// series. A missing value breaks the line rather than dropping it to
// zero. Each series needs one value per category; a mismatch, like an
// invalid id, panics.
func Line(id, title string, categories []string, series []Series, o LineOpts) Chart {
	unit, names, desc := basics("line", "折线图", id, title, categories, series, o.Unit, o.Percent, o.Desc)
	axisName := unit
	if o.Percent {
		axisName = "" // the ticks already end in %
	}

	legendH := legendHeight(names)
	label, extraH := categoryLabels(categories)
	l := ec.NewLine()
	l.Accept(visitor{valueAxisFormat: percentFormatIf(o.Percent)})
	// Animation is switched off before AddSeries, which copies the
	// chart's animation setting into each line series.
	l.SetGlobalOptions(append(baseOptions(desc),
		ec.WithLegendOpts(legendOpts(names)),
		ec.WithTooltipOpts(opts.Tooltip{
			Show:        opts.Bool(true),
			Trigger:     "axis",
			AxisPointer: &opts.AxisPointer{Type: "line"},
		}),
		ec.WithGridOpts(gridOpts(legendH, axisName != "", 24)),
		ec.WithXAxisOpts(opts.XAxis{
			Type:      "category",
			AxisLabel: label,
			AxisTick:  &opts.AxisTick{AlignWithLabel: opts.Bool(true)},
		}),
		ec.WithYAxisOpts(opts.YAxis{
			Type: "value",
			Name: axisName,
			Max:  valueMax(top(series, len(categories), false, o.Percent), math.NaN(), o.Percent),
		}),
	)...)
	l.SetXAxis(categories)

	for i, s := range series {
		data := make([]opts.LineData, len(s.Values))
		for j, v := range s.Values {
			data[j] = opts.LineData{Value: dataValue(v, o.Percent)}
		}
		l.AddSeries(s.Name, data, ec.WithLineChartOpts(opts.LineChart{
			// Symbols stay on so a value between two gaps still shows.
			ShowSymbol:   opts.Bool(true),
			Symbol:       lineSymbols[i%len(lineSymbols)],
			SymbolSize:   6,
			ConnectNulls: opts.Bool(false),
		}), ec.WithLineStyleOpts(opts.LineStyle{Type: lineDashes[i%len(lineDashes)], Width: 2}))
	}

	return Chart{ID: id, Title: title, Desc: desc, Option: marshal(l), Height: 290 + legendH + extraH}
}
