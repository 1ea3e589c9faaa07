package load

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"tuijin/generator/zhtest"

	"tuijin/generator/model"

	"tuijin/generator/asnobody"
)

func TestFSOpMessage(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("afile", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("folder", 0o755); err != nil {
		t.Fatal(err)
	}
	pathErr := func(op, path string, err error) error { return &fs.PathError{Op: op, Path: path, Err: err} }
	for _, tt := range []struct {
		name string
		op   FSOp
		path string
		err  error
		want string
		is   error // errors.Is must still see it
	}{
		{"missing folder", OpReadFolder, "data/ledgers/2025-01",
			pathErr("open", "data/ledgers/2025-01", syscall.ENOENT), "找不到文件夹 data/ledgers/2025-01", fs.ErrNotExist},
		{"missing file", OpReadFile, "data/site.toml",
			pathErr("open", "data/site.toml", syscall.ENOENT), "找不到文件 data/site.toml", fs.ErrNotExist},
		{"missing path", OpAccess, "nowhere",
			pathErr("stat", "nowhere", syscall.ENOENT), "找不到 nowhere", fs.ErrNotExist},
		{"write into a missing folder", OpWriteFile, "out/模板.xlsx",
			pathErr("open", "out/模板.xlsx", syscall.ENOENT), "无法写入文件 out/模板.xlsx：文件夹 out 不存在", fs.ErrNotExist},
		{"no read permission", OpReadFolder, "data/ledgers/2026-10",
			pathErr("open", "data/ledgers/2026-10", syscall.EACCES), "无法读取文件夹 data/ledgers/2026-10：没有读取权限", fs.ErrPermission},
		{"no write permission", OpCreateFolder, "批注",
			pathErr("mkdir", "批注", syscall.EACCES), "无法创建文件夹 批注：没有写入权限", fs.ErrPermission},
		{"not permitted", OpWriteFile, "site/index.html",
			pathErr("open", "site/index.html", syscall.EPERM), "无法写入文件 site/index.html：没有写入权限", fs.ErrPermission},
		{"a file read as a folder", OpReadFolder, "afile",
			pathErr("readdirent", "afile", syscall.ENOTDIR), "afile 不是文件夹", syscall.ENOTDIR},
		{"a file on the way", OpAccess, "afile/x/y",
			pathErr("stat", "afile/x/y", syscall.ENOTDIR), "无法访问 afile/x/y：afile 不是文件夹", syscall.ENOTDIR},
		{"a folder read as a file", OpReadFile, "folder",
			pathErr("read", "folder", syscall.EISDIR), "folder 是文件夹，不是文件", syscall.EISDIR},
		{"disk full", OpWriteFile, "site/index.html",
			pathErr("write", "site/index.html", syscall.ENOSPC), "无法写入文件 site/index.html：磁盘空间不足", syscall.ENOSPC},
		{"read-only disk", OpCreateFolder, "site",
			pathErr("mkdir", "site", syscall.EROFS), "无法创建文件夹 site：所在的磁盘是只读的", syscall.EROFS},
		{"input/output error", OpReadFile, "data/site.toml",
			pathErr("read", "data/site.toml", syscall.EIO), "无法读取文件 data/site.toml：磁盘读写出错（磁盘或网络盘可能有故障）", syscall.EIO},
		{"too many open files", OpReadFolder, "data",
			pathErr("open", "data", syscall.EMFILE), "无法读取文件夹 data：同时打开的文件太多", syscall.EMFILE},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.op.Err(tt.path, tt.err)
			if got := err.Error(); got != tt.want {
				t.Errorf("message %q, want %q", got, tt.want)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			if e := englishLeft(err.Error(), tt.path, "afile", "folder", "out"); e != "" {
				t.Errorf("message %q has English %q", err, e)
			}
			if again := tt.op.Err(tt.path, err); again != err {
				t.Errorf("told twice: %q", again)
			}
		})
	}
}

// An error FSReason does not know is given in the system's words, but
// without the operation and path in front.
func TestFSReasonUnknown(t *testing.T) {
	err := &fs.PathError{Op: "open", Path: "/x/y", Err: errors.New("something odd")}
	if got := FSReason(err); got != "something odd" {
		t.Errorf("FSReason = %q, want the bare error", got)
	}
	if got := OpReadFile.Err("y", err).Error(); got != "无法读取文件 y：something odd" {
		t.Errorf("message %q", got)
	}
	if OpReadFile.Err("y", nil) != nil {
		t.Error("nil error told")
	}
}

// The errors of reading a data folder: each says in Chinese which folder,
// what is wrong and, for a missing month, which months there are; each
// wraps ErrNoMonth when the month is missing, for the exit code.
func TestDataFolderErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, d := range []string{"data/ledgers/2026-09", "data/ledgers/2026-10", "data/ledgers/旧台账", "empty/ledgers", "nolayout", "many/ledgers"} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for m := 1; m <= 12; m++ {
		if err := os.Mkdir(filepath.Join("many/ledgers", model.Period{Year: 2025, Month: m}.String()), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile("data/ledgers/2026-08", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("data/ledgers/2026-10/台账.xlsx", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("afile", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := func(s string) model.Period {
		m, err := model.ParsePeriod(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		run     func() error
		want    string
		noMonth bool // wraps ErrNoMonth
	}{
		{"month missing", func() error { return CheckMonth("data", p("2025-01")) },
			"找不到 2025-01 的台账文件夹 data/ledgers/2025-01；已有的月份：2026-09、2026-10", true},
		{"month missing, read", func() error { _, err := Data(ctx, "data", p("2025-01"), Options{}); return err },
			"找不到 2025-01 的台账文件夹 data/ledgers/2025-01；已有的月份：2026-09、2026-10", true},
		{"month missing among many", func() error { return CheckMonth("many", p("2024-01")) },
			"找不到 2024-01 的台账文件夹 many/ledgers/2024-01；已有的月份：2025-01 至 2025-12，共 12 个", true},
		{"month missing, none there", func() error { return CheckMonth("empty", p("2025-01")) },
			"找不到 2025-01 的台账文件夹 empty/ledgers/2025-01；数据文件夹 empty 中没有台账月份文件夹（应为 empty/ledgers/YYYY-MM/单位.xlsx）", true},
		{"month missing, no ledgers folder", func() error { return CheckMonth("nolayout", p("2025-01")) },
			"找不到 2025-01 的台账文件夹 nolayout/ledgers/2025-01；数据文件夹 nolayout 中没有台账月份文件夹（应为 nolayout/ledgers/YYYY-MM/单位.xlsx）", true},
		{"month is a file", func() error { return CheckMonth("data", p("2026-08")) },
			"data/ledgers/2026-08 不是文件夹；2026-08 的台账应放在名为 2026-08 的文件夹中", true},
		{"no months", func() error { _, err := Newest("empty"); return err },
			"数据文件夹 empty 中没有台账月份文件夹（应为 empty/ledgers/YYYY-MM/单位.xlsx）", true},
		{"no ledgers folder", func() error { _, err := Newest("nolayout"); return err },
			"数据文件夹 nolayout 中没有台账月份文件夹（应为 nolayout/ledgers/YYYY-MM/单位.xlsx）", true},
		{"ledgers listed, missing", func() error { _, err := Months("nolayout"); return err },
			"找不到文件夹 nolayout/ledgers", false},
		{"month folder missing", func() error {
			_, err := Folder(ctx, "data/ledgers/2025-01", "", p("2025-01"), nil, Options{})
			return err
		},
			"找不到文件夹 data/ledgers/2025-01", false},
		{"month folder is a file", func() error { _, err := Folder(ctx, "afile", "", p("2025-01"), nil, Options{}); return err },
			"afile 不是文件夹", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			if got := err.Error(); got != filepath.FromSlash(tt.want) {
				t.Errorf("message %q, want %q", got, tt.want)
			}
			if got := errors.Is(err, ErrNoMonth); got != tt.noMonth {
				t.Errorf("errors.Is(err, ErrNoMonth) = %t, want %t", got, tt.noMonth)
			}
			if e := englishLeft(err.Error(), "data", "many", "empty", "nolayout", "afile"); e != "" {
				t.Errorf("message %q has English %q", err, e)
			}
		})
	}
	if m, err := Newest("data"); err != nil || m != p("2026-10") {
		t.Errorf("Newest(data) = %v, %v; want 2026-10", m, err)
	}
	if err := CheckMonth("data", p("2026-10")); err != nil {
		t.Errorf("CheckMonth of a month there: %v", err)
	}
}

// A month folder that cannot be read is told so, not taken for a missing
// one.
func TestUnreadableMonth(t *testing.T) {
	if asnobody.Rerun(t) {
		return // run as nobody: root reads and writes every folder
	}
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.MkdirAll("data/ledgers/2026-10", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod("data/ledgers/2026-10", 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "data/ledgers/2026-10"), 0o755) })
	_, err := Data(context.Background(), "data", model.Period{Year: 2026, Month: 10}, Options{})
	want := filepath.FromSlash("无法读取文件夹 data/ledgers/2026-10：没有读取权限")
	if err == nil || err.Error() != want {
		t.Errorf("Data = %v, want %q", err, want)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("errors.Is(err, fs.ErrPermission) = false")
	}
}

// englishLeftLoad is zhtest.EnglishLeft with the ledger layout's words.
func englishLeft(msg string, paths ...string) string {
	return zhtest.EnglishLeft(msg, append(paths, "ledgers", "YYYY-MM", "xlsx")...)
}
