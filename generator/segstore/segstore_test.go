package segstore

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tuijin/generator/fingerprint"
)

func key(s string) fingerprint.Sum { return fingerprint.Bytes([]byte(s)) }

// build writes the index of a build after prev (nil: the first) that made
// the parts made and kept the parts of prev under kept, and returns the
// index's name.
func build(t *testing.T, dir, program string, prev *Parts, made map[string]string, kept ...string) string {
	t.Helper()
	name := filepath.Join(dir, "site.segments")
	w, err := Create(name, program, prev)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range slices.Sorted(maps.Keys(made)) {
		w.Add(key(k), []byte(made[k]))
	}
	for _, k := range kept {
		w.Keep(key(k))
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	return name
}

func write(t *testing.T, dir, program string, parts map[string]string) string {
	t.Helper()
	return build(t, dir, program, nil, parts)
}

// contents returns the parts by the first bytes of their keys, copied
// (Close unmaps them).
func contents(p *Parts) map[string]string {
	got := map[string]string{}
	for k, v := range p.Map() {
		got[string(k[:4])] = string(v)
	}
	return got
}

func loaded(t *testing.T, name, program string) map[string]string {
	t.Helper()
	p := Load(name, program)
	defer p.Close()
	return contents(p)
}

func short(parts map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range parts {
		s := key(k)
		out[string(s[:4])] = v
	}
	return out
}

// files lists the folder's files, and the data files among them.
func files(t *testing.T, dir string) (all, data []string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		all = append(all, e.Name())
		if strings.HasPrefix(e.Name(), "site.segments.data-") {
			data = append(data, e.Name())
		}
	}
	return all, data
}

func size(t *testing.T, name string) int64 {
	t.Helper()
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	parts := map[string]string{"unit A": "<tr><td>甲</td></tr>", "unit B": strings.Repeat("乙", 100000), "empty": ""}
	name := write(t, dir, "prog-1", parts)
	if got, want := loaded(t, name, "prog-1"), short(parts); !maps.Equal(got, want) {
		t.Errorf("loaded %d parts, want the %d written", len(got), len(want))
	}
	if all, data := files(t, dir); len(all) != 2 || len(data) != 1 {
		t.Errorf("the folder holds %q after Commit, want the index and one data file", all)
	}
}

// index encodes an index as the package documentation describes it, for
// indexes Writer would never write.
func index(program, data string, at map[fingerprint.Sum]place) []byte {
	b := []byte(magic)
	b = binary.AppendUvarint(b, uint64(len(program)))
	b = append(b, program...)
	b = binary.AppendUvarint(b, uint64(len(data)))
	b = append(b, data...)
	for k, pl := range at {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(pl.off))
		b = binary.AppendUvarint(b, uint64(pl.n))
		b = binary.LittleEndian.AppendUint32(b, pl.crc)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(at)))
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// Whatever the index holds, a part is given only by a whole index written
// for the same program and naming a data file of its own; anything else
// holds none, and the build makes the parts again.
func TestUntrustedIndexes(t *testing.T) {
	parts := map[string]string{"unit A": "<tr><td>甲</td></tr>", "unit B": "<tr><td>乙</td></tr>"}
	dir := t.TempDir()
	name := write(t, dir, "prog-1", parts)
	good, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	_, data := files(t, dir)
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	a := "<tr><td>甲</td></tr>"
	one := map[fingerprint.Sum]place{key("unit A"): {0, int64(len(a)), crc32.Checksum([]byte(a), castagnoli)}}
	// A file elsewhere holding the part, which a hostile index names.
	outside := filepath.Join(filepath.Dir(dir), filepath.Base(dir)+"-outside")
	if err := os.WriteFile(outside, []byte(a), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(outside) })
	tests := []struct {
		name    string
		content []byte // nil: no index
		program string
	}{
		{"missing", nil, "prog-1"},
		{"empty", []byte{}, "prog-1"},
		{"another program", good, "prog-2"},
		{"cut short", good[:len(good)-5], "prog-1"},
		{"one bit flipped", flipped, "prog-1"},
		{"something else", []byte("tuijin-segments-2\nnot parts at all, but long enough"), "prog-1"},
		{"the first format", []byte("tuijin-segments-1\n" + string(good[len(magic):])), "prog-1"},
		{"a data file of another index", index("prog-1", "other.segments.data-1", one), "prog-1"},
		{"a data file outside the folder", index("prog-1", "../"+filepath.Base(outside), one), "prog-1"},
		{"a data file in a subfolder", index("prog-1", "site.segments.data-x/../../"+filepath.Base(outside), one), "prog-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(dir, "site.segments")
			if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
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
	// The same index naming its own data file is read: the cases above
	// fail for what they change alone.
	if err := os.WriteFile(name, index("prog-1", data[0], one), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := loaded(t, name, "prog-1"); len(got) != 1 {
		t.Errorf("a hand-made index naming the data file gave %d parts, want 1", len(got))
	}
}

// A part whose bytes in the data file are not what the index says is left
// out on its own; the others are still given.
func TestDamagedParts(t *testing.T) {
	parts := map[string]string{"unit A": "<tr><td>甲</td></tr>", "unit B": "<tr><td>乙</td></tr>", "unit C": "<tr><td>丙</td></tr>"}
	for _, tt := range []struct {
		name   string
		damage func(b []byte) []byte
		lost   []string
	}{
		{"a byte changed in one part", func(b []byte) []byte {
			i := bytes.Index(b, []byte("乙"))
			b[i+1] ^= 1
			return b
		}, []string{"unit B"}},
		{"cut short", func(b []byte) []byte { return b[:len(b)-3] }, nil}, // whichever part is last
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name := write(t, dir, "prog-1", parts)
			_, data := files(t, dir)
			file := filepath.Join(dir, data[0])
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, tt.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}
			got := loaded(t, name, "prog-1")
			if len(got) != len(parts)-1 {
				t.Fatalf("loaded %d parts, want all but the damaged one", len(got))
			}
			for k, v := range short(parts) {
				if g, ok := got[k]; ok && g != v {
					t.Errorf("a part reads %q, want %q", g, v)
				}
			}
			for _, k := range tt.lost {
				if s := key(k); got[string(s[:4])] != "" {
					t.Errorf("the damaged part %s was given", k)
				}
			}
		})
	}
}

// A rebuild appends what it made and names what it kept; the data file
// is written anew, holding only what the index names, once more of it is
// unnamed than named, so it never grows past twice what a build shows.
func TestAppendThenCompact(t *testing.T) {
	dir := t.TempDir()
	units := []string{"unit A", "unit B", "unit C", "unit D"}
	want := map[string]string{}
	for _, u := range units {
		want[u] = strings.Repeat(u, 50)
	}
	name := write(t, dir, "prog-1", want)
	_, data := files(t, dir)
	compactions := 0
	for round := range 12 {
		p := Load(name, "prog-1")
		changed := units[round%len(units)]
		before := size(t, filepath.Join(dir, data[0]))
		var kept []string
		for _, u := range units {
			if u != changed {
				kept = append(kept, u)
			}
		}
		want[changed] = strings.Repeat(changed+string(rune('0'+round%10)), 50)
		build(t, dir, "prog-1", p, map[string]string{changed: want[changed]}, kept...)
		p.Close()

		if got := loaded(t, name, "prog-1"); !maps.Equal(got, short(want)) {
			t.Fatalf("round %d: loaded %v, want %v", round, got, short(want))
		}
		all, now := files(t, dir)
		if len(all) != 2 || len(now) != 1 {
			t.Fatalf("round %d: the folder holds %q, want the index and one data file", round, all)
		}
		live := int64(0)
		for _, v := range want {
			live += int64(len(v))
		}
		after := size(t, filepath.Join(dir, now[0]))
		switch {
		case now[0] == data[0] && after != before+int64(len(want[changed])):
			t.Errorf("round %d: the data file went from %d to %d bytes, want only the changed part (%d) appended", round, before, after, len(want[changed]))
		case now[0] != data[0]:
			compactions++
			if after != live {
				t.Errorf("round %d: the new data file holds %d bytes, want the %d named", round, after, live)
			}
		}
		if after > 2*live {
			t.Errorf("round %d: the data file holds %d bytes for %d named", round, after, live)
		}
		data = now
	}
	if compactions == 0 {
		t.Error("the data file was never written anew")
	}
}

// Abort leaves the previous index as it was, and no file but its data
// file beside it.
func TestAbortKeepsPrevious(t *testing.T) {
	for _, appending := range []bool{false, true} {
		dir := t.TempDir()
		parts := map[string]string{"unit A": "甲"}
		name := write(t, dir, "prog-1", parts)
		var prev *Parts
		if appending {
			prev = Load(name, "prog-1")
			defer prev.Close()
		}
		w, err := Create(name, "prog-1", prev)
		if err != nil {
			t.Fatal(err)
		}
		w.Add(key("unit B"), []byte("乙"))
		w.Abort()
		if got := loaded(t, name, "prog-1"); !maps.Equal(got, short(parts)) {
			t.Errorf("appending %v, after Abort: loaded %v, want the previous index's %v", appending, got, short(parts))
		}
		if all, data := files(t, dir); len(all) != 2 || len(data) != 1 {
			t.Errorf("appending %v: the folder holds %q after Abort, want the index and its data file", appending, all)
		}
	}
}

// The parts stay readable while the index is replaced and their data
// file removed: a build reads the previous parts while it writes the next.
func TestReplaceWhileLoaded(t *testing.T) {
	dir := t.TempDir()
	name := write(t, dir, "prog-1", map[string]string{"unit A": "甲甲甲"})
	p := Load(name, "prog-1")
	defer p.Close()
	write(t, dir, "prog-1", map[string]string{"unit A": "丙"})
	if _, data := files(t, dir); len(data) != 1 {
		t.Errorf("%d data files after a first build, want the new one alone", len(data))
	}
	if got := string(p.Map()[key("unit A")]); got != "甲甲甲" {
		t.Errorf("the loaded part reads %q after its data file was removed, want %q", got, "甲甲甲")
	}
}

// Two builds that append to one data file at once never write over each
// other's parts, nor over the parts a third has mapped: the index of the
// one that commits last gives all its parts.
func TestTwoWritersAtOnce(t *testing.T) {
	for _, secondFirst := range []bool{false, true} {
		dir := t.TempDir()
		// What both keep outweighs what either leaves unnamed, so
		// neither writes the data file anew (which costs the other its
		// parts; see removeOthers).
		a := strings.Repeat("甲", writeSize)
		base := map[string]string{"unit A": a, "unit B": "乙"}
		name := write(t, dir, "prog-1", base)
		p1, p2, reader := Load(name, "prog-1"), Load(name, "prog-1"), Load(name, "prog-1")
		defer p1.Close()
		defer p2.Close()
		defer reader.Close()
		w1, err := Create(name, "prog-1", p1)
		if err != nil {
			t.Fatal(err)
		}
		w2, err := Create(name, "prog-1", p2)
		if err != nil {
			t.Fatal(err)
		}
		// Larger than what is gathered before a write, so that the two
		// builds' writes interleave.
		c, d := strings.Repeat("丙", writeSize), strings.Repeat("丁", writeSize/2)
		w1.Add(key("unit C"), []byte(c))
		w2.Add(key("unit D"), []byte(d))
		w1.Add(key("unit E"), []byte("戊"))
		w1.Keep(key("unit A"))
		w2.Keep(key("unit A"))
		last := map[string]string{"unit A": a, "unit D": d}
		commits := []*Writer{w1, w2}
		if secondFirst {
			commits = []*Writer{w2, w1}
			last = map[string]string{"unit A": a, "unit C": c, "unit E": "戊"}
		}
		for _, w := range commits {
			if err := w.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		if got := loaded(t, name, "prog-1"); !maps.Equal(got, short(last)) {
			t.Errorf("second commits first %v: loaded %d parts, want the %d the last build named", secondFirst, len(got), len(last))
		}
		if got := contents(reader); !maps.Equal(got, short(base)) {
			t.Errorf("second commits first %v: parts mapped before the builds now read otherwise", secondFirst)
		}
	}
}
