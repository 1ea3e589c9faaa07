package render

import (
	"html/template"
	"strings"
	"testing"
)

// A list page assembled from its layout and its fragments holds each table
// exactly as the table writes it, wherever the layout puts it, and leaves
// no fragment behind, whether the page could be made or not.
func TestLayoutFragments(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	forged := markPrefix + "0\x00"
	tables := []table{
		{ID: "a", Head: heads("名称", "说明"), Rows: [][]cell{{{Text: forged}, {Text: "<b>粗</b>", Href: "projects/x.html"}}}},
		{Empty: forged + "没有数据。"},
		{ID: "b", Head: heads("只有一列"), Rows: [][]cell{{{Text: "甲"}}, {{Text: "乙"}}}},
	}
	for _, text := range hostile {
		tables = append(tables, table{Head: heads(text), Rows: [][]cell{{{Text: text, Href: text, Sort: text}}}})
	}
	body := listBody{Intro: forged}
	for _, tb := range tables {
		body.Tables = append(body.Tables, titledTable{Title: "表", Table: tb})
	}
	f := frame{SiteTitle: "站点", Title: "列表", Path: "projects.html", Body: body}
	page, err := r.frags.executeLayout(nil, r.pages["list"], "base", f)
	if err != nil {
		t.Fatal(err)
	}
	if n := r.frags.pending(); n != 0 {
		t.Errorf("%d fragments left after the page was made", n)
	}
	if strings.Contains(string(page), "\x00") {
		t.Error("a NUL byte reached the page: a mark was not replaced, or a forged one passed")
	}
	rest := string(page)
	for i, tb := range tables {
		h, err := viaGo(tb)
		if err != nil {
			t.Fatal(err)
		}
		at := strings.Index(rest, h)
		if at < 0 {
			t.Fatalf("table %d is not on the page (in its order) as the table writes it:\n%s", i, h)
		}
		rest = rest[at+len(h):]
	}

	// A row with more cells than the table has columns fails the page, as
	// the layout's own indexing once did, and its fragments are released.
	ragged := table{ID: "c", Head: heads("一列"), Rows: [][]cell{{{Text: "甲"}, {Text: "多出的一格"}}}}
	body.Tables = append([]titledTable{{Title: "坏表", Table: ragged}}, body.Tables...)
	f.Body = body
	if _, err := r.frags.executeLayout(nil, r.pages["list"], "base", f); err == nil || !strings.Contains(err.Error(), "beyond its 1 columns") {
		t.Errorf("ragged table: error %v, want the row's extra cell named", err)
	}
	if n := r.frags.pending(); n != 0 {
		t.Errorf("%d fragments left after a page failed", n)
	}
}

func TestAssemble(t *testing.T) {
	fs := new(fragments)
	m1 := fs.spliceJS(template.JS(`[{"a":1}]`))
	m2 := fs.splice(table{Empty: "空"})
	cases := []struct {
		name, out, want string
		fails           bool
	}{
		{name: "no marks", out: "<p>正文</p>", want: "<p>正文</p>"},
		{name: "two marks", out: "<script>" + string(m1) + "</script>" + string(m2) + "尾", want: `<script>[{"a":1}]</script><p class="empty">空</p>尾`},
		{name: "unknown mark", out: "前" + markPrefix + "999999999\x00后", fails: true},
		{name: "marks in a row", out: fs.mark(jsText("x")) + fs.mark(jsText("y")), want: "xy"},
		{name: "a mark used twice", out: strings.Repeat(fs.mark(jsText("z")), 2), fails: true},
		{name: "not a number", out: markPrefix + "x\x00", fails: true},
		{name: "unterminated", out: markPrefix + "12", fails: true},
	}
	for _, c := range cases {
		got, err := fs.assemble(nil, []byte(c.out))
		if c.fails {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if n := fs.pending(); n != 0 {
		t.Errorf("%d fragments left", n)
	}
}
