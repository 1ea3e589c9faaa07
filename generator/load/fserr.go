package load

// The file system's errors told to people, in Simplified Chinese, naming
// the file or folder concerned: "找不到文件夹 data/ledgers/2025-01",
// "无法写入文件 site/index.html：磁盘空间不足". This is the one place where
// the operating system's errors (fs.ErrNotExist, fs.ErrPermission, "not a
// directory", "no space left on device" …) become words, for this package
// and for the commands and the build; the Go error's own text is shown only
// for an error it does not know. The errors still wrap the original one,
// so errors.Is(err, fs.ErrNotExist) and the like keep working.

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// FSOp is what was being done to a file or folder when the file system
// failed, as a message says it.
type FSOp struct {
	verb string // 读取, 写入, 创建 …
	kind string // 文件, 文件夹, or "" for either
	perm string // the permission that was missing: 读取 or 写入
}

// The operations messages are made for.
var (
	OpReadFolder   = FSOp{"读取", "文件夹", "读取"}
	OpReadFile     = FSOp{"读取", "文件", "读取"}
	OpAccess       = FSOp{"访问", "", "读取"} // looking at a path that may be either
	OpCreateFolder = FSOp{"创建", "文件夹", "写入"}
	OpWriteFile    = FSOp{"写入", "文件", "写入"}
	OpWriteFolder  = FSOp{"写入", "文件夹", "写入"} // creating, renaming or removing entries in it
)

// FSError is a file system error told for people. Error() is the message
// only; Unwrap gives the original error.
type FSError struct {
	Path string // the file or folder, as the user named it
	Msg  string // the whole message, in Chinese
	Err  error
}

func (e *FSError) Error() string { return e.Msg }
func (e *FSError) Unwrap() error { return e.Err }

// Err returns err, met while doing op to path, as an *FSError whose message
// names path and says why in Chinese. An err that already is (or wraps) an
// *FSError is returned as it is, so that a message is never said twice; nil
// stays nil.
func (op FSOp) Err(path string, err error) error {
	if err == nil {
		return nil
	}
	var done *FSError
	if errors.As(err, &done) {
		return err
	}
	return &FSError{Path: path, Msg: op.Message(path, err), Err: err}
}

// Message is the text of op.Err(path, err).
func (op FSOp) Message(path string, err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if op.perm == "读取" {
			return "找不到" + op.object(path)
		}
		if dir := filepath.Dir(path); dir != "." && dir != path {
			return "无法" + op.verb + op.object(path) + "：文件夹 " + dir + " 不存在"
		}
		return "无法" + op.verb + op.object(path) + "：它所在的文件夹不存在"
	case fsIsNotDir(err):
		switch blocker := fsNotDir(path); blocker {
		case "":
		case path:
			return path + " 不是文件夹"
		default:
			return "无法" + op.verb + op.object(path) + "：" + blocker + " 不是文件夹"
		}
	case errors.Is(err, syscall.EISDIR) && op.kind == "文件":
		return path + " 是文件夹，不是文件"
	}
	return "无法" + op.verb + op.object(path) + "：" + op.Reason(err)
}

// object is what op was done to, as it follows the verb: "文件夹 data".
func (op FSOp) object(path string) string {
	return op.kind + " " + path
}

// Reason says why err happened in a few Chinese words, without the path:
// for a missing permission, the one op needed ("没有写入权限").
func (op FSOp) Reason(err error) string {
	if errors.Is(err, fs.ErrPermission) && op.perm != "" {
		return "没有" + op.perm + "权限"
	}
	return FSReason(err)
}

// FSReason says why err, from an operation on a file or folder, happened, in
// a few Chinese words without the path ("不存在", "没有访问权限", "磁盘空间不足").
// For an error it does not know it gives the error's own text, without the
// operation and path that *fs.PathError and *os.LinkError put in front.
func FSReason(err error) string {
	for _, r := range fsReasons {
		if errors.Is(err, r.err) {
			return r.text
		}
	}
	var pe *fs.PathError
	if fsIsNotDir(err) {
		if errors.As(err, &pe) {
			if b := fsNotDir(pe.Path); b != "" {
				return b + " 不是文件夹"
			}
		}
		return "路径中有一项不是文件夹"
	}
	var le *os.LinkError
	var se *os.SyscallError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	case errors.As(err, &se):
		err = se.Err
	}
	return err.Error()
}

// fsReasons are the errors FSReason knows, first match wins; the
// system-specific ones are added by the files for each system.
var fsReasons = append([]struct {
	err  error
	text string
}{
	{fs.ErrNotExist, "不存在"},
	{fs.ErrPermission, "没有访问权限"},
	{fs.ErrExist, "已存在"},
	{syscall.EISDIR, "是文件夹，不是文件"},
	{syscall.ENOSPC, "磁盘空间不足"},
	{syscall.EDQUOT, "超出了磁盘配额"},
	{syscall.EROFS, "所在的磁盘是只读的"},
	{syscall.ENAMETOOLONG, "名称太长"},
	{syscall.EMFILE, "同时打开的文件太多"},
	{syscall.ENFILE, "同时打开的文件太多"},
	{syscall.EIO, "磁盘读写出错（磁盘或网络盘可能有故障）"},
	{syscall.EBUSY, "正被其他程序占用"},
	{syscall.ETXTBSY, "正被其他程序占用"},
	{syscall.ENOTEMPTY, "文件夹不是空的"},
	{syscall.ELOOP, "符号链接层数太多（可能指向自身）"},
	{syscall.EXDEV, "不在同一个磁盘上"},
}, fsSystemReasons...)

// fsNotDir returns path or the folder above it, as spelled in path, that
// exists and is not a folder; "" when there is none.
func fsNotDir(path string) string {
	for p := path; ; {
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return ""
			}
			return p
		}
		up := filepath.Dir(p)
		if up == p || up == "." {
			return ""
		}
		p = up
	}
}

// fsIsNotDir reports whether err says that a path, or a folder on the way to
// it, is not a folder.
func fsIsNotDir(err error) bool {
	return errors.Is(err, syscall.ENOTDIR) || fsIsSystemNotDir(err)
}
