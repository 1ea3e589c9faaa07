//go:build unix

package segstore

import (
	"os"
	"syscall"
)

// canAppend tells whether a data file may be appended to (Writer.write).
const canAppend = true

// readAll maps the data file name into memory, read-only, and returns its
// contents, what the file was when they were mapped, and the function
// that unmaps them; nil contents for a file it cannot map (openData). A
// data file is only ever appended to, never written within what was
// mapped, so the mapping keeps the contents it had.
func readAll(name string) ([]byte, os.FileInfo, func()) {
	f, st, ok := openData(name)
	if !ok {
		return nil, nil, nothing
	}
	defer f.Close()
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, nothing
	}
	return b, st, func() { syscall.Munmap(b) }
}
