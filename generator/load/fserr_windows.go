package load

import (
	"errors"
	"syscall"
)

// Windows' own error numbers for what the Errno values of other systems say;
// syscall.Errno.Is maps only the permission and existence ones.
const (
	errorWriteProtect     syscall.Errno = 19
	errorNotReady         syscall.Errno = 21
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
	errorHandleDiskFull   syscall.Errno = 39
	errorDiskFull         syscall.Errno = 112
	errorDirNotEmpty      syscall.Errno = 145
	errorFilenameExcRange syscall.Errno = 206
	errorDirectory        syscall.Errno = 267
)

var fsSystemReasons = []struct {
	err  error
	text string
}{
	{errorWriteProtect, "所在的磁盘是只读的（写保护）"},
	{errorNotReady, "磁盘没有准备好（可能已拔出）"},
	{errorSharingViolation, "正被其他程序占用（例如在 Excel/WPS 中打开着）"},
	{errorLockViolation, "正被其他程序占用（例如在 Excel/WPS 中打开着）"},
	{errorHandleDiskFull, "磁盘空间不足"},
	{errorDiskFull, "磁盘空间不足"},
	{errorDirNotEmpty, "文件夹不是空的"},
	{errorFilenameExcRange, "名称太长"},
}

func fsIsSystemNotDir(err error) bool { return errors.Is(err, errorDirectory) }
