package generator

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"tuijin/generator/pdf"
)

func briefingData(t *testing.T) string {
	t.Helper()
	data := writeArchive(t, "../testdata/history/five-months.txtar")
	os.WriteFile(filepath.Join(data, "site.toml"), []byte("title = \"示范高新区\"\nbase_url = \"https://example.gov.cn/tuijin\"\n"), 0o644)
	os.MkdirAll(filepath.Join(data, "briefings"), 0o755)
	os.WriteFile(filepath.Join(data, "briefings", "2024-03.md"), []byte("1. 加快北环路主体封顶。\n2. 协调新材料产业园用地。\n"), 0o644)
	return data
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && (n.Parent == nil || (n.Parent.Data != "script" && n.Parent.Data != "style")) {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// The briefing's sentences carry the same figures as summary.json.
func TestBriefingFiguresMatchSummary(t *testing.T) {
	out, _ := build(t, briefingData(t))
	files := siteFiles(t, out)
	var sum struct {
		Projects   struct{ Count int } `json:"projects"`
		Investment struct {
			Total, PlanYear, DoneYear float64
			CompletionRate            float64 `json:"completion_rate"`
		} `json:"investment"`
		TimeProgress float64 `json:"time_progress"`
		Milestones   struct {
			Due     int `json:"due"`
			OnTime  int `json:"on_time"`
			Overdue int `json:"overdue"`
		} `json:"milestones"`
		Lights struct{ Red, Yellow int } `json:"lights"`
	}
	raw := files["data/summary.json"]
	if err := json.Unmarshal(raw, &sum); err != nil {
		t.Fatal(err)
	}
	var inv map[string]map[string]float64
	json.Unmarshal(raw, &inv)
	sum.Investment.PlanYear, sum.Investment.DoneYear, sum.Investment.Total = inv["investment"]["plan_year"], inv["investment"]["done_year"], inv["investment"]["total"]
	doc, err := html.Parse(strings.NewReader(string(files["briefing/2024-03.html"])))
	if err != nil {
		t.Fatal(err)
	}
	got := text(doc)
	yi := func(wan float64) string { return strconv.FormatFloat(wan/10000, 'f', 2, 64) }
	behind := (sum.TimeProgress - sum.Investment.CompletionRate) * 100
	for _, want := range []string{
		"重点项目推进情况通报（2024年第3期）", "一、总体情况", "二、分类推进情况", "三、分单位情况", "四、资金争取与使用", "五、节点与亮灯", "六、存在问题", "七、下一步工作", "附件：重点项目明细表",
		fmt.Sprintf("全区共有重点项目%d个，总投资%s亿元", sum.Projects.Count, yi(sum.Investment.Total)),
		fmt.Sprintf("1—3月，全区重点项目累计完成投资%s亿元，占年度计划%s亿元的%.1f%%，落后序时进度 %.1f 个百分点", yi(sum.Investment.DoneYear), yi(sum.Investment.PlanYear), sum.Investment.CompletionRate*100, behind),
		fmt.Sprintf("已到期节点%d个，按期完成%d个", sum.Milestones.Due, sum.Milestones.OnTime),
		fmt.Sprintf("红灯%d个、黄灯%d个", sum.Lights.Red, sum.Lights.Yellow),
		"专项债券本年下达800万元，同比增加100.0%", "加快北环路主体封顶", "扫一扫在手机打开",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("briefing lacks %q", want)
		}
	}
	// Hand-checked: 360 / 2600 = 13.8%, 11.2 points behind 25%.
	if !strings.Contains(got, "占年度计划0.26亿元的13.8%，落后序时进度 11.2 个百分点") {
		t.Error("headline figures differ from the hand-computed ones")
	}
	for _, p := range []string{"briefing/index.html", "briefing/2023-03.html", "briefing/2023-12.html", "briefing/2024-01.html", "briefing/2024-02.html"} {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s: every month's briefing is archived", p)
		}
	}
}

// The briefing printed by real headless Chromium: headings and key figures
// are in the PDF, the page count is sensible, page 1 is kept as a picture.
func TestBriefingPDF(t *testing.T) {
	if _, err := pdf.Browser(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	for _, tool := range []string{"pdftotext", "pdfinfo", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s missing (poppler-utils)", tool)
			}
			t.Skip(tool + " missing")
		}
	}
	out := filepath.Join(t.TempDir(), "site")
	data := briefingData(t)
	// Lists cut to one row each: their lines name the site's pages.
	toml := "title = \"示范高新区\"\nbase_url = \"https://example.gov.cn/tuijin\"\n[briefing]\nlist_rows = 1\nattachment_rows = 1\n"
	if err := os.WriteFile(filepath.Join(data, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Config{DataDir: data, OutDir: out, PDF: true}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(out, "briefing", "2024-03.pdf")
	// The PDF is printed from the build's temporary folder: a link to a
	// page beside the briefing would point into it, dead once the build
	// ends and naming the server's folders.
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if i := strings.Index(string(raw), "file:"); i >= 0 {
		t.Errorf("the PDF links to a local file: %.80q", raw[i:])
	}
	txt, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := regexp.MustCompile(`\s+`).ReplaceAllString(string(txt), "")
	for _, want := range []string{"重点项目推进情况通报", "一、总体情况", "三、分单位情况", "七、下一步工作", "附件", "13.8%", "北环路", "第1页",
		"完整清单见网站“项目”页（https://example.gov.cn/tuijin/projects.html）"} {
		if !strings.Contains(flat, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	info, _ := exec.Command("pdfinfo", file).Output()
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo: %s", info)
	}
	if n, _ := strconv.Atoi(string(m[1])); n < 2 || n > 30 {
		t.Errorf("%d pages", n)
	}
	art := filepath.Join("..", "artifacts")
	os.MkdirAll(art, 0o755)
	if err := exec.Command("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", file, filepath.Join(art, "briefing-page1")).Run(); err != nil {
		t.Errorf("pdftoppm: %v", err)
	}
}
