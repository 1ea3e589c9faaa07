//go:build !unix

package segstore

import "os"

// readAll reads the regular file name; nil for a file it cannot read
// (missing, not a regular file, too large).
func readAll(name string) ([]byte, func()) {
	st, err := os.Stat(name)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxFile {
		return nil, func() {}
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, func() {}
	}
	return b, func() {}
}
