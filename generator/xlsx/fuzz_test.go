package xlsx

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzOpen feeds arbitrary bytes through Open and Rows. Whatever the input,
// the answer must be a *FileError, a *SheetError or rows: never a panic,
// which Open would report as an "internal error".
func FuzzOpen(f *testing.F) {
	f.Add(zipParts(f, plainBook(f)))
	f.Add(zipParts(f, setSheet(f, plainBook(f), `<sheetData><row><c><f>A1</f></c></row><row r="7"><c r="B7" t="s"><v>0</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells>`)))
	f.Add([]byte("PK\x03\x04"))
	f.Add(append(bytes.Clone(oleMagic), make([]byte, 1024)...))
	f.Fuzz(func(t *testing.T, b []byte) {
		lim := Limits{MaxPartSize: 1 << 20, MaxTotalSize: 2 << 20, TmpDir: t.TempDir()}
		w, err := Open(writeFile(t, "f.xlsx", b), lim)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || strings.Contains(err.Error(), "internal error") {
				t.Fatalf("Open: %v", err)
			}
			return
		}
		defer w.Close()
		for _, name := range w.SheetNames() {
			err := w.Rows(name, func(Row) error { return nil })
			var se *SheetError
			if err != nil && (!errors.As(err, &se) || strings.Contains(err.Error(), "panicked")) {
				t.Fatalf("Rows(%q): %v", name, err)
			}
		}
	})
}
