package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tuijin/generator/load"
	"tuijin/generator/template"
)

// defaultTemplate is the file `template` writes without -o or --unit.
const defaultTemplate = "台账模板.xlsx"

func runTemplate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("template", "tuijin template [-o 文件.xlsx] [--from 上月文件夹 --unit 单位名称] [--force]", stderr)
	out := fs.String("o", "", "输出文件（默认 "+defaultTemplate+"；指定 --unit 时为“单位名称.xlsx”）")
	from := fs.String("from", "", "上个月的月份文件夹，用其中本单位的台账预填（与 --unit 一起使用）")
	unit := fs.String("unit", "", "单位名称，即上月台账的填报单位或文件名（与 --from 一起使用）")
	force := fs.Bool("force", false, "输出文件已存在时覆盖它")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "tuijin template：多余的参数 %q；输出文件请用 -o 指定\n", rest[0])
		return exitUsage
	}
	if (*from == "") != (*unit == "") {
		fmt.Fprintln(stderr, "tuijin template：--from 和 --unit 要一起使用：--from 上月的月份文件夹 --unit 单位名称")
		return exitUsage
	}
	opt := template.Options{}
	if *from != "" {
		prev, err := template.LoadPrevious(ctx, *from, *unit)
		if err != nil {
			var te *template.Error
			if errors.As(err, &te) {
				fmt.Fprintf(stderr, "tuijin template：%s\n", te.Message)
			} else {
				fmt.Fprintf(stderr, "tuijin template：%v\n", err)
			}
			return exitUsage
		}
		opt.From = prev
	}
	path := *out
	if path == "" {
		path = defaultTemplate
		if opt.From != nil {
			// Named after the unit, the pre-filled template is ready to be
			// submitted under the right name.
			path = strings.NewReplacer("/", "_", "\\", "_").Replace(opt.From.Unit) + ".xlsx"
		}
	}
	if ext := filepath.Ext(path); ext != ".xlsx" {
		fmt.Fprintf(stderr, "tuijin template：输出文件 %s 的扩展名应为 .xlsx\n", path)
		return exitUsage
	}
	if _, err := os.Stat(path); err == nil && !*force {
		// It may be a ledger someone has already filled in.
		fmt.Fprintf(stderr, "tuijin template：%s 已存在，为免覆盖已填写的台账，未生成模板；请换一个文件名（-o），或加 --force 覆盖\n", path)
		return exitUsage
	}
	filled, err := template.Write(path, opt)
	if err != nil {
		fmt.Fprintf(stderr, "tuijin template：%s\n", load.OpWriteFile.Message(path, err))
		return exitUsage
	}
	fmt.Fprintf(stdout, "已生成台账模板 %s。\n", path)
	if opt.From != nil {
		f := filled
		fmt.Fprintf(stdout, "已按 %s 的上月台账预填：%d 个项目、%d 个节点、%d 笔资金、%d 个问题、%d 个要件。\n",
			opt.From.Unit, f.Projects, f.Milestones, f.Funds, f.Issues, f.Approvals)
		if f.YearStart {
			fmt.Fprintln(stdout, "新的一年：上年的本年累计完成投资已并入“截至上年底累计完成投资”，请填写今年的年度计划投资和本年累计完成投资。")
		}
		if f.Rejected > 0 {
			fmt.Fprintf(stdout, "其中 %d 行上月有错误未被采用，已按能读出的内容预填，请重点核对。\n", f.Rejected)
		}
		fmt.Fprintln(stdout, "请只修改本月有变化的内容，并核对“填报信息”中的填报月份。")
	}
	return exitOK
}
