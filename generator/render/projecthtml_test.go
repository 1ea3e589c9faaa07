package render

import (
	"bytes"
	"html/template"
	"testing"

	"tuijin/generator/analysis"
	"tuijin/generator/model"
)

// projectLists is the layout the project page's lists were written in.
var projectLists = template.Must(template.New("p").Funcs(funcs).ParseFiles("testdata/project-lists.tmpl"))

func execRef(t testing.TB, name string, data any) string {
	t.Helper()
	var b bytes.Buffer
	if err := projectLists.ExecuteTemplate(&b, name, data); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// projectListCases builds the lists from one hostile text, link and class.
func projectListCases(text, href, class string) (facts, facts, timeline, checklist) {
	fs := facts{{Label: text, Value: class, Href: href}, {Label: "项目代码", Value: text}, {Label: class, Value: href, Href: text}}
	inv := facts{{Label: text, Value: href}, {Label: "总投资", Value: "1,000 万元"}}
	ns := timeline{
		{Name: text, Planned: href, Done: "—", Status: class, Class: class, Slip: text, Responsible: href},
		{Name: "主体封顶", Planned: "2024年3月", Done: text, Status: "按期完成", Class: "good"},
		{Name: href, Planned: class, Done: "2024年5月1日", Status: text},
	}
	cl := checklist{
		{Document: text, State: "已办结", Date: model.Date{Year: 2024, Month: 3, Day: 5}},
		{Document: "施工许可证", State: text},
		{Document: href, State: "不涉及", Date: model.Date{Year: 2023, Month: 12, MonthOnly: true}},
		{Document: class, State: "办理中"},
	}
	return fs, inv, ns, cl
}

func checkProjectLists(t *testing.T, text, href, class string) {
	t.Helper()
	fs, inv, ns, cl := projectListCases(text, href, class)
	for _, c := range []struct {
		name     string
		got, ref string
	}{
		{"facts", string(fs.HTML()), execRef(t, "facts", fs)},
		{"investment", string(inv.HTML()), execRef(t, "investment", inv)},
		{"timeline", string(ns.HTML()), execRef(t, "timeline", ns)},
		{"checklist", string(cl.HTML()), execRef(t, "checklist", []analysis.DocState(cl))},
		{"empty facts", string(facts(nil).HTML()), execRef(t, "facts", facts(nil))},
		{"empty checklist", string(checklist(nil).HTML()), execRef(t, "checklist", []analysis.DocState(nil))},
	} {
		if c.got != c.ref {
			t.Errorf("%s with %q %q %q:\n got %q\nwant %q", c.name, text, href, class, c.got, c.ref)
		}
	}
}

func TestProjectListsMatchTemplate(t *testing.T) {
	for i, s := range hostile {
		checkProjectLists(t, s, hostile[(i+5)%len(hostile)], hostile[(i+11)%len(hostile)])
	}
}

func FuzzProjectLists(f *testing.F) {
	for i, s := range hostile {
		f.Add(s, hostile[(i+5)%len(hostile)], hostile[(i+11)%len(hostile)])
	}
	f.Fuzz(checkProjectLists)
}
