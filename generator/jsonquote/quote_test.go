package jsonquote

import (
	"encoding/json"
	"testing"
)

var odd = []string{
	"", "index.html", "项目/甲.html", "a b.html", "say \"hi\".html", `back\slash`, "<script>&amp;</script>",
	"tab\there", "nl\n", "cr\r", "\b\f\x00\x1f", "\x7f", "\u2028line\u2029", "😀/x", "bad\xffutf8",
	"\xed\xa0\x80 surrogate", "\xe2\x80", "-1", "{}", "\ufffd",
}

// Append writes every string exactly as encoding/json does.
func TestAppend(t *testing.T) {
	for _, s := range odd {
		check(t, s)
	}
}

func check(t *testing.T, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := Append([]byte("前缀"), s); string(got) != "前缀"+string(want) {
		t.Errorf("Append(%q) = %s, want %s", s, got[len("前缀"):], want)
	}
}

func FuzzAppend(f *testing.F) {
	for _, s := range odd {
		f.Add(s)
	}
	f.Fuzz(check)
}
