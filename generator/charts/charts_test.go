package charts

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// decode unmarshals an option for inspection.
func decode(t *testing.T, c Chart) map[string]any {
	t.Helper()
	if !json.Valid(c.Option) {
		t.Fatalf("chart %s: option is not valid JSON: %s", c.ID, c.Option)
	}
	var m map[string]any
	if err := json.Unmarshal(c.Option, &m); err != nil {
		t.Fatalf("chart %s: %v", c.ID, err)
	}
	return m
}

// at walks a decoded option by keys and indexes, e.g. at(m, "series", 0, "name").
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %T is not an object", path, v)
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("at %v: %T has no index %d", path, v, k)
			}
			v = a[k]
		}
	}
	return v
}

func strs(ss ...string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// values lists a series' data values; nil stands for null.
func values(t *testing.T, m map[string]any, series int) []any {
	t.Helper()
	var out []any
	for _, d := range at(t, m, "series", series, "data").([]any) {
		out = append(out, d.(map[string]any)["value"])
	}
	return out
}

func ptr(f float64) *float64 { return &f }

func TestConstructors(t *testing.T) {
	cats := []string{"市发展和改革委员会", "市交通运输局", "市水务局"}
	two := []Series{
		{Name: "计划投资", Values: []float64{1200, 800.5, 300}},
		{Name: "完成投资", Values: []float64{600.126, 400, 0}},
	}
	tests := []struct {
		name     string
		chart    Chart
		kind     string
		catAxis  string // "xAxis", "yAxis" or "" for pie
		cats     []any
		series   [][]any
		desc     string
		valueMax any // nil: none set
	}{
		{
			name:    "grouped bar",
			chart:   Bar("invest", "各单位投资", cats, two, BarOpts{Unit: "万元"}),
			kind:    "bar",
			catAxis: "xAxis",
			cats:    strs(cats...),
			series:  [][]any{{1200.0, 800.5, 300.0}, {600.13, 400.0, 0.0}},
			desc:    "柱状图：各单位投资，共 3 项，系列：计划投资、完成投资，单位：万元。",
		},
		{
			name: "horizontal percent ranking with reference line",
			chart: Bar("rate-rank", "完成率排名", cats, []Series{{Name: "完成率", Values: []float64{0.382, 0.91, 1}}},
				BarOpts{Horizontal: true, Percent: true, MarkLine: ptr(0.5833), MarkLineName: "序时进度"}),
			kind:     "bar",
			catAxis:  "yAxis",
			cats:     strs(cats...),
			series:   [][]any{{38.2, 91.0, 100.0}},
			desc:     "条形图：完成率排名，共 3 项，系列：完成率，单位：%。",
			valueMax: 100.0,
		},
		{
			name:    "stacked bar, own description",
			chart:   Bar("stack", "构成", cats, two, BarOpts{Stack: true, Desc: "两类投资按单位堆叠。"}),
			kind:    "bar",
			catAxis: "xAxis",
			cats:    strs(cats...),
			series:  [][]any{{1200.0, 800.5, 300.0}, {600.13, 400.0, 0.0}},
			desc:    "两类投资按单位堆叠。",
		},
		{
			name:   "pie",
			chart:  Pie("sources", "资金来源", []string{"中央", "省级", "市县"}, []float64{50, 30.5, 19.5}, PieOpts{Unit: "万元"}),
			kind:   "pie",
			series: [][]any{{50.0, 30.5, 19.5}},
			desc:   "环形图：资金来源，共 3 项，单位：万元。",
		},
		{
			name: "percent line",
			chart: Line("trend", "月度完成率", []string{"1月", "2月", "3月"},
				[]Series{{Name: "完成率", Values: []float64{0.1, 0.25, 0.4}}}, LineOpts{Percent: true}),
			kind:     "line",
			catAxis:  "xAxis",
			cats:     strs("1月", "2月", "3月"),
			series:   [][]any{{10.0, 25.0, 40.0}},
			desc:     "折线图：月度完成率，共 3 项，系列：完成率，单位：%。",
			valueMax: 100.0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.chart
			m := decode(t, c)
			if c.Height < 160 {
				t.Errorf("Height = %d, want at least 160", c.Height)
			}
			if c.Desc != tt.desc {
				t.Errorf("Desc = %q, want %q", c.Desc, tt.desc)
			}
			if got := at(t, m, "aria", "label", "description"); got != tt.desc {
				t.Errorf("aria description = %q, want %q", got, tt.desc)
			}
			if at(t, m, "aria", "enabled") != true || at(t, m, "aria", "decal", "show") != false {
				t.Errorf("aria = %v, want enabled with decals off", m["aria"])
			}
			if at(t, m, "animation") != false {
				t.Errorf("animation = %v, want false", m["animation"])
			}
			if colors := at(t, m, "color").([]any); len(colors) != 6 {
				t.Errorf("color = %v, want 6 colours", colors)
			}
			for _, k := range []string{"toolbox", "title"} {
				if _, ok := m[k]; ok {
					t.Errorf("option has %q, want none", k)
				}
			}
			if at(t, m, "legend", "top") != "0" {
				t.Errorf("legend = %v, want at the top", m["legend"])
			}
			for i, want := range tt.series {
				if got := at(t, m, "series", i, "type"); got != tt.kind {
					t.Errorf("series %d type = %v, want %s", i, got, tt.kind)
				}
				if got := values(t, m, i); !reflect.DeepEqual(got, want) {
					t.Errorf("series %d values = %v, want %v", i, got, want)
				}
			}
			if tt.catAxis == "" {
				return
			}
			if got := at(t, m, tt.catAxis, 0, "data"); !reflect.DeepEqual(got, tt.cats) {
				t.Errorf("%s data = %v, want %v", tt.catAxis, got, tt.cats)
			}
			if at(t, m, tt.catAxis, 0, "type") != "category" {
				t.Errorf("%s is not a category axis", tt.catAxis)
			}
			if at(t, m, "grid", 0, "containLabel") != true {
				t.Errorf("grid = %v, want containLabel", m["grid"])
			}
			if at(t, m, "tooltip", "trigger") != "axis" {
				t.Errorf("tooltip = %v, want trigger axis", m["tooltip"])
			}
			valueAxis := "yAxis"
			if tt.catAxis == "yAxis" {
				valueAxis = "xAxis"
			}
			if got := at(t, m, valueAxis, 0, "max"); got != tt.valueMax {
				t.Errorf("%s max = %v, want %v", valueAxis, got, tt.valueMax)
			}
		})
	}
}

// Lines differ in more than colour, for black-and-white printouts.
func TestLinesDifferWithoutColour(t *testing.T) {
	cats := []string{"1月", "2月"}
	series := []Series{{Name: "完成率", Values: []float64{0.1, 0.2}}, {Name: "序时进度", Values: []float64{0.08, 0.17}}, {Name: "去年", Values: []float64{0.05, 0.1}}}
	m := decode(t, Line("l", "", cats, series, LineOpts{Percent: true}))
	dashes, symbols := map[any]bool{}, map[any]bool{}
	for i := range series {
		dashes[at(t, m, "series", i, "lineStyle", "type")] = true
		symbols[at(t, m, "series", i, "symbol")] = true
	}
	if len(dashes) != len(series) || len(symbols) != len(series) {
		t.Errorf("%d lines have dashes %v and symbols %v, want each its own", len(series), dashes, symbols)
	}
}

func TestBarDetails(t *testing.T) {
	cats := []string{"甲", "乙"}
	one := []Series{{Name: "完成率", Values: []float64{0.3, 0.4}}}

	m := decode(t, Bar("a", "", cats, one, BarOpts{Percent: true, MarkLine: ptr(0.5833), MarkLineName: "序时进度"}))
	if got := at(t, m, "yAxis", 0, "axisLabel", "formatter"); got != "{value}%" {
		t.Errorf("percent axis formatter = %v, want {value}%%", got)
	}
	if got := at(t, m, "series", 0, "markLine", "data", 0); !reflect.DeepEqual(got, map[string]any{"name": "序时进度", "yAxis": 58.3}) {
		t.Errorf("markLine data = %v, want 序时进度 at 58.3", got)
	}
	if got := at(t, m, "series", 0, "markLine", "label", "formatter"); got != "{b}：{c}%" {
		t.Errorf("markLine label = %v", got)
	}

	// The line is drawn on the value axis whichever way the bars run.
	m = decode(t, Bar("b", "", cats, one, BarOpts{Horizontal: true, MarkLine: ptr(0.5), MarkLineName: "序时进度"}))
	if got := at(t, m, "series", 0, "markLine", "data", 0, "xAxis"); got != 0.5 {
		t.Errorf("horizontal markLine xAxis = %v, want 0.5", got)
	}
	if at(t, m, "yAxis", 0, "inverse") != true {
		t.Errorf("horizontal category axis not inverted: %v", m["yAxis"])
	}

	// Rates above 100% and a reference line above the data widen the axis.
	m = decode(t, Bar("c", "", cats, []Series{{Values: []float64{1.3, 0.2}}}, BarOpts{Percent: true}))
	if got := at(t, m, "yAxis", 0, "max"); got != 150.0 {
		t.Errorf("max for 130%% = %v, want 150", got)
	}
	m = decode(t, Bar("d", "", cats, []Series{{Values: []float64{30, 40}}}, BarOpts{Unit: "万元", MarkLine: ptr(55)}))
	if got := at(t, m, "yAxis", 0, "max"); got != 60.0 {
		t.Errorf("max with reference line 55 = %v, want 60", got)
	}
	if got := at(t, m, "yAxis", 0, "name"); got != "万元" {
		t.Errorf("unit axis name = %v, want 万元", got)
	}
	// An unnamed single series needs no legend.
	if at(t, m, "legend", "show") != false {
		t.Errorf("legend = %v, want hidden", m["legend"])
	}

	// Stacked bars: the axis covers the stacked sum.
	m = decode(t, Bar("e", "", cats, []Series{{Values: []float64{0.6, 0}}, {Values: []float64{0.7, 0}}}, BarOpts{Percent: true, Stack: true}))
	if got := at(t, m, "yAxis", 0, "max"); got != 150.0 {
		t.Errorf("stacked max = %v, want 150", got)
	}
	if got := at(t, m, "series", 1, "stack"); got != "total" {
		t.Errorf("stack = %v, want total", got)
	}

	// Many long names slant and are cut; a ranking grows with its rows.
	long := make([]string, 10)
	for i := range long {
		long[i] = strings.Repeat("很长的单位名称", 3)
	}
	vals := make([]float64, 10)
	m = decode(t, Bar("f", "", long, []Series{{Values: vals}}, BarOpts{}))
	if got := at(t, m, "xAxis", 0, "axisLabel"); got.(map[string]any)["overflow"] != "truncate" || got.(map[string]any)["rotate"] == nil {
		t.Errorf("long labels = %v, want slanted and truncated", got)
	}
	short := Bar("g", "", long[:2], []Series{{Values: vals[:2]}}, BarOpts{Horizontal: true})
	tall := Bar("h", "", long, []Series{{Values: vals}}, BarOpts{Horizontal: true})
	if tall.Height <= short.Height {
		t.Errorf("horizontal heights %d (10 rows) <= %d (2 rows)", tall.Height, short.Height)
	}
}

func TestPieLabels(t *testing.T) {
	m := decode(t, Pie("p", "", []string{"甲", "乙"}, []float64{1, 2}, PieOpts{}))
	if got := at(t, m, "series", 0, "label", "formatter"); got != "{b}\n{d}%" {
		t.Errorf("label = %q, want name and share", got)
	}
	// A name with a brace could be rewritten by the template, so the
	// label falls back to the share alone.
	m = decode(t, Pie("p", "", []string{"甲{c0}", "乙"}, []float64{1, 2}, PieOpts{}))
	if got := at(t, m, "series", 0, "label", "formatter"); got != "{d}%" {
		t.Errorf("label = %q, want {d}%%", got)
	}
	if got := at(t, m, "series", 0, "data", 0, "name"); got != "甲{c0}" {
		t.Errorf("name = %q, want it unchanged", got)
	}
}

// A slice given a tone is drawn in its colour, whatever its place; the
// others take the palette's.
func TestPieTones(t *testing.T) {
	m := decode(t, Pie("p", "", []string{"按期", "其他", "逾期"}, []float64{1, 2, 3}, PieOpts{Tones: []Tone{ToneGood, ToneDefault, ToneBad}}))
	if got := at(t, m, "series", 0, "data", 0, "itemStyle", "color"); got != toneColors[ToneGood] {
		t.Errorf("first slice: %v, want the good tone", got)
	}
	if got := at(t, m, "series", 0, "data", 2, "itemStyle", "color"); got != toneColors[ToneBad] {
		t.Errorf("third slice: %v, want the bad tone", got)
	}
	if _, ok := at(t, m, "series", 0, "data", 1).(map[string]any)["itemStyle"]; ok {
		t.Error("an untoned slice has a colour of its own")
	}
}

var hostile = []string{
	`x</script><script>alert(1)</script>`,
	`__f__alert(1)__f__`,
	`<!--<script>`,
	`"'&`,
	"line\u2028break",
	`{b}{c0}{@name}`,
}

func TestHostileText(t *testing.T) {
	for _, h := range hostile {
		title, desc := "标题"+h, "描述"+h
		cats := []string{h, "正常" + h, "乙"}
		series := []Series{{Name: h, Values: []float64{1, 2, 3}}, {Name: "系列" + h, Values: []float64{4, 5, 6}}}
		charts := []struct {
			c       Chart
			catPath []any
		}{
			{Bar("bar", title, cats, series, BarOpts{Desc: desc, MarkLine: ptr(2), MarkLineName: h}), []any{"xAxis", 0, "data"}},
			{Bar("bar-h", title, cats, series, BarOpts{Desc: desc, Horizontal: true}), []any{"yAxis", 0, "data"}},
			{Line("line", title, cats, series, LineOpts{Desc: desc}), []any{"xAxis", 0, "data"}},
			{Pie("pie", title, cats, []float64{1, 2, 3}, PieOpts{Desc: desc}), nil},
		}
		for _, tc := range charts {
			c := tc.c
			if i := bytes.IndexAny(c.Option, "<>&"); i >= 0 {
				t.Fatalf("%s with %q: option has %q at %d: %s", c.ID, h, c.Option[i], i, c.Option)
			}
			if bytes.Contains(c.Option, []byte("\u2028")) {
				t.Errorf("%s with %q: option has a raw U+2028", c.ID, h)
			}
			if strings.HasPrefix(h, "__f__") && !bytes.Contains(c.Option, []byte(`"`+h)) {
				t.Errorf("%s: __f__ text not kept as a JSON string: %s", c.ID, c.Option)
			}
			m := decode(t, c)
			if got := at(t, m, "aria", "label", "description"); got != desc {
				t.Errorf("%s description = %q, want %q", c.ID, got, desc)
			}
			if c.Title != title || c.Desc != desc {
				t.Errorf("%s Title, Desc = %q, %q; want %q, %q", c.ID, c.Title, c.Desc, title, desc)
			}
			if tc.catPath == nil {
				for i, want := range cats {
					if got := at(t, m, "series", 0, "data", i, "name"); got != want {
						t.Errorf("%s slice %d = %q, want %q", c.ID, i, got, want)
					}
				}
				continue
			}
			if got := at(t, m, tc.catPath...); !reflect.DeepEqual(got, strs(cats...)) {
				t.Errorf("%s categories = %q, want %q", c.ID, got, cats)
			}
			for i, s := range series {
				if got := at(t, m, "series", i, "name"); got != s.Name {
					t.Errorf("%s series %d name = %q, want %q", c.ID, i, got, s.Name)
				}
			}
			if c.ID == "bar" {
				if got := at(t, m, "series", 0, "markLine", "data", 0, "name"); got != h {
					t.Errorf("markLine name = %q, want %q", got, h)
				}
			}
		}

		// The generated description carries the title literally too.
		c := Bar("gen", h, cats, series, BarOpts{})
		if got := at(t, decode(t, c), "aria", "label", "description"); !strings.Contains(got.(string), h) {
			t.Errorf("generated description %q lacks the title %q", got, h)
		}
	}
}

func TestDeterministic(t *testing.T) {
	build := func() []Chart {
		s := []Series{{Name: "甲", Values: []float64{0.1, math.NaN(), 0.3}}, {Name: "乙", Values: []float64{1, 2, 3}}}
		cats := []string{"一", "二", "三"}
		return []Chart{
			Bar("a", "t", cats, s, BarOpts{Percent: true, MarkLine: ptr(0.2), MarkLineName: "序时进度"}),
			Bar("b", "t", cats, s, BarOpts{Horizontal: true, Stack: true, Unit: "万元"}),
			Pie("c", "t", cats, []float64{1, 2, 3}, PieOpts{Unit: "万元"}),
			Line("d", "t", cats, s, LineOpts{Unit: "个"}),
		}
	}
	first, second := build(), build()
	for i := range first {
		if !bytes.Equal(first[i].Option, second[i].Option) || first[i].Height != second[i].Height {
			t.Errorf("chart %s differs between runs:\n%s\n%s", first[i].ID, first[i].Option, second[i].Option)
		}
	}
}

func TestMissingValues(t *testing.T) {
	missing := []float64{math.NaN(), math.Inf(1), math.Inf(-1)}
	cats := []string{"一", "二", "三"}
	for _, c := range []Chart{
		Bar("a", "", cats, []Series{{Values: missing}}, BarOpts{}),
		Bar("b", "", cats, []Series{{Values: missing}}, BarOpts{Percent: true, Stack: true}),
		Line("c", "", cats, []Series{{Values: missing}}, LineOpts{}),
		Pie("d", "", cats, missing, PieOpts{}),
	} {
		if got := bytes.Count(c.Option, []byte(`"value":null`)); got != 3 {
			t.Errorf("%s: %d null values, want 3: %s", c.ID, got, c.Option)
		}
		if got := values(t, decode(t, c), 0); !reflect.DeepEqual(got, []any{nil, nil, nil}) {
			t.Errorf("%s values = %v, want all null", c.ID, got)
		}
	}
	// Zero is a value, not a gap, and never "-0".
	c := Bar("z", "", []string{"一", "二"}, []Series{{Values: []float64{0, math.Copysign(0, -1)}}}, BarOpts{})
	if !bytes.Contains(c.Option, []byte(`"data":[{"value":0},{"value":0}]`)) {
		t.Errorf("zeros: %s", c.Option)
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"invest-by-unit", true},
		{"a", true},
		{"2025-q1", true},
		{strings.Repeat("a", 64), true},
		{"", false},
		{strings.Repeat("a", 65), false},
		{"Invest", false},
		{"a_b", false},
		{"a b", false},
		{`a"><script>`, false},
		{"图表", false},
		{"a\n", false},
	}
	for _, tt := range tests {
		if got := ValidID(tt.id); got != tt.want {
			t.Errorf("ValidID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestPanics(t *testing.T) {
	cats := []string{"一", "二"}
	tests := []struct {
		name string
		f    func()
	}{
		{"bar id", func() { Bar("Bad ID", "", cats, nil, BarOpts{}) }},
		{"pie id", func() { Pie("", "", cats, []float64{1, 2}, PieOpts{}) }},
		{"line id", func() { Line("x<y", "", cats, nil, LineOpts{}) }},
		{"bar length", func() { Bar("a", "", cats, []Series{{Values: []float64{1}}}, BarOpts{}) }},
		{"line length", func() { Line("a", "", cats, []Series{{Values: []float64{1, 2, 3}}}, LineOpts{}) }},
		{"pie length", func() { Pie("a", "", cats, []float64{1}, PieOpts{}) }},
		{"pie tones length", func() { Pie("a", "", cats, []float64{1, 2}, PieOpts{Tones: []Tone{ToneGood}}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tt.name)
				}
			}()
			tt.f()
		})
	}
}

func TestEmpty(t *testing.T) {
	// No categories or series still gives a valid, drawable option.
	for _, c := range []Chart{
		Bar("a", "", nil, nil, BarOpts{}),
		Line("b", "", nil, nil, LineOpts{Percent: true}),
		Pie("c", "", nil, nil, PieOpts{}),
	} {
		decode(t, c)
	}
}

func TestNiceCeil(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{0.7, 0.8}, {1, 1}, {1.01, 1.2}, {55, 60}, {101, 120}, {130, 150}, {999, 1000}, {12345, 15000},
	}
	for _, tt := range tests {
		if got := niceCeil(tt.in); got != tt.want {
			t.Errorf("niceCeil(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
