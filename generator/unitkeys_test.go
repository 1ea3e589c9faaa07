package generator

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"testing"

	"tuijin/generator/fingerprint"
)

// A unit's key stands for its projects wherever a page or part shows
// them (render.Input.UnitKeys): a unit that keeps its key must keep every
// project exactly as the analysis made it, whatever changed elsewhere —
// another unit's rows naming its projects, last month's plans, the
// thresholds, a file's name. Each case changes one thing, then compares
// each unit's key and the full fingerprints of its analysed projects;
// the units a change alters must be altered (or the case tests nothing),
// and the units it cannot touch keep their keys (or a rebuild keys their
// pages again for nothing).
func TestUnitKeysFollowTheirData(t *testing.T) {
	const fixture = "../testdata/unitkeys/three-units.txtar"
	const a, b, c = "甲单位", "乙单位", "丙单位"
	const month = "ledgers/2024-03/"
	type state struct {
		keys map[string]fingerprint.Sum
		fps  map[string]map[string]fingerprint.Sum // unit → code → the project's fingerprint
	}
	look := func(t *testing.T, data, cache string) state {
		t.Helper()
		an, err := analyse(context.Background(), Config{DataDir: data, CacheDir: cache}, func(string, ...any) {})
		if err != nil {
			t.Fatal(err)
		}
		defer an.store.close()
		st := state{keys: an.unitKeys, fps: map[string]map[string]fingerprint.Sum{}}
		for _, p := range an.report.Projects {
			sum, ok := fingerprint.Value("project", p)
			if !ok {
				t.Fatalf("project %s has no fingerprint", p.Code)
			}
			if st.fps[p.Unit] == nil {
				st.fps[p.Unit] = map[string]fingerprint.Sum{}
			}
			st.fps[p.Unit][p.Code] = sum
		}
		return st
	}
	edit := func(book, old, new string) func(t *testing.T, data string) {
		return func(t *testing.T, data string) {
			writeBook(t, filepath.Join(data, book), corrected(t, fixture, book, old, new))
		}
	}
	// A workbook of a fourth unit that names 甲单位's projects and no
	// other: whether its rows count for 甲单位 depends on it alone.
	add := func(sheets string) func(t *testing.T, data string) {
		return func(t *testing.T, data string) {
			writeBook(t, filepath.Join(data, month, "丁单位.xlsx"), sheets)
		}
	}
	const projects = "== 项目台账 ==\n项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t责任单位\t建设起止年限\t总投资（万元）\t截至上年底累计完成投资（万元）\t年度计划投资（万元）\t本年累计完成投资（万元）\t入库时间\n"
	const issue = "2403-510900-04-01-000002\t征地拆迁\t剩余 2 户未签约\t丙单位\t#d:2024-02-10\t#d:2024-03-20\t"
	tests := []struct {
		name    string
		change  func(t *testing.T, data string)
		changed []string // units whose projects the change alters
		same    []string // units whose keys must stay
	}{
		{"甲单位's own figure", edit(month+"甲单位.xlsx", "#n:1200\t#n:300", "#n:1200\t#n:350"), []string{a}, []string{b, c}},
		{"乙单位's node for 甲单位's project moves", edit(month+"乙单位.xlsx", "配套道路接入\t#d:2024-03-15", "配套道路接入\t#d:2024-04-15"), []string{a}, []string{c}},
		{"乙单位 drops its node for 甲单位's project", edit(month+"乙单位.xlsx", "2401-510900-04-01-000001\t配套道路接入\t#d:2024-03-15\t\n", ""), []string{a}, []string{c}},
		{"丙单位 adds a fund row for 甲单位's project", edit(month+"丙单位.xlsx", "== 要素保障 ==",
			"== 资金到位 ==\n项目代码\t资金类型\t批次\t下达日期\t下达金额（万元）\t到位金额（万元）\t已支出金额（万元）\n"+
				"2401-510900-04-01-000001\t中央预算内投资\t2024年第一批\t#d:2024-02-01\t#n:300\t#n:300\t#n:0\n== 要素保障 =="), []string{a}, []string{b}},
		{"丙单位 repeats 甲单位's project code", edit(month+"丙单位.xlsx", "#n:800\t#n:200\t\n",
			"#n:800\t#n:200\t\n2403-510900-04-01-000002\t重复的项目\t国有投资\t基础设施\t续建\t丙单位\t2023-2025\t#n:100\t0\t#n:10\t#n:1\t\n"), []string{a}, []string{b}},
		{"丙单位's issue for 甲单位's project gets a date no one can read", edit(month+"丙单位.xlsx", "\t#d:2024-02-10\t", "\t去年\t"), []string{a}, []string{b}},
		{"丙单位 names a project no unit has", edit(month+"丙单位.xlsx", issue, issue+"\n2499-510900-04-01-000099\t管线迁改\t未知\t丙单位\t#d:2024-02-10\t#d:2024-03-20\t"), nil, []string{b}},
		{"丙单位 adds a project of its own", edit(month+"丙单位.xlsx", "#n:800\t#n:200\t\n",
			"#n:800\t#n:200\t\n2403-510900-04-01-000005\t科创中心\t国有投资\t社会民生\t续建\t丙单位\t2023-2025\t#n:900\t0\t#n:90\t#n:9\t\n"), []string{c}, []string{b}},
		{"another unit's workbook repeats 甲单位's project code", add(projects +
			"2403-510900-04-01-000002\t重复的项目\t国有投资\t基础设施\t续建\t丁单位\t2023-2025\t#n:100\t0\t#n:10\t#n:1\t\n"), []string{a}, []string{b, c}},
		{"another unit's workbook adds a fund row for 甲单位's project", add(projects +
			"2403-510900-04-01-000006\t产业大道\t国有投资\t基础设施\t续建\t丁单位\t2023-2025\t#n:100\t0\t#n:10\t#n:1\t\n" +
			"== 资金到位 ==\n项目代码\t资金类型\t批次\t下达日期\t下达金额（万元）\t到位金额（万元）\t已支出金额（万元）\n" +
			"2401-510900-04-01-000001\t超长期特别国债\t2024年第一批\t#d:2024-02-01\t#n:300\t#n:300\t#n:0\n"), []string{a}, []string{b, c}},
		{"another unit's workbook adds an approval for 甲单位's project", add(projects +
			"2403-510900-04-01-000006\t产业大道\t国有投资\t基础设施\t续建\t丁单位\t2023-2025\t#n:100\t0\t#n:10\t#n:1\t\n" +
			"== 前期要件 ==\n项目代码\t要件名称\t办理状态\t办结日期\t批复文号\n" +
			"2401-510900-04-01-000001\t建设用地规划许可证\t已办结\t#d:2023-02-01\t\n"), []string{a}, []string{b, c}},
		{"乙单位's own figure", edit(month+"乙单位.xlsx", "#n:1000\t#n:80", "#n:1000\t#n:90"), []string{b}, []string{c}},
		{"last month's plan for 甲单位's node", edit("ledgers/2024-02/甲单位.xlsx", "#d:2024-03-20", "#d:2024-03-25"), []string{a}, nil},
		{"an earlier month's plan for 甲单位's node", edit("ledgers/2024-01/甲单位.xlsx", "#d:2024-03-10", "#d:2024-03-25"), nil, nil},
		{"the light thresholds", func(t *testing.T, data string) {
			if err := os.WriteFile(filepath.Join(data, "site.toml"), []byte("[lights]\ninvest_yellow = 1\ninvest_red = 2\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, []string{a}, nil},
		{"丙单位's workbook renamed", func(t *testing.T, data string) {
			if err := os.Rename(filepath.Join(data, month, "丙单位.xlsx"), filepath.Join(data, month, "丁单位.xlsx")); err != nil {
				t.Fatal(err)
			}
		}, []string{a}, []string{b}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, cache := writeArchive(t, fixture), t.TempDir()
			before := look(t, data, cache)
			for _, u := range []string{a, b, c} {
				if _, ok := before.keys[u]; !ok || len(before.fps[u]) == 0 {
					t.Fatalf("unit %s has no key or no projects before the change", u)
				}
			}
			tt.change(t, data)
			after := look(t, data, cache)
			for u, k := range after.keys {
				if before.keys[u] == k && !maps.Equal(before.fps[u], after.fps[u]) {
					t.Errorf("%s kept its key, but its projects changed", u)
				}
			}
			for _, u := range tt.changed {
				if maps.Equal(before.fps[u], after.fps[u]) {
					t.Errorf("the change leaves %s's projects as they were: the case tests nothing", u)
				}
			}
			for _, u := range tt.same {
				if k, ok := after.keys[u]; !ok || k != before.keys[u] {
					t.Errorf("%s's key changed (or went), though nothing it is made from did", u)
				}
			}
		})
	}
}
