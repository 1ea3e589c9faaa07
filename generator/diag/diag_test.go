package diag

import (
	"slices"
	"testing"
)

func TestColumnName(t *testing.T) {
	tests := []struct {
		col  int
		want string
	}{{1, "A"}, {26, "Z"}, {27, "AA"}, {28, "AB"}, {52, "AZ"}, {53, "BA"}, {702, "ZZ"}, {703, "AAA"}, {16384, "XFD"}, {0, ""}}
	for _, tt := range tests {
		if got := ColumnName(tt.col); got != tt.want {
			t.Errorf("ColumnName(%d) = %q, want %q", tt.col, got, tt.want)
		}
	}
}

func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "a.xlsx"}, "a.xlsx"},
		{Pos{File: "a.xlsx", Sheet: "项目台账"}, "a.xlsx 项目台账"},
		{Pos{File: "a.xlsx", Sheet: "项目台账", Row: 7}, "a.xlsx 项目台账!第7行"},
		{Pos{File: "a.xlsx", Sheet: "项目台账", Row: 7, Col: 6}, "a.xlsx 项目台账!F7"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestSortOrder(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "b.xlsx", Sheet: "项目台账", Row: 3, Col: 2}, "w", "")
	l.Errorf(Pos{File: "a.xlsx", Sheet: "资金到位", Row: 2, Col: 1}, "e", "")
	l.Errorf(Pos{File: "a.xlsx", Sheet: "项目台账", Row: 9, Col: 1}, "e", "")
	l.Errorf(Pos{File: "a.xlsx", Sheet: "项目台账", Row: 3, Col: 4}, "e", "")
	l.Errorf(Pos{File: "a.xlsx"}, "file", "")
	l.Warnf(Pos{File: "a.xlsx", Sheet: "项目台账", Row: 3, Col: 4}, "w", "")
	l.Sort()
	var got []string
	for _, d := range l {
		got = append(got, d.Pos.String()+" "+d.Severity.String())
	}
	want := []string{
		"a.xlsx error",
		"a.xlsx 资金到位!A2 error", // sheets compare as strings: 资 (U+8D44) < 项 (U+9879)
		"a.xlsx 项目台账!D3 error",
		"a.xlsx 项目台账!D3 warning",
		"a.xlsx 项目台账!A9 error",
		"b.xlsx 项目台账!B3 warning",
	}
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %q\nwant %q", got, want)
	}
	if e, w := l.Count(); e != 4 || w != 2 {
		t.Errorf("Count() = %d, %d, want 4, 2", e, w)
	}
}

func TestToJSONEmptyIsNotNil(t *testing.T) {
	if got := List(nil).ToJSON(); got == nil {
		t.Error("List(nil).ToJSON() = nil, want empty slice")
	}
}
