package publish

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

var oddNames = []string{
	"index.html", "项目/甲.html", "a b.html", "", "say \"hi\".html", `back\slash`, "<script>&amp;",
	"tab\there", "nl\n", "\u2028line", "\x7f", "😀/x", "bad\xffutf8", "-1", "{}",
}

// TestManifestLayout: whatever the names, a saved manifest reads back as
// it was saved, through the fast reader when the names need no escaping
// and through encoding/json otherwise.
func TestManifestLayout(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		paths []string
		fast  bool
	}{
		{"plain", []string{"index.html", "项目/甲.html", "a b.html", "\x7f", "😀/x"}, true},
		{"empty", nil, true},
		{"escaped", []string{"index.html", `back\slash`, "say \"hi\".html", "<script>&amp;", "tab\there"}, false},
	}
	for _, tt := range tests {
		for _, spare := range []bool{false, true} {
			m := &Manifest{Program: manifestFormat + "prog", Files: map[string]Entry{}}
			for i, p := range tt.paths {
				m.Files[p] = Entry{Key: "k" + p, Size: int64(i), ModTime: -1 << 62}
			}
			if spare {
				sf := maps.Clone(m.Files)
				for p := range sf {
					delete(sf, p) // absent from the spare
					break
				}
				sf["only in the spare.html"] = Entry{Key: "s", Size: 0, ModTime: 9}
				m.Spare = &Spare{Out: filepath.Join(dir, "site"), Dir: ".site.spare-0123456789abcdef", Files: sf}
			}
			name := filepath.Join(dir, tt.name+".json")
			if err := m.Save(name); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, fast := parseManifest(b); fast != tt.fast {
				t.Errorf("%s (spare %v): read by the fast reader: %v, want %v\n%s", tt.name, spare, fast, tt.fast, b)
			}
			got := ReadManifest(name, "prog")
			if got == nil || !maps.Equal(got.Files, m.Files) || (got.Spare == nil) != !spare {
				t.Fatalf("%s (spare %v): read back %+v, want %+v", tt.name, spare, got, m)
			}
			if spare && (!maps.Equal(got.Spare.Files, m.Spare.Files) || got.Spare.Out != m.Spare.Out || got.Spare.Dir != m.Spare.Dir) {
				t.Errorf("%s: spare read back %+v, want %+v", tt.name, got.Spare, m.Spare)
			}
		}
	}
}

// FuzzManifest holds the fast reader to encoding/json: whatever it
// accepts, json reads the same way.
func FuzzManifest(f *testing.F) {
	dir := f.TempDir()
	m := &Manifest{Program: manifestFormat + "p", Files: map[string]Entry{"a.html": {Key: "ab", Size: 1, ModTime: 2}, "b/c.html": {Key: "cd", Size: 0, ModTime: -3}}}
	for _, spare := range []*Spare{nil, {Out: "/site", Dir: ".site.spare-0123456789abcdef", Files: map[string]Entry{"a.html": {Key: "ab", Size: 1, ModTime: 2}, "x": {}}}} {
		m.Spare = spare
		name := filepath.Join(dir, "m.json")
		if err := m.Save(name); err != nil {
			f.Fatal(err)
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"program":"p","files":{` + "\n" + `"a":{"key":"k","size":007,"mtime":1}}}` + "\n"))
	f.Add([]byte(`{"program":"p","files":{` + "\n" + `"a":{"key":"k","size":-0,"mtime":99999999999999999999}}}` + "\n"))
	f.Add([]byte(`{"program":"p","files":{` + "\n" + `"a":{"key":"k","size":1,"mtime":1},` + "\n" + `"a":{"key":"l","size":2,"mtime":2}}}` + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, sorted, ok := parseManifest(b)
		if !ok {
			return
		}
		// What a rebuild takes as the files in path order, instead of
		// sorting them, must be that.
		if sorted != nil && !slices.Equal(sorted, sortedEntries(got.Files)) {
			t.Fatalf("the fast reader's files in order %v, sorted %v:\n%q", sorted, sortedEntries(got.Files), b)
		}
		var want manifestFile
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("the fast reader accepted what json refuses (%v):\n%q", err, b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("fast reader %+v, json %+v:\n%q", got, want, b)
		}
	})
}
