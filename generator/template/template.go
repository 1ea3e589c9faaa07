package template

import (
	"fmt"
	"strconv"
	"strings"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

// DefaultRows is how many rows below each header carry the input rules. A
// unit's ledger has tens or hundreds of rows; rules on whole columns would
// make Excel and WPS slow for nothing.
const DefaultRows = 2000

// Options say what the template holds. The zero value is the blank template.
type Options struct {
	// Rows is how many data rows below each header carry the dropdowns,
	// checks and hints; 0 means DefaultRows.
	Rows int
	// From, when set, pre-fills the data sheets and 填报信息 with a unit's
	// rows of an earlier month (see LoadPrevious).
	From *Previous
}

// Filled counts the rows the template was pre-filled with.
type Filled struct {
	Projects, Milestones, Funds, Issues, Approvals int
	// Rejected counts pre-filled rows that had errors last month: they are
	// copied as far as they could be read, for the clerk to correct.
	Rejected int
	// YearStart is true when the template starts a new year: the
	// year-to-date figures were moved into 截至上年底累计完成投资.
	YearStart bool
}

// Write writes the template to path (replacing any file there) and says what
// it was pre-filled with.
func Write(path string, opt Options) (Filled, error) {
	b, filled := Book(opt)
	if err := xlsx.Write(path, b); err != nil {
		return Filled{}, fmt.Errorf("template: %w", err)
	}
	return filled, nil
}

// The looks of the template. Required columns have an orange header so that
// the clerk sees at a glance what cannot stay empty; the header text itself
// must stay exactly the format's column name.
var (
	styleTitle    = xlsx.Style{Bold: true, Size: 16}
	styleHeading  = xlsx.Style{Bold: true, Size: 12, Color: "1F4E78"}
	styleRequired = xlsx.Style{Bold: true, Fill: "FCE4D6", Wrap: true, Center: true, Border: true}
	styleOptional = xlsx.Style{Bold: true, Fill: "DDEBF7", Wrap: true, Center: true, Border: true}
	styleLabel    = xlsx.Style{Bold: true, Fill: "F2F2F2", Border: true}
	styleValue    = xlsx.Style{Border: true, NumFmt: "@"}
	styleText     = xlsx.Style{Wrap: true}
	styleCell     = xlsx.Style{Wrap: true, Border: true}
)

// Date checks accept 1990–2100: wide enough for any project, narrow enough
// to catch a year typed as a date (2024 is the serial of 1905-07-16).
const (
	dateMin = "1990-01-01"
	dateMax = "2100-12-31"
)

// Book describes the template workbook. Sheets are in the order a clerk
// works: the instructions first (the sheet shown on opening), then the cover,
// then the data sheets in the format's order.
func Book(opt Options) (xlsx.Book, Filled) {
	rows := opt.Rows
	if rows <= 0 {
		rows = DefaultRows
	}
	schema := ledger.Schema()
	data := prefill(opt.From)
	b := xlsx.Book{Sheets: []xlsx.Sheet{guideSheet(schema), coverSheet(opt.From)}}
	for _, s := range schema {
		b.Sheets = append(b.Sheets, dataSheet(s, schema, rows, data.rows[s.Name]))
	}
	return b, data.filled
}

// dataSheet is one data sheet: the header row, one column per format column
// with its format, width, check and hint, and the pre-filled rows.
func dataSheet(s ledger.SheetSchema, schema []ledger.SheetSchema, rows int, prefilled [][]xlsx.Value) xlsx.Sheet {
	sh := xlsx.Sheet{
		Name:       s.Name,
		FreezeRows: 1,
		CheckFrom:  2,
		CheckTo:    1 + rows,
		Heights:    map[int]float64{1: 36},
		FitWidth:   true,
		Landscape:  true,
	}
	header := make([]xlsx.Cell, len(s.Columns))
	for i, c := range s.Columns {
		h := hint(s.Name, c)
		st := styleOptional
		if c.Required {
			st = styleRequired
		}
		header[i] = xlsx.Cell{Value: xlsx.Text(c.Name), Style: st, Hint: h}
		sh.Columns = append(sh.Columns, xlsx.Column{
			Width: width(s.Name, c),
			Style: columnStyle(s.Name, c),
			Check: check(c, schema, rows),
			Hint:  h,
		})
	}
	sh.Rows = append(sh.Rows, header)
	for _, r := range prefilled {
		cells := make([]xlsx.Cell, len(r))
		for i, v := range r {
			cells[i] = xlsx.Cell{Value: v}
		}
		sh.Rows = append(sh.Rows, cells)
	}
	return sh
}

// columnStyle is the number format a clerk's typing should land in: real
// dates shown as 2024-03-15, amounts with thousands separators, and text
// kept as typed (a code such as 0012 or a year range such as 2023-2025 must
// not turn into a number or a date).
func columnStyle(sheet string, c ledger.ColumnSchema) xlsx.Style {
	switch c.Kind {
	case "date":
		return xlsx.Style{NumFmt: "yyyy-mm-dd"}
	case "amount":
		return xlsx.Style{NumFmt: "#,##0.00"}
	}
	st := xlsx.Style{NumFmt: "@"}
	if columnInfo[key(sheet, c.Name)].width >= 24 {
		st.Wrap = true
	}
	return st
}

// width fits the column's content and lets its header wrap onto two lines.
func width(sheet string, c ledger.ColumnSchema) float64 {
	w := columnInfo[key(sheet, c.Name)].width
	if w == 0 {
		switch c.Kind {
		case "date":
			w = 12
		case "amount":
			w = 14
		case "enum":
			for _, v := range c.Enum {
				w = max(w, float64(xlsx.DisplayWidth(v))+4) // room for the dropdown arrow
			}
		default:
			w = 14
		}
	}
	return max(w, float64(xlsx.DisplayWidth(c.Name)/2+3))
}

// check is the data validation of a column's data cells.
func check(c ledger.ColumnSchema, schema []ledger.SheetSchema, rows int) *xlsx.Check {
	switch c.Kind {
	case "enum":
		return &xlsx.Check{Kind: xlsx.CheckList, List: c.Enum,
			Message: "只能从下拉列表中选择：" + strings.Join(c.Enum, "、")}
	case "ref":
		// Offer the codes of this workbook's 项目台账, but accept any code:
		// the project may be in another unit's ledger of the same month.
		col := codeColumn(schema)
		return &xlsx.Check{Kind: xlsx.CheckList, Alert: xlsx.AlertNone,
			ListRange: xlsx.SheetRef(ledger.SheetProjects, fmt.Sprintf("$%s$2:$%s$%d", col, col, rows+1))}
	case "date":
		return &xlsx.Check{Kind: xlsx.CheckDate, Min: dateMin, Max: dateMax,
			Message: "请填写 1990-01-01 至 2100-12-31 之间的日期，例如 2024-03-15 或 2024-03；不需要填写的留空。"}
	case "amount":
		if c.Positive {
			return &xlsx.Check{Kind: xlsx.CheckDecimal, Min: "0", MinExclusive: true,
				Message: "请填写大于 0 的数字，单位万元，不要带“万元”等文字。"}
		}
		return &xlsx.Check{Kind: xlsx.CheckDecimal, Min: "0",
			Message: "请填写不小于 0 的数字，单位万元，不要带“万元”等文字；不需要填写的留空。"}
	}
	if c.MaxLen > 0 {
		return &xlsx.Check{Kind: xlsx.CheckTextLength, Max: strconv.Itoa(c.MaxLen),
			Message: fmt.Sprintf("“%s”最多 %d 个字，请精简。", c.Name, c.MaxLen)}
	}
	return nil
}

// codeColumn is the letter of 项目代码 in 项目台账.
func codeColumn(schema []ledger.SheetSchema) string {
	for _, s := range schema {
		if s.Name != ledger.SheetProjects {
			continue
		}
		for i, c := range s.Columns {
			if c.Name == ledger.ColCode {
				return diag.ColumnName(i + 1)
			}
		}
	}
	return "A"
}

// hint is the input message of a column: meaning, how to write it, an
// example, and whether it is required.
func hint(sheet string, c ledger.ColumnSchema) *xlsx.Hint {
	info := columnInfo[key(sheet, c.Name)]
	var lines []string
	if info.meaning != "" {
		lines = append(lines, info.meaning+"。")
	}
	if h := howTo(c); h != "" {
		lines = append(lines, h)
	}
	if info.example != "" {
		lines = append(lines, "示例："+info.example)
	}
	lines = append(lines, requirement(c))
	return &xlsx.Hint{Title: c.Name, Text: strings.Join(lines, "\n")}
}

// howTo says how a value of the column is written.
func howTo(c ledger.ColumnSchema) string {
	switch c.Kind {
	case "code":
		return "由数字、英文字母和“-”组成，1～40 位。"
	case "ref":
		return "可从下拉列表中选择本文件“项目台账”中的代码，也可以填其他单位台账中的项目代码。"
	case "enum":
		return "从下拉列表中选择。"
	case "amount":
		s := "单位：万元。只填数字，不小于 0。"
		if c.Positive {
			s = "单位：万元。只填数字，必须大于 0。"
		}
		return s
	case "date":
		// A cell formatted as a date turns a typed 2024-03 into 2024-03-01,
		// a deadline a month early: the last day says what is meant.
		s := "填日期，如 2024-03-15；只知道月份的，填该月最后一天，如 2024-03-31。"
		if c.NotAfterEnd {
			s += "不能晚于本月最后一天。"
		}
		return s
	case "years":
		return "写成“开始年-结束年”。"
	}
	if c.MaxLen > 0 {
		return fmt.Sprintf("不超过 %d 个字。", c.MaxLen)
	}
	return "" // free text: nothing to say beyond its meaning
}

// requirement says whether the column must be filled.
func requirement(c ledger.ColumnSchema) string {
	switch {
	case c.Required:
		return "【必填】"
	case c.RequiredWhen != "":
		return "【" + c.RequiredWhen + "】"
	}
	return "【选填】"
}

// coverSheet is 填报信息: labels in column A, values in column B.
func coverSheet(from *Previous) xlsx.Sheet {
	hints := map[string]string{
		"填报单位": "本单位的全称，应与文件名一致，例如 遂宁高新区住建局。",
		"填报月份": "本次报送的月份，写成 2024-03 或 2024年3月，必须与报送的月份一致。",
		"填报人":  "填表人的姓名。",
		"联系电话": "填表人的联系电话，便于核对数据时联系。",
	}
	values := map[string]xlsx.Value{}
	if from != nil {
		values["填报单位"] = xlsx.Text(from.Unit)
		if !from.Period.IsZero() {
			values["填报月份"] = xlsx.Text(next(from.Period).String())
		}
	}
	sh := xlsx.Sheet{
		Name:    ledger.SheetCover,
		Columns: []xlsx.Column{{Width: 14}, {Width: 40}},
		Rows: [][]xlsx.Cell{{
			{Value: xlsx.Text("项目"), Style: styleOptional},
			{Value: xlsx.Text("内容"), Style: styleOptional},
		}},
		Heights: map[int]float64{1: 24},
	}
	for _, l := range ledger.CoverLabels() {
		text := hints[l]
		if text == "" {
			text = "填写" + l + "。"
		}
		h := &xlsx.Hint{Title: l, Text: text}
		sh.Rows = append(sh.Rows, []xlsx.Cell{
			{Value: xlsx.Text(l), Style: styleLabel, Hint: h},
			{Value: values[l], Style: styleValue, Hint: h},
		})
	}
	return sh
}

// next is the month after p.
func next(p model.Period) model.Period {
	if p.Month == 12 {
		return model.Period{Year: p.Year + 1, Month: 1}
	}
	return model.Period{Year: p.Year, Month: p.Month + 1}
}
