package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"tuijin/generator/zhtest"

	"tuijin/generator/asnobody"
)

// Every output folder Stage refuses is refused with ErrUnsafeOut and a
// Chinese sentence that names it, says why and what to do, and nothing is
// created beside it.
func TestRefusalMessages(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"data/ledgers/2026-10/台账.xlsx": "x",
		"outer/data/ledgers/x":         "x",
		"homes/me/x":                   "x",
		"afile":                        "f",
		"real/index.html":              "r",
	})
	for link, target := range map[string]string{"link": "real", "datalink": "data"} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skipf("no symlinks: %v", err)
		}
	}
	t.Chdir(root)
	t.Setenv("HOME", filepath.Join(root, "homes", "me"))
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(root, "homes", "me")
	data := Keep{Dir: "data", What: "数据文件夹"}
	const site = "请换一个专门存放网站的文件夹，例如 site"
	const other = "请换一个数据文件夹以外的文件夹"
	for _, tt := range []struct {
		name string
		out  string
		keep []Keep
		want string
	}{
		{"empty", "", nil, "没有指定输出文件夹；" + "请指定一个专门存放网站的文件夹，例如 site"},
		{"root", string(filepath.Separator), nil, "输出位置 " + string(filepath.Separator) + " 是整个磁盘的根目录，生成时会被整体替换；" + site},
		{"current folder", ".", nil, "输出位置 . 就是当前所在的文件夹，生成时会被整体替换；" + site},
		{"above the current folder", "..", nil, "输出位置 .. 包含当前所在的文件夹 " + wd + "，生成时会被整体替换；" + site},
		{"the data folder", "data", []Keep{data}, "输出位置 data 就是数据文件夹 data，生成网站会把它整体替换掉；" + other},
		{"the data folder through a link", "datalink", []Keep{data}, "输出位置 datalink 就是数据文件夹 data，生成网站会把它整体替换掉；" + other},
		{"inside the data folder", filepath.Join("data", "ledgers"), []Keep{data},
			"输出位置 " + filepath.Join("data", "ledgers") + " 在数据文件夹 data 之中，生成网站会替换其中的内容；" + other},
		{"inside the data folder's link", filepath.Join("data", "site"), []Keep{{Dir: "datalink", What: "数据文件夹"}},
			"输出位置 " + filepath.Join("data", "site") + " 在数据文件夹 datalink 之中，生成网站会替换其中的内容；" + other},
		{"in the data folder's ledgers", filepath.Join("data", "ledgers", "site"), []Keep{{Dir: "data", What: "数据文件夹", Parts: []string{"ledgers", "pages"}}},
			"输出位置 " + filepath.Join("data", "ledgers", "site") + " 在数据文件夹 data 的 ledgers 文件夹之中，生成网站会替换其中的内容；" + other},
		{"the data folder's pages", filepath.Join("data", "pages"), []Keep{{Dir: "data", What: "数据文件夹", Parts: []string{"ledgers", "pages"}}},
			"输出位置 " + filepath.Join("data", "pages") + " 在数据文件夹 data 的 pages 文件夹之中，生成网站会替换其中的内容；" + other},
		{"above the data folder", "outer", []Keep{{Dir: filepath.Join("outer", "data"), What: "数据文件夹"}},
			"输出位置 outer 包含数据文件夹 " + filepath.Join("outer", "data") + "，生成网站会把它整体替换掉；" + other},
		{"the home folder", filepath.Join("homes", "me"), nil,
			"输出位置 " + filepath.Join("homes", "me") + " 是用户主文件夹，生成时会被整体替换；" + site},
		{"above the home folder", "homes", nil, "输出位置 homes 包含用户主文件夹 " + home + "，生成时会被整体替换；" + site},
		{"a file", "afile", nil, "输出位置 afile 已存在，但不是文件夹；请换一个输出文件夹"},
		{"under a file", filepath.Join("afile", "site"), nil,
			"输出位置 " + filepath.Join("afile", "site") + " 无法使用：afile 不是文件夹；请换一个输出文件夹"},
		{"a symbolic link", "link", nil, "输出位置 link 是一个符号链接（指向 real）；为免把链接换成普通文件夹，请直接把它指向的文件夹作为输出文件夹"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := strings.Join(entryNames(t, root), " ")
			s, err := Stage(tt.out, tt.keep...)
			if s != nil {
				s.Abort()
				t.Fatalf("Stage(%q) accepted", tt.out)
			}
			if !errors.Is(err, ErrUnsafeOut) {
				t.Errorf("Stage(%q) = %v, want ErrUnsafeOut", tt.out, err)
			}
			if err.Error() != tt.want {
				t.Errorf("Stage(%q):\n got %s\nwant %s", tt.out, err, tt.want)
			}
			if e := zhtest.EnglishLeft(err.Error(), wd, home, tt.out, "data", "datalink", "outer", "homes", "afile", "real", "site", "ledgers", "pages"); e != "" {
				t.Errorf("message %q has English %q", err, e)
			}
			if after := strings.Join(entryNames(t, root), " "); after != before {
				t.Errorf("files in %s: %s, were %s", root, after, before)
			}
		})
	}
	// Beside the data folder, under a name it starts with, is fine, and
	// so is a site inside it away from the folders a build reads.
	for _, out := range []string{"site", "datasite", filepath.Join("outer", "site")} {
		s, err := Stage(out, Keep{Dir: "data", What: "数据文件夹"}, Keep{Dir: filepath.Join("outer", "data"), What: "数据文件夹"})
		if err != nil {
			t.Errorf("Stage(%q) = %v", out, err)
			continue
		}
		s.Abort()
	}
	for _, out := range []string{filepath.Join("data", "site"), filepath.Join("data", "docs")} {
		s, err := Stage(out, Keep{Dir: "data", What: "数据文件夹", Parts: []string{"ledgers", "pages"}})
		if err != nil {
			t.Errorf("Stage(%q) beside the ledgers = %v", out, err)
			continue
		}
		s.Abort()
	}
}

// Commit checks the output folder again, and says so in the words of Stage,
// naming it as the caller did.
func TestCommitRefusalMessage(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	s := mustStage(t, "site")
	defer s.Abort()
	mustWrite(t, s, map[string]string{"index.html": "new"})
	writeTree(t, root, map[string]string{"site": "a file now"})
	err := s.Commit()
	if want := "输出位置 site 已存在，但不是文件夹；请换一个输出文件夹"; err == nil || err.Error() != want {
		t.Errorf("Commit = %v, want %q", err, want)
	}
	if !errors.Is(err, ErrUnsafeOut) {
		t.Errorf("Commit = %v, want ErrUnsafeOut", err)
	}
}

// The other errors a build can meet: each is Chinese (for the file
// system's, FSError: what could not be done, with the cause for the caller
// to word) and keeps its sentinel or cause for errors.Is.
func TestErrorMessages(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)

	// The staging folder replaced by a file under the build's feet.
	s := mustStage(t, "site")
	tmp := filepath.Base(s.Dir())
	if err := os.RemoveAll(s.Dir()); err != nil {
		t.Fatal(err)
	}
	writeTree(t, root, map[string]string{tmp: "not a folder"})
	err := s.WriteFile("a/b.html", []byte("x"))
	var fe *FSError
	if !errors.As(err, &fe) || !fe.Write || !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("WriteFile into a file = %#v, want an FSError of writing, wrapping ENOTDIR", err)
	} else if want := fmt.Sprintf("无法写入新网站的文件 a/b.html（在 site 旁的临时文件夹 %s 中）", tmp); fe.Msg != want {
		t.Errorf("FSError.Msg = %q, want %q", fe.Msg, want)
	}
	err = s.Commit()
	want := fmt.Sprintf("新网站所在的临时文件夹 %s 不见了（可能同时有另一次生成在写 site）；原有网站未受影响，请重新生成", tmp)
	if err == nil || err.Error() != want {
		t.Errorf("Commit without a staging folder = %v, want %q", err, want)
	}
	os.Remove(filepath.Join(root, tmp))
	s.Abort()

	s = mustStage(t, "site")
	for _, tt := range []struct {
		name string
		err  error
		want string
		is   error
	}{
		{"bad name", s.WriteFile("../x.html", nil), `网站文件名不合规："../x.html" 不是规范的相对路径`, ErrInvalidPath},
		{"backslash", s.WriteFile(`a\b.html`, nil), `网站文件名不合规："a\\b.html" 含有反斜杠`, ErrInvalidPath},
		{"after abort", func() error { s.Abort(); return s.WriteFile("x.html", nil) }(), "无法写入网站文件 x.html：这次生成已经完成或已放弃，不能再写入", ErrDone},
		{"commit after abort", s.Commit(), "无法发布到 site：这次生成已经完成或已放弃，不能再写入", ErrDone},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, tt.err, tt.want)
		}
		if !errors.Is(tt.err, tt.is) {
			t.Errorf("%s: %v, want %v", tt.name, tt.err, tt.is)
		}
		if e := zhtest.EnglishLeft(tt.err.Error(), "../x.html", `a\\b.html`, "x.html", "site"); e != "" {
			t.Errorf("%s: message %q has English %q", tt.name, tt.err, e)
		}
	}
}

// A folder the build may not write in is an FSError of writing, naming the
// folder, with the permission error for its caller to word.
func TestNoWritePermission(t *testing.T) {
	if asnobody.Rerun(t) {
		return // run as nobody: root reads and writes every folder
	}
	root := t.TempDir()
	t.Chdir(root)
	if err := os.Mkdir("ro", 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(root, "ro"), 0o755) })
	s, err := Stage(filepath.Join("ro", "site"))
	if s != nil {
		s.Abort()
	}
	var fe *FSError
	if !errors.As(err, &fe) || !fe.Write || !errors.Is(err, fs.ErrPermission) {
		t.Fatalf("Stage in a read-only folder = %v, want an FSError of writing, wrapping fs.ErrPermission", err)
	}
	if want := "无法在文件夹 ro 中为新网站创建临时文件夹"; fe.Msg != want {
		t.Errorf("FSError.Msg = %q, want %q", fe.Msg, want)
	}
}
