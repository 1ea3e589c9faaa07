package ledger_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

// projHeader is a 项目台账 header with every column, A to U.
const projHeader = "项目代码\t项目名称\t项目类别\t产业类别\t项目阶段\t建设单位\t责任单位\t责任领导\t建设起止年限\t总投资（万元）\t截至上年底累计完成投资（万元）\t年度计划投资（万元）\t本年累计完成投资（万元）\t计划开工时间\t实际开工时间\t计划竣工时间\t拟申报资金渠道\t拟申请金额（万元）\t入库时间\t形象进度\t存在问题"

// validProject is a valid 续建 row; row() changes cells by column letter.
var validProject = []string{"2401-510900-04-01-521743", "电子信息产业园一期", "国有投资", "电子信息", "续建", "高新建设公司", "发改统计局", "张三",
	"2023-2025", "#n:50000", "#n:10000", "#n:20000", "#n:8000", "#d:2023-03-01", "#d:2023-04-15", "#d:2025-12-31", "", "", "", "主体施工", ""}

func row(base []string, set map[string]string) string {
	cells := slices.Clone(base)
	for col, v := range set {
		i := int(col[0] - 'A')
		for len(cells) <= i {
			cells = append(cells, "")
		}
		cells[i] = v
	}
	return strings.Join(cells, "\t")
}

func proj(set map[string]string) string { return row(validProject, set) }

const msHeader = "项目代码\t节点名称\t计划完成时间\t实际完成时间\t责任单位\t责任人\t备注"
const fundHeader = "项目代码\t资金类型\t批次\t下达日期\t下达金额（万元）\t到位金额（万元）\t已支出金额（万元）"
const issueHeader = "项目代码\t问题类型\t问题描述\t责任单位\t提出日期\t要求办结时间\t办结日期"
const apprHeader = "项目代码\t要件名称\t办理状态\t办结日期\t批复文号"

const code1 = "2401-510900-04-01-521743"

// readBook writes one workbook from the sheet language and reads it as the
// file 发改统计局.xlsx of period 2024-03, applying the period rules to it alone.
func readBook(t *testing.T, src string) *ledger.File {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "发改统计局.xlsx")
	if err := xlsxtest.Workbook(p, []byte(src)); err != nil {
		t.Fatal(err)
	}
	f := ledger.ReadFile(p, "发改统计局.xlsx", ledger.Options{Period: model.Period{Year: 2024, Month: 3}})
	ledger.Check([]*ledger.File{f}, nil)
	return f
}

// message returns the message of the first finding of rule in f, failing
// the test when there is none.
func message(t *testing.T, f *ledger.File, rule string) string {
	t.Helper()
	for _, d := range f.Diags {
		if d.Rule == rule {
			return d.Message
		}
	}
	t.Fatalf("no %s in %q", rule, findings(f.Diags))
	return ""
}

// findings prints findings compactly: "E amount.negative 项目台账!J2".
func findings(l diag.List) []string {
	l = slices.Clone(l)
	l.Sort()
	var out []string
	for _, d := range l {
		p := d.Pos
		p.File = ""
		out = append(out, strings.TrimSpace(strings.ToUpper(d.Severity.String()[:1])+" "+d.Rule+" "+p.String()))
		if r, ok := ledger.LookupRule(d.Rule); !ok || r.Severity != d.Severity {
			panic("finding with unregistered rule or wrong severity: " + d.String() + " [" + d.Rule + "]")
		}
	}
	return out
}

func TestProjectRules(t *testing.T) {
	tests := []struct {
		name string
		row  map[string]string
		want []string
	}{
		{"valid", nil, nil},
		{"negative total", map[string]string{"J": "-20"}, []string{"E amount.negative 项目台账!J2"}},
		{"total not a number", map[string]string{"J": "约3000"}, []string{"E amount.invalid 项目台账!J2"}},
		{"total missing", map[string]string{"J": ""}, []string{"E field.required 项目台账!J2"}},
		{"total dash is blank, still required", map[string]string{"J": "—"}, []string{"E field.required 项目台账!J2"}},
		{"optional dash is blank", map[string]string{"K": "—", "R": "/", "S": "无", "Q": "——", "N": "/"}, nil},
		{"required dash is missing", map[string]string{"E": "—"}, []string{"E field.required 项目台账!E2"}},
		{"code missing", map[string]string{"A": ""}, []string{"E field.required 项目台账!A2"}},
		{"code bad chars", map[string]string{"A": "项目1"}, []string{"E code.invalid 项目台账!A2"}},
		{"code too long", map[string]string{"A": strings.Repeat("A", 41)}, []string{"E code.invalid 项目台账!A2"}},
		{"code scientific", map[string]string{"A": "#n:2.4015109E+15"}, []string{"E code.invalid 项目台账!A2"}},
		{"code full width ok", map[string]string{"A": "２４０１－５１０９００－０４－０１－５２１７４３"}, nil},
		{"local code", map[string]string{"A": "CB-2024-0012"}, nil},
		{"legacy year code", map[string]string{"A": "2018-510900-04-01-521743"}, nil},
		{"bad time code", map[string]string{"A": "2413-510900-04-01-521743"}, []string{"W code.national_time 项目台账!A2"}},
		{"name too long", map[string]string{"B": strings.Repeat("长", 101)}, []string{"E text.too_long 项目台账!B2"}},
		{"name 100 ok", map[string]string{"B": strings.Repeat("长", 100)}, nil},
		{"bad category", map[string]string{"C": "政府投资"}, []string{"E enum.invalid 项目台账!C2"}},
		{"bad industry", map[string]string{"D": "新能源"}, []string{"E enum.invalid 项目台账!D2"}},
		{"bad stage", map[string]string{"E": "在建"}, []string{"E enum.invalid 项目台账!E2"}},
		{"enum spaces and width", map[string]string{"C": " 国有投资\u00a0", "E": "续　建"}, nil},
		{"responsible missing", map[string]string{"G": ""}, []string{"E field.required 项目台账!G2"}},
		{"years missing for 续建", map[string]string{"I": ""}, []string{"E field.required 项目台账!I2"}},
		{"years missing for 储备 ok", map[string]string{"I": "", "E": "储备", "L": "", "M": "", "O": ""}, nil},
		{"years bad", map[string]string{"I": "三年"}, []string{"E years.invalid 项目台账!I2"}},
		{"years order", map[string]string{"I": "2025-2023"}, []string{"E years.order 项目台账!I2"}},
		{"years spellings", map[string]string{"I": "2023年—2025年"}, nil},
		{"plan missing for 新开工", map[string]string{"E": "新开工", "L": ""}, []string{"E field.required 项目台账!L2"}},
		{"done missing for 竣工", map[string]string{"E": "竣工", "M": ""}, []string{"E field.required 项目台账!M2"}},
		{"plan not needed for 前期", map[string]string{"E": "前期", "L": "", "M": "", "O": ""}, nil},
		{"over total", map[string]string{"K": "#n:45000", "M": "#n:5001"}, []string{"E investment.over_total 项目台账!M2"}},
		{"over total within 0.5", map[string]string{"K": "#n:45000", "M": "#n:5000.5"}, nil},
		{"planned start after end", map[string]string{"N": "2026-01", "P": "2025-12-31"}, []string{"E date.order 项目台账!N2"}},
		{"same month start and end ok", map[string]string{"N": "2025-12", "P": "2025-12-15"}, nil},
		{"actual start in future", map[string]string{"O": "2024-04-01"}, []string{"E date.after_period 项目台账!O2"}},
		{"actual start month of period ok", map[string]string{"O": "2024-03"}, nil},
		{"bad date", map[string]string{"N": "2024-02-30"}, []string{"E date.invalid 项目台账!N2"}},
		{"date spellings", map[string]string{"N": "2023.3.1", "O": "2023年4月15日", "P": "2025/12"}, nil},
		{"date serial in text", map[string]string{"N": "45366", "P": "#n:46022"}, nil},
		{"2025.1 may be 2025.10 cut short", map[string]string{"P": "#n:2025.1"}, []string{"W date.month_ambiguous 项目台账!P2"}},
		{"2025.1 as text too", map[string]string{"P": "2025.1"}, []string{"W date.month_ambiguous 项目台账!P2"}},
		{"2025.11 is November", map[string]string{"P": "#n:2025.11"}, nil},
		{"code only dashes is no code", map[string]string{"A": "--"}, []string{"E field.required 项目台账!A2"}},
		{"reserve in future", map[string]string{"S": "2024-05-01"}, []string{"E date.after_period 项目台账!S2"}},
		{"bad channel", map[string]string{"Q": "国债"}, []string{"E enum.invalid 项目台账!Q2"}},
		{"negative ask", map[string]string{"R": "-1"}, []string{"E amount.negative 项目台账!R2"}},
		{"formula without result", map[string]string{"M": "#f:K2*0.8"}, []string{"E cell.formula_no_cache 项目台账!M2"}},
		{"formula with result", map[string]string{"M": "#f:K2*0.8=8000"}, nil},
		{"formula error", map[string]string{"M": "#f:K2/0=#DIV/0!"}, []string{"E cell.error_value 项目台账!M2"}},
		{"amount text forms", map[string]string{"J": "５０，０００", "K": " 10,000 ", "L": "2亿元", "M": "8000万元"}, nil},
		{"space inside a number", map[string]string{"J": "5 0000"}, []string{"E amount.invalid 项目台账!J2"}},
		{"元 in a 万元 column", map[string]string{"J": "#n:600000000"}, []string{"W amount.implausible 项目台账!J2"}},
		{"999 亿元 is a big project, no more", map[string]string{"J": "#n:9990000"}, nil},
		{"full-width space inside a number", map[string]string{"K": "1　0000"}, []string{"E amount.invalid 项目台账!K2"}},
		{"spaces around a number and before its unit", map[string]string{"J": " 50000 万元 ", "K": "1 亿"}, nil},
		{"several errors collected", map[string]string{"C": "x", "J": "-1", "O": "2030-01-01"}, []string{
			"E enum.invalid 项目台账!C2", "E amount.negative 项目台账!J2", "E date.after_period 项目台账!O2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(tt.row)+"\n")
			got := findings(f.Diags)
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings = %q\nwant %q", got, tt.want)
			}
			wantRejected := slices.ContainsFunc(tt.want, func(s string) bool { return strings.HasPrefix(s, "E ") })
			if f.Projects.Len() != 1 || f.Projects.Meta[0].Rejected != wantRejected {
				t.Errorf("projects = %d, rejected = %v, want 1 row rejected=%v", f.Projects.Len(), f.Projects.Len() == 1 && f.Projects.Meta[0].Rejected, wantRejected)
			}
		})
	}
}

func TestProjectValues(t *testing.T) {
	f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(map[string]string{
		"A": " ２４０１－５１０９００－０４－０１－５２１７４３ ", "B": "\u200b电子信息产业园一期\u00a0", "J": "5亿元", "K": "12,500.5", "L": "#n:20000", "M": "8000万元",
		"N": "2023年3月", "O": "#d:2023-04-15@yyyy\"年\"m\"月\"d\"日\"", "I": "2023～2025",
	})+"\n")
	if len(f.Diags) != 0 {
		t.Fatalf("unexpected findings %q", findings(f.Diags))
	}
	p := f.Projects.Recs[0]
	got := []string{p.Code, p.Name, p.Total.String(), p.DoneBefore.String(), p.PlanYear.String(), p.DoneYear.String(), p.PlannedStart.String(), p.ActualStart.String(), p.Unit}
	want := []string{code1, "电子信息产业园一期", "50000", "12500.5", "20000", "8000", "2023-03", "2023-04-15", "发改统计局"}
	if !slices.Equal(got, want) {
		t.Errorf("project = %q\nwant %q", got, want)
	}
	if p.YearFrom != 2023 || p.YearTo != 2025 || !p.HasPlan || !p.HasDone {
		t.Errorf("years %d-%d hasPlan %v hasDone %v", p.YearFrom, p.YearTo, p.HasPlan, p.HasDone)
	}
	if s := f.Projects.Recs[0].Source; s.Sheet != "项目台账" || s.Row != 2 || s.File != "发改统计局.xlsx" {
		t.Errorf("source = %+v", s)
	}
}

func TestOtherSheetRules(t *testing.T) {
	book := func(sheet, header, rows string) string {
		return "== 项目台账 ==\n" + projHeader + "\n" + proj(nil) + "\n== " + sheet + " ==\n" + header + "\n" + rows
	}
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"milestone ok", book("节点计划", msHeader, code1+"\t主体封顶\t#d:2024-02-28\t#d:2024-02-20\n"), nil},
		{"milestone unknown project", book("节点计划", msHeader, "CB-9\t主体封顶\t2024-02-28\n"), []string{"E ref.project_unknown 节点计划!A2"}},
		{"milestone missing name and date", book("节点计划", msHeader, code1+"\t\t\n"), []string{"E field.required 节点计划!B2", "E field.required 节点计划!C2"}},
		{"milestone done in future", book("节点计划", msHeader, code1+"\t竣工验收\t2024-06\t2024-04-02\n"), []string{"E date.after_period 节点计划!D2"}},
		{"fund ok", book("资金到位", fundHeader, code1+"\t专项债券\t2024年第一批\t2024-01-15\t#n:5000\t#n:3000\t#n:1000\n"), nil},
		{"fund zero allocated", book("资金到位", fundHeader, code1+"\t专项债券\t\t2024-01-15\t0\t\t\n"), []string{"E amount.not_positive 资金到位!E2"}},
		{"fund received over allocated", book("资金到位", fundHeader, code1+"\t中央预算内投资\t\t2024-01-15\t100\t120\t\n"), []string{"E fund.received_over_allocated 资金到位!F2"}},
		{"fund spent over received", book("资金到位", fundHeader, code1+"\t超长期特别国债\t\t2024-01-15\t100\t50\t60\n"), []string{"E fund.spent_over_received 资金到位!G2"}},
		{"fund spent with blank received", book("资金到位", fundHeader, code1+"\t其他上级资金\t\t2024-01-15\t100\t\t1\n"), []string{"E fund.spent_over_received 资金到位!G2"}},
		{"fund bad type and future date", book("资金到位", fundHeader, code1+"\t国债\t\t2024-05-01\t100\t\t\n"), []string{"E enum.invalid 资金到位!B2", "E date.after_period 资金到位!D2"}},
		{"issue ok", book("要素保障", issueHeader, code1+"\t征地拆迁\t剩余 3 户未签约\t自然资源局\t2024-01-10\t2024-04-30\t\n"), nil},
		{"issue due before raised", book("要素保障", issueHeader, code1+"\t用地\t指标不足\t自然资源局\t2024-02-10\t2024-01-30\t\n"), []string{"E issue.due_before_raised 要素保障!F2"}},
		{"issue closed before raised", book("要素保障", issueHeader, code1+"\t用地\t指标不足\t自然资源局\t2024-02-10\t2024-03-30\t2024-02-01\n"), []string{"E issue.closed_before_raised 要素保障!G2"}},
		{"issue closed in future", book("要素保障", issueHeader, code1+"\t资金\t缺口\t财政局\t2024-02-10\t2024-03-30\t2024-04-01\n"), []string{"E date.after_period 要素保障!G2"}},
		{"issue missing fields", book("要素保障", issueHeader, code1+"\t其它\t\t\t\t\t\n"), []string{"E enum.invalid 要素保障!B2", "E field.required 要素保障!C2", "E field.required 要素保障!D2", "E field.required 要素保障!E2", "E field.required 要素保障!F2"}},
		{"approval ok", book("前期要件", apprHeader, code1+"\t施工许可证\t已办结\t2023-04-01\t遂高建许〔2023〕12号\n"+code1+"\t不动产权证\t办理中\t\t\n"), nil},
		{"approval done without date", book("前期要件", apprHeader, code1+"\t施工许可证\t已办结\t\t\n"), []string{"E field.required 前期要件!D2"}},
		{"approval bad doc and state", book("前期要件", apprHeader, code1+"\t施工证\t完成\t\t\n"), []string{"E enum.invalid 前期要件!B2", "E enum.invalid 前期要件!C2"}},
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

func TestReferenceToRejectedProject(t *testing.T) {
	f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(map[string]string{"J": "-5"})+"\n== 节点计划 ==\n"+msHeader+"\n"+code1+"\t主体封顶\t2024-02-28\n")
	want := []string{"E ref.project_rejected 节点计划!A2", "E amount.negative 项目台账!J2"}
	if got := findings(f.Diags); !slices.Equal(got, want) {
		t.Errorf("findings = %q\nwant %q", got, want)
	}
	if !f.Milestones.Meta[0].Rejected {
		t.Error("milestone of a rejected project was accepted")
	}
	// The referring row names the project row's cause.
	if msg := message(t, f, "ref.project_rejected"); !strings.Contains(msg, "（原因：金额为负数）") {
		t.Errorf("message does not name the cause: %s", msg)
	}
}

func TestDuplicateCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := xlsxtest.Workbook(p, []byte(src)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("发改统计局.xlsx", "== 项目台账 ==\n"+projHeader+"\n"+proj(nil)+"\n"+proj(map[string]string{"A": "CB-1"})+"\n"+proj(map[string]string{"A": "cb-1"})+"\n")
	b := write("科经商务局.xlsx", "== 项目台账 ==\n标题\n"+projHeader+"\n"+proj(map[string]string{"G": "科经商务局"})+"\n")
	opt := ledger.Options{Period: model.Period{Year: 2024, Month: 3}}
	files := []*ledger.File{ledger.ReadFile(a, "发改统计局.xlsx", opt), ledger.ReadFile(b, "科经商务局.xlsx", opt)}
	ledger.Check(files, nil)
	var all diag.List
	for _, f := range files {
		all = append(all, f.Diags...)
	}
	all.Sort()
	var got []string
	for _, d := range all {
		got = append(got, d.String())
	}
	want := []string{
		"发改统计局.xlsx 项目台账!A2：项目代码“" + code1 + "”重复，还出现在 科经商务局.xlsx 项目台账!A3；同一项目在本期只能填报一行，请删除重复行或改正代码",
		"发改统计局.xlsx 项目台账!A3：项目代码“CB-1”重复，还出现在 发改统计局.xlsx 项目台账!A4；同一项目在本期只能填报一行，请删除重复行或改正代码",
		"发改统计局.xlsx 项目台账!A4：项目代码“CB-1”重复，还出现在 发改统计局.xlsx 项目台账!A3；同一项目在本期只能填报一行，请删除重复行或改正代码",
		"科经商务局.xlsx 项目台账!A3：项目代码“" + code1 + "”重复，还出现在 发改统计局.xlsx 项目台账!A2；同一项目在本期只能填报一行，请删除重复行或改正代码",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := len(ledger.Accepted(opt.Period, files).Projects); n != 0 {
		t.Errorf("accepted %d projects, want 0 (every duplicated row is rejected)", n)
	}
}

func TestYearToDateDecrease(t *testing.T) {
	f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(nil)+"\n")
	prev := &model.Ledger{Period: model.Period{Year: 2024, Month: 2}, Projects: []model.Project{{Code: code1, DoneYear: 9000 * model.AmountScale, HasDone: true}}}
	ledger.Check([]*ledger.File{f}, prev)
	if got, want := findings(f.Diags), []string{"W history.ytd_decrease 项目台账!M2"}; !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	if f.Projects.Meta[0].Rejected {
		t.Error("a warning rejected the row")
	}
	// A new year starts again from zero: no warning across years.
	g := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(nil)+"\n")
	g.Period = model.Period{Year: 2024, Month: 1}
	ledger.Check([]*ledger.File{g}, &model.Ledger{Period: model.Period{Year: 2023, Month: 12}, Projects: prev.Projects})
	if len(g.Diags) != 0 {
		t.Errorf("January compared with December: %q", findings(g.Diags))
	}
}

// A row filled in as a project is read as one, wherever it stands: a note
// above the data or between its rows does not make the projects below it
// without a proper code vanish, and neither do formulas whose results
// were never saved. Each such row gets its error.
func TestRowsThatLookSkippableAreRead(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"note above the data", projHeader + "\n注：金额单位为万元\n" + proj(map[string]string{"A": "待赋码"}) + "\n" + proj(map[string]string{"A": ""}) + "\n",
			[]string{"E code.invalid 项目台账!A3", "E field.required 项目台账!A4"}},
		{"note between projects", projHeader + "\n" + proj(nil) + "\n说明：以下为新增项目\n" + proj(map[string]string{"A": "CB-2024-0012号"}) + "\n" + proj(map[string]string{"A": "-"}) + "\n填表人：李四\n",
			[]string{"E code.invalid 项目台账!A4", "E field.required 项目台账!A5"}},
		{"formulas without results in every cell", projHeader + "\n" + proj(nil) + "\n#f:底稿!A2\t#f:底稿!B2\t#f:底稿!C2\n",
			[]string{"E cell.formula_no_cache 项目台账!A3", "E cell.formula_no_cache 项目台账!B3", "E cell.formula_no_cache 项目台账!C3"}},
		{"a short name ending in 合计 beside a valid 项目类别", projHeader + "\n" + proj(nil) + "\n" + proj(map[string]string{"A": "", "B": "园区热电联产合计"}) + "\n",
			[]string{"E field.required 项目台账!A3"}},
		{"signature-like name with a project's values", projHeader + "\n" + proj(nil) + "\n" + proj(map[string]string{"A": "", "B": "日期：2024年新建项目"}) + "\n",
			[]string{"E field.required 项目台账!A3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readBook(t, "== 项目台账 ==\n"+tt.src)
			var got []string
			for _, s := range findings(f.Diags) {
				if strings.Contains(s, "code.invalid") || strings.Contains(s, "field.required 项目台账!A") || strings.Contains(s, "formula_no_cache") {
					got = append(got, s)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings = %q\nwant (among others) %q\nall: %q", got, tt.want, findings(f.Diags))
			}
		})
	}
}

// 2024.10 typed into a number cell of 填报信息 is kept by Excel as 2024.1:
// in an October folder it is October, not a month mismatch.
func TestCoverMonthCutShort(t *testing.T) {
	for _, tt := range []struct {
		folder model.Period
		month  string
		want   []string
	}{
		{model.Period{Year: 2024, Month: 10}, "#n:2024.1", nil},
		{model.Period{Year: 2024, Month: 10}, "2024.10", nil},
		{model.Period{Year: 2024, Month: 1}, "#n:2024.1", nil},
		{model.Period{Year: 2024, Month: 11}, "#n:2024.1", []string{"E cover.month_mismatch 填报信息!B2"}},
		{model.Period{}, "#n:2024.1", []string{"W date.month_ambiguous 填报信息!B2"}}, // a lone file: nothing to tell
	} {
		p := filepath.Join(t.TempDir(), "发改统计局.xlsx")
		src := "== 填报信息 ==\n填报单位\t发改统计局\n填报月份\t" + tt.month + "\n== 项目台账 ==\n" + projHeader + "\n" + proj(map[string]string{"O": ""}) + "\n"
		if err := xlsxtest.Workbook(p, []byte(src)); err != nil {
			t.Fatal(err)
		}
		f := ledger.ReadFile(p, "发改统计局.xlsx", ledger.Options{Period: tt.folder})
		if got := findings(f.Diags); !slices.Equal(got, tt.want) {
			t.Errorf("%s in the %s folder: findings %q, want %q", tt.month, tt.folder, got, tt.want)
		}
	}
}

// A finding's value is the cell as the clerk sees it: an amount in its
// column's unit, not converted to 万元, and a date cell as the date it
// shows, not the serial number Excel keeps it as.
func TestFindingValuesAsSeen(t *testing.T) {
	yiHeader := strings.Replace(projHeader, "本年累计完成投资（万元）", "本年累计完成投资（亿元）", 1)
	yi := readBook(t, "== 项目台账 ==\n"+yiHeader+"\n"+proj(map[string]string{"M": "#n:0.2366"})+"\n")
	ledger.Check([]*ledger.File{yi}, &model.Ledger{Period: model.Period{Year: 2024, Month: 2}, Projects: []model.Project{{Code: code1, DoneYear: 9000 * model.AmountScale, HasDone: true}}})
	over := readBook(t, "== 项目台账 ==\n"+yiHeader+"\n"+proj(map[string]string{"K": "#n:45000", "M": "#n:0.6"})+"\n")
	later := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(map[string]string{"O": "#d:2024-04-01", "N": "2026-01", "P": "#d:2025-12-31"})+"\n")
	tests := []struct {
		f          *ledger.File
		rule, want string
	}{
		{yi, "history.ytd_decrease", "0.2366"},
		{over, "investment.over_total", "0.6"},
		{later, "date.after_period", "2024-04-01"},
		{later, "date.order", "2026-01"},
	}
	for _, tt := range tests {
		found := false
		for _, d := range tt.f.Diags {
			if d.Rule == tt.rule {
				found = true
				if d.Value != tt.want {
					t.Errorf("%s: value %q, want %q", tt.rule, d.Value, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("no %s finding in %q", tt.rule, findings(tt.f.Diags))
		}
	}
}

// The spent-over-received message says that a blank 到位金额 counted as 0
// only when it was blank.
func TestSpentOverReceivedMessage(t *testing.T) {
	for _, tt := range []struct {
		received string
		blank    bool
	}{{"50", false}, {"", true}} {
		f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(nil)+"\n== 资金到位 ==\n"+fundHeader+"\n"+code1+"\t超长期特别国债\t\t2024-01-15\t100\t"+tt.received+"\t60\n")
		if msg := message(t, f, "fund.spent_over_received"); strings.Contains(msg, "未填") != tt.blank {
			t.Errorf("到位金额 %q: %s", tt.received, msg)
		}
	}
}

// A 责任单位 merged down a column of projects is on screen in every row, but
// Excel keeps it in the first cell only: the block is named once, and each
// blank required cell under it says why it is blank. A label merged across
// one row (a category row) is not a data block.
func TestMergedDataCells(t *testing.T) {
	p2 := proj(map[string]string{"A": "CB-2024-0012", "G": ""})
	p3 := proj(map[string]string{"A": "CB-2024-0013", "G": ""})
	f := readBook(t, "== 项目台账 ==\n!merge G3:G5\n!merge A2:U2\n"+projHeader+"\n一、国有投资项目\n"+proj(nil)+"\n"+p2+"\n"+p3+"\n")
	if got, want := findings(f.Diags), []string{"W sheet.merged_cells 项目台账!G3", "E field.required 项目台账!G4", "E field.required 项目台账!G5"}; !slices.Equal(got, want) {
		t.Fatalf("findings = %q, want %q", got, want)
	}
	for _, d := range f.Diags {
		if d.Rule == "field.required" && !strings.Contains(d.Message, "合并单元格 G3:G5 中，合并后只有 G3 有内容") {
			t.Errorf("%s: %s", d.Pos, d.Message)
		}
	}
}

// A code typed with a Chinese IME's dashes is refused with the reason.
func TestCodeWithChineseDashes(t *testing.T) {
	f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(map[string]string{"A": "2401—510900—04—01—521743"})+"\n")
	if msg := message(t, f, "code.invalid"); !strings.Contains(msg, "半角的“-”") {
		t.Errorf("message does not say which dash: %s", msg)
	}
}

// A formula without a saved result in a helper column of the clerk's own,
// on an otherwise empty row, makes no project of the row.
func TestFormulaInHelperColumn(t *testing.T) {
	f := readBook(t, "== 项目台账 ==\n"+projHeader+"\t检查\n"+proj(nil)+"\t\n"+strings.Repeat("\t", 21)+"#f:IF(A3=\"\",\"\",1)\n")
	if got, want := findings(f.Diags), []string{"W sheet.column_unknown 项目台账!V1"}; !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
	if f.Projects.Len() != 1 {
		t.Errorf("%d project rows, want 1", f.Projects.Len())
	}
}

// 已办结 written in 办结日期 is told what the column wants.
func TestStatusWordInADateColumn(t *testing.T) {
	f := readBook(t, "== 项目台账 ==\n"+projHeader+"\n"+proj(nil)+"\n== 要素保障 ==\n"+issueHeader+"\n"+code1+"\t征地拆迁\t剩余 3 户未签约\t自然资源局\t2024-01-10\t2024-04-30\t已办结\n")
	if msg := message(t, f, "date.invalid"); !strings.Contains(msg, "已经办结（完成、开工）的，填那一天的日期") {
		t.Errorf("message: %s", msg)
	}
}
