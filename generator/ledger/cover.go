package ledger

import (
	"fmt"
	"strings"

	"tuijin/generator/diag"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

// cover is what the optional 填报信息 sheet says.
type cover struct {
	unit, month, person, phone string
	unitPos, monthPos          diag.Pos
	period                     model.Period // parsed 填报月份; zero when absent or bad
}

var coverLabels = []string{"填报单位", "填报月份", "填报人", "联系电话"}

// readCover reads label/value pairs: a label cell followed by its value in
// the next filled cell of the row, or "label：value" in one cell. Rows with
// other labels (a 项目/内容 heading row, notes) are ignored.
func (r *reader) readCover(name string) cover {
	var cv cover
	pos := func(row, col int) diag.Pos { return diag.Pos{File: r.file.Name, Sheet: name, Row: row, Col: col} }
	err := r.wb.Rows(name, func(row xlsx.Row) error {
		for c := 0; c < len(row.Cells); c++ {
			label := strings.TrimRight(squeeze(row.Cells[c]), ":")
			value, vc := "", -1
			if folded := fold(cleanText(row.Cells[c])); strings.Contains(label, ":") {
				i := strings.Index(folded, ":")
				label, value, vc = squeeze(folded[:i]), strings.TrimSpace(folded[i+1:]), c
			}
			known := false
			for _, l := range coverLabels {
				known = known || label == l
			}
			if !known {
				continue
			}
			if vc < 0 {
				for v := c + 1; v < len(row.Cells); v++ {
					if !isBlank(row.Cells[v]) {
						value, vc = cleanText(row.Cells[v]), v
						break
					}
				}
			}
			if vc < 0 {
				return nil
			}
			switch label {
			case "填报单位":
				cv.unit, cv.unitPos = cleanText(value), pos(row.Num, vc+1)
			case "填报月份":
				cv.month, cv.monthPos = value, pos(row.Num, vc+1)
			case "填报人":
				cv.person = value
			case "联系电话":
				cv.phone = value
			}
			return nil
		}
		return nil
	})
	if err != nil {
		r.file.Diags.Errorf(pos(0, 0), "sheet.corrupt", "填报信息工作表已损坏，无法读取（"+err.Error()+"）；请在 Excel/WPS 中打开后另存为 .xlsx 再提交")
	}
	if cv.month != "" {
		d, err := parseDate(cv.month, r.wb.Date1904())
		if err != nil {
			r.file.Diags.Add(cv.monthPos, diag.Error, "date.invalid", "填报月份", clip(cv.month),
				fmt.Sprintf("“填报月份”应填写年月，例如 2024-03 或 2024年3月，实际为“%s”", clip(cv.month)))
		} else {
			cv.period = model.Period{Year: d.Year, Month: d.Month}
		}
	}
	return cv
}
