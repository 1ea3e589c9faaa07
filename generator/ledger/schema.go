package ledger

import (
	"strings"

	"tuijin/generator/model"
)

// kind is how a column's cells are read.
type kind int

const (
	kText   kind = iota
	kCode        // 项目代码 in 项目台账: the project's identity
	kRef         // 项目代码 in the other sheets: a reference to a project
	kEnum        // one of a fixed list
	kAmount      // 万元 (or 亿元 by header)
	kDate        // a day or a month
	kYears       // 建设起止年限
)

// column is one column of the v1 format.
type column struct {
	name     string // as the format writes it, e.g. "总投资（万元）"; used in diagnostics
	key      string // header key: name squeezed, unit suffix removed, e.g. "总投资"
	kind     kind
	required bool     // required on every row (conditional requirements are row rules)
	enum     []string // kEnum
	maxLen   int      // kText, in characters; 0 = no limit
}

// label is the column's name without the unit, as messages use it:
// "总投资必须是不小于 0 的数字".
func (c *column) label() string {
	if i := strings.Index(c.name, "（"); i > 0 {
		return c.name[:i]
	}
	return c.name
}

// sheetSpec is one sheet of the format.
type sheetSpec struct {
	name    string
	columns []*column
	index   map[string]*column // by key and by name; built once in init
}

// column finds a column by its key or by its name as the format writes it.
// Every cell a row rule reads goes through it, so it is a map lookup.
func (s *sheetSpec) column(key string) *column { return s.index[key] }

func init() {
	for _, s := range Sheets {
		s.index = make(map[string]*column, 2*len(s.columns))
		for _, c := range s.columns {
			s.index[c.key], s.index[c.name] = c, c
		}
	}
}

// requiredKeys are the names that make a row the header row.
func (s *sheetSpec) requiredKeys() []string {
	var keys []string
	for _, c := range s.columns {
		if c.required {
			keys = append(keys, c.key)
		}
	}
	return keys
}

func col(name string, k kind, required bool) *column {
	c := &column{name: name, kind: k, required: required}
	c.key, _ = headerKey(name)
	return c
}

func enumCol(name string, required bool, values []string) *column {
	c := col(name, kEnum, required)
	c.enum = values
	return c
}

// Sheet names of the format.
const (
	SheetProjects   = "项目台账"
	SheetMilestones = "节点计划"
	SheetFunds      = "资金到位"
	SheetIssues     = "要素保障"
	SheetApprovals  = "前期要件"
	SheetCover      = "填报信息"
	// SheetGuide is the instructions sheet the template adds; it is not data.
	SheetGuide = "填报说明"
	// SheetLists is the hidden sheet of dropdown values a template may carry.
	SheetLists = "选项"
	// SheetFindings is the sheet an annotated copy (validate --annotate)
	// puts first; a clerk may send the corrected copy back with it.
	SheetFindings = "校验结果"
)

// Column names of the format, shared by the reader and the template.
const (
	ColCode         = "项目代码"
	ColName         = "项目名称"
	ColCategory     = "项目类别"
	ColIndustry     = "产业类别"
	ColStage        = "项目阶段"
	ColBuilder      = "建设单位"
	ColResponsible  = "责任单位"
	ColLeader       = "责任领导"
	ColYears        = "建设起止年限"
	ColTotal        = "总投资（万元）"
	ColDoneBefore   = "截至上年底累计完成投资（万元）"
	ColPlanYear     = "年度计划投资（万元）"
	ColDoneYear     = "本年累计完成投资（万元）"
	ColPlannedStart = "计划开工时间"
	ColActualStart  = "实际开工时间"
	ColPlannedEnd   = "计划竣工时间"
	ColFundChannel  = "拟申报资金渠道"
	ColFundAsk      = "拟申请金额（万元）"
	ColReserveDate  = "入库时间"
	ColProgress     = "形象进度"
	ColProblems     = "存在问题"

	ColNodeName    = "节点名称"
	ColNodePlanned = "计划完成时间"
	ColNodeDone    = "实际完成时间"
	ColPerson      = "责任人"
	ColNote        = "备注"

	ColFundType  = "资金类型"
	ColBatch     = "批次"
	ColFundDate  = "下达日期"
	ColAllocated = "下达金额（万元）"
	ColReceived  = "到位金额（万元）"
	ColSpent     = "已支出金额（万元）"

	ColIssueType   = "问题类型"
	ColIssueDesc   = "问题描述"
	ColIssueRaised = "提出日期"
	ColIssueDue    = "要求办结时间"
	ColClosedDate  = "办结日期"

	ColDocument = "要件名称"
	ColDocState = "办理状态"
	ColDocNo    = "批复文号"

	// ColSerial is a running number column: known, never read.
	ColSerial = "序号"
)

// Sheets lists the data sheets of format v1 in the order the format gives.
// The cover sheet 填报信息 is read separately: it is label/value pairs, not a table.
var Sheets = []*sheetSpec{
	{name: SheetProjects, columns: []*column{
		col(ColCode, kCode, true),
		withMax(col(ColName, kText, true), 100),
		enumCol(ColCategory, true, model.Categories),
		enumCol(ColIndustry, true, model.Industries),
		enumCol(ColStage, true, model.Stages),
		col(ColBuilder, kText, false),
		col(ColResponsible, kText, true),
		col(ColLeader, kText, false),
		col(ColYears, kYears, false),
		col(ColTotal, kAmount, true),
		col(ColDoneBefore, kAmount, false),
		col(ColPlanYear, kAmount, false),
		col(ColDoneYear, kAmount, false),
		col(ColPlannedStart, kDate, false),
		col(ColActualStart, kDate, false),
		col(ColPlannedEnd, kDate, false),
		enumCol(ColFundChannel, false, model.FundChannels),
		col(ColFundAsk, kAmount, false),
		col(ColReserveDate, kDate, false),
		col(ColProgress, kText, false),
		col(ColProblems, kText, false),
	}},
	{name: SheetMilestones, columns: []*column{
		col(ColCode, kRef, true),
		col(ColNodeName, kText, true),
		col(ColNodePlanned, kDate, true),
		col(ColNodeDone, kDate, false),
		col(ColResponsible, kText, false),
		col(ColPerson, kText, false),
		col(ColNote, kText, false),
	}},
	{name: SheetFunds, columns: []*column{
		col(ColCode, kRef, true),
		enumCol(ColFundType, true, model.FundTypes),
		col(ColBatch, kText, false),
		col(ColFundDate, kDate, true),
		col(ColAllocated, kAmount, true),
		col(ColReceived, kAmount, false),
		col(ColSpent, kAmount, false),
	}},
	{name: SheetIssues, columns: []*column{
		col(ColCode, kRef, true),
		enumCol(ColIssueType, true, model.IssueTypes),
		col(ColIssueDesc, kText, true),
		col(ColResponsible, kText, true),
		col(ColIssueRaised, kDate, true),
		col(ColIssueDue, kDate, true),
		col(ColClosedDate, kDate, false),
	}},
	{name: SheetApprovals, columns: []*column{
		col(ColCode, kRef, true),
		enumCol(ColDocument, true, model.Documents),
		enumCol(ColDocState, true, model.DocStates),
		col(ColClosedDate, kDate, false),
		col(ColDocNo, kText, false),
	}},
}

func withMax(c *column, n int) *column { c.maxLen = n; return c }

// specFor returns the sheet of the format a workbook sheet name stands for,
// after trimming and folding full-width forms; nil when none.
func specFor(sheetName string) *sheetSpec {
	n := squeeze(sheetName)
	for _, s := range Sheets {
		if s.name == n {
			return s
		}
	}
	return nil
}

// unitSuffixes are the unit notes a header may carry, after squeezing
// (full-width parentheses folded to ASCII). The value is 万元 per unit.
var unitSuffixes = []struct {
	text  string
	scale int64
}{
	{"(万元)", 1}, {"(单位:万元)", 1}, {"(万)", 1},
	{"(亿元)", 10000}, {"(单位:亿元)", 10000}, {"(亿)", 10000},
}

// headerKey squeezes a header text and removes a trailing unit note,
// returning the key and the unit's scale (0 when the header names no unit).
func headerKey(text string) (key string, scale int64) {
	// 截止 for 截至 is the most common slip in these headers; both mean "up to".
	key = strings.Replace(squeeze(text), "截止", "截至", 1)
	for _, u := range unitSuffixes {
		if strings.HasSuffix(key, u.text) {
			return strings.TrimSuffix(key, u.text), u.scale
		}
	}
	return key, 0
}

// groupScale finds a unit note anywhere in a group label such as
// "投资情况（万元）" or "资金（单位：亿元）".
func groupScale(label string) int64 {
	s := squeeze(label)
	switch {
	case strings.Contains(s, "亿元"):
		return 10000
	case strings.Contains(s, "万元"):
		return 1
	}
	return 0
}
