package config

import (
	"strings"
	"testing"
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
