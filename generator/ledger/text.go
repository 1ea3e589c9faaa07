package ledger

import (
	"strings"
	"unicode"

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
	s = fold(s)
	return strings.Map(func(r rune) rune {
		if space(r) {
			return -1
		}
		return r
	}, s)
}

// isBlank reports whether a cell holds nothing but space.
func isBlank(s string) bool { return strings.TrimFunc(s, space) == "" }
