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
	if out[0].Path != "projects/CON-p.html" {
		t.Errorf("path %q, want projects/CON-p.html", out[0].Path)
	}
}
