//go:build unix

package segstore

import (
	"os"
	"syscall"
)

// readAll maps the regular file name into memory, read-only, and returns
// its contents with the function that unmaps them; nil contents for a
// file it cannot map (missing, empty, not a regular file, too large).
// The file is never written in place (Writer replaces it), so the mapping
// keeps the contents it had.
func readAll(name string) ([]byte, func()) {
	f, err := os.Open(name)
	if err != nil {
		return nil, func() {}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 || st.Size() > maxFile {
		return nil, func() {}
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, func() {}
	}
	return b, func() { syscall.Munmap(b) }
}
