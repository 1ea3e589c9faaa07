package render

import "strings"

// The escapers of the pages' hot paths (tables, navigation), written out
// to do exactly what html/template does in the same places: see
// tablehtml.go for why, and tablehtml_test.go for the proof.

// htmlEscapes is html/template's table for text and quoted attribute
// values: NUL becomes U+FFFD, and " & ' + < > character references. It
// leaves everything else, invalid UTF-8 included, as it is.
var htmlEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(htmlEscapes) || htmlEscapes[c] == "" {
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, htmlEscapes[c]...)
		start = i + 1
	}
	return append(b, s[start:]...)
}

// appendURL writes a URL into a quoted attribute as html/template does: a
// URL with a scheme other than http, https or mailto becomes "#ZgotmplZ";
// bytes outside RFC 3986's unreserved and reserved sets, and valid escapes
// aside, are percent-encoded (lower-case hex); then it is escaped as
// attribute text.
func appendURL(b []byte, s string) []byte {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!#$*,/:;=?@[]", c) >= 0:
			b = append(b, c)
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '+':
			b = append(b, "&#43;"...)
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, c)
		default:
			b = append(b, '%')
			b = append(b, hexDigits[c>>4], hexDigits[c&15])
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
