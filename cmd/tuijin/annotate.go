package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
	"tuijin/generator/load"
	"tuijin/generator/xlsx"
)

// summarySheet is the sheet an annotated copy gets in front.
const summarySheet = ledger.SheetFindings

// annotated is one annotated copy to write.
type annotated struct {
	file *ledger.File
	src  string // the clerk's workbook
	dst  string // the copy, in the --annotate folder under the same base name
}

// planAnnotated decides where each workbook's copy goes, and refuses a
// folder that holds any of the workbooks themselves, and two workbooks with
// the same base name (one copy would replace the other).
func planAnnotated(dir string, results []*load.Result, roots []string) ([]annotated, error) {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("%s 不是文件夹；请指定一个文件夹存放批注副本", dir)
	}
	var plan []annotated
	byName := map[string]string{}
	for i, r := range results {
		for _, f := range r.Files {
			src := filepath.Join(roots[i], filepath.FromSlash(f.Name))
			if same, err := sameDir(filepath.Dir(src), dir); err != nil {
				return nil, err
			} else if same {
				return nil, fmt.Errorf("批注副本不能写到台账所在的文件夹 %s（同名副本会覆盖原文件）；请另选一个文件夹", dir)
			}
			base := filepath.Base(src)
			if other, dup := byName[base]; dup {
				return nil, fmt.Errorf("%s 和 %s 同名，批注副本会互相覆盖；请分别校验", other, src)
			}
			byName[base] = src
			plan = append(plan, annotated{file: f, src: src, dst: filepath.Join(dir, base)})
		}
	}
	return plan, nil
}

// sameDir reports whether two paths name one folder, however spelled
// (relative, through a symbolic link, with "..").
func sameDir(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, load.OpAccess.Err(a, err)
	}
	sb, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, load.OpAccess.Err(b, err)
	}
	return os.SameFile(sa, sb), nil
}

// writeAnnotated writes the copies into dir. A workbook that could not be
// read at all cannot be copied as a workbook: it is skipped with a line on
// stderr saying why. Any other failure is reported and makes it return false.
func writeAnnotated(dir string, plan []annotated, stderr io.Writer) bool {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "tuijin validate：--annotate：%s\n", load.OpCreateFolder.Message(dir, err))
		return false
	}
	ok, written := true, 0
	for _, a := range plan {
		if a.file.Unreadable {
			why := "文件无法读取"
			if len(a.file.Diags) > 0 {
				why = a.file.Diags[0].Message
			}
			fmt.Fprintf(stderr, "tuijin validate：跳过 %s，未生成批注副本：%s\n", a.file.Name, why)
			continue
		}
		marks, summary := annotation(a.file)
		if err := xlsx.Annotate(a.src, a.dst, marks, summary, xlsx.Limits{}); err != nil {
			fmt.Fprintf(stderr, "tuijin validate：无法生成 %s 的批注副本：%v\n", a.file.Name, err)
			ok = false
			continue
		}
		written++
	}
	fmt.Fprintf(stderr, "已在 %s 中生成 %d 个批注副本（原文件未改动）。\n", dir, written)
	return ok
}

// annotation describes one workbook's marks and its 校验结果 sheet. Cell
// findings mark their cell, row findings the row's cell in column A; every
// finding, including those about a whole sheet or the file, is listed on
// the summary sheet, with a link to its place.
func annotation(f *ledger.File) ([]xlsx.Mark, xlsx.Sheet) {
	ds := slices.Clone(f.Diags)
	ds.Sort()
	var marks []xlsx.Mark
	for _, d := range ds {
		if d.Pos.Sheet == "" || d.Pos.Row == 0 {
			continue
		}
		marks = append(marks, xlsx.Mark{
			Sheet: d.Pos.Sheet, Row: d.Pos.Row, Col: d.Pos.Col,
			Error: d.Severity == diag.Error,
			Text:  "【" + d.Severity.Label() + "】" + d.Message,
		})
	}
	return marks, summary(f, ds)
}

// The looks of the summary sheet.
var (
	sumTitle   = xlsx.Style{Bold: true, Size: 14}
	sumHeader  = xlsx.Style{Bold: true, Fill: "DDEBF7", Border: true, Center: true}
	sumCell    = xlsx.Style{Border: true, Wrap: true}
	sumLink    = xlsx.Style{Border: true, Wrap: true, Color: "0563C1", Underline: true}
	sumError   = xlsx.Style{Border: true, Center: true, Fill: xlsx.FillError}
	sumWarning = xlsx.Style{Border: true, Center: true, Fill: xlsx.FillWarning}
)

// summaryColumns are 级别, 工作表, 单元格, 说明, 规则.
var summaryColumns = []xlsx.Column{{Width: 8}, {Width: 14}, {Width: 10}, {Width: 80}, {Width: 26}}

// summary is the 校验结果 sheet of one workbook.
func summary(f *ledger.File, ds diag.List) xlsx.Sheet {
	errs, warns := ds.Count()
	line := fmt.Sprintf("共 %d 个错误、%d 个警告", errs, warns)
	if n := f.RejectedRows(); n > 0 {
		line += fmt.Sprintf("，%d 行因错误未被采用", n)
	}
	line += "。有问题的单元格已标色：红色为错误（该行不计入统计，须改正），黄色为警告（请核对）；鼠标移到单元格上可看到说明，点击下表的位置可跳转到该单元格。请在原文件中改正后重新报送，不要报送本副本。"
	if len(ds) == 0 {
		line = "没有发现问题。"
	}
	s := xlsx.Sheet{
		Name:       summarySheet,
		Columns:    summaryColumns,
		FreezeRows: 4,
		Merges:     []string{"A1:E1", "A2:E2"},
		Heights:    map[int]float64{1: 24},
		FitWidth:   true,
		Landscape:  true,
		Rows: [][]xlsx.Cell{
			{{Value: xlsx.Text("校验结果：" + f.Name), Style: sumTitle}},
			{{Value: xlsx.Text(line), Style: xlsx.Style{Wrap: true}}},
			nil,
			{
				{Value: xlsx.Text("级别"), Style: sumHeader},
				{Value: xlsx.Text("工作表"), Style: sumHeader},
				{Value: xlsx.Text("单元格"), Style: sumHeader},
				{Value: xlsx.Text("说明"), Style: sumHeader},
				{Value: xlsx.Text("规则"), Style: sumHeader},
			},
		},
	}
	for _, d := range ds {
		level := sumWarning
		if d.Severity == diag.Error {
			level = sumError
		}
		sheet := xlsx.Cell{Value: xlsx.Text(d.Pos.Sheet), Style: sumCell}
		where := xlsx.Cell{Style: sumCell}
		switch {
		case d.Pos.Sheet == "":
			sheet.Value = xlsx.Text("（整个文件）")
		case d.Pos.Row == 0:
			sheet.Style, sheet.Link = sumLink, xlsx.SheetRef(d.Pos.Sheet, "A1")
		case d.Pos.Col == 0:
			where = xlsx.Cell{Value: xlsx.Text(fmt.Sprintf("第%d行", d.Pos.Row)), Style: sumLink,
				Link: xlsx.SheetRef(d.Pos.Sheet, xlsx.CellName(1, d.Pos.Row))}
		default:
			where = xlsx.Cell{Value: xlsx.Text(d.Pos.Cell()), Style: sumLink,
				Link: xlsx.SheetRef(d.Pos.Sheet, d.Pos.Cell())}
		}
		s.Rows = append(s.Rows, []xlsx.Cell{
			{Value: xlsx.Text(d.Severity.Label()), Style: level},
			sheet,
			where,
			{Value: xlsx.Text(d.Message), Style: sumCell},
			{Value: xlsx.Text(d.Rule), Style: sumCell},
		})
	}
	return s
}
