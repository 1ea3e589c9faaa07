package ledger

// SheetSchema describes one sheet of format v1 for programs that write
// workbooks (the template, annotated copies). The reader's own column table
// is the source, so the template can never drift from what is validated.
type SheetSchema struct {
	Name    string
	Columns []ColumnSchema
}

// ColumnSchema describes one column.
type ColumnSchema struct {
	Name         string   // header text as the format writes it, e.g. "总投资（万元）"
	Kind         string   // text, code, ref, enum, amount, date or years
	Required     bool     // required on every row
	RequiredWhen string   // a conditional requirement in Chinese, "" when none
	Enum         []string // allowed values of an enum column
	MaxLen       int      // longest text allowed, 0 for no limit
	Positive     bool     // amount must be > 0 (not merely ≥ 0)
	NotAfterEnd  bool     // date may not lie after the period end
}

var kindNames = map[kind]string{kText: "text", kCode: "code", kRef: "ref", kEnum: "enum", kAmount: "amount", kDate: "date", kYears: "years"}

// conditional lists the requirements that depend on other cells of the row.
var conditional = map[string]string{
	SheetProjects + "/" + ColYears:       "项目阶段不是“储备”时必填",
	SheetProjects + "/" + ColPlanYear:    "项目阶段为“新开工”或“续建”时必填",
	SheetProjects + "/" + ColDoneYear:    "项目阶段为“新开工”“续建”或“竣工”时必填",
	SheetApprovals + "/" + ColClosedDate: "办理状态为“已办结”时必填",
}

var notAfterEnd = map[string]bool{
	SheetProjects + "/" + ColActualStart: true, SheetProjects + "/" + ColReserveDate: true,
	SheetMilestones + "/" + ColNodeDone: true, SheetFunds + "/" + ColFundDate: true,
	SheetIssues + "/" + ColIssueRaised: true, SheetIssues + "/" + ColClosedDate: true,
	SheetApprovals + "/" + ColClosedDate: true,
}

// Schema returns the data sheets of format v1, in the format's order.
func Schema() []SheetSchema {
	out := make([]SheetSchema, 0, len(Sheets))
	for _, s := range Sheets {
		ss := SheetSchema{Name: s.name}
		for _, c := range s.columns {
			k := s.name + "/" + c.name
			ss.Columns = append(ss.Columns, ColumnSchema{
				Name: c.name, Kind: kindNames[c.kind], Required: c.required, RequiredWhen: conditional[k],
				Enum: append([]string(nil), c.enum...), MaxLen: c.maxLen,
				Positive: s.name == SheetFunds && c.name == ColAllocated, NotAfterEnd: notAfterEnd[k],
			})
		}
		out = append(out, ss)
	}
	return out
}

// CoverLabels are the labels of the optional 填报信息 sheet, in order.
func CoverLabels() []string { return append([]string(nil), coverLabels...) }
