package render

import (
	"bytes"
	"cmp"
	"math"
	"strings"
	"testing"
)

// A key compares as the fields it was made of, in their order: integers
// as numbers, strings as strings.Compare does, whatever bytes they hold
// (NUL included) and however long.
func FuzzOrderKey(f *testing.F) {
	seeds := []struct {
		a1 int64
		s1 string
		a2 int64
		s2 string
	}{
		{0, "", 0, ""},
		{-1, "a", 1, "a"},
		{math.MinInt64, "2401-510900", math.MaxInt64, "2401-510900"},
		{5, "ab", 5, "abc"},
		{5, "a\x00", 5, "a"},
		{5, "a\x00\x01", 5, "a\x00"},
		{5, "a\x00b", 5, "a\xff"},
		{7, "第一批", 7, "第二批"},
	}
	for _, s := range seeds {
		f.Add(s.a1, s.s1, s.a2, s.s2)
	}
	f.Fuzz(func(t *testing.T, a1 int64, s1 string, a2 int64, s2 string) {
		// Two string fields as well, so that the first string's end is
		// tested against what follows it.
		k1 := orderKey(nil).int(a1).str(s1).str(s2)
		k2 := orderKey(nil).int(a2).str(s2).str(s1)
		want := cmp.Or(cmp.Compare(a1, a2), strings.Compare(s1, s2), strings.Compare(s2, s1))
		if got := bytes.Compare(k1, k2); got != want {
			t.Errorf("keys of (%d, %q, %q) and (%d, %q, %q) compare %d, want %d", a1, s1, s2, a2, s2, s1, got, want)
		}
	})
}

// A part's rows are read back as they were written, whatever bytes their
// keys, tables and HTML hold, and a part cut short is an error, never
// rows made up.
func TestKeyedRowsRoundTrip(t *testing.T) {
	rows := []keyedRow{
		{key: orderKey(nil).int(3).str("A\x00-1"), table: []byte("专项债券"), html: []byte("<tr><td>甲</td></tr>")},
		{key: orderKey(nil).int(-3).str(""), table: nil, html: nil},
		{key: orderKey(nil).str(strings.Repeat("长", 1000)), table: []byte("t"), html: []byte(strings.Repeat("x", 70000))},
	}
	var b []byte
	for _, r := range rows {
		var err error
		b, err = appendKeyedRow(b, r.key, string(r.table), func(b []byte) ([]byte, error) { return append(b, r.html...), nil })
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := readKeyedRows(nil, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("read %d rows, want %d", len(got), len(rows))
	}
	for i := range rows {
		if !bytes.Equal(got[i].key, rows[i].key) || !bytes.Equal(got[i].table, rows[i].table) || !bytes.Equal(got[i].html, rows[i].html) {
			t.Errorf("row %d read back differently", i)
		}
	}
	for _, n := range []int{1, len(b) / 2, len(b) - 1} {
		if rows, err := readKeyedRows(nil, b[:n]); err == nil {
			t.Errorf("a part cut to %d of %d bytes read as %d rows, want an error", n, len(b), len(rows))
		}
	}
}
