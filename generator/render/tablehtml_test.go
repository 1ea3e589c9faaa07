package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// reference is the "table" layout as it was written for html/template,
// which table.appendHTML replaces on the hot path and must match byte for byte.
// Its cls function is what cellClass now does for table.appendHTML.
var reference = template.Must(template.New("t").Funcs(funcs).Funcs(template.FuncMap{"cls": cellClass}).ParseFiles("testdata/table.tmpl"))

func viaTemplate(t testing.TB, tb table) (string, error) {
	t.Helper()
	var b bytes.Buffer
	if err := reference.ExecuteTemplate(&b, "table", tb); err != nil {
		return "", err
	}
	return b.String(), nil
}

func viaGo(tb table) (string, error) {
	b, err := tb.appendHTML(nil)
	return string(b), err
}

var hostile = []string{
	"", "plain 文字", `<script>alert(1)</script>`, `" onmouseover="x`, `'single'`, "a&b", "1+1",
	"\x00nul", "\xff\xfeinvalid utf-8", "\ufdd0\ufffe noncharacters", "javascript:alert(1)",
	"JavaScript:alert(1)", "data:text/html,x", "http://example.org/a b", "mailto:a@b", "https:x",
	"units/发改统计局-1a2b.html", "a/b:c", "100%", "%zz%4", "%41", "#frag", "?q=<>", "../x.html",
	"\t\n\r", "]]>", "<!--", "{{.}}", "`back`", "\\", "~!@#$*,;=?[]()^|{}",
}

func TestTableHTMLMatchesTemplate(t *testing.T) {
	tables := []table{
		{Empty: "没有数据。"},
		{Empty: `<b>"hostile" & 'empty'</b>`},
		{ID: "t1", Head: nums(heads("名称", "金额"), 1), Rows: [][]cell{{{Text: "甲"}, {Text: "1,000", Sort: "1000"}}}},
		{Head: []head{{Text: "a", Filter: true}, {Text: "b", Num: true, Filter: true}}, Rows: [][]cell{
			{{Text: "x", Href: "units/x.html", Class: "bad"}, {Text: "", Class: "warn"}},
			{{Text: "y"}},
			{},
		}},
	}
	for i, s := range hostile {
		tables = append(tables, table{ID: s, Empty: s, Head: []head{{Text: s}, {Text: s, Num: i%2 == 0}},
			Rows: [][]cell{{{Text: s, Href: s, Class: s, Sort: s}, {Text: s, Sort: s}}, {{Text: s, Class: s}, {Href: s}}}})
		tables = append(tables, table{Empty: s})
	}
	for i, tb := range tables {
		want, werr := viaTemplate(t, tb)
		got, gerr := viaGo(tb)
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("table %d: template error %v, HTML error %v", i, werr, gerr)
		}
		if got != want {
			t.Errorf("table %d:\n got %q\nwant %q", i, got, want)
		}
	}
}

func TestTableHTMLTooManyCells(t *testing.T) {
	tb := table{Head: heads("a"), Rows: [][]cell{{{Text: "1"}, {Text: "2"}}}}
	if _, err := viaTemplate(t, tb); err == nil {
		t.Fatal("the reference layout accepts a cell beyond the head; the test is stale")
	}
	if _, err := viaGo(tb); err == nil {
		t.Error("appendHTML accepted a cell beyond the head")
	}
}

func FuzzTableHTML(f *testing.F) {
	for i, s := range hostile {
		f.Add(s, hostile[(i+1)%len(hostile)], hostile[(i+2)%len(hostile)], i%2 == 0, i%3 == 0)
	}
	f.Fuzz(func(t *testing.T, text, href, class string, num, filter bool) {
		tb := table{ID: class, Empty: text, Head: []head{{Text: text, Num: num, Filter: filter}, {Text: href}},
			Rows: [][]cell{{{Text: text, Href: href, Class: class, Sort: text}, {Text: href, Href: text, Sort: class}}}}
		for _, tb := range []table{tb, {Empty: text}} {
			want, werr := viaTemplate(t, tb)
			got, gerr := viaGo(tb)
			if werr != nil || gerr != nil {
				t.Fatalf("template error %v, HTML error %v", werr, gerr)
			}
			if got != want {
				t.Errorf("text %q href %q class %q:\n got %q\nwant %q", text, href, class, got, want)
			}
			if strings.Contains(got, "<script") {
				t.Errorf("a script element got through: %q", got)
			}
		}
	})
}

func TestNavHTMLMatchesTemplate(t *testing.T) {
	ref := template.Must(template.ParseFiles("testdata/nav.tmpl"))
	var items []link
	for i, s := range hostile {
		items = append(items, link{Text: s, Href: hostile[(i+3)%len(hostile)], Active: i%4 == 0})
	}
	for _, nav := range [][]link{nil, {{Text: "总览", Href: "index.html", Active: true}}, items} {
		var want bytes.Buffer
		if err := ref.ExecuteTemplate(&want, "nav", struct{ Nav []link }{nav}); err != nil {
			t.Fatal(err)
		}
		if got := string(navHTML(nav)); got != want.String() {
			t.Errorf("navHTML:\n got %q\nwant %q", got, want.String())
		}
	}
}
