package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"

	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

func writeArchive(t *testing.T, path string) string {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := xlsxtest.WriteArchive(dir, ar); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeBook(t *testing.T, path, src string) {
	t.Helper()
	if err := xlsxtest.Workbook(path, []byte(src)); err != nil {
		t.Fatal(err)
	}
}

func build(t *testing.T, data string) (string, *Result) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	res, err := Build(context.Background(), Config{DataDir: data, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	return out, res
}

// siteFiles reads every file of a built site.
func siteFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The summary of the mixed case, computed by hand from the fixture's
// accepted rows (testdata/validate/mixed.txtar), not by the code under test.
func TestBuildSummaryFigures(t *testing.T) {
	out, res := build(t, writeArchive(t, "../testdata/validate/mixed.txtar"))
	if res.Period != (model.Period{Year: 2024, Month: 3}) {
		t.Fatalf("period %v", res.Period)
	}
	b, err := os.ReadFile(filepath.Join(out, "data", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	type proj struct {
		total, plan, done float64
		cat, stage        string
	}
	// Accepted projects: three of 发改统计局, three of 科经商务局 (亿元
	// converted), and the one valid row of 建设交运局.
	accepted := []proj{
		{50000, 20000, 8000, "国有投资", "续建"}, {80000, 15000, 3500, "社会投资", "续建"}, {120000, 0, 0, "国有投资", "储备"},
		{50000, 25000, 8000, "社会投资", "新开工"}, {102000, 20000, 2500, "社会投资", "续建"}, {2000, 0, 0, "运营企业", "储备"},
		{2000, 500, 420, "国有投资", "竣工"},
	}
	var total, plan, done float64
	cats, stages := map[string]float64{}, map[string]float64{}
	for _, p := range accepted {
		total += p.total
		plan += p.plan
		done += p.done
		cats[p.cat]++
		stages[p.stage]++
	}
	check := func(path string, want any) {
		t.Helper()
		var cur any = got
		for _, k := range strings.Split(path, ".") {
			cur = cur.(map[string]any)[k]
		}
		if cur != want {
			t.Errorf("%s = %v, want %v", path, cur, want)
		}
	}
	check("period", "2024-03")
	check("period_end", "2024-03-31")
	check("time_progress", 0.25)
	check("projects.count", float64(len(accepted)))
	for k, v := range cats {
		check("projects.by_category."+k, v)
	}
	for k, v := range stages {
		check("projects.by_stage."+k, v)
	}
	check("investment.total", total)
	check("investment.plan_year", plan)
	check("investment.done_year", done)
	check("investment.done_before", 10000.0+20000+0+0+20000+0+1500)
	check("investment.completion_rate", done/plan)
	// 专项债券: one allocation of 10000 (all received, 4000 spent); the 建设交运局
	// allocation was rejected (到位 > 下达).
	check("funds.专项债券.allocated", 10000.0)
	check("funds.专项债券.spend_rate", 0.4)
	check("funds.中央预算内投资.received", 2000.0)
	check("funds.中央预算内投资.spend_rate", 0.0)
	check("funds.超长期特别国债.spend_rate", nil)
	// Nodes: 发改 3 (封顶 on time; 幕墙 pending; 仓储区 03-15 overdue), 科经 3
	// (场地平整 on time; 主厂房 2024-04 pending; 1#楼 03-31 overdue).
	check("milestones.total", 6.0)
	check("milestones.due", 4.0)
	check("milestones.on_time", 2.0)
	check("milestones.overdue", 2.0)
	check("milestones.pending", 2.0)
	check("milestones.on_time_rate", 0.5)
	check("issues.total", 1.0)
	check("issues.overdue", 1.0)
	check("approvals.projects_complete_4c1b", 1.0)
	check("validation.files", 5.0)
	check("validation.files_unreadable", 2.0)
	check("validation.errors", 17.0)
	check("validation.warnings", 4.0)
	check("validation.rejected_rows", 10.0)
	units := got["units"].([]any)
	var names []string
	for _, u := range units {
		names = append(names, u.(map[string]any)["name"].(string))
	}
	if want := "企业服务中心,党政办,发改统计局,建设交运局,科经商务局"; strings.Join(names, ",") != want {
		t.Errorf("units = %v, want %s (sorted by name, unreadable ones included)", names, want)
	}

	files := siteFiles(t, out)
	for _, p := range []string{"index.html", "centres/guoyou.html", "centres/shehui.html", "centres/yunying.html", "units.html", "projects.html",
		"nodes.html", "funds.html", "issues.html", "reserve.html", "validation.html", "projects/2401-510900-04-01-521743.html",
		"projects/YY-2024-001.html", "data/summary.json", "data/projects.csv", "assets/vendor/echarts.min.js", "assets/site.css", "assets/charts.js"} {
		if _, ok := files[p]; !ok {
			t.Errorf("site has no %s", p)
		}
	}
	unitPages := 0
	for p := range files {
		if strings.HasPrefix(p, "units/") {
			unitPages++
		}
	}
	if unitPages != 5 {
		t.Errorf("%d unit pages, want 5", unitPages)
	}
	csv := files["data/projects.csv"]
	if !bytes.HasPrefix(csv, []byte("\uFEFF项目代码,")) || bytes.Count(csv, []byte("\r\n")) != len(accepted)+1 {
		t.Errorf("projects.csv: BOM, header and %d rows expected:\n%s", len(accepted), csv)
	}
}

var hostile = []string{"</script><script>alert(1)</script>", "__f__alert(1)__f__", "<!--<script>", "\"q'&amp;&<b>"}

// Hostile text from workbooks never adds a script to a page and still shows literally.
func TestHostileTextIsInert(t *testing.T) {
	out, _ := build(t, writeArchive(t, "../testdata/build/hostile.txtar"))
	files := siteFiles(t, out)
	seen := map[string]bool{}
	for p, b := range files {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		// A layout that prints a table or the index where its mark is
		// escaped (in an attribute, say) would leave the mark's text.
		if bytes.Contains(b, []byte("tuijin-fragment")) || bytes.IndexByte(b, 0) >= 0 {
			t.Errorf("%s: a fragment's mark is left in the page", p)
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					if (a.Key == "href" || a.Key == "src") && (strings.Contains(a.Val, "://") || strings.HasPrefix(a.Val, "//") || strings.HasPrefix(strings.ToLower(a.Val), "javascript:")) {
						t.Errorf("%s: <%s %s=%q> points elsewhere", p, n.Data, a.Key, a.Val)
					}
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: <%s> has event handler %s", p, n.Data, a.Key)
					}
				}
				if n.Data == "script" {
					src, typ := attr(n, "src"), attr(n, "type")
					switch {
					case typ == "application/json":
						var v any
						text := n.FirstChild
						if text == nil || json.Unmarshal([]byte(text.Data), &v) != nil {
							t.Errorf("%s: a JSON block does not parse", p)
						} else {
							collect(v, seen)
						}
					case src != "" && n.FirstChild == nil && regexp.MustCompile(`^(\.\./)*assets/[a-z./]+\.js$`).MatchString(src):
					default:
						t.Errorf("%s: unexpected script element (src=%q type=%q)", p, src, typ)
					}
				}
			}
			if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "script") {
				for _, h := range hostile {
					if strings.Contains(n.Data, h) {
						seen[h] = true
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	for _, h := range hostile {
		if !seen[h] {
			t.Errorf("%q never shows literally on any page", h)
		}
	}
	// The unit's name is hostile: its page still exists, under a hashed name.
	for p := range files {
		if strings.ContainsAny(p, "<>\"'&") {
			t.Errorf("output file name %q carries workbook text", p)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func collect(v any, seen map[string]bool) {
	switch x := v.(type) {
	case string:
		for _, h := range hostile {
			if strings.Contains(x, h) {
				seen[h] = true
			}
		}
	case []any:
		for _, e := range x {
			collect(e, seen)
		}
	case map[string]any:
		for _, e := range x {
			collect(e, seen)
		}
	}
}

// Two builds of the same data are byte-identical.
func TestBuildDeterministic(t *testing.T) {
	data := writeArchive(t, "../testdata/validate/mixed.txtar")
	a, _ := build(t, data)
	b, _ := build(t, data)
	fa, fb := siteFiles(t, a), siteFiles(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for p, x := range fa {
		if !bytes.Equal(x, fb[p]) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// A failed build leaves the previous site as it was.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	data := writeArchive(t, "../testdata/validate/mixed.txtar")
	out, _ := build(t, data)
	before := siteFiles(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, Config{DataDir: data, OutDir: out}); err == nil {
		t.Fatal("cancelled build succeeded")
	}
	if _, err := Build(context.Background(), Config{DataDir: data, OutDir: out, Period: model.Period{Year: 2030, Month: 1}}); err == nil {
		t.Fatal("build of a missing month succeeded")
	}
	after := siteFiles(t, out)
	if len(after) != len(before) {
		t.Fatalf("site changed: %d files, was %d", len(after), len(before))
	}
	for p, b := range before {
		if !bytes.Equal(b, after[p]) {
			t.Errorf("%s changed", p)
		}
	}
}
