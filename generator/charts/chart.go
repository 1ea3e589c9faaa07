package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"

	ec "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart is a chart ready to embed.
//
// The page shows Title above the container
// <div data-chart="ID" style="height:Height px">, and puts Option in
// <script type="application/json" id="ID-option"> (see OptionID and
// OptionJS). The chart's data table stays on the page: it is what is
// left when script is off or ECharts fails to load, and the only place
// where truncated names are shown in full.
type Chart struct {
	ID     string // fixed by code, page-unique, [a-z0-9-] only
	Title  string // shown above the chart by the page template, which escapes it
	Desc   string // one Chinese sentence for screen readers; also in Option as aria.label.description
	Option []byte // the ECharts option as JSON; it holds no < > & bytes
	Height int    // suggested container height in px
}

// Series is one named row of values, one value per category.
// A NaN or infinite value means "no data" and becomes null in the JSON,
// which ECharts draws as a gap rather than as zero.
type Series struct {
	Name   string
	Values []float64
}

// maxIDLen keeps ids short enough to read in page source; no chart
// needs more.
const maxIDLen = 64

// ValidID reports whether id can name a chart: 1 to 64 bytes of a-z,
// 0-9 and "-". Those bytes need no escaping in an HTML attribute, a CSS
// selector or a JavaScript string, so the page and charts.js can use
// the id as is.
func ValidID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// mustID panics on a bad id. Ids are chosen by code, never taken from
// data, so a bad one is a programming error, like a bad regexp in
// regexp.MustCompile.
func mustID(id string) {
	if !ValidID(id) {
		panic(fmt.Sprintf("charts: invalid chart id %q: want 1 to %d bytes of a-z, 0-9 and -", id, maxIDLen))
	}
}

// OptionID is the id of the <script type="application/json"> element
// that holds the option; charts.js looks it up as ID + "-option".
func (c Chart) OptionID() string { return c.ID + "-option" }

// OptionJS returns Option typed for html/template. html/template treats
// the body of <script type="application/json"> as JavaScript, where a
// string or []byte value would be quoted or base64-encoded; template.JS
// is written as is. That is safe because Option holds no < > & bytes;
// if a hand-made Chart breaks that rule, or Option is not JSON, OptionJS
// returns null rather than trust it.
func (c Chart) OptionJS() template.JS {
	if !json.Valid(c.Option) || bytes.ContainsAny(c.Option, "<>&") {
		return "null"
	}
	return template.JS(c.Option)
}

// palette holds six calm colours, each with a contrast of at least 3.7:1
// on white (WCAG asks 3:1 for graphics), so bars stay readable on
// phones in sunlight and on grey-scale printers.
var palette = opts.Colors{"#2e5d8f", "#3d8a5f", "#b5761c", "#7a5195", "#b84a47", "#287f8a"}

// refLineColor draws reference lines in a grey that no series uses.
const refLineColor = "#555555"

// baseOptions are the global options every chart shares.
func baseOptions(desc string) []ec.GlobalOpts {
	return []ec.GlobalOpts{
		// Animation would print half-drawn bars and makes screenshots
		// depend on timing.
		ec.WithAnimation(false),
		ec.WithColorsOpts(palette),
		ec.WithAriaOpts(&opts.Aria{
			Enabled: opts.Bool(true),
			// Decals are off: the palette already differs in lightness,
			// and patterns clutter small phone charts.
			Decal: &opts.AriaDecal{Show: opts.Bool(false)},
			Label: &opts.AriaLabel{Description: desc},
		}),
	}
}

// nullValue is a nil *float64 in an interface. go-echarts tags data
// values omitempty, which drops a plain nil interface and would leave
// {} in the data; a typed nil is kept and encodes as null.
var nullValue = (*float64)(nil)

// dataValue converts a value for the JSON: NaN and ±Inf (which
// encoding/json cannot encode) become null; rates become percent
// numbers with one decimal; other values are rounded to two decimals,
// the ledger's 0.01 万元 precision, so float noise such as
// 0.30000000000000004 never reaches a tooltip.
func dataValue(v float64, percent bool) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nullValue
	}
	return round(v, percent)
}

func round(v float64, percent bool) float64 {
	if percent {
		v = math.Round(v*1000) / 10
	} else {
		v = math.Round(v*100) / 100
	}
	if v == 0 {
		v = 0 // no "-0" in the JSON
	}
	return v
}

// marshal turns a go-echarts chart into the option bytes. Validate
// copies the category data into the axes, which JSON does not do
// itself. encoding/json.Marshal escapes < > & and U+2028/U+2029 in
// every string, including any a MarshalJSON method returns.
func marshal(c interface {
	Validate()
	JSON() map[string]interface{}
}) []byte {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		// Every value is a plain struct, string or finite number.
		panic("charts: marshal option: " + err.Error())
	}
	if bytes.ContainsAny(b, "<>&") {
		// Cannot happen with HTML escaping on; checked because the
		// page's safety rests on it.
		panic("charts: option JSON holds an unescaped < > or &")
	}
	return b
}

// checkLen panics when a series does not have one value per category:
// the lengths are fixed by the code that builds the series, and a
// mismatch would shift every value onto the wrong category.
func checkLen(kind string, want int, series []Series) {
	for _, s := range series {
		if len(s.Values) != want {
			panic(fmt.Sprintf("charts: %s series %q has %d values for %d categories", kind, s.Name, len(s.Values), want))
		}
	}
}

// basics checks a category chart's id and series lengths (check names the
// chart in the panic) and works out what bar and line charts both need:
// the unit shown ("%" for percentages), the series names and the aria
// description, generated with kind (柱状图, 折线图 …) unless desc is given.
func basics(check, kind, id, title string, categories []string, series []Series, unit string, percent bool, desc string) (string, []string, string) {
	mustID(id)
	checkLen(check, len(categories), series)
	if percent {
		unit = "%"
	}
	names := seriesNames(series)
	if desc == "" {
		desc = describe(kind, title, len(categories), names, unit)
	}
	return unit, names, desc
}
