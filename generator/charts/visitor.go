package charts

import (
	"strconv"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// visitor fills in the few options that go-echarts has no field for,
// or has only as a types.FuncStr (a type meant for JavaScript source,
// which this package never uses). It is go-echarts' own hook for this:
// JSON calls it while building the option map. Each wrapper embeds the
// go-echarts struct and adds fields at the top level, where
// encoding/json gives them precedence over embedded fields of the same
// JSON name.
type visitor struct {
	ec.BaseConfigurationVisitor

	// valueAxisFormat is a string template for the value axis labels,
	// such as "{value}%"; empty leaves ECharts' default.
	valueAxisFormat string
	// horizontal says the value axis is the x axis.
	horizontal bool
	// pieLabel, when set, marks a pie chart: it replaces each
	// series' label and sets the share precision.
	pieLabel *textLabel
}

// textLabel is opts.Label plus the width and overflow options, so long
// Chinese names wrap or end in an ellipsis instead of running off the
// chart.
type textLabel struct {
	opts.Label
	Width    int    `json:"width,omitempty"`
	Overflow string `json:"overflow,omitempty"`
}

// axisLabel replaces four opts.AxisLabel fields. Formatter is a
// plain string template instead of a types.FuncStr. Interval is a
// number: go-echarts types it as a string, and "0" only works in
// ECharts by accident of JavaScript's + on strings. ShowMinLabel and
// ShowMaxLabel are left out when unset instead of written as null.
type axisLabel struct {
	opts.AxisLabel
	Formatter    string     `json:"formatter,omitempty"`
	Interval     any        `json:"interval,omitempty"`
	ShowMinLabel types.Bool `json:"showMinLabel,omitempty"`
	ShowMaxLabel types.Bool `json:"showMaxLabel,omitempty"`
}

type xAxis struct {
	opts.XAxis
	AxisLabel *axisLabel `json:"axisLabel,omitempty"`
}

type yAxis struct {
	opts.YAxis
	AxisLabel *axisLabel `json:"axisLabel,omitempty"`
}

// tooltip adds confine, which keeps the tooltip inside the chart so it
// is not cut off at the edge of a phone screen.
type tooltip struct {
	opts.Tooltip
	Confine bool `json:"confine"`
}

type pieSeries struct {
	ec.SingleSeries
	Label *textLabel `json:"label,omitempty"`
	// PercentPrecision gives shares one decimal, like the rates on
	// the other charts; ECharts' default is two.
	PercentPrecision int `json:"percentPrecision"`
}

func (v visitor) VisitTooltipOpt(t opts.Tooltip) interface{} {
	return tooltip{Tooltip: t, Confine: true}
}

func (v visitor) VisitXAxis(axes []opts.XAxis) interface{} {
	out := make([]xAxis, len(axes))
	for i, a := range axes {
		format := ""
		if i == 0 && v.horizontal {
			format = v.valueAxisFormat
		}
		out[i] = xAxis{XAxis: a, AxisLabel: newAxisLabel(a.AxisLabel, format)}
	}
	return out
}

func (v visitor) VisitYAxis(axes []opts.YAxis) interface{} {
	out := make([]yAxis, len(axes))
	for i, a := range axes {
		format := ""
		if i == 0 && !v.horizontal {
			format = v.valueAxisFormat
		}
		out[i] = yAxis{YAxis: a, AxisLabel: newAxisLabel(a.AxisLabel, format)}
	}
	return out
}

// newAxisLabel wraps l, which may be nil, and sets the formatter.
func newAxisLabel(l *opts.AxisLabel, format string) *axisLabel {
	if l == nil && format == "" {
		return nil
	}
	out := &axisLabel{Formatter: format}
	if l == nil {
		return out
	}
	out.AxisLabel = *l
	out.ShowMinLabel, out.ShowMaxLabel = l.ShowMinLabel, l.ShowMaxLabel
	if n, err := strconv.Atoi(l.Interval); err == nil {
		out.Interval = n
	} else if l.Interval != "" {
		out.Interval = l.Interval // "auto"
	}
	return out
}

func (v visitor) VisitSeriesOpt(series ec.MultiSeries) interface{} {
	if v.pieLabel == nil {
		return series
	}
	out := make([]pieSeries, len(series))
	for i, s := range series {
		out[i] = pieSeries{SingleSeries: s, Label: v.pieLabel, PercentPrecision: 1}
	}
	return out
}

// Visit drops the components the site does not want: the page shows
// the title itself, and a toolbox (save as image, data view) has no
// place on a static, printed page.
func (v visitor) Visit(option map[string]interface{}) {
	delete(option, "title")
	delete(option, "toolbox")
}
