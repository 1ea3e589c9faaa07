package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"tuijin/generator/diag"
	"tuijin/generator/xlsx"
	"tuijin/generator/xlsx/xlsxtest"
)

// annotateCase is a month with a workbook full of findings (cell, row,
// sheet level), one whose only finding is about the whole file, a clean one
// and one that is not a workbook at all.
const annotateCase = `
-- ledgers/2024-03/发改统计局.xlsx --
== 项目台账 ==
项目代码	项目名称	项目类别	产业类别	项目阶段	责任单位	总投资（万元）	备注说明
CB-1	城南污水厂	国有投资	基础设施	储备	发改统计局	#n:-20@#,##0.00	x
CB-2	北环路	政府投资	基础设施	储备	发改统计局	#f:G2+120=100
== 节点计划 ==
项目代码	计划完成时间
CB-1	#d:2024-05-01
== 节点计划表 ==
写错了表名的节点
-- ledgers/2024-03/科经商务局.xlsx --
== 填报信息 ==
填报单位	发改统计局
== 项目台账 ==
项目代码	项目名称	项目类别	产业类别	项目阶段	责任单位	总投资（万元）
CB-3	园区道路	国有投资	基础设施	储备	科经商务局	#n:100
-- ledgers/2024-03/建设交运局.xlsx --
== 项目台账 ==
项目代码	项目名称	项目类别	产业类别	项目阶段	责任单位	总投资（万元）
CB-4	滨江路	国有投资	基础设施	储备	建设交运局	#n:300
-- ledgers/2024-03/党政办.xlsx --
!raw
这不是工作簿，是一段文字。
`

func writeAnnotateCase(t *testing.T) (monthDir string) {
	t.Helper()
	dir := t.TempDir()
	if err := xlsxtest.WriteArchive(dir, txtar.Parse([]byte(annotateCase))); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "ledgers", "2024-03")
}

// hashes returns the SHA-256 of every file in dir, by name.
func hashes(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][32]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = sha256.Sum256(b)
	}
	return out
}

func TestValidateAnnotate(t *testing.T) {
	monthDir := writeAnnotateCase(t)
	before := hashes(t, monthDir)
	out := filepath.Join(t.TempDir(), "批注")

	var plain, plainErr bytes.Buffer
	wantCode := run(context.Background(), []string{"validate", "--format", "json", monthDir}, &plain, &plainErr)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"validate", "--format", "json", "--annotate", out, monthDir}, &stdout, &stderr)
	if code != wantCode || code != exitFindings {
		t.Fatalf("exit code %d, want %d as without --annotate; stderr:\n%s", code, exitFindings, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), plain.Bytes()) {
		t.Errorf("--annotate changed the report:\n%s", stdout.String())
	}
	if got := hashes(t, monthDir); !maps.Equal(got, before) {
		t.Fatal("the source folder changed")
	}
	if !strings.Contains(stderr.String(), "跳过 党政办.xlsx，未生成批注副本：") {
		t.Errorf("stderr does not say why 党政办.xlsx was skipped:\n%s", stderr.String())
	}
	var rep report
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(out)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"发改统计局.xlsx", "建设交运局.xlsx", "科经商务局.xlsx"}; !slices.Equal(names, want) {
		t.Errorf("copies = %v, want %v", names, want)
	}

	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			checkCopy(t, filepath.Join(out, name), name, rep.Diagnostics)
		})
	}

	// The marks a clerk of 发改统计局 sees, spelled out once.
	got, err := xlsx.ReadMarks(filepath.Join(out, "发改统计局.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var places []string
	for _, m := range got {
		if m.Sheet != summarySheet {
			places = append(places, m.Sheet+"!"+m.Cell+" "+m.Fill)
		}
	}
	want := []string{
		"项目台账!H1 " + xlsx.FillWarning, // unknown column
		"项目台账!G2 " + xlsx.FillError,   // negative amount
		"项目台账!C3 " + xlsx.FillError,   // bad enum
		"节点计划!A1 " + xlsx.FillError,   // missing column: the header row's first cell
		"节点计划!A2 " + xlsx.FillError,   // its project CB-1 was rejected
	}
	if !slices.Equal(places, want) {
		t.Errorf("marked cells of 发改统计局.xlsx = %q, want %q", places, want)
	}
}

// checkCopy compares an annotated copy with the findings of the report: the
// marked cells are exactly the cells and rows with findings, red where any
// is an error, each comment holds the messages, and 校验结果 comes first and
// lists every finding of the file.
func checkCopy(t *testing.T, path, name string, all []diag.JSON) {
	t.Helper()
	type want struct {
		fill string
		msgs []string
	}
	wants := map[string]*want{}
	var mine []diag.JSON
	for _, d := range all {
		if d.File != name {
			continue
		}
		mine = append(mine, d)
		if d.Row == 0 {
			continue
		}
		cell := d.Cell
		if cell == "" {
			cell = fmt.Sprintf("A%d", d.Row)
		}
		k := d.Sheet + "!" + cell
		if wants[k] == nil {
			wants[k] = &want{fill: xlsx.FillWarning}
		}
		if d.Severity == "error" {
			wants[k].fill = xlsx.FillError
		}
		wants[k].msgs = append(wants[k].msgs, d.Message)
	}
	marks, err := xlsx.ReadMarks(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range marks {
		if m.Sheet == summarySheet {
			continue
		}
		k := m.Sheet + "!" + m.Cell
		w := wants[k]
		if w == nil {
			t.Errorf("%s is marked (%s %q) without a finding", k, m.Fill, m.Comment)
			continue
		}
		seen[k] = true
		if m.Fill != w.fill {
			t.Errorf("%s fill = %s, want %s", k, m.Fill, w.fill)
		}
		for _, msg := range w.msgs {
			if !strings.Contains(m.Comment, msg) {
				t.Errorf("%s comment %q lacks %q", k, m.Comment, msg)
			}
		}
	}
	for k := range wants {
		if !seen[k] {
			t.Errorf("%s has a finding but is not marked", k)
		}
	}

	wb, err := xlsx.Open(path, xlsx.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := wb.SheetNames(); len(got) == 0 || got[0] != summarySheet {
		t.Fatalf("sheets = %v, want %s first", got, summarySheet)
	}
	var listed []string
	err = wb.Rows(summarySheet, func(r xlsx.Row) error {
		if r.Num > 4 && len(r.Cells) >= 5 {
			listed = append(listed, r.Cells[4]+" "+r.Cells[3])
		}
		if r.Num == 2 && len(mine) == 0 && r.Cells[0] != "没有发现问题。" {
			t.Errorf("summary of a clean file says %q", r.Cells[0])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var wantListed []string
	for _, d := range mine {
		wantListed = append(wantListed, d.Rule+" "+d.Message)
	}
	if !slices.Equal(listed, wantListed) {
		t.Errorf("校验结果 lists\n%q\nwant\n%q", listed, wantListed)
	}
}

func TestValidateAnnotateRefuses(t *testing.T) {
	monthDir := writeAnnotateCase(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(monthDir, link); err != nil {
		t.Fatal(err)
	}
	before := hashes(t, monthDir)
	for _, dir := range []string{monthDir, monthDir + "/../2024-03/", link} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"validate", "--annotate", dir, monthDir}, &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), "批注副本不能写到台账所在的文件夹") {
			t.Errorf("--annotate %s: exit %d, stderr %q; want exit 2 and a refusal", dir, code, stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("--annotate %s: a refused run printed a report", dir)
		}
	}
	if got := hashes(t, monthDir); !maps.Equal(got, before) {
		t.Fatal("a refused --annotate changed the source folder")
	}
	var stdout, stderr bytes.Buffer
	file := filepath.Join(monthDir, "建设交运局.xlsx")
	if code := run(context.Background(), []string{"validate", "--annotate", file, monthDir}, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), "不是文件夹") {
		t.Errorf("--annotate a file: exit %d, stderr %q; want exit 2", code, stderr.String())
	}
}

func TestValidateAnnotateLoneFile(t *testing.T) {
	monthDir := writeAnnotateCase(t)
	src := filepath.Join(monthDir, "发改统计局.xlsx")
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"validate", src, "--annotate", out}, &stdout, &stderr)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitFindings, stderr.String())
	}
	marks, err := xlsx.ReadMarks(filepath.Join(out, "发改统计局.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(marks) == 0 {
		t.Error("the copy of a lone file has no marks")
	}
	// A file given twice under two spellings would give two copies of one
	// name: refused rather than overwritten.
	code = run(context.Background(), []string{"validate", "--annotate", out, src, filepath.Join(monthDir, ".", "发改统计局.xlsx")}, &stdout, &stderr)
	if code != exitUsage || !strings.Contains(stderr.String(), "同名") {
		t.Errorf("same base name twice: exit %d, stderr %q", code, stderr.String())
	}
}
