package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"tuijin/generator/zhtest"

	"tuijin/generator/xlsx/xlsxtest"

	"tuijin/generator/asnobody"
)

// englishLeft returns what of msg looks like English once the given paths
// and the words a message may carry (the command, its flags, the ledger
// layout) are taken out: a Go error's text ("no such file or directory",
// "unsafe output folder", "publish:", "load:") shows up here.
func englishLeft(msg string, paths ...string) string {
	return zhtest.EnglishLeft(msg, append(paths, "tuijin", "build", "validate", "--out", "--data", "--period", "ledgers", "YYYY-MM", "xlsx", "site",
		"data", "empty", "afile", "real", "link", "pagesfile", "pages", "missing", "ro")...) // the folders of messagesDir
}

// messagesDir makes, in a new current folder, a data folder with the
// months 2024-02 and 2024-03, a data folder with no month in its ledgers
// folder, a file, a
// symbolic link to a folder, and a data folder whose pages/ is a file.
func messagesDir(t *testing.T) {
	t.Helper()
	archive, err := filepath.Abs("../../testdata/validate/mixed.txtar")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	for _, d := range []string{"data", "pagesfile"} {
		if err := xlsxtest.WriteFile(d, archive); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{filepath.Join("empty", "ledgers"), "real"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"afile", filepath.Join("pagesfile", "pages")} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("real", "link"); err != nil {
		t.Skipf("no symlinks: %v", err)
	}
}

// What build and validate tell on stderr when a folder is missing, is not
// a folder or must not be replaced: one Chinese sentence naming it, and
// the exit code of the contract.
func TestFolderMessages(t *testing.T) {
	messagesDir(t)
	const outInstead = "请换一个数据文件夹以外的文件夹"
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string // the whole of stderr, with / for the separator
	}{
		{"validate missing month", []string{"validate", "--period", "2025-01", "data"}, exitUsage,
			"tuijin validate：找不到 2025-01 的台账文件夹 data/ledgers/2025-01；已有的月份：2024-02、2024-03\n"},
		{"validate missing month of a ledgers folder", []string{"validate", "--period", "2025-01", "data/ledgers"}, exitUsage,
			"tuijin validate：找不到 2025-01 的台账文件夹 data/ledgers/2025-01；已有的月份：2024-02、2024-03\n"},
		{"validate missing path", []string{"validate", "missing"}, exitUsage, "tuijin validate：找不到 missing\n"},
		{"validate under a file", []string{"validate", "afile/x"}, exitUsage, "tuijin validate：无法访问 afile/x：afile 不是文件夹\n"},
		{"validate no months", []string{"validate", "empty/ledgers"}, exitUsage,
			"tuijin validate：数据文件夹 empty 中没有台账月份文件夹（应为 empty/ledgers/YYYY-MM/单位.xlsx）\n"},

		{"build missing month", []string{"build", "--data", "data", "--period", "2025-01"}, exitUsage,
			"tuijin build：找不到 2025-01 的台账文件夹 data/ledgers/2025-01；已有的月份：2024-02、2024-03\n"},
		{"build no months", []string{"build", "--data", "empty"}, exitUsage,
			"tuijin build：数据文件夹 empty 中没有台账月份文件夹（应为 empty/ledgers/YYYY-MM/单位.xlsx）\n"},
		{"build missing data folder", []string{"build", "--data", "missing"}, exitUsage, "tuijin build：找不到数据文件夹 missing\n"},
		{"build data folder a file", []string{"build", "--data", "afile"}, exitUsage,
			"tuijin build：afile 不是文件夹；--data 应为数据文件夹（其中有 ledgers/YYYY-MM/ 月份文件夹）\n"},
		{"build pages a file", []string{"build", "--data", "pagesfile", "--out", "site2"}, exitFindings,
			"tuijin build：pagesfile/pages 不是文件夹\n原有网站未改动。\n"},

		{"out a file", []string{"build", "--data", "data", "--out", "afile"}, exitFindings,
			"tuijin build --out：输出位置 afile 已存在，但不是文件夹；请换一个输出文件夹\n"},
		{"out under a file", []string{"build", "--data", "data", "--out", "afile/site"}, exitFindings,
			"tuijin build --out：输出位置 afile/site 无法使用：afile 不是文件夹；请换一个输出文件夹\n"},
		{"out the data folder", []string{"build", "--data", "data", "--out", "data"}, exitFindings,
			"tuijin build --out：输出位置 data 就是数据文件夹 data，生成网站会把它整体替换掉；" + outInstead + "\n"},
		{"out in the data folder", []string{"build", "--data", "data", "--out", "data/ledgers"}, exitFindings,
			"tuijin build --out：输出位置 data/ledgers 在数据文件夹 data 的 ledgers 文件夹之中，生成网站会替换其中的内容；" + outInstead + "\n"},
		{"out the data folder's parent", []string{"build", "--data", "data/ledgers/..", "--out", "."}, exitFindings,
			"tuijin build --out：输出位置 . 就是当前所在的文件夹，生成时会被整体替换；请换一个专门存放网站的文件夹，例如 site\n"},
		{"out a symbolic link", []string{"build", "--data", "data", "--out", "link"}, exitFindings,
			"tuijin build --out：输出位置 link 是一个符号链接（指向 real）；为免把链接换成普通文件夹，请直接把它指向的文件夹作为输出文件夹\n"},
		{"out the root", []string{"build", "--data", "data", "--out", "/"}, exitFindings,
			"tuijin build --out：输出位置 / 是整个磁盘的根目录，生成时会被整体替换；请换一个专门存放网站的文件夹，例如 site\n"},
		{"out empty", []string{"build", "--data", "data", "--out="}, exitFindings,
			"tuijin build --out：没有指定输出文件夹；请指定一个专门存放网站的文件夹，例如 site\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			args := tt.args
			if args[0] == "build" {
				args = append(slices.Clone(args), "--cache", "")
			}
			for i, a := range args {
				args[i] = filepath.FromSlash(a)
			}
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			if want := filepath.FromSlash(tt.want); stderr.String() != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
			}
			if e := englishLeft(stderr.String(), args...); e != "" {
				t.Errorf("stderr %q has English %q", stderr.String(), e)
			}
		})
	}
	// The refusals touched nothing: the data folder still holds its ledgers.
	if _, err := os.Stat(filepath.Join("data", "ledgers", "2024-03", "发改统计局.xlsx")); err != nil {
		t.Errorf("the data folder was touched: %v", err)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 6 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the current folder holds %q, want only what the test made", names)
	}
}

// An interrupted build says so, in Chinese.
func TestBuildInterrupted(t *testing.T) {
	messagesDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"build", "--data", "data", "--out", "site", "--cache", ""}, &stdout, &stderr)
	if code != exitFindings || stderr.String() != "tuijin build：已中断，原有网站未改动。\n" {
		t.Errorf("exit %d, stderr %q; want %d and the interruption told", code, stderr.String(), exitFindings)
	}
}

// A folder that cannot be read or written in is told so, naming it.
func TestPermissionMessages(t *testing.T) {
	if asnobody.Rerun(t) {
		return // run as nobody: root reads and writes every folder
	}
	messagesDir(t)
	if err := os.Mkdir("ro", 0o555); err != nil {
		t.Fatal(err)
	}
	month := filepath.Join("data", "ledgers", "2024-03")
	if err := os.Chmod(month, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(month, 0o755); os.Chmod("ro", 0o755) })
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"validate unreadable month", []string{"validate", "data"}, exitUsage,
			"tuijin validate：无法读取文件夹 data/ledgers/2024-03：没有读取权限\n"},
		{"build unreadable month", []string{"build", "--data", "data", "--cache", ""}, exitFindings,
			"tuijin build：无法读取文件夹 data/ledgers/2024-03：没有读取权限\n原有网站未改动。\n"},
		{"build into a read-only folder", []string{"build", "--data", "data", "--out", "ro/site", "--cache", ""}, exitFindings,
			"tuijin build：无法在文件夹 ro 中为新网站创建临时文件夹：没有写入权限\n原有网站未改动。\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if want := filepath.FromSlash(tt.want); code != tt.code || stderr.String() != want {
				t.Errorf("exit %d, stderr:\n%s\nwant %d and:\n%s", code, stderr.String(), tt.code, want)
			}
			if e := englishLeft(stderr.String(), tt.args...); e != "" {
				t.Errorf("stderr %q has English %q", stderr.String(), e)
			}
		})
	}
}
