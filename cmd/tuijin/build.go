package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"

	"tuijin/generator"
	"tuijin/generator/config"
	"tuijin/generator/load"
	"tuijin/generator/model"
	"tuijin/generator/pdf"
	"tuijin/generator/publish"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", "tuijin build [--data DIR] [--out DIR] [--period YYYY-MM] [--strict] [--pdf] [--cache DIR]", stderr)
	data := fs.String("data", "data", "数据文件夹（含 ledgers/YYYY-MM/）")
	out := fs.String("out", "site", "网站输出文件夹（整体替换）")
	periodFlag := fs.String("period", "", "本期月份 YYYY-MM（默认最新的月份文件夹）")
	strict := fs.Bool("strict", false, "有任何错误时退出码为 1")
	withPDF := fs.Bool("pdf", false, "用无头 Chromium 把本期通报打印为 site/briefing/YYYY-MM.pdf")
	cache := fs.String("cache", defaultCacheDir(), "已解析台账的缓存文件夹（按文件内容哈希；空字符串表示不用缓存）")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "tuijin build：多余的参数 %q\n", rest)
		return exitUsage
	}
	cfg := generator.Config{DataDir: *data, OutDir: *out, Log: stdout, CacheDir: *cache, PDF: *withPDF}
	if *periodFlag != "" {
		if cfg.Period, err = model.ParsePeriod(*periodFlag); err != nil {
			fmt.Fprintf(stderr, "tuijin build：--period：%v\n", err)
			return exitUsage
		}
	}
	if msg := checkDataDir(*data); msg != "" {
		fmt.Fprintf(stderr, "tuijin build：%s\n", msg)
		return exitUsage
	}
	res, err := generator.Build(ctx, cfg)
	var ce *config.Error
	if errors.As(err, &ce) {
		fmt.Fprintf(stderr, "tuijin build：%v\n原有网站未改动。\n", ce)
		return exitUsage
	}
	if errors.Is(err, pdf.ErrNoBrowser) {
		fmt.Fprintf(stderr, "tuijin build --pdf：%v\n原有网站未改动。\n", pdf.ErrNoBrowser)
		return exitFindings
	}
	if errors.Is(err, generator.ErrNoData) {
		fmt.Fprintf(stderr, "tuijin build：%v\n", err)
		return exitUsage
	}
	if errors.Is(err, publish.ErrUnsafeOut) {
		// Nothing was touched: the folder was refused before (or, when it
		// changed during the build, instead of) being replaced.
		fmt.Fprintf(stderr, "tuijin build --out：%v\n", err)
		return exitFindings
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		fmt.Fprintln(stderr, "tuijin build：已中断，原有网站未改动。")
		return exitFindings
	}
	if err != nil {
		fmt.Fprintf(stderr, "tuijin build：%v\n原有网站未改动。\n", err)
		return exitFindings
	}
	reused := ""
	if res.PagesReused > 0 {
		reused = fmt.Sprintf("（其中 %d 个内容未变，沿用上次生成的）", res.PagesReused)
	}
	fmt.Fprintf(stdout, "完成：%d年%d月，写入 %d 个页面%s、共 %d 个文件（%.1f MB），用时 %.1f 秒。\n",
		res.Period.Year, res.Period.Month, res.Pages, reused, res.OutputFiles, float64(res.OutputBytes)/1e6, res.Duration.Seconds())
	printSizes(stdout, res.Sizes)
	if res.Errors > 0 {
		fmt.Fprintf(stdout, "有 %d 个错误、%d 行未采用，详见 %s/validation.html（数据校验）。\n", res.Errors, res.RejectedRows, *out)
		if *strict {
			return exitFindings
		}
	}
	return exitOK
}

// checkDataDir returns "" when dir is a folder, else why it cannot be the
// data folder.
func checkDataDir(dir string) string {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		return "找不到数据文件夹 " + dir
	case err != nil:
		return load.OpAccess.Message(dir, err)
	case !st.IsDir():
		return dir + " 不是文件夹；--data 应为数据文件夹（其中有 ledgers/YYYY-MM/ 月份文件夹）"
	}
	return ""
}

// defaultCacheDir is the user's cache folder (for example ~/.cache/tuijin),
// or "" when the system has none.
func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "tuijin")
}
