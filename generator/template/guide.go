package template

import (
	"fmt"
	"strings"

	"tuijin/generator/ledger"
	"tuijin/generator/xlsx"
)

// The 填报说明 sheet is four columns wide: a column table (列名, 是否必填,
// 填写要求, 示例) and paragraphs merged across all four.
var guideWidths = []float64{20, 18, 54, 26}

// guide accumulates the rows of the 填报说明 sheet.
type guide struct {
	sh xlsx.Sheet
}

func (g *guide) row(cells ...xlsx.Cell) int {
	g.sh.Rows = append(g.sh.Rows, cells)
	return len(g.sh.Rows)
}

// para is a paragraph across the four columns (the writer fits the row's
// height to the wrapped text).
func (g *guide) para(text string, st xlsx.Style) {
	r := g.row(xlsx.Cell{Value: xlsx.Text(text), Style: st})
	g.sh.Merges = append(g.sh.Merges, fmt.Sprintf("A%d:%s", r, xlsx.CellName(len(guideWidths), r)))
}

func (g *guide) blank() { g.row() }

// table is a row of the column table; each cell wraps in its column.
func (g *guide) table(st xlsx.Style, texts ...string) {
	cells := make([]xlsx.Cell, len(texts))
	for i, t := range texts {
		cells[i] = xlsx.Cell{Value: xlsx.Text(t), Style: st}
	}
	g.row(cells...)
}

// guideSheet is 填报说明: the format in plain Chinese. The reader ignores this
// sheet, so the clerk may keep it in the submitted workbook.
func guideSheet(schema []ledger.SheetSchema) xlsx.Sheet {
	g := &guide{sh: xlsx.Sheet{Name: ledger.SheetGuide, Heights: map[int]float64{}, FitWidth: true}}
	for _, w := range guideWidths {
		g.sh.Columns = append(g.sh.Columns, xlsx.Column{Width: w})
	}
	g.para("项目推进台账填报说明（台账格式 v1）", styleTitle)
	g.sh.Heights[1] = 30
	g.para("请先读完本页再填写。选中表头或数据单元格时，旁边会出现该列的填写提示；带下拉箭头的单元格请从列表中选择。本页不参与校验，可以保留在报送的文件中。", styleText)

	g.blank()
	g.para("一、基本要求", styleHeading)
	for _, t := range []string{
		"1. 每个单位每月报送一个工作簿，文件名就是单位名称，例如“遂宁高新区住建局.xlsx”。必须保存为 .xlsx 格式，不要另存为 .xls、.et 或 CSV，不要设置打开密码。",
		"2. 不要修改工作表名称和第 1 行的列名。列的顺序可以调整，但不要删除列；不需要的可选工作表保留空表即可。表头为橙色的列是必填列，蓝色的列是选填列或按条件必填。",
		"3. 金额一律以“万元”为单位，只填数字，例如 12500 或 12500.5。不要写“约3000”“3000左右”，也不要在数字后写“元”。",
		"4. 日期填真正的日期，例如 2024-03-15；只知道月份的，填该月最后一天（如 2024-03-31）：模板的日期单元格会把输入的 2024-03 变成 3 月 1 日，计划时间就提前了一个月。“实际开工时间”“实际完成时间”“办结日期”“下达日期”“提出日期”“入库时间”记录已经发生的事，不能晚于本月最后一天。",
		"5. 项目代码在全区所有单位的台账中唯一，同一个项目只填一行。节点计划、资金到位、要素保障、前期要件中的项目代码必须是本月某个单位项目台账中的项目，请直接从下拉列表中选择或复制。",
		"6. 表格上方可以有标题行，数据前后可以有“合计”“小计”行，表格下方可以写“注：……”“填表人：……”等说明，校验时会自动跳过；但不要在项目代码列中填写合计或说明文字。",
		"7. 用公式计算的单元格，请在 Excel 或 WPS 中打开并保存后再报送，否则公式没有计算结果。",
		"8. 填报信息表中的“填报月份”必须是本次报送的月份。",
		"9. 数据行不要合并单元格：几个项目的责任单位相同，也要每行各填一次。合并后 Excel 只在第一格保存内容，其余各行按空白读取，必填列会报错。",
	} {
		g.para(t, styleText)
	}

	g.blank()
	g.para("二、各工作表怎样填", styleHeading)
	for i, s := range schema {
		g.blank()
		g.para(fmt.Sprintf("（%s）%s：%s", chineseNumber(i+1), s.Name, sheetIntro[s.Name]), xlsx.Style{Bold: true, Wrap: true})
		g.table(styleOptional, "列名", "是否必填", "填写要求", "示例")
		for _, c := range s.Columns {
			info := columnInfo[key(s.Name, c.Name)]
			req := strings.Trim(requirement(c), "【】")
			if c.RequiredWhen != "" {
				req = "条件必填：" + c.RequiredWhen
			}
			rule := howTo(c)
			if info.meaning != "" {
				rule = info.meaning + "。" + rule
			}
			if c.Kind == "enum" {
				rule += "可选：" + strings.Join(c.Enum, "、") + "。"
			}
			g.table(styleCell, c.Name, req, rule, info.example)
		}
	}
	g.blank()
	g.para(fmt.Sprintf("（%s）%s：可选。B 列填写填报单位、填报月份（如 2024-03）、填报人和联系电话；填报单位应与文件名一致，填报月份必须是本次报送的月份。", chineseNumber(len(schema)+1), ledger.SheetCover), xlsx.Style{Bold: true, Wrap: true})

	g.blank()
	g.para("三、常见错误和改法", styleHeading)
	for _, t := range commonMistakes {
		g.para(t, styleText)
	}

	g.blank()
	g.para("四、怎样看校验结果", styleHeading)
	for _, t := range []string{
		"校验结果逐条写明文件、工作表和单元格，例如“项目台账!J5：总投资必须是不小于 0 的数字，实际为“-20””，J5 就是 J 列第 5 行。",
		"【错误】该行不予采用，不计入任何统计，改正后重新报送即可。一个项目行有错误时，它的节点、资金、问题、要件行也不采用。",
		"【警告】该行照常采用，只是提醒核对，例如本年累计完成投资比上月少、多了不认识的列。",
		"校验还会生成一份“批注副本”：出错的单元格标红、需要核对的标黄，鼠标移到单元格上可以看到说明；第一个工作表“校验结果”列出全部问题，点击单元格位置可以直接跳转。请在自己的原文件中改正，不要直接报送批注副本。",
	} {
		g.para(t, styleText)
	}
	return g.sh
}

// commonMistakes are the errors units make most, with the fix; section 5
// of docs/for-units.md has the same ten with their rule ids and messages.
var commonMistakes = []string{
	"1. 金额里写了文字或负数（如“约3000”“3000左右”“-20”）：只填不小于 0 的数字，单位是万元；不需要填的选填金额留空。",
	"2. 填了下拉列表以外的内容（如项目类别填“政府投资”）：从下拉列表中选择，不要手工输入或从别的表格粘贴。",
	"3. 必填项空着：橙色表头的列都要填；项目阶段为新开工、续建时要填年度计划投资，新开工、续建、竣工时要填本年累计完成投资，不是储备项目的要填建设起止年限，要件已办结的要填办结日期。",
	"4. 实际日期晚于本月（如 3 月台账的实际开工时间填了 4 月）：已经发生的事才填实际日期，还没发生的留空。",
	"5. 日期写法不对（如 2024-02-30、2024.13），或在日期单元格里只写了年份：写成 2024-03-15，或只写到月 2024-03。",
	"6. 项目代码重复或写法不对：同一个项目在全区只填一行；代码只能由数字、英文字母和“-”组成，不要写中文和空格。",
	"7. 节点、资金、问题、要件中的项目代码在项目台账中找不到，或对应的项目行有错误：先在项目台账中填好该项目，或从下拉列表中选择正确的代码。",
	"8. 累计完成投资超过总投资，或本年累计比上月少：核对金额和单位；本年累计是 1 月 1 日以来的累计数，只增不减。",
	"9. 改了工作表名称或表头（如“节点计划表”“总投资额”），或删了必填列：工作表名称和列名保持与模板一致。",
	"10. 报送了 .xls 等其他格式的文件，或填报月份不是本月：另存为 .xlsx 再报送（不要只改扩展名），填报信息中的填报月份改为本次报送的月份。",
}

func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n >= 0 && n <= 10 {
		return digits[n]
	}
	return fmt.Sprint(n)
}
