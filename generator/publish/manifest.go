package publish

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"tuijin/generator/jsonquote"
)

// Every rebuild reads the manifest and writes it again: 20,000 entries of
// a large site, which encoding/json takes tens of milliseconds over in
// each direction. Save writes a fixed layout; parseManifest reads exactly
// that layout without reflection, and ReadManifest falls back to
// encoding/json for anything else, so a file it does not recognise byte
// for byte is still read as JSON is.

// appendEntries appends files as a JSON object, one entry a line in path
// order, which keeps the file stable and diffable between builds.
func appendEntries(b []byte, files []pathEntry) []byte {
	b = append(b, '{')
	for i, e := range files {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = jsonquote.Append(b, e.path)
		b = append(b, `:{"key":`...)
		b = jsonquote.Append(b, e.Key)
		b = append(b, `,"size":`...)
		b = strconv.AppendInt(b, e.Size, 10)
		b = append(b, `,"mtime":`...)
		b = strconv.AppendInt(b, e.ModTime, 10)
		b = append(b, '}')
	}
	return append(b, '}')
}

// parser reads the layout Save writes. Any byte out of place fails it;
// it never guesses. It reads a string, so that every path and key it
// returns is a part of that one string rather than an allocation of its
// own: tens of thousands of them.
type parser struct {
	s  string
	ok bool
}

// lit consumes lit.
func (p *parser) lit(lit string) {
	if p.ok && strings.HasPrefix(p.s, lit) {
		p.s = p.s[len(lit):]
		return
	}
	p.ok = false
}

// peek reports whether the input starts with lit.
func (p *parser) peek(lit string) bool {
	return p.ok && strings.HasPrefix(p.s, lit)
}

// str consumes a string without escapes or invalid UTF-8, and rejects the
// others: Save writes those only for odd names, which json then reads.
func (p *parser) str() string {
	p.lit(`"`)
	if !p.ok {
		return ""
	}
	for i := 0; i < len(p.s); i++ {
		c := p.s[i]
		if c == '"' {
			s := p.s[:i]
			if utf8.ValidString(s) {
				p.s = p.s[i+1:]
				return s
			}
			break
		}
		if c == '\\' || c < 0x20 {
			break
		}
	}
	p.ok = false
	return ""
}

// int consumes an integer as JSON writes one: no sign but a minus, no
// leading zeros, no fraction or exponent.
func (p *parser) int() int64 {
	if !p.ok {
		return 0
	}
	i := 0
	if i < len(p.s) && p.s[i] == '-' {
		i++
	}
	start := i
	for i < len(p.s) && '0' <= p.s[i] && p.s[i] <= '9' {
		i++
	}
	if i == start || p.s[start] == '0' && i > start+1 {
		p.ok = false
		return 0
	}
	n, err := strconv.ParseInt(p.s[:i], 10, 64)
	if err != nil {
		p.ok = false
		return 0
	}
	p.s = p.s[i:]
	return n
}

// entries consumes an object of entries as appendEntries writes it, and
// returns them also in the order read when that is path order (as Save
// writes them), nil otherwise: a rebuild needs the previous site's files
// in path order, and sorting 20,000 paths again was most of reading them.
func (p *parser) entries() (map[string]Entry, []pathEntry) {
	// One entry a line: the lines left bound the count from above.
	n := strings.Count(p.s, "\n")
	files := make(map[string]Entry, n)
	inOrder := make([]pathEntry, 0, n)
	p.lit("{")
	for i := 0; p.ok && !p.peek("}"); i++ {
		if i > 0 {
			p.lit(",")
		}
		p.lit("\n")
		path := p.str()
		p.lit(`:{"key":`)
		var e Entry
		e.Key = p.str()
		p.lit(`,"size":`)
		e.Size = p.int()
		p.lit(`,"mtime":`)
		e.ModTime = p.int()
		p.lit("}")
		files[path] = e
		if inOrder != nil {
			if k := len(inOrder); k > 0 && inOrder[k-1].path >= path {
				inOrder = nil
			} else {
				inOrder = append(inOrder, pathEntry{path, e})
			}
		}
	}
	p.lit("}")
	return files, inOrder
}

// parseManifest reads b if it is in the layout Save writes, and reports
// whether it was; sorted is its files in path order when b lists them so
// (as Save does), nil otherwise.
func parseManifest(b []byte) (f manifestFile, sorted []pathEntry, ok bool) {
	p := &parser{s: string(b), ok: true}
	p.lit(`{"program":`)
	f.Program = p.str()
	p.lit(`,"files":`)
	f.Files, sorted = p.entries()
	if p.peek(",") {
		p.lit(",\n" + `"spare":{"out":`)
		sp := &spareFile{}
		sp.Out = p.str()
		p.lit(`,"dir":`)
		sp.Dir = p.str()
		p.lit(`,"absent":[`)
		for i := 0; p.ok && !p.peek("]"); i++ {
			if i > 0 {
				p.lit(",")
			}
			sp.Absent = append(sp.Absent, p.str())
		}
		p.lit(`],"changed":`)
		sp.Changed, _ = p.entries()
		p.lit("}")
		f.Spare = sp
	}
	p.lit("}\n")
	return f, sorted, p.ok && p.s == ""
}
