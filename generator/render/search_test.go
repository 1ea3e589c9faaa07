package render

import (
	"encoding/json"
	"strings"
	"testing"
)

// The index is workbook text inside a <script> block: nothing in it may end
// the block or start a comment, and it must still read back exactly.
func TestSearchIndexJSON(t *testing.T) {
	hostile := "</script><script>alert(1)</script><!--<script>&\u2028\"'"
	in := []searchEntry{{Path: rel(searchPath, projectPath("CON")), Code: "CON", Name: hostile, Unit: "单位</SCRIPT>", Builder: "<!--"}}
	js, err := searchIndexJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	s := string(js)
	for _, bad := range []string{"<", ">", "\u2028"} {
		if strings.Contains(s, bad) {
			t.Errorf("index %s contains %q", s, bad)
		}
	}
	var out []searchEntry
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0] != in[0] {
		t.Errorf("round trip: %+v, want %+v", out, in)
	}
	// Device names get a suffix, as the project page does.
	if out[0].Path != "projects/CON_.html" {
		t.Errorf("path %q, want projects/CON_.html", out[0].Path)
	}
}

// The index written by hand is json.Marshal's, byte for byte.
func TestSearchIndexIsMarshal(t *testing.T) {
	var entries []searchEntry
	for i, text := range append(hostile, "\b\f\x7f\x1f", "\u2028\u2029", "\xed\xa0\x80", "ok", "") {
		entries = append(entries, searchEntry{Path: text, Code: text, Name: text, Unit: text, Builder: text, Stage: hostile[i%len(hostile)]})
	}
	for _, in := range [][]searchEntry{nil, {}, entries[:1], entries} {
		checkSearchIndex(t, in)
	}
}

func checkSearchIndex(t *testing.T, in []searchEntry) {
	t.Helper()
	want, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if in == nil {
		want = []byte("[]") // the page always has an array
	}
	got, err := searchIndexJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("index differs from json.Marshal:\n got %s\nwant %s", got, want)
	}
}

func FuzzSearchIndex(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, "")
	}
	f.Add("\u2028\xff<&>", "\b")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkSearchIndex(t, []searchEntry{{Path: a, Code: b, Name: a + b, Unit: b, Builder: a, Responsible: b, Centre: a}})
	})
}
