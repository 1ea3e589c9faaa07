//go:build !unix

package segstore

import "os"

// canAppend tells whether a data file may be appended to: where it is not,
// every build writes a new one.
const canAppend = false

// readAll reads the regular file name and tells what the file was; nil
// for a file it cannot read (missing, not a regular file, too large).
func readAll(name string) ([]byte, os.FileInfo, func()) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, func() {}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxFile {
		return nil, nil, func() {}
	}
	b := make([]byte, st.Size())
	if _, err := f.ReadAt(b, 0); err != nil {
		return nil, nil, func() {}
	}
	return b, st, func() {}
}
