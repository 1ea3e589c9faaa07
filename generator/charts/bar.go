package charts

import (
	"math"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// BarOpts configures Bar. The zero value draws grouped vertical bars
// with no unit.
type BarOpts struct {
	// Unit, such as "万元", is written at the end of the value axis.
	// Ignored when Percent is set.
	Unit string
	// Horizontal draws bars left to right with the categories down the
	// side, first at the top. Use it for rankings and for many or long
	// names: every name gets its own row.
	Horizontal bool
	// Stack stacks the series instead of grouping them.
	Stack bool
	// Percent marks values as rates from 0 to 1 (0.382 is 38.2%). They
	// are written as percent numbers with one decimal (38.2) on an
	// axis labelled "{value}%" that runs to at least 100%, because an
	// ECharts string template cannot multiply and a function
	// formatter would be code. The unit becomes "%".
	Percent bool
	// MarkLine, when set, draws a dashed reference line (such as the
	// 序时进度, the share of the year elapsed) at this value, on the
	// same scale as the values (a rate from 0 to 1 when Percent).
	MarkLine *float64
	// MarkLineName labels the reference line, e.g. "序时进度".
	MarkLineName string
	// Desc is the aria description; empty generates one from the
	// title, the number of categories, the series names and the unit.
	Desc string
}

// barMaxWidth keeps a chart with two or three categories from drawing
// bars as wide as the page.
const barMaxWidth = "40"

// Bar builds a bar chart: one bar per category for each series, grouped
// side by side or stacked. Each series needs one value per category; a
// mismatch, like an invalid id, panics.
func Bar(id, title string, categories []string, series []Series, o BarOpts) Chart {
	kind := "柱状图"
	if o.Horizontal {
		kind = "条形图"
	}
	unit, names, desc := basics("bar", kind, id, title, categories, series, o.Unit, o.Percent, o.Desc)

	ref := math.NaN()
	if o.MarkLine != nil && !math.IsNaN(*o.MarkLine) && !math.IsInf(*o.MarkLine, 0) {
		ref = round(*o.MarkLine, o.Percent)
	}
	valueAxis := opts.XAxis{
		Type: "value",
		Max:  valueMax(top(series, len(categories), o.Stack, o.Percent), ref, o.Percent),
	}
	if !o.Percent {
		valueAxis.Name = unit
	}

	legendH := legendHeight(names)
	var height int
	b := ec.NewBar()
	b.Accept(visitor{horizontal: o.Horizontal, valueAxisFormat: percentFormatIf(o.Percent)})
	global := append(baseOptions(desc),
		ec.WithLegendOpts(legendOpts(names)),
		ec.WithTooltipOpts(opts.Tooltip{
			Show:        opts.Bool(true),
			Trigger:     "axis",
			AxisPointer: &opts.AxisPointer{Type: "shadow"},
		}),
	)
	if o.Horizontal {
		// The unit sits at the right end of the value axis, so the
		// grid leaves room for it there.
		right := 24
		if valueAxis.Name != "" {
			right = 16 + int(textWidth(valueAxis.Name))
		}
		global = append(global,
			ec.WithGridOpts(gridOpts(legendH, false, right)),
			ec.WithXAxisOpts(valueAxis),
			ec.WithYAxisOpts(opts.YAxis{
				Type: "category",
				// Rankings read from the top; ECharts puts the first
				// category at the bottom unless the axis is inverted.
				Inverse:   opts.Bool(true),
				AxisLabel: sideLabels(),
			}),
		)
		b.XYReversal()
		rowH := 24
		if !o.Stack && len(series) > 1 {
			rowH = 8 + 12*len(series)
		}
		height = legendH + 56 + rowH*len(categories)
	} else {
		label, extraH := categoryLabels(categories)
		global = append(global,
			ec.WithGridOpts(gridOpts(legendH, valueAxis.Name != "", 24)),
			ec.WithXAxisOpts(opts.XAxis{
				Type:      "category",
				AxisLabel: label,
				AxisTick:  &opts.AxisTick{AlignWithLabel: opts.Bool(true)},
			}),
			ec.WithYAxisOpts(opts.YAxis{
				Type: "value",
				Name: valueAxis.Name,
				Max:  valueAxis.Max,
			}),
		)
		height = 290 + legendH + extraH
	}
	height = max(height, 160)
	b.SetGlobalOptions(global...)
	b.SetXAxis(categories)

	stack := ""
	if o.Stack {
		stack = "total"
	}
	for i, s := range series {
		data := make([]opts.BarData, len(s.Values))
		for j, v := range s.Values {
			data[j] = opts.BarData{Value: dataValue(v, o.Percent)}
		}
		so := []ec.SeriesOpts{
			ec.WithBarChartOpts(opts.BarChart{Stack: stack}),
			ec.WithSeriesOpts(func(s *ec.SingleSeries) { s.BarMaxWidth = barMaxWidth }),
		}
		if i == 0 && !math.IsNaN(ref) {
			so = append(so, markLine(ref, o.MarkLineName, o.Horizontal, o.Percent)...)
		}
		b.AddSeries(s.Name, data, so...)
	}

	return Chart{ID: id, Title: title, Desc: desc, Option: marshal(b), Height: height}
}

func percentFormatIf(percent bool) string {
	if percent {
		return percentFormat
	}
	return ""
}

// markLine draws the reference line across the value axis at v. Its
// label reads "name：value" when the name is safe in a template (see
// templateSafe), else just the value.
func markLine(v float64, name string, horizontal, percent bool) []ec.SeriesOpts {
	sign := ""
	if percent {
		sign = "%"
	}
	format := "{c}" + sign
	if name != "" && templateSafe(name) {
		format = "{b}：{c}" + sign
	}
	var item any = opts.MarkLineNameYAxisItem{Name: name, YAxis: v}
	position := "insideStartTop" // left, where the axis leaves room: at the right end the last bar covered it
	if horizontal {
		item = opts.MarkLineNameXAxisItem{Name: name, XAxis: v}
		position = "start"
	}
	return []ec.SeriesOpts{
		ec.WithSeriesOpts(func(s *ec.SingleSeries) {
			s.MarkLines = &opts.MarkLines{Data: []any{item}}
		}),
		ec.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol: []string{"none", "none"},
			// A white ground keeps the label readable where it meets a bar.
			Label:     &opts.Label{Show: opts.Bool(true), Position: position, Formatter: format, Color: refLineColor, BackgroundColor: "rgba(255,255,255,0.85)"},
			LineStyle: &opts.LineStyle{Color: refLineColor, Type: "dashed", Width: 1.5},
		}),
	}
}
