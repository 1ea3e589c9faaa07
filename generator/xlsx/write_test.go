package xlsx

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// longList is a dropdown too long for Excel's inline limit of 255
// characters, so Write must put it on the hidden list sheet.
var longList = func() []string {
	var l []string
	for i := range 40 {
		l = append(l, "很长的选项名称第"+string(rune('A'+i%26))+"项"+strings.Repeat("长", i%3))
	}
	return l
}()

func sampleBook() Book {
	hint := &Hint{Title: "总投资（万元）", Text: "项目总投资。\n单位：万元。\n【必填】"}
	return Book{
		Active: "数据",
		Sheets: []Sheet{
			{
				Name: "说明",
				Rows: [][]Cell{
					{{Value: Text("填报说明"), Style: Style{Bold: true, Size: 16}}},
					{{Value: Text("第二行"), Style: Style{Wrap: true}}},
					{{Value: Text(strings.Repeat("很长的说明文字", 20)), Style: Style{Wrap: true}}}, // 140 wide characters
					{{Value: Text(strings.Repeat("不换行的文字", 20))}},
				},
				Columns: []Column{{Width: 30}},
				Merges:  []string{"A1:C1"},
				Heights: map[int]float64{2: 40},
			},
			{
				Name:       "数据",
				FreezeRows: 1,
				CheckFrom:  2,
				CheckTo:    11,
				Rows: [][]Cell{
					{
						{Value: Text("类别"), Style: Style{Bold: true, Fill: "FCE4D6", Border: true}, Hint: &Hint{Title: "类别", Text: "从下拉列表中选择。"}},
						{Value: Text("长列表")},
						{Value: Text("日期")},
						{Value: Text("总投资（万元）"), Hint: hint},
						{Value: Text("下达金额")},
						{Value: Text("名称")},
						{Value: Text("代码")},
						{Value: Text("链接")},
					},
					{
						{Value: Text("国有投资")},
						{Value: Text(longList[3])},
						{Value: Date(2024, 3, 15)},
						{Value: Number("12500.1234")},
						{Value: Number("-20")},
						{Value: Text("=SUM(A1)")}, // text, never a formula
						{Value: Text("0012")},
						{Value: Text("去说明"), Link: SheetRef("说明", "A1")},
					},
				},
				Columns: []Column{
					{Width: 12, Check: &Check{Kind: CheckList, List: []string{"国有投资", "社会投资", "运营企业"}, Message: "只能从下拉列表中选择"}},
					{Width: 20, Check: &Check{Kind: CheckList, List: longList, Alert: AlertWarn, Message: "请从列表中选择"}},
					{Width: 12, Style: Style{NumFmt: "yyyy-mm-dd"}, Check: &Check{Kind: CheckDate, Min: "1990-01-01", Max: "2100-12-31", Message: "请填写日期"}},
					{Width: 14, Style: Style{NumFmt: "#,##0.00"}, Check: &Check{Kind: CheckDecimal, Min: "0", Message: "不小于 0"}, Hint: hint},
					{Width: 14, Check: &Check{Kind: CheckDecimal, Min: "0", MinExclusive: true, Message: "大于 0"}},
					{Width: 30, Style: Style{NumFmt: "@"}, Check: &Check{Kind: CheckTextLength, Max: "100", Message: "最多 100 个字"}},
					{Width: 26, Check: &Check{Kind: CheckList, ListRange: SheetRef("它's 表", "$A$2:$A$11"), Alert: AlertNone}},
				},
			},
			{Name: "它's 表", Rows: [][]Cell{{{Value: Text("代码")}}, {{Value: Text("CB-1")}}}},
		},
	}
}

func TestWriteValidations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := Write(path, sampleBook()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dvs, err := f.GetDataValidations("数据")
	if err != nil {
		t.Fatal(err)
	}
	type dvView struct{ sqref, typ, op, f1, f2, errStyle, prompt string }
	var got []dvView
	for _, dv := range dvs {
		v := dvView{sqref: dv.Sqref, typ: dv.Type, op: dv.Operator, f1: dv.Formula1, f2: dv.Formula2}
		if dv.ShowErrorMessage && dv.ErrorStyle != nil {
			v.errStyle = *dv.ErrorStyle
		}
		if dv.ShowInputMessage && dv.Prompt != nil {
			v.prompt = *dv.PromptTitle
		}
		got = append(got, v)
	}
	want := []dvView{
		{sqref: "A1", prompt: "类别"},
		{sqref: "D1", prompt: "总投资（万元）"},
		{sqref: "A2:A11", typ: "list", f1: `"国有投资,社会投资,运营企业"`, errStyle: "stop"},
		{sqref: "B2:B11", typ: "list", f1: "'选项'!$A$1:$A$40", errStyle: "warning"},
		{sqref: "C2:C11", typ: "date", op: "between", f1: "32874", f2: "73415", errStyle: "stop"},
		{sqref: "D2:D11", typ: "decimal", op: "greaterThanOrEqual", f1: "0", errStyle: "stop", prompt: "总投资（万元）"},
		{sqref: "E2:E11", typ: "decimal", op: "greaterThan", f1: "0", errStyle: "stop"},
		{sqref: "F2:F11", typ: "textLength", op: "lessThanOrEqual", f1: "100", errStyle: "stop"},
		{sqref: "G2:G11", typ: "list", f1: "'它''s 表'!$A$2:$A$11"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("data validations:\n got %v\nwant %v", got, want)
	}

	// The long list went to the hidden list sheet, in order.
	if v, _ := f.GetSheetVisible("选项"); v {
		t.Error("list sheet 选项 is visible, want hidden")
	}
	cols, err := f.GetCols("选项")
	if err != nil || len(cols) != 1 || !slices.Equal(cols[0], longList) {
		t.Errorf("list sheet column A = %v (%v), want the long list", cols, err)
	}

	// Values come back as written: numbers exactly, dates as day serials,
	// text that looks like a formula or a number as text.
	for _, c := range []struct{ cell, want string }{
		{"C2", "45366"}, {"D2", "12500.1234"}, {"E2", "-20"}, {"F2", "=SUM(A1)"}, {"G2", "0012"},
	} {
		got, err := f.GetCellValue("数据", c.cell, excelize.Options{RawCellValue: true})
		if err != nil || got != c.want {
			t.Errorf("数据!%s = %q (%v), want %q", c.cell, got, err, c.want)
		}
	}
	if formula, _ := f.GetCellFormula("数据", "F2"); formula != "" {
		t.Errorf("数据!F2 has formula %q, want plain text", formula)
	}
	for _, c := range []struct{ cell, fmt string }{{"C2", "yyyy-mm-dd"}, {"D2", "#,##0.00"}} {
		id, _ := f.GetCellStyle("数据", c.cell)
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != c.fmt {
			t.Errorf("数据!%s number format = %v (%v), want %q (the column's)", c.cell, st, err, c.fmt)
		}
	}
	if ok, link, _ := f.GetCellHyperLink("数据", "H2"); !ok || link != "'说明'!A1" {
		t.Errorf("数据!H2 link = %v %q, want '说明'!A1", ok, link)
	}
	panes, err := f.GetPanes("数据")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v (%v), want the header row frozen", panes, err)
	}
	if w, _ := f.GetColWidth("数据", "F"); w != 30 {
		t.Errorf("column F width = %v, want 30", w)
	}
	// Explicit heights win; wrapped text gets room for its lines (280
	// columns of text in a 30-wide column: 11 lines); other rows keep the
	// default.
	for _, c := range []struct {
		row  int
		want float64
	}{{2, 40}, {3, 11*11*1.35 + 4}, {4, 15}} {
		if h, _ := f.GetRowHeight("说明", c.row); math.Abs(h-c.want) > 0.01 {
			t.Errorf("说明 row %d height = %v, want %v", c.row, h, c.want)
		}
	}
	if merges, _ := f.GetMergeCells("说明"); len(merges) != 1 || merges[0].GetStartAxis() != "A1" || merges[0].GetEndAxis() != "C1" {
		t.Errorf("说明 merges = %v, want A1:C1", merges)
	}
	if got := f.GetSheetName(f.GetActiveSheetIndex()); got != "数据" {
		t.Errorf("active sheet = %q, want 数据", got)
	}

	// The package's own front door accepts what it wrote.
	wb, err := Open(path, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got, want := wb.SheetNames(), []string{"说明", "数据", "它's 表", "选项"}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
}

func TestWriteRefuses(t *testing.T) {
	long := strings.Repeat("长", 256)
	cases := []struct {
		name string
		book Book
		want string
	}{
		{"no sheets", Book{}, "at least one sheet"},
		{"hint too long", Book{Sheets: []Sheet{{Name: "a", Rows: [][]Cell{{{Hint: &Hint{Title: "t", Text: long}}}}}}}, "hint text is 256 characters"},
		{"hint title too long", Book{Sheets: []Sheet{{Name: "a", Rows: [][]Cell{{{Hint: &Hint{Title: strings.Repeat("题", 33)}}}}}}}, "hint title is 33 characters"},
		{"message too long", Book{Sheets: []Sheet{{Name: "a", CheckFrom: 2, CheckTo: 3,
			Columns: []Column{{Check: &Check{Kind: CheckDecimal, Min: "0", Message: long[:226*3]}}}}}}, "error message is 226 characters"},
		{"bad number", Book{Sheets: []Sheet{{Name: "a", Rows: [][]Cell{{{Value: Number("约3000")}}}}}}, `number "约3000"`},
		{"bad date bound", Book{Sheets: []Sheet{{Name: "a", CheckFrom: 2, CheckTo: 3,
			Columns: []Column{{Check: &Check{Kind: CheckDate, Min: "1990", Max: "2100-12-31"}}}}}}, "date check"},
		{"empty list", Book{Sheets: []Sheet{{Name: "a", CheckFrom: 2, CheckTo: 3,
			Columns: []Column{{Check: &Check{Kind: CheckList}}}}}}, "list check without values"},
		{"unknown active", Book{Active: "b", Sheets: []Sheet{{Name: "a"}}}, `active sheet "b"`},
		{"bad sheet name", Book{Sheets: []Sheet{{Name: "a/b"}}}, `sheet "a/b"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "book.xlsx")
			err := Write(path, c.book)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Write = %v, want an error containing %q", err, c.want)
			}
			if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "*")); len(matches) != 0 {
				t.Errorf("a failed Write left %v behind", matches)
			}
		})
	}
}

func TestFill(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "blank.xlsx")
	if err := Write(src, sampleBook()); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "filled.xlsx")
	err := Fill(src, dst, []Edit{
		{Sheet: "数据", Cell: "C3", Value: Date(2024, 2, 29)},
		{Sheet: "数据", Cell: "D3", Value: Number("3000.5")},
		{Sheet: "数据", Cell: "A3", Value: Text("社会投资")},
		{Sheet: "数据", Cell: "D2", Value: Value{}}, // cleared
	})
	if err != nil {
		t.Fatal(err)
	}
	wb, err := Open(dst, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	var got [][]string
	if err := wb.Rows("数据", func(r Row) error { got = append(got, r.Cells); return nil }); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"类别", "长列表", "日期", "总投资（万元）", "下达金额", "名称", "代码", "链接"},
		{"国有投资", longList[3], "45366", "", "-20", "=SUM(A1)", "0012", "去说明"},
		{"社会投资", "", "45351", "3000.5"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("rows after Fill:\n got %q\nwant %q", got, want)
	}
	// A date typed into the date column takes the column's format.
	f, err := wb.excelize()
	if err != nil {
		t.Fatal(err)
	}
	id, _ := f.GetCellStyle("数据", "C3")
	if st, err := f.GetStyle(id); err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != "yyyy-mm-dd" {
		t.Errorf("数据!C3 style = %+v (%v), want the column's yyyy-mm-dd", st, err)
	}
	if err := Fill(src, dst, []Edit{{Sheet: "没有", Cell: "A1", Value: Text("x")}}); err == nil {
		t.Error("Fill on a missing sheet succeeded")
	}
}
