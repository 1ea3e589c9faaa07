package publish

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// writeFile stands in for os.WriteFile: the same file, content and mode,
// the same kind of error.
func TestWriteFileIsOSWriteFile(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("页面<p>"), 1<<20) // several writes' worth on some systems
	cases := []struct {
		name   string
		before []byte // nil: no file yet
		data   []byte
	}{
		{"new.html", nil, []byte("<p>新</p>")},
		{"empty.html", nil, nil},
		{"big.html", nil, big},
		{"shorter.html", big, []byte("短")},
	}
	for _, c := range cases {
		got, want := filepath.Join(dir, "got-"+c.name), filepath.Join(dir, "want-"+c.name)
		if c.before != nil {
			for _, p := range []string{got, want} {
				if err := os.WriteFile(p, c.before, 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := writeFile(got, c.data, filePerm); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := os.WriteFile(want, c.data, filePerm); err != nil {
			t.Fatal(err)
		}
		g, _ := os.ReadFile(got)
		if !bytes.Equal(g, c.data) {
			t.Errorf("%s: wrote %d bytes, want %d", c.name, len(g), len(c.data))
		}
		gi, err1 := os.Stat(got)
		wi, err2 := os.Stat(want)
		if err1 != nil || err2 != nil || gi.Mode() != wi.Mode() {
			t.Errorf("%s: mode %v, os.WriteFile's %v (%v %v)", c.name, gi.Mode(), wi.Mode(), err1, err2)
		}
	}

	// A folder in the way: an error naming the path, as os.WriteFile's.
	err := writeFile(dir, []byte("x"), filePerm)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != dir {
		t.Errorf("writing over a folder: %v, want a *fs.PathError for %s", err, dir)
	}
	err = writeFile(filepath.Join(dir, "missing", "x.html"), []byte("x"), filePerm)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing into a missing folder: %v, want fs.ErrNotExist", err)
	}
}
