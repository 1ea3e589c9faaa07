package ledger

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"golang.org/x/text/unicode/norm"

	"tuijin/generator/diag"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

// Options says how to read workbooks.
type Options struct {
	// Period is the reporting month. When zero, a lone workbook takes it
	// from its 填报信息 sheet; without one, date rules that need the period
	// end are not applied.
	Period model.Period
	// Limits bound what a hostile file can cost; zero fields take the defaults.
	Limits xlsx.Limits
}

type reader struct {
	file *File
	wb   *xlsx.Workbook
	seen map[string]string // format sheet name → workbook sheet name, as far as read
	strs map[string]string // texts interned, shared by the sheets (sheetRead.intern)
}

// ReadFile reads and validates one workbook on its own (the rules that need
// the other workbooks of the period are applied by Check). name is how the
// file is named in diagnostics; the unit defaults to the file name without
// its extension.
func ReadFile(filePath, name string, opt Options) *File {
	f := &File{Name: name, Period: opt.Period}
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	f.Unit = unitName(strings.TrimSuffix(base, path.Ext(base)))
	wb, err := xlsx.Open(filePath, opt.Limits)
	if err != nil {
		f.Unreadable = true
		var fe *xlsx.FileError
		if errors.As(err, &fe) {
			f.Diags.Errorf(diag.Pos{File: name}, registered(fe.Rule, "file.corrupt"), fe.Message)
		} else {
			f.Diags.Errorf(diag.Pos{File: name}, "file.unreadable", "无法读取文件："+err.Error())
		}
		return f
	}
	defer wb.Close()
	r := &reader{file: f, wb: wb, strs: map[string]string{}}
	r.read()
	f.rejectRowsWithErrors()
	return f
}

func (r *reader) read() {
	f := r.file
	filePos := diag.Pos{File: f.Name}
	seen := map[string]string{} // format sheet name → workbook sheet name
	r.seen = seen
	var data []string
	for _, name := range r.wb.SheetNames() {
		n := squeeze(name)
		if first, dup := seen[n]; dup {
			f.Diags.Warnf(diag.Pos{File: f.Name, Sheet: name}, "sheet.duplicate",
				fmt.Sprintf("工作表“%s”与“%s”重名（忽略空格和全角半角后），只读取第一个；请删除或改名", name, first))
			continue
		}
		switch {
		case n == SheetCover:
			seen[n] = name
			r.applyCover(r.readCover(name))
		case specFor(name) != nil:
			seen[n] = name
			data = append(data, name)
		case n == SheetGuide || n == SheetLists || n == SheetFindings:
			// the template's instructions and lists, or our own findings: not data
		default:
			r.unknownSheet(name)
		}
	}
	if _, ok := seen[SheetProjects]; !ok {
		f.Diags.Errorf(filePos, "sheet.missing",
			"缺少必需的工作表“项目台账”；请使用台账模板，或把项目表的工作表名改为“项目台账”")
	}
	for _, name := range data {
		r.readSheet(name, specFor(name))
	}
}

// applyCover takes the unit and checks the month of the 填报信息 sheet.
func (r *reader) applyCover(cv cover) {
	f := r.file
	if cv.unit != "" && cv.unit != f.Unit {
		f.Diags.Add(cv.unitPos, diag.Warning, "cover.unit_mismatch", "填报单位", clip(cv.unit),
			fmt.Sprintf("填报信息中的填报单位为“%s”，与文件名“%s”不一致；以填报信息为准，请核对文件名", clip(cv.unit), clip(f.Unit)))
		f.Unit = unitName(cv.unit)
	}
	if cv.period.IsZero() {
		return
	}
	if f.Period.IsZero() {
		f.Period = cv.period
		if cv.period.Month == 1 && reYearDot1.MatchString(squeeze(fold(cv.month))) {
			// No folder to tell January from a cut-short October.
			f.Diags.Add(cv.monthPos, diag.Warning, "date.month_ambiguous", "填报月份", clip(cv.month),
				fmt.Sprintf("填报月份为“%s”，按 %d年1月读取；如果指的是 10 月，Excel 会把输入的 %d.10 存成 %d.1，请改写为 %d-10 或 %d年10月",
					clip(cv.month), cv.period.Year, cv.period.Year, cv.period.Year, cv.period.Year, cv.period.Year))
		}
		return
	}
	if cv.period == (model.Period{Year: f.Period.Year, Month: 1}) && f.Period.Month == 10 && reYearDot1.MatchString(squeeze(fold(cv.month))) {
		return // 2024.10 typed into a number cell, which Excel keeps as 2024.1
	}
	if cv.period != f.Period {
		f.Diags.Add(cv.monthPos, diag.Error, "cover.month_mismatch", "填报月份", clip(cv.month),
			fmt.Sprintf("填报月份为 %d年%d月，与本期 %d年%d月 不一致；请确认提交的是本月台账，并改正填报月份",
				cv.period.Year, cv.period.Month, f.Period.Year, f.Period.Month))
	}
}

// unknownSheet warns about a sheet that is not part of the format but holds
// something, so that a misnamed 节点计划 is not silently ignored; when its
// header is that of a sheet of the format, the message says which name to use.
func (r *reader) unknownSheet(name string) {
	g := &grid{rows: map[int][]string{}, merges: r.wb.Merges(name)}
	var order []int
	empty := true
	_ = r.wb.Rows(name, func(row xlsx.Row) error {
		for _, c := range row.Cells {
			if !isBlank(c) {
				empty = false
			}
		}
		g.rows[row.Num] = row.Cells
		order = append(order, row.Num)
		if len(order) >= headerScan {
			return errStop
		}
		return nil
	})
	if empty {
		return
	}
	msg := fmt.Sprintf("工作表“%s”不是台账规定的工作表，内容未读取；台账的工作表为 项目台账、节点计划、资金到位、要素保障、前期要件、填报信息", clip(name))
	for _, spec := range Sheets {
		if h := findHeader(spec, order, g); h != nil && len(h.missing) == 0 {
			if _, taken := r.seen[spec.name]; !taken {
				msg = fmt.Sprintf("工作表“%s”的表头与“%s”一致，但工作表名不对，内容未读取；请把工作表名改为“%s”", clip(name), spec.name, spec.name)
			}
			break
		}
	}
	r.file.Diags.Warnf(diag.Pos{File: r.file.Name, Sheet: name}, "sheet.unknown", msg)
}

var errStop = errors.New("stop")

// unitName is the canonical form of a unit's name: trimmed, and in Unicode
// NFC so that a name typed on one system and a file name from another (macOS
// file names are NFD) are the same unit.
func unitName(s string) string { return norm.NFC.String(cleanText(s)) }
