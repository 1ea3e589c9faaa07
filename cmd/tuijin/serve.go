package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"tuijin/generator"
	"tuijin/generator/model"
	"tuijin/generator/serve"
)

// runServe previews the site on a loopback address and rebuilds it when the
// data folder changes, until Ctrl-C.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "tuijin serve [--data DIR] [--addr 127.0.0.1:8080] [--period YYYY-MM]", stderr)
	data := fs.String("data", "data", "数据文件夹（含 ledgers/YYYY-MM/）")
	addr := fs.String("addr", serve.DefaultAddr, "预览地址，只能是本机地址（127.0.0.1、::1 或 localhost）")
	periodFlag := fs.String("period", "", "本期月份 YYYY-MM（默认最新的月份文件夹）")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "tuijin serve：多余的参数 %q\n", rest)
		return exitUsage
	}
	cfg := serve.Config{DataDir: *data, Addr: *addr, Log: stdout}
	if *periodFlag != "" {
		if cfg.Period, err = model.ParsePeriod(*periodFlag); err != nil {
			fmt.Fprintf(stderr, "tuijin serve：--period：%v\n", err)
			return exitUsage
		}
	}
	// Refused before anything else: the preview shows unpublished data and
	// must not be reachable from other machines.
	if err := serve.CheckAddr(*addr); err != nil {
		fmt.Fprintf(stderr, "tuijin serve：%v\n", err)
		return exitUsage
	}
	s, err := serve.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "tuijin serve：%v\n", err)
		if errors.Is(err, serve.ErrNotLoopback) || errors.Is(err, serve.ErrNoDataDir) {
			return exitUsage
		}
		return exitFindings
	}
	if err := s.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "tuijin serve：%v\n", err)
		if errors.Is(err, generator.ErrNoData) {
			return exitUsage
		}
		return exitFindings
	}
	return exitOK
}
