package charts

import (
	"fmt"
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
	// Tones, when set, gives each slice (by index) a colour that means
	// something: statuses drawn in the palette's order put 未到期 in red
	// and 逾期完成 in green. Nil takes the palette's colours in order.
	Tones []Tone
}

// Tone is a colour with a meaning, the site's: good is green, warn amber,
// bad red, as its lights and status texts are.
type Tone int

// The tones. ToneDefault takes the palette's next colour.
const (
	ToneDefault Tone = iota
	ToneGood
	ToneWarn
	ToneBad
	ToneMuted
	ToneAccent
)

// toneColors are the tones' colours, each at least 3:1 on white.
var toneColors = [...]string{ToneGood: "#3d8a5f", ToneWarn: "#b5761c", ToneBad: "#b84a47", ToneMuted: "#8c959f", ToneAccent: "#2e5d8f"}

// Pie builds a donut chart: one slice per name. names and values must
// have the same length; a mismatch, like an invalid id, panics.
func Pie(id, title string, names []string, values []float64, o PieOpts) Chart {
	mustID(id)
	checkLen("pie", len(names), []Series{{Name: title, Values: values}})
	if o.Tones != nil && len(o.Tones) != len(names) {
		panic(fmt.Sprintf("charts: pie %q: %d tones for %d slices", id, len(o.Tones), len(names)))
	}
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
		if o.Tones != nil && o.Tones[i] > ToneDefault && int(o.Tones[i]) < len(toneColors) {
			data[i].ItemStyle = &opts.ItemStyle{Color: toneColors[o.Tones[i]]}
		}
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
