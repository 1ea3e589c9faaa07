// Package zhtest holds what the tests of several packages check of a
// message meant for people, which must be Simplified Chinese: that no
// English is left in it once the names it may quote are taken out. It is
// imported by tests only.
package zhtest

import (
	"regexp"
	"slices"
	"strings"
)

var latin = regexp.MustCompile(`[A-Za-z]{2,}`)

// EnglishLeft returns what of msg looks like English (runs of two or more
// Latin letters) once each of allowed is taken out: paths, commands and
// flags a message may quote. A Go error's text ("no such file or
// directory", "unsafe output folder", "publish:") is what shows up.
func EnglishLeft(msg string, allowed ...string) string {
	// Longest first: "datalink" before "data".
	words := slices.Clone(allowed)
	slices.SortFunc(words, func(a, b string) int { return len(b) - len(a) })
	for _, w := range words {
		if w != "" {
			msg = strings.ReplaceAll(msg, w, "")
		}
	}
	return strings.Join(latin.FindAllString(msg, -1), " ")
}
