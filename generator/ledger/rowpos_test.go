package ledger_test

import (
	"reflect"
	"strings"
	"testing"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
)

// Every kind of row File holds gives, as its position, the file, sheet and
// row its record was read from: the findings about it name that cell. A
// kind added to File without its case in Row.Pos fails here.
func TestRowPos(t *testing.T) {
	f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(nil)+"\n"+
		"== 节点计划 ==\n"+msHeader+"\n\n"+code1+"\t主体封顶\t#d:2024-02-28\t#d:2024-02-20\n"+
		"== 资金到位 ==\n"+fundHeader+"\n"+code1+"\t专项债券\t2024年第一批\t2024-01-15\t#n:5000\t#n:3000\t#n:1000\n"+
		"== 要素保障 ==\n"+issueHeader+"\n"+code1+"\t用地\t征地未完成\t建设交运局\t2024-01-10\t2024-06-30\t\n"+
		"== 前期要件 ==\n"+apprHeader+"\n"+code1+"\t建设用地规划许可证\t已办结\t2023-05-01\t地字第1号\n")
	if len(f.Diags) > 0 {
		t.Fatalf("the workbook has findings: %v", f.Diags)
	}
	want := map[string]diag.Pos{
		"Projects":   {File: "发改统计局.xlsx", Sheet: ledger.SheetProjects, Row: 2},
		"Milestones": {File: "发改统计局.xlsx", Sheet: ledger.SheetMilestones, Row: 3}, // below a blank row
		"Funds":      {File: "发改统计局.xlsx", Sheet: ledger.SheetFunds, Row: 2},
		"Issues":     {File: "发改统计局.xlsx", Sheet: ledger.SheetIssues, Row: 2},
		"Approvals":  {File: "发改统计局.xlsx", Sheet: ledger.SheetApprovals, Row: 2},
	}
	v := reflect.ValueOf(f).Elem()
	kinds := 0
	for i := range v.NumField() {
		field := v.Type().Field(i)
		if !strings.HasPrefix(field.Type.Name(), "Rows[") {
			continue
		}
		kinds++
		rows := v.Field(i).Addr()
		if n := rows.MethodByName("Len").Call(nil)[0].Int(); n != 1 {
			t.Errorf("%s: %d rows, want 1", field.Name, n)
			continue
		}
		row := rows.MethodByName("At").Call([]reflect.Value{reflect.ValueOf(0)})[0]
		got := row.MethodByName("Pos").Call(nil)[0].Interface().(diag.Pos)
		if got != want[field.Name] {
			t.Errorf("%s: Pos() = %+v, want %+v", field.Name, got, want[field.Name])
		}
	}
	if kinds != len(want) {
		t.Errorf("File holds %d kinds of row, the test knows %d: add the new kind here", kinds, len(want))
	}
}
