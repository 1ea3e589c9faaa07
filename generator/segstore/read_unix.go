//go:build unix

package segstore

import (
	"os"
	"syscall"
)

// canAppend tells whether a data file may be appended to (Writer.write).
const canAppend = true

// readAll maps the regular file name into memory, read-only, and returns
// its contents, what the file was when they were mapped, and the function
// that unmaps them; nil contents for a file it cannot map (missing, empty,
// not a regular file, too large). A data file is only ever appended to,
// never written within what was mapped, so the mapping keeps the contents
// it had.
func readAll(name string) ([]byte, os.FileInfo, func()) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, func() {}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 || st.Size() > maxFile {
		return nil, nil, func() {}
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, func() {}
	}
	return b, st, func() { syscall.Munmap(b) }
}
