package render

import (
	"bytes"
	"fmt"
	"html/template"
	"unicode/utf8"
)

// searchPath is the search page. Every page's header has a GET form that
// points here with ?q=…, and assets/search.js reads location.search, so
// search works from file:// as well as from a web server.
const searchPath = "search.html"

// searchEntry is one project in the search index. The fields searched are
// the ones a leader remembers a project by; Path is the project page,
// relative to search.html, built here so that the script never assembles a
// URL from workbook text.
type searchEntry struct {
	Path        string `json:"path"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Unit        string `json:"unit"`
	Builder     string `json:"builder,omitempty"`     // 建设单位
	Responsible string `json:"responsible,omitempty"` // 责任单位
	Stage       string `json:"stage,omitempty"`
	Centre      string `json:"centre,omitempty"`
}

type searchBody struct {
	Count int
	// Index is the JSON array of searchEntry, inlined into a
	// <script type="application/json"> block: Chromium will not fetch a
	// separate JSON file from file://, and an inline block needs no fetch.
	Index template.JS
}

// searchPage writes search.html with the index of every accepted project.
func (s *site) searchPage() error {
	entries := make([]searchEntry, 0, len(s.rep.Projects))
	for _, p := range s.rep.Projects {
		entries = append(entries, searchEntry{
			Path: rel(searchPath, projectPath(p.Code)), Code: p.Code, Name: p.Name, Unit: p.Unit,
			Builder: p.Builder, Responsible: p.Responsible, Stage: p.Stage, Centre: p.Centre,
		})
	}
	index, err := searchIndexJSON(entries)
	if err != nil {
		return fmt.Errorf("render: search index: %w", err)
	}
	b := searchBody{Count: len(entries), Index: index}
	return s.page("search", searchPath, "搜索", crumbsTo("搜索"), false, b)
}

// searchIndexJSON writes the index as json.Marshal would, for a script
// block: json.Marshal escapes <, >, & and U+2028/U+2029, so no workbook text
// can close the script element or open a comment in it, and template.JS then
// keeps html/template from quoting the JSON a second time. The index is
// written by hand (appendJSONString): tens of thousands of entries through
// encoding/json's reflection were a twentieth of a rebuild's time.
// TestSearchIndexIsMarshal and FuzzSearchIndex hold it to json.Marshal.
func searchIndexJSON(entries []searchEntry) (template.JS, error) {
	n := 2
	for i := range entries {
		e := &entries[i]
		n += 96 + len(e.Path) + len(e.Code) + len(e.Name) + len(e.Unit) + len(e.Builder) + len(e.Responsible) + len(e.Stage) + len(e.Centre)
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i := range entries {
		e := &entries[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"path":`...)
		b = appendJSONString(b, e.Path)
		b = append(b, `,"code":`...)
		b = appendJSONString(b, e.Code)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, e.Name)
		b = append(b, `,"unit":`...)
		b = appendJSONString(b, e.Unit)
		b = appendJSONField(b, `,"builder":`, e.Builder)
		b = appendJSONField(b, `,"responsible":`, e.Responsible)
		b = appendJSONField(b, `,"stage":`, e.Stage)
		b = appendJSONField(b, `,"centre":`, e.Centre)
		b = append(b, '}')
	}
	b = append(b, ']')
	// Defence in depth: the escaping never lets these through, and the
	// test of hostile text relies on it.
	if bytes.Contains(b, []byte("</")) || bytes.Contains(b, []byte("<!--")) {
		return "", fmt.Errorf("unescaped markup in JSON")
	}
	return template.JS(b), nil
}

// appendJSONField writes an omitempty field.
func appendJSONField(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	return appendJSONString(append(b, name...), v)
}

// appendJSONString quotes s as encoding/json does with HTML escaping (its
// default): ", \ and control characters escaped, <, > and & as \u003c,
// \u003e and \u0026, U+2028 and U+2029 as \u2028 and \u2029, and invalid
// UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
