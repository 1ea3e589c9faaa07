//go:build !unix

package segstore

import "os"

// canAppend tells whether a data file may be appended to: where it is not,
// every build writes a new one.
const canAppend = false

// readAll reads the data file name and tells what the file was; nil for
// a file it cannot read (openData).
func readAll(name string) ([]byte, os.FileInfo, func()) {
	f, st, ok := openData(name)
	if !ok {
		return nil, nil, nothing
	}
	defer f.Close()
	b := make([]byte, st.Size())
	if _, err := f.ReadAt(b, 0); err != nil {
		return nil, nil, nothing
	}
	return b, st, nothing
}
