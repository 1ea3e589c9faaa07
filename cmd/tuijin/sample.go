package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"tuijin/generator/load"
	"tuijin/generator/model"
	"tuijin/generator/sample"
)

// Bounds of the sample flags; sample.Options refuses anything beyond them
// too, but a clerk-facing message names the flag.
const (
	sampleMaxUnits    = 1000
	sampleMaxProjects = 5000
	sampleMaxMonths   = 120
)

// runSample writes a synthetic data folder (ledgers/YYYY-MM/单位.xlsx) with
// package sample. It never writes into a folder that already holds
// anything: the folder could be real ledgers, and a sample file named like
// a real unit would replace it.
func runSample(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	def := sample.Bundled()
	fs := newFlagSet("sample", "tuijin sample [--out DIR] [--units N] [--projects M] [--months K] [--end YYYY-MM] [--seed S] [--flaws]", stderr)
	out := fs.String("out", "data", "要生成的数据文件夹（必须不存在或为空）")
	units := fs.Int("units", def.Units, fmt.Sprintf("单位个数（1–%d）", sampleMaxUnits))
	projects := fs.Int("projects", def.Projects, fmt.Sprintf("每个单位的项目数（0 表示 4–14 个不等，最多 %d）", sampleMaxProjects))
	months := fs.Int("months", def.Months, fmt.Sprintf("连续的月份数（1–%d），截至 --end", sampleMaxMonths))
	end := fs.String("end", def.End, "最新的月份 YYYY-MM（2000–2090 年）")
	seed := fs.Int64("seed", def.Seed, "随机数种子；参数相同则生成的文件逐字节相同")
	flaws := fs.Bool("flaws", false, "在最新月份中埋入几处常见的填报错误，供演示校验")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "tuijin sample：多余的参数 %q；输出文件夹请用 --out 指定\n", rest[0])
		return exitUsage
	}
	var bad []string
	if *units < 1 || *units > sampleMaxUnits {
		bad = append(bad, fmt.Sprintf("--units 应为 1–%d，实际为 %d", sampleMaxUnits, *units))
	}
	if *projects < 0 || *projects > sampleMaxProjects {
		bad = append(bad, fmt.Sprintf("--projects 应为 0–%d，实际为 %d", sampleMaxProjects, *projects))
	}
	if *months < 1 || *months > sampleMaxMonths {
		bad = append(bad, fmt.Sprintf("--months 应为 1–%d，实际为 %d", sampleMaxMonths, *months))
	}
	if p, err := model.ParsePeriod(*end); err != nil || p.Year < 2000 || p.Year > 2090 {
		bad = append(bad, fmt.Sprintf("--end 应为 2000–2090 年的月份 YYYY-MM，实际为 %q", *end))
	}
	if len(bad) > 0 {
		for _, b := range bad {
			fmt.Fprintf(stderr, "tuijin sample：%s\n", b)
		}
		return exitUsage
	}
	created, err := prepareSampleDir(*out)
	if err != nil {
		fmt.Fprintf(stderr, "tuijin sample：%v\n", err)
		return exitUsage
	}
	if err := ctx.Err(); err != nil {
		return exitFindings
	}
	opt := sample.Options{Units: *units, Projects: *projects, Months: *months, End: *end, Seed: *seed, Flaws: *flaws}
	if err := sample.Generate(*out, opt); err != nil {
		// Everything in the folder is ours (it was empty or missing), so a
		// half-written sample is removed rather than left to be mistaken
		// for a complete one.
		if created {
			_ = os.RemoveAll(*out)
		} else {
			_ = os.RemoveAll(filepath.Join(*out, "ledgers"))
		}
		fmt.Fprintf(stderr, "tuijin sample：生成失败：%v\n", toldWrite(err))
		return exitFindings
	}
	fmt.Fprintf(stdout, "已生成示例台账：%d 个单位 × %d 个月（截至 %s），共 %d 个工作簿，在 %s 中。\n",
		*units, *months, *end, *units**months, filepath.Join(*out, "ledgers"))
	if *flaws {
		fmt.Fprintln(stdout, "最新月份中埋入了几处填报错误，校验页会列出它们。")
	}
	fmt.Fprintf(stdout, "生成网站：tuijin build --data %s\n", *out)
	return exitOK
}

// toldWrite tells a file system error of writing the sample in Chinese,
// naming the file; other errors are returned as they are.
func toldWrite(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return load.OpWriteFile.Err(pe.Path, err)
	}
	return err
}

// prepareSampleDir makes sure dir exists and is empty, creating it when
// missing; created reports whether it did. Anything else is refused with
// a message for the user.
func prepareSampleDir(dir string) (created bool, err error) {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return false, load.OpCreateFolder.Err(dir, err)
		}
		return true, nil
	case err != nil:
		return false, load.OpAccess.Err(dir, err)
	case !st.IsDir():
		return false, fmt.Errorf("%s 不是文件夹；请用 --out 指定一个不存在的或空的文件夹", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, load.OpReadFolder.Err(dir, err)
	}
	if len(entries) > 0 {
		return false, fmt.Errorf("文件夹 %s 不是空的，为免覆盖已有的台账，未生成示例；请用 --out 指定一个不存在的或空的文件夹", dir)
	}
	return false, nil
}
