package config

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestParse(t *testing.T) {
	c, err := Parse(strings.NewReader(`
title = "示范高新区重点项目推进"
base_url = "https://example.gov.cn/tuijin"
[lights]
invest_yellow = 5
invest_red = 20
node_red_days = 10
[reserve]
monthly_target = 3
[briefing]
list_rows = 0
[[units]]
name = "科经商务局"
centre = "社会投资"
order = 2
[[units]]
name = "发改统计局"
order = 1
[[units]]
name = "党政办"
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "示范高新区重点项目推进" || c.BaseURL != "https://example.gov.cn/tuijin/" || c.Lights.InvestYellow != 5 || c.Lights.BondMonths != 6 || c.Reserve.MonthlyTarget != 3 ||
		c.Briefing.ListRows != 0 || c.Briefing.AttachmentRows != 500 {
		t.Errorf("config = %+v", c)
	}
	var names []string
	for _, u := range c.Units {
		names = append(names, u.Name+"/"+u.Centre)
	}
	if got, want := strings.Join(names, ","), "发改统计局/,科经商务局/社会投资项目指挥中心,党政办/"; got != want {
		t.Errorf("units = %s, want %s", got, want)
	}
}

func TestDefaultWithoutFile(t *testing.T) {
	c, err := Load(t.TempDir() + "/site.toml")
	if err != nil || c.Title != DefaultTitle || c.Lights.InvestRed != 30 || c.Lights.NodeRedDays != 15 ||
		c.Briefing.ListRows != 100 || c.Briefing.AttachmentRows != 500 {
		t.Errorf("Load(missing) = %+v, %v", c, err)
	}
}

func TestErrorsNameTheKey(t *testing.T) {
	tests := []struct{ src, key string }{
		{`titel = "x"`, "titel"},
		{"[lights]\ninvest_red = 5", "lights.invest_red"},
		{"[lights]\ninvest_yellow = -1", "lights.invest_yellow"},
		{"[lights]\nnode_red_days = \"十五\"", "lights.node_red_days"},
		{"[lights]\ncolour = 1", "lights.colour"},
		{`base_url = "ftp://x"`, "base_url"},
		{"[[units]]\nname = \"甲\"\ncentre = \"政府投资\"", "units[1].centre"},
		{"[[units]]\nname = \"甲\"\n[[units]]\nname = \"甲\"", "units[2].name"},
		{"[[units]]\nname = \"甲\"\nleader = \"张三\"", "units.leader"},
		{"[reserve]\nmonthly_target = -2", "reserve.monthly_target"},
		{`title = ""`, "title"},
		{"[briefing]\nlist_rows = -1", "briefing.list_rows"},
		{"[briefing]\nattachment_rows = -5", "briefing.attachment_rows"},
		{"[briefing]\nlist_rows = \"全部\"", "briefing.list_rows"},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.src))
		e, ok := err.(*Error)
		if !ok || e.Key != tt.key {
			t.Errorf("Parse(%q) = %v, want an error naming %s", tt.src, err, tt.key)
		}
	}
}

// The example in docs/configuration.md is what an administrator copies:
// it must be a valid site.toml, and it must show every setting there is.
func TestDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "```toml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/configuration.md has no ```toml example")
	}
	var keys map[string]any
	md, err := toml.Decode(example, &keys)
	if err != nil {
		t.Fatalf("the example does not decode: %v", err)
	}
	if _, err := Parse(strings.NewReader(example)); err != nil {
		t.Fatalf("the example is not a valid site.toml: %v", err)
	}
	shown := map[string]bool{}
	for _, k := range md.Keys() {
		shown[strings.Join(k, ".")] = true
	}
	// Every key Config decodes, by its toml tags.
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for f := range typ.Fields() {
			name := f.Tag.Get("toml")
			if name == "" {
				continue
			}
			key := prefix + name
			ft := f.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(key+".", ft)
				continue
			}
			if !shown[key] {
				t.Errorf("the example does not show %s", key)
			}
		}
	}
	walk("", reflect.TypeFor[Config]())
}
