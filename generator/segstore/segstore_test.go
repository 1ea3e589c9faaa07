package segstore

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tuijin/generator/fingerprint"
)

func key(s string) fingerprint.Sum { return fingerprint.Bytes([]byte(s)) }

// write makes a file of parts for program and returns its name.
func write(t *testing.T, dir, program string, parts map[string]string) string {
	t.Helper()
	name := filepath.Join(dir, "site.segments")
	w, err := Create(name, program)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range parts {
		w.Add(key(k), []byte(v))
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return name
}

func loaded(t *testing.T, name, program string) map[string]string {
	t.Helper()
	p := Load(name, program)
	defer p.Close()
	got := map[string]string{}
	for k, v := range p.Map() {
		got[string(k[:4])] = string(v) // copied before Close unmaps them
	}
	return got
}

func short(parts map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range parts {
		s := key(k)
		out[string(s[:4])] = v
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	parts := map[string]string{"unit A": "<tr><td>甲</td></tr>", "unit B": strings.Repeat("乙", 100000), "empty": ""}
	name := write(t, t.TempDir(), "prog-1", parts)
	if got, want := loaded(t, name, "prog-1"), short(parts); !maps.Equal(got, want) {
		t.Errorf("loaded %d parts, want the %d written", len(got), len(want))
	}
	if entries, _ := os.ReadDir(filepath.Dir(name)); len(entries) != 1 {
		t.Errorf("the folder holds %d files after Commit, want the file alone", len(entries))
	}
}

// Whatever the file holds, a part is given only by a whole file written
// for the same program; anything else holds none, and the build makes
// the parts again.
func TestUntrustedFiles(t *testing.T) {
	parts := map[string]string{"unit A": "<tr><td>甲</td></tr>", "unit B": "<tr><td>乙</td></tr>"}
	good, err := os.ReadFile(write(t, t.TempDir(), "prog-1", parts))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	tests := []struct {
		name    string
		content []byte // nil: no file
		program string
	}{
		{"missing", nil, "prog-1"},
		{"empty", []byte{}, "prog-1"},
		{"another program", good, "prog-2"},
		{"cut short", good[:len(good)-5], "prog-1"},
		{"one bit flipped", flipped, "prog-1"},
		{"something else", []byte("tuijin-segments-1\nnot parts at all, but long enough"), "prog-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "site.segments")
			if tt.content != nil {
				if err := os.WriteFile(name, tt.content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if got := loaded(t, name, tt.program); len(got) != 0 {
				t.Errorf("loaded %d parts, want none", len(got))
			}
		})
	}
}

// Abort leaves the previous file, and no temporary file.
func TestAbortKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	parts := map[string]string{"unit A": "甲"}
	name := write(t, dir, "prog-1", parts)
	w, err := Create(name, "prog-1")
	if err != nil {
		t.Fatal(err)
	}
	w.Add(key("unit B"), []byte("乙"))
	w.Abort()
	if got := loaded(t, name, "prog-1"); !maps.Equal(got, short(parts)) {
		t.Errorf("after Abort: loaded %v, want the previous file's %v", got, short(parts))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files after Abort, want the file alone", len(entries))
	}
}

// The parts stay readable while the file is replaced under them: a
// build reads the previous file's parts while it writes the next one.
func TestReplaceWhileLoaded(t *testing.T) {
	dir := t.TempDir()
	name := write(t, dir, "prog-1", map[string]string{"unit A": "甲甲甲"})
	p := Load(name, "prog-1")
	defer p.Close()
	write(t, dir, "prog-1", map[string]string{"unit A": "丙"})
	if got := string(p.Map()[key("unit A")]); got != "甲甲甲" {
		t.Errorf("the loaded part reads %q after the file was replaced, want %q", got, "甲甲甲")
	}
}
