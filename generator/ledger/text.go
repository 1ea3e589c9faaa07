package ledger

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// invisible reports runes that clerks cannot see and never mean anything in a
// ledger cell: zero-width spaces and joiners, word joiner, byte order mark.
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD':
		return true
	}
	return false
}

// space reports white space in the wide sense: ASCII and Unicode spaces
// (no-break U+00A0, ideographic U+3000, thin spaces) and the invisible ones.
func space(r rune) bool { return unicode.IsSpace(r) || invisible(r) || r == '\u00A0' || r == '\u3000' }

// cleanText prepares free text (names, descriptions): invisible characters
// removed, no-break and other odd spaces made plain, surrounding space
// trimmed. Full-width forms are kept: in names they are what the clerk wrote.
func cleanText(s string) string {
	if s == "" {
		return s
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case invisible(r):
			return -1
		case r == '\u00A0' || r == '\u2007' || r == '\u202F':
			return ' '
		}
		return r
	}, s)
	return strings.TrimFunc(s, space)
}

// fold maps full-width letters, digits and punctuation to their half-width
// forms (１２５００ → 12500, （ → (, ： → :), the ideographic space to a plain
// one, and removes invisible characters.
func fold(s string) string {
	if plainText(s) {
		return s
	}
	s = width.Fold.String(s)
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

// squeeze folds s and removes every space, so "项目 代码\n" and "项目代码"
// compare equal. Used for header names, enumerations and markers.
func squeeze(s string) string {
	if plainText(s) {
		return s
	}
	return squeezeSlow(s)
}

func squeezeSlow(s string) string {
	s = fold(s)
	return strings.Map(func(r rune) rune {
		if space(r) {
			return -1
		}
		return r
	}, s)
}

// plainText reports that fold and squeeze leave s as it is: it has no
// space, no invisible character and no character that width.Fold changes.
// Almost every cell is like that (numbers, codes, Chinese text), and
// telling so without allocating halves the cost of reading a row. The
// characters below were found by folding every rune;
// TestPlainTextIsExact holds the list to that.
func plainText(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' || '\t' <= c && c <= '\r' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			return false
		case r == 0x85 || r == 0xA0 || r == 0xAD || r == 0x1680:
			return false
		case 0x2000 <= r && r <= 0x200D, r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x2060, r == 0x3000:
			return false
		case 0xFEFF <= r && r <= 0xFFEF:
			return false
		}
		i += n
	}
	return true
}

// isBlank reports whether a cell holds nothing but space.
func isBlank(s string) bool {
	for _, r := range s { // stops at the first character, which is what most cells are
		if !space(r) {
			return false
		}
	}
	return true
}
