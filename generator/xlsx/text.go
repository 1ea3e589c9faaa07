package xlsx

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The native reader (cells.go, sst.go) must give every cell exactly the text
// excelize gives it. This file holds the pieces of that which are about
// text rather than structure: what encoding/xml does to character data, how
// encoding/xml reads typed attributes into excelize's structs, and
// excelize's own "_xHHHH_" unescaping.

// errUnusual means that a part holds something the native reader does not
// reproduce (an attribute excelize would fail to decode, say). The caller
// hands the work to excelize itself, whose answer is the reference.
var errUnusual = errors.New("xlsx: outside what the native reader reproduces")

// textBuf collects the character data of one element as the fast scanner
// delivers it, raw, and decodes it the way encoding/xml's Token does:
// entity and character references replaced, "\r\n" and a lone "\r" turned
// into "\n". encoding/xml normalises line ends within one run of text only,
// so a run cut by a child element is decoded on its own (flush).
type textBuf struct {
	raw   []byte // the current run, raw
	plain bool   // raw holds no reference and no carriage return
	out   []byte // decoded runs so far
}

func (t *textBuf) reset() { t.raw, t.plain, t.out = t.raw[:0], true, t.out[:0] }

func (t *textBuf) add(raw []byte, plain bool) {
	t.raw = append(t.raw, raw...)
	t.plain = t.plain && plain
}

// flush ends the current run of text.
func (t *textBuf) flush() {
	if t.plain {
		t.out = append(t.out, t.raw...)
	} else {
		t.out = decodeText(t.out, t.raw)
	}
	t.raw, t.plain = t.raw[:0], true
}

// String ends the run and returns all the text.
func (t *textBuf) String() string {
	t.flush()
	return string(t.out)
}

// decodeText appends the decoded text of one run of raw character data,
// which the fast scanner has checked: every reference in it is complete and
// one encoding/xml accepts.
func decodeText(dst, raw []byte) []byte {
	cr := false // the byte before was a raw carriage return
	for i := 0; i < len(raw); {
		c := raw[i]
		switch c {
		case '&':
			n, _ := entityLen(raw[i:])
			dst = appendEntity(dst, raw[i+1:i+n-1])
			i += n
			cr = false
			continue
		case '\r':
			dst = append(dst, '\n')
			cr = true
			i++
			continue
		case '\n':
			if !cr {
				dst = append(dst, '\n')
			}
		default:
			dst = append(dst, c)
		}
		cr = false
		i++
	}
	return dst
}

// appendEntity appends what the reference named (without & and ;) stands
// for; entityLen has accepted it.
func appendEntity(dst, name []byte) []byte {
	switch string(name) {
	case "amp":
		return append(dst, '&')
	case "lt":
		return append(dst, '<')
	case "gt":
		return append(dst, '>')
	case "quot":
		return append(dst, '"')
	case "apos":
		return append(dst, '\'')
	}
	digits, base := name[1:], 10
	if len(digits) > 0 && digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	n, _ := strconv.ParseUint(string(digits), base, 32)
	return utf8.AppendRune(dst, rune(n))
}

// Typed attributes. encoding/xml reads an empty value as zero and otherwise
// parses the value with surrounding space trimmed; a value that does not
// parse makes the whole decoding fail. The native reader only needs to know
// whether it would.
type attrKind uint8

const (
	attrInt attrKind = iota
	attrUint32
	attrFloat
	attrBool
)

// typedOK reports whether encoding/xml would decode the attribute of that
// local name into a field of that kind. A value with references or
// whitespace characters is not judged here (errUnusual): encoding/xml would
// first decode it.
func typedOK(z *fastScanner, local string, kind attrKind) error {
	v, found, plain := z.attr(local)
	if !found || len(v) == 0 {
		return nil
	}
	if !plain {
		return errUnusual
	}
	var err error
	switch s := strings.TrimSpace(string(v)); kind {
	case attrInt:
		_, err = strconv.ParseInt(s, 10, 64)
	case attrUint32:
		_, err = strconv.ParseUint(s, 10, 32)
	case attrFloat:
		_, err = strconv.ParseFloat(s, 64)
	case attrBool:
		_, err = strconv.ParseBool(s)
	}
	if err != nil {
		return errUnusual
	}
	return nil
}

// bstrExp is excelize's pattern for an escaped character in shared and
// inline strings (ECMA-376 ST_Xstring: "_x0008_" for U+0008).
var bstrExp = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal is excelize's unescaping of ST_Xstring, which it applies to
// every shared and inline string: "_x005F_" is "_", any other "_xHHHH_" is
// that UTF-16 unit, dropped if it is not a character by itself (a
// surrogate half).
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	cursor := 0
	for _, m := range bstrExp.FindAllStringIndex(s, -1) {
		b.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			b.WriteByte('_')
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		b.WriteString(v)
	}
	b.WriteString(s[cursor:])
	return b.String()
}
