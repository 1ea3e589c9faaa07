package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
	"tuijin/generator/load"
	"tuijin/generator/model"
)

// report is the diagnostics JSON of the outputs contract, version 1.
type report struct {
	Version     int         `json:"version"`
	Period      string      `json:"period"`
	Files       int         `json:"files"`
	Errors      int         `json:"errors"`
	Warnings    int         `json:"warnings"`
	Diagnostics []diag.JSON `json:"diagnostics"`
}

func runValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", "tuijin validate [--format text|json] [--annotate 文件夹] [--period YYYY-MM] 路径...", stderr)
	format := fs.String("format", "text", "输出格式：text 或 json")
	periodFlag := fs.String("period", "", "按此月份（YYYY-MM）校验单个文件")
	annotate := fs.String("annotate", "", "把每个工作簿的批注副本（问题单元格标色并加批注）写到此文件夹")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "tuijin validate：--format 只能是 text 或 json，实际为 %q\n", *format)
		return exitUsage
	}
	var period model.Period
	if *periodFlag != "" {
		if period, err = model.ParsePeriod(*periodFlag); err != nil {
			fmt.Fprintf(stderr, "tuijin validate：--period：%v\n", err)
			return exitUsage
		}
	}
	if len(paths) == 0 {
		fs.Usage()
		return exitUsage
	}
	var results []*load.Result
	var roots []string
	for _, p := range paths {
		r, root, err := validatePath(ctx, p, period)
		if err != nil {
			fmt.Fprintf(stderr, "tuijin validate：%v\n", err)
			return exitUsage
		}
		results = append(results, r)
		roots = append(roots, root)
	}
	var copies []annotated
	if *annotate != "" {
		// Refuse before printing anything: a copy must never replace a
		// clerk's original.
		if copies, err = planAnnotated(*annotate, results, roots); err != nil {
			fmt.Fprintf(stderr, "tuijin validate：--annotate：%v\n", err)
			return exitUsage
		}
	}
	var all diag.List
	rep := report{Version: 1}
	periods := map[model.Period]bool{}
	rejected := 0
	for _, r := range results {
		all = append(all, r.Diags()...)
		rep.Files += len(r.Files)
		rejected += r.RejectedRows()
		for _, f := range r.Files {
			if !f.Period.IsZero() {
				periods[f.Period] = true
			}
		}
		if !r.Period.IsZero() {
			periods[r.Period] = true
		}
	}
	all.Sort()
	rep.Errors, rep.Warnings = all.Count()
	for p := range periods {
		if s := p.String(); s > rep.Period {
			rep.Period = s // the newest, when several periods were checked together
		}
	}
	rep.Diagnostics = all.ToJSON()
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "tuijin validate：%v\n", err)
			return exitUsage
		}
	} else {
		writeText(stdout, results, all, rep, rejected)
	}
	if *annotate != "" && !writeAnnotated(*annotate, copies, stderr) {
		return exitUsage
	}
	if rep.Errors > 0 {
		return exitFindings
	}
	return exitOK
}

// validatePath validates one argument: a data folder, its ledgers folder, a
// month folder, any other folder of workbooks, or a single workbook. root is
// the folder the result's file names are relative to ("" when they are the
// paths as given), so that root joined with a name finds the file.
func validatePath(ctx context.Context, p string, period model.Period) (res *load.Result, root string, err error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, "", load.OpAccess.Err(p, err)
	}
	opt := load.Options{}
	if !st.IsDir() {
		return validateFile(p, period), "", nil
	}
	base := filepath.Base(filepath.Clean(p))
	if mp, err := model.ParsePeriod(base); err == nil {
		// A month folder of the ledger layout: that period, with the
		// previous month beside it as history.
		res, err = load.Month(ctx, p, "", mp, opt)
		return res, p, err
	}
	dataDir := ""
	switch {
	case isDir(filepath.Join(p, load.LedgersDir)):
		dataDir = p
	case base == load.LedgersDir:
		dataDir = filepath.Dir(filepath.Clean(p))
	}
	if dataDir != "" {
		if period.IsZero() {
			if period, err = load.Newest(dataDir); err != nil {
				return nil, "", err
			}
		}
		// A missing month folder is told with the months there are.
		res, err = load.Data(ctx, dataDir, period, opt)
		return res, dataDir, err
	}
	res, err = load.Folder(ctx, p, "", period, nil, opt)
	return res, p, err
}

// validateFile validates a lone workbook on its own. Its period comes from
// its folder's name, else --period, else its 填报信息 sheet.
func validateFile(p string, period model.Period) *load.Result {
	if fp, err := model.ParsePeriod(filepath.Base(filepath.Dir(filepath.Clean(p)))); err == nil {
		period = fp
	}
	f := ledger.ReadFile(p, filepath.ToSlash(p), ledger.Options{Period: period})
	files := []*ledger.File{f}
	ledger.Check(files, nil)
	return &load.Result{Period: f.Period, Files: files, Ledger: ledger.Accepted(f.Period, files)}
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// writeText prints the findings grouped by file, for a clerk: each line names
// the sheet and cell, says what is wrong, and the last line gives the totals.
func writeText(w io.Writer, results []*load.Result, all diag.List, rep report, rejected int) {
	byFile := map[string]diag.List{}
	var order []string
	for _, d := range all {
		if _, ok := byFile[d.Pos.File]; !ok {
			order = append(order, d.Pos.File)
		}
		byFile[d.Pos.File] = append(byFile[d.Pos.File], d)
	}
	for _, r := range results {
		for _, f := range r.Files {
			if _, ok := byFile[f.Name]; !ok {
				fmt.Fprintf(w, "%s：通过，没有发现问题（%d 行）\n", f.Name, f.AcceptedRows())
			}
		}
	}
	for _, name := range order {
		l := byFile[name]
		e, wn := l.Count()
		fmt.Fprintf(w, "\n%s（%s）\n", name, counts(e, wn))
		for _, d := range l {
			where := d.Pos
			where.File = ""
			loc := strings.TrimSpace(where.String())
			if loc == "" {
				loc = "整个文件"
			}
			fmt.Fprintf(w, "  [%s] %s：%s\n", d.Severity.Label(), loc, d.Message)
		}
	}
	period := ""
	if rep.Period != "" {
		if p, err := model.ParsePeriod(rep.Period); err == nil {
			period = fmt.Sprintf("（%d年%d月）", p.Year, p.Month)
		}
	}
	fmt.Fprintf(w, "\n共检查 %d 个文件%s：%s", rep.Files, period, counts(rep.Errors, rep.Warnings))
	if rejected > 0 {
		fmt.Fprintf(w, "；%d 行因错误未被采用", rejected)
	}
	fmt.Fprintln(w, "。")
}

func counts(errors, warnings int) string {
	return fmt.Sprintf("%d 个错误，%d 个警告", errors, warnings)
}
