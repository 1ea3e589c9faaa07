package charts

import (
	"strconv"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// PieOpts configures Pie. The zero value draws a donut with no unit.
type PieOpts struct {
	// Unit, such as "万元", heads the tooltip.
	Unit string
	// Desc is the aria description; empty generates one from the
	// title, the number of slices and the unit.
	Desc string
}

// Pie builds a donut chart: one slice per name. names and values must
// have the same length; a mismatch, like an invalid id, panics.
func Pie(id, title string, names []string, values []float64, o PieOpts) Chart {
	mustID(id)
	checkLen("pie", len(names), []Series{{Name: title, Values: values}})
	desc := o.Desc
	if desc == "" {
		desc = describe("环形图", title, len(names), nil, o.Unit)
	}

	// The series name heads the default tooltip, above "● name value",
	// so it carries the unit there.
	seriesName := title
	switch {
	case o.Unit != "" && title != "":
		seriesName = title + "（" + o.Unit + "）"
	case o.Unit != "":
		seriesName = "单位：" + o.Unit
	}

	// Slices are labelled with their share. The name joins it only
	// when every name is safe in a template; the legend and tooltip
	// show names literally in any case.
	format := "{d}%"
	if templateSafe(names...) {
		format = "{b}\n{d}%"
	}
	label := &textLabel{
		Label: opts.Label{Show: opts.Bool(true), Formatter: format},
		// Long unit names wrap onto a second line instead of running
		// off a phone screen.
		Width:    96,
		Overflow: "break",
	}

	legendH := legendHeight(names)
	p := ec.NewPie()
	p.Accept(visitor{pieLabel: label})
	p.SetGlobalOptions(append(baseOptions(desc),
		ec.WithLegendOpts(legendOpts(names)),
		ec.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
	)...)

	data := make([]opts.PieData, len(names))
	for i, n := range names {
		data[i] = opts.PieData{Name: n, Value: dataValue(values[i], false)}
	}
	p.AddSeries(seriesName, data, ec.WithPieChartOpts(opts.PieChart{
		Radius: []string{"38%", "62%"},
	}), ec.WithSeriesOpts(func(s *ec.SingleSeries) {
		// The donut is laid out below the legend, whose height
		// depends on the names.
		s.Top = strconv.Itoa(legendH)
	}))

	return Chart{ID: id, Title: title, Desc: desc, Option: marshal(p), Height: 280 + legendH}
}
