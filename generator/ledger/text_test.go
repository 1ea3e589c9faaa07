package ledger

import (
	"testing"
	"unicode/utf8"
)

// TestPlainTextIsExact tries every rune: wherever plainText takes the
// shortcut, the full fold and squeeze must agree that nothing changes.
func TestPlainTextIsExact(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		if !plainText(s) {
			continue
		}
		if got := squeezeSlow(s); got != s {
			t.Errorf("plainText(%U) but squeeze gives %q", r, got)
		}
	}
	for _, s := range []string{"", "7820", "项目代码", "2025-2027", "CB-7", "\xff", "a b", "１２", "a\u3000b", "\u200b", "\ufeff"} {
		if got, want := squeeze(s), squeezeSlow(s); got != want {
			t.Errorf("squeeze(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestIsBlank(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"", true},
		{" \t\r\n", true},
		{"\u3000\u00a0", true},  // full-width and no-break spaces
		{"\u200b\ufeff ", true}, // invisible characters a paste leaves
		{"0", false},
		{" 无 ", false},
		{"\u3000a", false},
		{"\xff", false}, // a broken byte is something, not space
	} {
		if got := isBlank(tt.in); got != tt.want {
			t.Errorf("isBlank(%q) = %t, want %t", tt.in, got, tt.want)
		}
	}
}
