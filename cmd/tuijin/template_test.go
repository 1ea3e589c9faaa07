package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

// febCase is last month's folder of two units, for --from.
const febCase = `
-- 2024-02/建设交运局.xlsx --
== 项目台账 ==
项目代码	项目名称	项目类别	产业类别	项目阶段	责任单位	建设起止年限	总投资（万元）	年度计划投资（万元）	本年累计完成投资（万元）
CB-1	滨江路	国有投资	基础设施	续建	建设交运局	2023-2025	#n:5000	#n:1200	#n:300
== 节点计划 ==
项目代码	节点名称	计划完成时间
CB-1	路基完成	2024-06
-- 2024-02/发改统计局.xlsx --
== 项目台账 ==
项目代码	项目名称	项目类别	产业类别	项目阶段	责任单位	总投资（万元）
CB-2	园区道路	国有投资	基础设施	储备	发改统计局	#n:100
`

func TestTemplateCommand(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := xlsxtest.WriteArchive(dir, txtar.Parse([]byte(febCase))); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		args     []string
		code     int
		stdout   string // part of stdout
		stderr   string // part of stderr
		wrote    string // file that must exist afterwards
		notWrote string // file that must not
	}{
		{"default name", []string{"template"}, exitOK, "已生成台账模板 台账模板.xlsx", "", "台账模板.xlsx", ""},
		{"never overwrites", []string{"template"}, exitUsage, "", "台账模板.xlsx 已存在", "", ""},
		{"overwrites when told", []string{"template", "--force"}, exitOK, "已生成", "", "台账模板.xlsx", ""},
		{"-o", []string{"template", "-o", "out/新模板.xlsx"}, exitUsage, "", "无法写入文件 out/新模板.xlsx：文件夹 out 不存在", "", "out/新模板.xlsx"},
		{"-o in a folder", []string{"template", "-o", "2024-02/../新模板.xlsx"}, exitOK, "新模板.xlsx", "", "新模板.xlsx", ""},
		{"not xlsx", []string{"template", "-o", "模板.xls"}, exitUsage, "", "扩展名应为 .xlsx", "", "模板.xls"},
		{"stray argument", []string{"template", "模板.xlsx"}, exitUsage, "", "多余的参数", "", "模板.xlsx"},
		{"--from alone", []string{"template", "--from", "2024-02"}, exitUsage, "", "--from 和 --unit 要一起使用", "", ""},
		{"--unit alone", []string{"template", "--unit", "建设交运局"}, exitUsage, "", "--from 和 --unit 要一起使用", "", "建设交运局.xlsx"},
		{"missing folder", []string{"template", "--from", "2023-13", "--unit", "建设交运局"}, exitUsage, "", "找不到上月的文件夹 2023-13", "", "建设交运局.xlsx"},
		{"missing unit", []string{"template", "--from", "2024-02", "--unit", "住建局"}, exitUsage, "", "没有单位“住建局”的台账（文件夹中的单位有：发改统计局、建设交运局）", "", "住建局.xlsx"},
		{"pre-filled", []string{"template", "--from", "2024-02", "--unit", "建设交运局"}, exitOK, "1 个项目、1 个节点", "", "建设交运局.xlsx", ""},
		{"bad flag", []string{"template", "--nope"}, exitUsage, "", "-nope", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, &stdout, &stderr)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), c.stdout) {
				t.Errorf("stdout %q lacks %q", stdout.String(), c.stdout)
			}
			if !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), c.stderr)
			}
			if c.wrote != "" {
				if _, err := os.Stat(c.wrote); err != nil {
					t.Errorf("%s not written: %v", c.wrote, err)
				}
			}
			if c.notWrote != "" {
				if _, err := os.Stat(c.notWrote); err == nil {
					t.Errorf("%s written, want not", c.notWrote)
				}
			}
		})
	}

	// The pre-filled template, placed in March's folder, validates clean
	// and holds last month's rows.
	march := filepath.Join(dir, "2024-03")
	if err := os.Mkdir(march, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename("建设交运局.xlsx", filepath.Join(march, "建设交运局.xlsx")); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"validate", march}, &stdout, &stderr); code != exitOK || !strings.Contains(stdout.String(), "0 个错误，0 个警告") {
		t.Errorf("validate of the pre-filled template: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	f := ledger.ReadFile(filepath.Join(march, "建设交运局.xlsx"), "建设交运局.xlsx", ledger.Options{Period: model.Period{Year: 2024, Month: 3}})
	if f.Projects.Len() != 1 || f.Projects.Recs[0].Code != "CB-1" || f.Projects.Recs[0].DoneYear != 300*model.AmountScale ||
		f.Milestones.Len() != 1 || f.Milestones.Recs[0].Planned != (model.Date{Year: 2024, Month: 6, MonthOnly: true}) {
		t.Errorf("pre-filled rows read back as %+v / %+v", f.Projects, f.Milestones)
	}
}
