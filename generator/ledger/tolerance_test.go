package ledger_test

import (
	"slices"
	"strings"
	"testing"
)

// Every item under "Tolerance" in ledger-v1.md: accepted, not reported.
func TestTolerance(t *testing.T) {
	p2 := proj(map[string]string{"A": "CB-2024-0012", "B": "物流园二期", "E": "储备", "I": "", "L": "", "M": "", "N": "", "O": "", "P": "", "Q": "专项债券", "R": "3000", "S": "2024-02"})
	tests := []struct {
		name  string
		src   string
		codes []string // accepted project codes, in order
		warn  []string // warnings expected (errors never)
	}{
		{"title rows and merged title", "!merge A1:U1\n遂宁高新区2024年重点项目推进台账\n填报单位：发改统计局\t\t\t填报时间：2024年4月3日\n\n" + projHeader + "\n" + proj(nil) + "\n", []string{code1}, nil},
		{"two-row header with group label", "!merge A1:A2\n!merge B1:B2\n!merge C1:C2\n!merge D1:D2\n!merge E1:E2\n!merge F1:F2\n!merge G1:G2\n!merge H1:H2\n!merge I1:I2\n!merge J1:M1\n!merge N1:P1\n" +
			"项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t建设单位\t责任单位\t责任领导\t建设起止年限\t投资情况（万元）\t\t\t\t时间节点\t\t\t拟申报资金渠道\t拟申请金额（万元）\t入库时间\t形象进度\t存在问题\n" +
			"\t\t\t\t\t\t\t\t\t总投资\t截至上年底累计完成投资\t年度计划投资\t本年累计完成投资\t计划开工时间\t实际开工时间\t计划竣工时间\n" + proj(nil) + "\n", []string{code1}, nil},
		{"two-row header in 亿元 group", "!merge J1:M1\n" +
			"项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t建设单位\t责任单位\t责任领导\t建设起止年限\t投资情况（亿元）\t\t\t\t计划开工时间\t实际开工时间\t计划竣工时间\t拟申报资金渠道\t拟申请金额（万元）\t入库时间\t形象进度\t存在问题\n" +
			"\t\t\t\t\t\t\t\t\t总投资\t截至上年底累计完成投资\t年度计划投资\t本年累计完成投资\n" + proj(map[string]string{"J": "#n:5", "K": "1", "L": "2", "M": "0.8"}) + "\n", []string{code1}, nil},
		{"header spacing, line breaks, widths, no unit", "项目\\n代码\t项目名称 \t项目类别\t产业类别\t项目阶段\t建设单位\t责任单位\t责任领导\t建设起止年限\t总投资(万元)\t截至上年底累计完成投资\t年度计划投资（万 元）\t本年累计完成投资\\n（万元）\n" + strings.Join(strings.Split(proj(nil), "\t")[:13], "\t") + "\n", []string{code1}, nil},
		{"columns in any order", reorder(projHeader) + "\n" + reorder(proj(nil)) + "\n", []string{code1}, nil},
		{"序号, blank rows, 合计 before and after, category rows, notes", "序号\t" + projHeader + "\n合计\t\t\t\t\t\t\t\t\t\t#n:50000\n一、国有投资项目\n1\t" + proj(nil) + "\n\n（二）储备项目\n2\t" + p2 + "\n小  计\t\t\t\t\t\t\t\t\t\t#f:SUM(K3:K7)\n\n填报说明：1.金额单位为万元\n2.日期格式为 2024-03-15\n填表人：李四\t联系电话：0825-1234567\n", []string{code1, "CB-2024-0012"}, nil},
		{"totals named at their end, \"-\" for no code, signature lines", projHeader + "\n" + proj(nil) + "\n" + p2 + "\n" +
			"-\t全区合计\t\t\t\t\t\t\t\t#n:53000\n\t本单位小计：\t\t\t\t\t\t\t\t#n:53000\n--\t一、国有投资项目\n" +
			"注：\t-\n填报单位（盖章）：发改统计局\t\t填表人：李四\t审核人：\n经办人：王五\n主要负责人：\n报送日期：2024年4月3日\n单位（盖章）：\n",
			[]string{code1, "CB-2024-0012"}, nil},
		{"signature lines without colons after a note", projHeader + "\n" + proj(nil) + "\n填表人：李四\n经办人\t王五\t复核人\t赵六\n签字\t张三\t日期\t2024.4.3\n", []string{code1}, nil},
		{"category row with subtotals, end marker", projHeader + "\n一、国有投资项目\t\t\t\t\t\t\t\t\t#n:50000\t#n:10000\n" + proj(nil) + "\n以下空白\n\t\t无关内容\n", []string{code1}, nil},
		{"unmerged group label carries its unit to the columns under it", "项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t建设单位\t责任单位\t责任领导\t建设起止年限\t投资情况（亿元）\t\t\t\t计划开工时间\t实际开工时间\t计划竣工时间\n" +
			"\t\t\t\t\t\t\t\t\t总投资\t截至上年底累计完成投资\t年度计划投资\t本年累计完成投资\n" + strings.Join(strings.Split(proj(map[string]string{"J": "5", "K": "1", "L": "2", "M": "0.8"}), "\t")[:16], "\t") + "\n", []string{code1}, nil},
		{"group unit stops at the first column that is not an amount", "项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t建设单位\t责任单位\t责任领导\t建设起止年限\t投资情况（亿元）\n" +
			"\t\t\t\t\t\t\t\t\t总投资\t截止上年底累计完成投资\t年度计划投资\t本年累计完成投资\t计划开工时间\t实际开工时间\t计划竣工时间\t拟申报资金渠道\t拟申请金额\n" + proj(map[string]string{"J": "5", "K": "1", "L": "2", "M": "0.8", "Q": "专项债券", "R": "300", "T": ""}) + "\n", []string{code1}, nil},
		{"亿元 header converts", strings.Replace(projHeader, "总投资（万元）", "总投资（亿元）", 1) + "\n" + proj(map[string]string{"J": "5"}) + "\n", []string{code1}, nil},
		{"repeated header and numbering row", projHeader + "\n1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t17\t18\t19\t20\t21\n" + proj(nil) + "\n" + projHeader + "\n" + p2 + "\n", []string{code1, "CB-2024-0012"}, nil},
		{"unknown column warns once", projHeader + "\t备注说明\n" + proj(nil) + "\t随便\n" + p2 + "\t写点\n", []string{code1, "CB-2024-0012"}, []string{"W sheet.column_unknown 项目台账!V1"}},
		{"unnamed column with data warns once", projHeader + "\n" + proj(nil) + "\t\t多余\n" + p2 + "\t\t多余\n", []string{code1, "CB-2024-0012"}, []string{"W sheet.column_unnamed 项目台账!W2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readBook(t, "== 项目台账 ==\n"+tt.src)
			got := findings(f.Diags)
			if !slices.Equal(got, tt.warn) {
				t.Errorf("findings = %q\nwant %q", got, tt.warn)
			}
			var codes []string
			for _, r := range f.Projects.All() {
				if !r.Rejected {
					codes = append(codes, r.Rec.Code)
				}
			}
			if !slices.Equal(codes, tt.codes) {
				t.Errorf("accepted codes = %q, want %q", codes, tt.codes)
			}
			if f.Projects.Len() > 0 {
				p := f.Projects.Recs[0]
				if got := []string{p.Total.String(), p.DoneBefore.String(), p.PlanYear.String(), p.DoneYear.String()}; !slices.Equal(got, []string{"50000", "10000", "20000", "8000"}) {
					t.Errorf("总投资, 截至上年底, 年度计划, 本年累计 = %q 万元, want 50000 10000 20000 8000", got)
				}
				if p.HasFundAsk && p.FundAsk.String() != "300" {
					t.Errorf("拟申请金额 = %s 万元, want 300 (its own column, outside the 亿元 group)", p.FundAsk)
				}
			}
		})
	}
}

// reorder reverses the columns of a tab-separated line.
func reorder(line string) string {
	cells := strings.Split(line, "\t")
	for len(cells) < 21 {
		cells = append(cells, "")
	}
	slices.Reverse(cells)
	return strings.Join(cells, "\t")
}

func TestWorkbookLevel(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"sheet names folded", "== 项目台账　 ==\n" + projHeader + "\n" + proj(nil) + "\n", nil},
		{"missing projects sheet", "== Sheet1 ==\n", []string{"E sheet.missing"}},
		{"unknown sheet with content warns", "== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n== 节点计划表 ==\n项目代码\n", []string{"W sheet.unknown 节点计划表"}},
		{"empty extra sheets, the template's and the annotation's sheets ignored", "== 校验结果 ==\n级别\t工作表\t单元格\t说明\n== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n== Sheet2 ==\n== 填报说明 ==\n说明文字\n== 选项 ==\n国有投资\n", nil},
		{"missing required column", "== 项目台账 ==\n" + strings.Replace(projHeader, "责任单位", "主管单位", 1) + "\n" + proj(nil) + "\n", []string{"E sheet.column_missing 项目台账!第1行", "W sheet.column_unknown 项目台账!G1"}},
		{"duplicate column", "== 项目台账 ==\n" + projHeader + "\t总投资\n" + proj(nil) + "\t1\n", []string{"E sheet.column_duplicate 项目台账!V1"}},
		{"no header", "== 项目台账 ==\n随便写的\t内容\n", []string{"E sheet.header_missing 项目台账"}},
		{"empty projects", "== 项目台账 ==\n", []string{"W sheet.no_data 项目台账"}},
		{"projects header only", "== 项目台账 ==\n" + projHeader + "\n", []string{"W sheet.no_data 项目台账!第1行"}},
		{"projects header, a total and notes only", "== 项目台账 ==\n" + projHeader + "\n合计\t\t\t\t\t\t\t\t\t#n:0\n填表人：李四\n", []string{"W sheet.no_data 项目台账!第1行"}},
		{"other sheet header only is fine", "== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n== 节点计划 ==\n" + msHeader + "\n", nil},
		{"cover month mismatch", "== 填报信息 ==\n填报单位\t发改统计局\n填报月份\t2024-02\n== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n", []string{"E cover.month_mismatch 填报信息!B2"}},
		{"cover month as date", "== 填报信息 ==\n填报单位：发改统计局\n填报月份\t#d:2024-03-01\n== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n", nil},
		{"duplicate sheet name after folding", "== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n== 项目台账\u3000 ==\n" + projHeader + "\n", []string{"W sheet.duplicate 项目台账"}},
		{"value beyond the width limit", "== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n!cell XFD5 x\n", []string{"E sheet.too_wide 项目台账!XFD5"}},
		{"amount too large", "== 项目台账 ==\n" + projHeader + "\n" + proj(map[string]string{"J": "1e300"}) + "\n", []string{"E amount.too_large 项目台账!J2"}},
		{"cover unit differs", "== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n== 填报信息 ==\n填报单位\t科经商务局\n填报月份\t2024年3月\n", []string{"W cover.unit_mismatch 填报信息!B1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readBook(t, tt.src)
			if got := findings(f.Diags); !slices.Equal(got, tt.want) {
				t.Errorf("findings = %q\nwant %q", got, tt.want)
			}
		})
	}
}
