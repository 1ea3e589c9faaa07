package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"tuijin/generator"
	"tuijin/generator/config"
	"tuijin/generator/model"
	"tuijin/generator/pdf"
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
	if st, err := os.Stat(*data); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "tuijin build：找不到数据文件夹 %s\n", *data)
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

// defaultCacheDir is the user's cache folder (for example ~/.cache/tuijin),
// or "" when the system has none.
func defaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "tuijin")
}
