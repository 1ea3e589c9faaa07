// Command tuijin turns the monthly project ledgers of a high-tech zone's
// project promotion mechanism into a static website and a monthly briefing,
// and tells the units exactly which cells of their workbooks to fix.
//
// Usage:
//
//	tuijin build [--data DIR] [--out DIR] [--period YYYY-MM] [--strict] [--pdf] [--cache DIR]
//	tuijin validate [--format text|json] [--annotate DIR] [--period YYYY-MM] PATH...
//	tuijin template [-o FILE.xlsx] [--from DIR --unit NAME] [--force]
//	tuijin serve [--data DIR] [--addr 127.0.0.1:8080] [--period YYYY-MM]
//	tuijin sample [--out DIR] [--units N] [--projects M] [--months K] [--end YYYY-MM] [--seed S] [--flaws]
//
// See docs/cli.md for every command, flag and exit code.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"tuijin/generator/memlimit"
)

// Exit codes shared by all commands.
const (
	exitOK       = 0 // done; for validate: no errors
	exitFindings = 1 // validate found errors (build: with --strict)
	exitUsage    = 2 // bad flags, missing or unreadable input folder
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// Process-wide, so here and not in run: tests call run many times.
	gc := 0
	if len(os.Args) > 1 {
		gc = commands[os.Args[1]].gcPercent
	}
	memlimit.ApplyWithGC(ctx, memlimit.Default, gc)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// A command is one subcommand: what runs it and the collector target its
// process wants.
type command struct {
	run func(ctx context.Context, args []string, stdout, stderr io.Writer) int
	// gcPercent is the collector's target for the process (see
	// memlimit.ApplyWithGC); 0 keeps Go's default.
	gcPercent int
}

var commands = map[string]command{
	"build":    {run: runBuild, gcPercent: memlimit.GCPercent},
	"validate": {run: runValidate},
	"template": {run: runTemplate},
	"serve":    {run: runServe, gcPercent: memlimit.GCPercent},
	"sample":   {run: runSample},
}

// run dispatches to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	if c, ok := commands[args[0]]; ok {
		return c.run(ctx, args[1:], stdout, stderr)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	default:
		fmt.Fprintf(stderr, "tuijin：未知命令 %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `tuijin（推进）：项目推进台账校验与发布工具

用法：
  tuijin build [--data DIR] [--out DIR] [--period YYYY-MM] [--strict] [--pdf] [--cache DIR]
      校验 data/ 中最新月份的台账，生成网站到 site/
  tuijin validate [--format text|json] [--annotate 文件夹] [--period YYYY-MM] 路径...
      校验台账文件或文件夹；有错误时退出码为 1
  tuijin template [-o 文件.xlsx] [--from 上月文件夹 --unit 单位名称] [--force]
      生成台账模板（下拉列表、输入提示、填报说明），可按上月台账预填
  tuijin serve [--data DIR] [--addr 127.0.0.1:8080] [--period YYYY-MM]
      在本机预览网站；台账、页面或 site.toml 有变化时自动重新生成并刷新浏览器
  tuijin sample [--out DIR] [--units N] [--projects M] [--months K] [--end YYYY-MM] [--seed S] [--flaws]
      在空文件夹中生成示例台账（虚构单位的真实 .xlsx 工作簿），用于演示和性能测试

各命令的参数说明：tuijin 命令 -h，例如 tuijin build -h；详见 docs/cli.md。
`)
}
