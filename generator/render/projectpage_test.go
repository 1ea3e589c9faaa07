package render

import (
	"html/template"
	"strings"
	"testing"

	"tuijin/generator/analysis"
	"tuijin/generator/model"
)

// projectPageCase is a project page made of hostile text: every field the
// layouts print, the links, and each branch chosen by a bit of flags.
func projectPageCase(text, href string, flags uint8) frame {
	on := func(bit int) bool { return flags&(1<<bit) != 0 }
	p := &analysis.Project{Project: &model.Project{Code: text, Name: text + "项目", Stage: href, Progress: text, Problems: href}, Centre: text}
	fs, inv, ns, cl := projectListCases(text, href, "warn")
	b := projectBody{P: p, Facts: fs, Investment: inv, Nodes: ns, FourCerts: cl, Source: text + " 工作表“" + href + "”第 3 行",
		Funds:     table{ID: "funds", Head: heads("资金类型", text), Empty: text},
		Issues:    table{ID: text, Head: heads(href), Rows: [][]cell{{{Text: text, Href: href, Class: "bad"}}}},
		Approvals: table{ID: "approvals", Head: heads("要件", "办理状态"), Rows: [][]cell{{{Text: href}, {Text: text, Class: "good"}}}},
		Complete:  on(0), Flagged: on(1), Behind: on(2)}
	if on(3) {
		b.Progress = text
	}
	// Every light, with and without reasons (hostile text too).
	p.Light = analysis.Light(flags % 4)
	if on(5) {
		p.Reasons = []string{text, href + "（红灯：落后超过 30 个百分点）"}
	}
	if on(4) {
		b.Nodes = nil
		b.P.Progress, b.P.Problems = "", ""
	}
	if on(5) {
		b.Funds.Rows = [][]cell{{{Text: href}, num(text, 1.5)}}
	}
	f := frame{SiteTitle: text, Title: href, Path: "projects/x.html", Root: "../", Period: text, End: href,
		Nav: template.HTML("<li>" + text + "</li>"), Charts: on(6), Body: b}
	if on(7) {
		f.Root, f.Nav = href, ""
	} else {
		f.Crumbs = []link{{Text: "总览", Href: "../index.html"}, {Text: text, Href: href}, {Text: href}}
	}
	return f
}

func checkProjectPage(t *testing.T, r *Renderer, text, href string, flags uint8) {
	t.Helper()
	f := projectPageCase(text, href, flags)
	want, werr := r.frags.executeLayout(nil, r.pages["project"], "base", f)
	body, ok := f.Body.(contentWriter)
	if !ok {
		t.Fatal("the project page's body does not write its content")
	}
	got, gerr := appendPage(nil, &f, body.appendContent)
	if (gerr != nil) != (werr != nil) {
		t.Fatalf("text %q, link %q, flags %08b: error %v, template's %v", text, href, flags, gerr, werr)
	}
	if werr == nil && string(got) != string(want) {
		t.Errorf("text %q, link %q, flags %08b:\n got %q\nwant %q", text, href, flags, got, want)
	}
}

// The project page written in Go is the page the layouts write, for any
// text and every branch.
func TestProjectPageMatchesTemplate(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range hostile {
		for flags := range 256 {
			checkProjectPage(t, r, s, hostile[(i+5)%len(hostile)], uint8(flags))
		}
	}
}

func FuzzProjectPage(f *testing.F) {
	r, err := New()
	if err != nil {
		f.Fatal(err)
	}
	for i, s := range hostile {
		f.Add(s, hostile[(i+5)%len(hostile)], uint8(i*37))
	}
	f.Fuzz(func(t *testing.T, text, href string, flags uint8) {
		checkProjectPage(t, r, text, href, flags)
	})
}

// A project's page says its light and why, under its title: what a leader
// opening a red project from the list looks for.
func TestProjectPageShowsLight(t *testing.T) {
	in := fixtureInput(t)
	files := renderKeyed(t, in)
	checked := 0
	for _, p := range in.Report.Projects {
		if p.Light == analysis.NoLight {
			continue
		}
		page := string(files[projectPath(p.Code)].data)
		want := `<p class="` + p.Light.Class() + ` status">` + p.Light.Label() + `</p>`
		if !strings.Contains(page, want) {
			t.Errorf("%s: page lacks %s", p.Code, want)
		}
		for _, r := range p.Reasons {
			if !strings.Contains(page, "<li>"+template.HTMLEscapeString(r)+"</li>") {
				t.Errorf("%s: page lacks the reason %q", p.Code, r)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("the fixture has no project with a light")
	}
}

// A node not done on the period's last day, its planned date, is overdue
// by the format's rule; its page says it fell due that day rather than
// "overdue 0 days", and says how many days otherwise.
func TestProjectPageNodeDueOnTheLastDay(t *testing.T) {
	in := fixtureInput(t)
	var p *analysis.Project
	for _, q := range in.Report.Projects {
		if len(q.Nodes) > 1 {
			p = q
			break
		}
	}
	if p == nil {
		t.Fatal("the fixture has no project with two nodes")
	}
	p.Nodes[0].Status, p.Nodes[0].DaysLate, p.Nodes[0].Name = analysis.Overdue, 0, "当天到期的节点"
	p.Nodes[1].Status, p.Nodes[1].DaysLate, p.Nodes[1].Name = analysis.Overdue, 6, "逾期六天的节点"
	files := renderKeyed(t, in)
	page := string(files[projectPath(p.Code)].data)
	for _, want := range []string{"逾期未完成（期末当天到期）", "逾期未完成（6 天）"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "（0 天）") {
		t.Error("the page says a node is 0 days overdue")
	}
	// The lists of overdue nodes, whose 逾期天数 column sorts it first.
	for _, path := range []string{"nodes.html", briefingPath(in.Report.Period)} {
		if !strings.Contains(string(files[path].data), `<td class="num" data-sort="0">当天到期</td>`) &&
			!strings.Contains(string(files[path].data), `<td class="num">当天到期</td>`) {
			t.Errorf("%s does not say a node fell due on the last day", path)
		}
	}
}
