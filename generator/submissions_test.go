package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tuijin/generator/config"
)

// 报送情况 with site.toml: 丙单位 is listed but never submitted, 乙单位
// submitted in February but not in March; thresholds come from site.toml.
func TestSubmissionsAndSiteConfig(t *testing.T) {
	data := writeArchive(t, "../testdata/history/five-months.txtar")
	os.Remove(filepath.Join(data, "ledgers", "2024-03", "乙单位.xlsx"))
	toml := "title = \"示范高新区\"\n[lights]\ninvest_yellow = 21\ninvest_red = 40\nnode_red_days = 40\n[[units]]\nname = \"丙单位\"\norder = 3\n[[units]]\nname = \"甲单位\"\norder = 1\n[[units]]\nname = \"乙单位\"\norder = 2\n"
	if err := os.WriteFile(filepath.Join(data, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := analyse(context.Background(), Config{DataDir: data}, func(string, ...any) {})
	if err != nil {
		t.Fatal(err)
	}
	if a.site.Title != "示范高新区" {
		t.Errorf("title %q", a.site.Title)
	}
	var got []string
	for _, s := range a.report.Submissions {
		got = append(got, s.Name+":"+s.Status())
	}
	if want := "甲单位:已报送,乙单位:上月报送，本月未报送,丙单位:从未报送"; strings.Join(got, ",") != want {
		t.Errorf("submissions = %s\nwant %s", strings.Join(got, ","), want)
	}
	sf := a.report.Summary.Submissions
	if sf.Expected != 3 || sf.Submitted != 1 || strings.Join(sf.MissingSinceLastMonth, ",") != "乙单位" ||
		strings.Join(sf.NeverSubmitted, ",") != "丙单位" || strings.Join(sf.NotSubmitted, ",") != "乙单位,丙单位" {
		t.Errorf("summary.submissions = %+v", sf)
	}
	// With yellow above 21 points and red nodes only after 40 days, 北环路
	// (20 points behind, node 30 days late) is yellow instead of red, and
	// 新材料产业园 (25 points behind) is yellow.
	lights := map[string]string{}
	for _, p := range a.report.Projects {
		lights[p.Name] = p.Light.Label()
	}
	if lights["北环路"] != "黄灯" || lights["新材料产业园"] != "黄灯" {
		t.Errorf("lights = %v", lights)
	}
}

func TestResubmissionFixedLastMonthsErrors(t *testing.T) {
	data := writeArchive(t, "../testdata/history/five-months.txtar")
	// Break 甲单位's February workbook: a negative 总投资 there.
	feb := filepath.Join(data, "ledgers", "2024-02", "甲单位.xlsx")
	writeBook(t, feb, "== 项目台账 ==\n项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t责任单位\t总投资（万元）\nCB-2024-0009\t坏项目\t国有投资\t其他\t储备\t甲单位\t-5\n")
	a, err := analyse(context.Background(), Config{DataDir: data}, func(string, ...any) {})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range a.report.Submissions {
		if s.Name == "甲单位" && (!s.Fixed || s.LastErrors != 1) {
			t.Errorf("甲单位: fixed %v, last errors %d", s.Fixed, s.LastErrors)
		}
	}
}

func TestBadSiteConfigStopsTheBuild(t *testing.T) {
	data := writeArchive(t, "../testdata/history/five-months.txtar")
	out, _ := build(t, data)
	before := siteFiles(t, out)
	os.WriteFile(filepath.Join(data, "site.toml"), []byte("[lights]\ninvest_red = 5\n"), 0o644)
	_, err := Build(context.Background(), Config{DataDir: data, OutDir: out})
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Key != "lights.invest_red" {
		t.Fatalf("Build with a bad site.toml: %v", err)
	}
	if after := siteFiles(t, out); len(after) != len(before) {
		t.Error("the previous site changed")
	}
}
