package render

import (
	"fmt"
	"testing"

	"tuijin/generator/diag"
)

// A file's findings are listed up to maxFindingsShown, in cell order, and
// the table then says how many more each file has; the files asked for
// are listed in order, the others not at all.
func TestFindingTable(t *testing.T) {
	var ds diag.List
	add := func(file string, n int) {
		for i := range n {
			ds = append(ds, diag.Diagnostic{Pos: diag.Pos{File: file, Sheet: "项目台账", Row: i + 2, Col: 3}, Severity: diag.Error,
				Rule: "amount.invalid", Message: fmt.Sprintf("第 %d 条", i+1)})
		}
	}
	add("a.xlsx", maxFindingsShown+2)
	add("b.xlsx", 3)
	add("c.xlsx", 1)
	ds.Sort()
	s := &site{in: Input{Diags: ds}}

	for _, tc := range []struct {
		name  string
		files map[string]bool
		rows  int      // findings listed
		more  []string // the rows saying how many more, in order
	}{
		{"a file with more than are shown", map[string]bool{"a.xlsx": true}, maxFindingsShown, []string{"另有 2 条问题未在此列出；请用 tuijin validate 查看完整清单"}},
		{"two files", map[string]bool{"a.xlsx": true, "b.xlsx": true}, maxFindingsShown + 3, []string{"另有 2 条问题未在此列出；请用 tuijin validate 查看完整清单"}},
		{"a file with few", map[string]bool{"c.xlsx": true}, 1, nil},
		{"a file with none", map[string]bool{"d.xlsx": true}, 0, nil},
	} {
		tb := s.findingTable("validation.html", "f", s.findingsOf(tc.files), true)
		var more []string
		rows := 0
		last := ""
		for _, r := range tb.Rows {
			if r[1].Text == "……" {
				more = append(more, r[3].Text)
				continue
			}
			rows++
			if !tc.files[r[0].Text] {
				t.Errorf("%s: lists a finding of %s", tc.name, r[0].Text)
			}
			if r[0].Text < last {
				t.Errorf("%s: %s listed after %s", tc.name, r[0].Text, last)
			}
			last = r[0].Text
		}
		if got, want := rows, tc.rows; got != want {
			t.Errorf("%s: %d findings listed, want %d", tc.name, got, want)
		}
		if fmt.Sprint(more) != fmt.Sprint(tc.more) {
			t.Errorf("%s: %q, want %q", tc.name, more, tc.more)
		}
	}
	// The first ones in cell order are the ones listed.
	tb := s.findingTable("validation.html", "f", s.findingsOf(map[string]bool{"a.xlsx": true}), true)
	if got := tb.Rows[0][3].Text; got != "第 1 条" {
		t.Errorf("first finding listed: %q, want 第 1 条", got)
	}
	// A file's own section leaves its name out, head and rows alike.
	own := s.findingTable("validation.html", "f", s.findingsOf(map[string]bool{"a.xlsx": true}), false)
	if own.Head[0].Text != "位置" || len(own.Rows[0]) != len(own.Head) || own.Rows[0][2].Text != "第 1 条" {
		t.Errorf("without the file: head %v, first row %v", own.Head, own.Rows[0])
	}
}
