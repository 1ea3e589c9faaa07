package xlsx

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// The pre-scan reads every worksheet and the shared string table of every
// workbook before excelize does, and encoding/xml manages about 25 MB/s:
// parsing the XML twice cost more than half of what excelize itself costs.
// fastScanner is a byte-level tokeniser for the XML that spreadsheet
// writers produce, about ten times faster.
//
// It is only ever trusted to say yes. It accepts a subset of what
// encoding/xml accepts and, within that subset, sees exactly the elements,
// local names, attribute values and text that encoding/xml's Token would
// give: well-formedness is checked as encoding/xml checks it (UTF-8, the
// XML character range, entity references, "]]>" in text, quoting, matching
// end tags, nothing left open at the end). Anything outside the subset --
// comments, CDATA, processing instructions other than a leading UTF-8
// declaration, non-ASCII names, a byte order mark, duplicate attributes,
// a tag over fastMaxToken bytes -- and any error at all make it give up
// with errSlowPath. The caller then reads the part again from its start
// with encoding/xml, whose verdict stands; so the fast path can make a
// scan faster but never changes its outcome. FuzzFastScanner holds that.
type fastScanner struct {
	r   io.Reader
	buf []byte
	pos int // next byte to look at
	end int // bytes of buf holding data
	eof bool
	err error // the reader's error, other than io.EOF; returned as is
	off int64 // offset in the part of buf[0], to tell the declaration's place

	// The current token, valid until the next call of next: slices of buf.
	local    []byte     // start and end: the local name
	qual     []byte     // start: the qualified name, prefix included
	attrs    []fastAttr // start: its attributes
	text     []byte     // text: raw bytes, entities not decoded
	plain    bool       // text: no entity reference and no carriage return
	open     []byte     // qualified names of the open elements, one after the other
	opens    []int      // where each starts in open
	close    bool       // the last start tag was self-closing: its end comes next
	brackets int        // "]" immediately before pos in the current text, up to 2
}

// fastAttr is one attribute: its local name and raw value. plain means the
// raw value is the value: no entity reference and no tab, newline or
// carriage return (which encoding/xml would normalise).
type fastAttr struct {
	local, val []byte
	qual       []byte // the qualified name, prefix included
	plain      bool
}

type tokKind uint8

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

// errSlowPath means: read this part again with encoding/xml.
var errSlowPath = errors.New("xlsx: outside what the fast XML scanner handles")

// errNeedMore is internal: the token does not end within the buffer.
var errNeedMore = errors.New("need more input")

const (
	fastBufSize  = 64 << 10
	fastMaxToken = 1 << 20 // one tag, or one entity-bearing stretch of text
)

func newFastScanner(r io.Reader) *fastScanner {
	return newFastScannerSize(r, fastBufSize)
}

// newFastScannerSize starts with a buffer of size bytes; tests use tiny
// ones to cut tokens at every possible place.
func newFastScannerSize(r io.Reader, size int) *fastScanner {
	return &fastScanner{r: r, buf: make([]byte, max(size, 1))}
}

// fill moves the unread bytes to the front of the buffer, growing it if it
// is full, and reads until the buffer is full or the input ends. Reading
// that much matters: a token cut by the end of the buffer is parsed again
// from its start, so a reader handing out a byte at a time would otherwise
// make a long tag cost its length squared.
func (z *fastScanner) fill() error {
	if z.pos > 0 {
		n := copy(z.buf, z.buf[z.pos:z.end])
		z.off += int64(z.pos)
		z.pos, z.end = 0, n
	}
	if z.end == len(z.buf) {
		if len(z.buf) >= fastMaxToken {
			return errSlowPath
		}
		nb := make([]byte, min(2*len(z.buf), fastMaxToken))
		copy(nb, z.buf[:z.end])
		z.buf = nb
	}
	idle := 0
	for z.end < len(z.buf) {
		n, err := z.r.Read(z.buf[z.end:])
		z.end += n
		if err == io.EOF {
			z.eof = true
			return nil
		}
		if err != nil {
			z.err = err
			return err
		}
		if n == 0 {
			if idle++; idle > 100 {
				return io.ErrNoProgress
			}
		}
	}
	return nil
}

// next reads the next token. Its error is errSlowPath or the reader's.
func (z *fastScanner) next() (tokKind, error) {
	if z.close {
		z.close = false
		return tokEnd, nil // z.local still holds the start tag's name
	}
	for {
		if z.pos >= z.end {
			if z.eof {
				if len(z.opens) > 0 {
					return 0, errSlowPath // unexpected EOF
				}
				return tokEOF, nil
			}
			if err := z.fill(); err != nil {
				return 0, err
			}
			continue
		}
		var k tokKind
		var err error
		if z.buf[z.pos] == '<' {
			k, err = z.tag()
		} else {
			k, err = z.textRun()
		}
		if err == errNeedMore {
			if z.eof {
				return 0, errSlowPath
			}
			if err := z.fill(); err != nil {
				return 0, err
			}
			continue
		}
		return k, err
	}
}

func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

func isNameRest(c byte) bool {
	return isNameStart(c) || '0' <= c && c <= '9' || c == '.' || c == '-'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// qname reads a name at b[i:]: ASCII, with at most one colon between two
// non-empty parts. It returns the end of the name and where its local part
// starts. A name that might be valid but is not in that form gives up.
func (z *fastScanner) qname(b []byte, i int) (end, local int, err error) {
	if i >= len(b) {
		return 0, 0, errNeedMore
	}
	if !isNameStart(b[i]) {
		return 0, 0, errSlowPath
	}
	local = i
	colon := false
	for i++; ; i++ {
		if i >= len(b) {
			return 0, 0, errNeedMore
		}
		c := b[i]
		switch {
		case isNameRest(c):
			continue
		case c == ':' && !colon && i+1 < len(b) && isNameStart(b[i+1]):
			colon, local = true, i+1
			continue
		case c == ':' && i+1 >= len(b):
			return 0, 0, errNeedMore
		case c == ':' || c >= utf8.RuneSelf:
			return 0, 0, errSlowPath // several colons, odd placement, non-ASCII
		}
		return i, local, nil
	}
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// tag reads the markup at z.pos, which is '<'.
func (z *fastScanner) tag() (tokKind, error) {
	b := z.buf[z.pos:z.end]
	if len(b) < 2 {
		return 0, errNeedMore
	}
	switch b[1] {
	case '/':
		end, local, err := z.qname(b, 2)
		if err != nil {
			return 0, err
		}
		i := skipSpace(b, end)
		if i >= len(b) {
			return 0, errNeedMore
		}
		if b[i] != '>' || len(z.opens) == 0 {
			return 0, errSlowPath
		}
		top := z.opens[len(z.opens)-1]
		if string(z.open[top:]) != string(b[2:end]) {
			return 0, errSlowPath // mismatched end tag
		}
		z.open, z.opens = z.open[:top], z.opens[:len(z.opens)-1]
		z.local = b[local:end]
		z.pos += i + 1
		z.brackets = 0
		return tokEnd, nil
	case '?':
		return z.declaration(b)
	case '!':
		return 0, errSlowPath // comment, CDATA or a declaration
	}
	end, local, err := z.qname(b, 1)
	if err != nil {
		return 0, err
	}
	z.attrs = z.attrs[:0]
	i := end
	for {
		j := skipSpace(b, i)
		if j >= len(b) {
			return 0, errNeedMore
		}
		switch b[j] {
		case '>':
			z.open = append(z.open, b[1:end]...)
			z.opens = append(z.opens, len(z.open)-(end-1))
			z.local, z.qual = b[local:end], b[1:end]
			z.pos += j + 1
			z.brackets = 0
			return tokStart, nil
		case '/':
			if j+1 >= len(b) {
				return 0, errNeedMore
			}
			if b[j+1] != '>' {
				return 0, errSlowPath
			}
			z.local, z.qual = b[local:end], b[1:end]
			z.close = true
			z.pos += j + 2
			z.brackets = 0
			return tokStart, nil
		}
		if j == i && i != end {
			// encoding/xml does not insist on space between
			// attributes; being stricter only costs the slow path.
			return 0, errSlowPath
		}
		aend, alocal, err := z.qname(b, j)
		if err != nil {
			return 0, err
		}
		k := skipSpace(b, aend)
		if k >= len(b) {
			return 0, errNeedMore
		}
		if b[k] != '=' {
			return 0, errSlowPath
		}
		k = skipSpace(b, k+1)
		if k >= len(b) {
			return 0, errNeedMore
		}
		q := b[k]
		if q != '"' && q != '\'' {
			return 0, errSlowPath
		}
		n := 0
		for n = k + 1; n < len(b) && b[n] != q; n++ {
		}
		if n >= len(b) {
			return 0, errNeedMore
		}
		val := b[k+1 : n]
		plain, ok := checkText(val, true)
		if !ok {
			return 0, errSlowPath
		}
		name := b[alocal:aend]
		for _, a := range z.attrs {
			if string(a.local) == string(name) {
				return 0, errSlowPath // duplicate: who wins differs between readers
			}
		}
		z.attrs = append(z.attrs, fastAttr{local: name, val: val, qual: b[j:aend], plain: plain})
		i = n + 1
	}
}

// declaration accepts only <?xml …?> as the very first bytes of the part,
// declaring version 1.0 (or none) and UTF-8 (or nothing), read the way
// encoding/xml reads them; any other processing instruction gives up.
func (z *fastScanner) declaration(b []byte) (tokKind, error) {
	if z.off+int64(z.pos) != 0 {
		return 0, errSlowPath
	}
	if len(b) < 6 {
		return 0, errNeedMore
	}
	if string(b[2:5]) != "xml" || !isSpace(b[5]) && b[5] != '?' {
		return 0, errSlowPath
	}
	i := bytes.Index(b[5:], []byte("?>"))
	if i < 0 {
		if len(b) > 4096 {
			return 0, errSlowPath
		}
		return 0, errNeedMore
	}
	content := string(b[skipSpace(b, 5) : 5+i])
	if v := procInstParam("version", content); v != "" && v != "1.0" {
		return 0, errSlowPath
	}
	if e := procInstParam("encoding", content); e != "" && !strings.EqualFold(e, "utf-8") {
		return 0, errSlowPath // the slow path converts other encodings
	}
	z.pos += 5 + i + 2
	return z.next()
}

// procInstParam is encoding/xml's procInst, which decides what the
// declaration says; repeated here so that both read it alike.
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// textRun reads character data from z.pos up to the next '<' or as far as
// the buffer holds whole characters and entity references.
func (z *fastScanner) textRun() (tokKind, error) {
	b := z.buf[z.pos:z.end]
	plain := true
	i := 0
loop:
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				break loop
			case c == ']':
				z.brackets = min(z.brackets+1, 2)
				i++
				continue
			case c == '>':
				if z.brackets == 2 {
					return 0, errSlowPath // "]]>" outside CDATA
				}
			case c == '&':
				n, ok := entityLen(b[i:])
				if n == 0 {
					if !ok && !z.eof && i > 0 {
						break loop // deliver what came before; the rest after a refill
					}
					if !ok && !z.eof {
						return 0, errNeedMore
					}
					return 0, errSlowPath
				}
				plain = false
				z.brackets = 0 // as encoding/xml, which forgets the brackets after an entity
				i += n
				continue
			case c == '\r':
				plain = false
			case c < 0x20 && c != '\t' && c != '\n':
				return 0, errSlowPath
			}
			z.brackets = 0
			i++
			continue
		}
		if !utf8.FullRune(b[i:]) {
			if z.eof {
				return 0, errSlowPath
			}
			if i == 0 {
				return 0, errNeedMore
			}
			break
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			return 0, errSlowPath
		}
		z.brackets = 0
		i += size
	}
	z.text, z.plain = b[:i], plain
	z.pos += i
	return tokText, nil
}

// entityLen returns the length of the entity reference at the start of b
// if it is one encoding/xml accepts: &amp; &lt; &gt; &quot; &apos;, or a
// character reference to a character XML allows. n == 0 with ok == false
// means b ends before the reference can be told; with ok == true, that it
// is not one this scanner accepts.
func entityLen(b []byte) (n int, ok bool) {
	const longest = len("&#x10FFFF;")
	semi := -1
	for i := 1; i < len(b) && i < longest+2; i++ {
		if b[i] == ';' {
			semi = i
			break
		}
	}
	if semi < 0 {
		return 0, len(b) >= longest+2
	}
	switch name := string(b[1:semi]); name {
	case "amp", "lt", "gt", "quot", "apos":
		return semi + 1, true
	default:
		if len(name) < 2 || name[0] != '#' {
			return 0, true
		}
		digits, base := name[1:], 10
		if digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		if digits == "" || len(digits) > 7 {
			return 0, true
		}
		v := 0
		for _, c := range []byte(digits) {
			d := 0
			switch {
			case '0' <= c && c <= '9':
				d = int(c - '0')
			case base == 16 && 'a' <= c && c <= 'f':
				d = int(c-'a') + 10
			case base == 16 && 'A' <= c && c <= 'F':
				d = int(c-'A') + 10
			default:
				return 0, true
			}
			v = v*base + d
		}
		r := rune(v)
		if r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF {
			return semi + 1, true
		}
		return 0, true
	}
}

// checkText checks an attribute value (attr) or a stretch of text that is
// known to be complete: every character allowed, every entity reference
// accepted, no '<'. plain reports no reference and no \t, \n or \r.
func checkText(b []byte, attr bool) (plain, ok bool) {
	plain = true
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				return false, false
			case c == '&':
				n, _ := entityLen(b[i:])
				if n == 0 {
					return false, false
				}
				plain = false
				i += n
				continue
			case c == '\t' || c == '\n' || c == '\r':
				if attr {
					plain = false
				} else if c == '\r' {
					plain = false
				}
			case c < 0x20:
				return false, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			return false, false
		}
		i += size
	}
	return plain, true
}

// attr returns the value of the attribute with that local name and whether
// its raw value is its value.
func (z *fastScanner) attr(local string) (val []byte, found, plain bool) {
	for _, a := range z.attrs {
		if string(a.local) == local {
			return a.val, true, a.plain
		}
	}
	return nil, false, true
}
