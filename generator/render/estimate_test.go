package render

import (
	"fmt"
	"testing"
)

// A big page's buffer is made from its body's estimate: an estimate far
// below the page grows the buffer again (what it is for is to avoid that),
// one far above holds memory for nothing. The project list's rows are the
// case that matters: a linked name, a code, a unit, figures and a light.
func TestTableEstimateIsNearTheTable(t *testing.T) {
	for _, rows := range []int{100, 5000} {
		tb := table{ID: "projects", Head: heads("项目代码", "项目名称", "填报单位", "项目阶段", "年度计划投资（万元）", "本年累计完成（万元）", "完成率", "灯")}
		for i := range rows {
			tb.Rows = append(tb.Rows, []cell{
				{Text: fmt.Sprintf("2024-3201%04d", i)},
				{Text: "城南片区道路及配套管网提升工程", Href: fmt.Sprintf("projects/2024-3201%04d.html", i)},
				{Text: "建设交运局"}, {Text: "在建"},
				num("12,500", 12500), num("8,000.5", 8000.5), {Text: "64.0%", Class: "warn"}, {Text: "黄灯", Class: "warn"},
			})
		}
		h, err := viaGo(tb)
		if err != nil {
			t.Fatal(err)
		}
		got, size := listBody{Tables: []titledTable{{Table: tb}}}.estimate(), len(h)
		if got < size*3/4 || got > size*2 {
			t.Errorf("%d rows: estimate %d bytes for a table of %d", rows, got, size)
		}
	}
}
