package render

import (
	"bytes"
	"fmt"
	"html/template"
	"slices"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/hugemem"
	"tuijin/generator/jsonquote"
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
	// Keyed by its inputs, as the project list is: the index of a city's
	// month is 5 MB, assembled from its parts and then fingerprinted only
	// to find, after most corrections, that it had not changed.
	entries := partsOf{"search entries", nil}
	key, reused, err := s.keyWithParts(searchPath, "search page", func(units []fingerprint.Sum) any {
		return searchInputs{s.frame(searchPath, "搜索", crumbsTo("搜索"), false, nil), units}
	}, entries)
	if err != nil || reused {
		return err
	}
	segs, err := s.segments(entries, func(b []byte, ps []*analysis.Project) ([]byte, error) {
		entries := make([]searchEntry, 0, len(ps))
		for _, p := range ps {
			entries = append(entries, searchEntry{
				Path: rel(searchPath, projectPath(p.Code)), Code: p.Code, Name: p.Name, Unit: p.Unit,
				Builder: p.Builder, Responsible: p.Responsible, Stage: p.Stage, Centre: p.Centre,
			})
		}
		return appendSearchEntries(b, entries), nil
	})
	if err != nil {
		return err
	}
	index, err := searchIndex(segs)
	if err != nil {
		return fmt.Errorf("render: search index: %w", err)
	}
	b := searchBody{Count: len(s.rep.Projects), Index: index}
	return s.pageKeyed("search", searchPath, "搜索", crumbsTo("搜索"), false, b, key)
}

// searchInputs is what the search page is made from: its frame and the
// projects, by unit (keyWithParts), whose fingerprints hold every field an
// entry shows.
type searchInputs struct {
	Frame frame
	Units []fingerprint.Sum
}

// searchIndexJSON writes the index as json.Marshal would, for a script
// block: json.Marshal escapes <, >, & and U+2028/U+2029, so no workbook text
// can close the script element or open a comment in it, and template.JS then
// keeps html/template from quoting the JSON a second time. The index is
// written by hand (jsonquote.Append): tens of thousands of entries through
// encoding/json's reflection were a twentieth of a rebuild's time.
// TestSearchIndexIsMarshal and FuzzSearchIndex hold it to json.Marshal.
func searchIndexJSON(entries []searchEntry) (template.JS, error) {
	return searchIndex([][]byte{appendSearchEntries(nil, entries)})
}

// searchIndex writes the JSON array of the entries in parts, each part
// some entries separated by commas (appendSearchEntries).
func searchIndex(parts [][]byte) (template.JS, error) {
	n := 2
	for _, p := range parts {
		n += len(p) + 1
	}
	b := hugemem.Make[byte](n)[:0]
	b = append(b, '[')
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, p...)
	}
	b = append(b, ']')
	// Defence in depth: the escaping never lets these through, and the
	// test of hostile text relies on it.
	if bytes.Contains(b, []byte("</")) || bytes.Contains(b, []byte("<!--")) {
		return "", fmt.Errorf("unescaped markup in JSON")
	}
	return template.JS(b), nil
}

// appendSearchEntries appends the entries' JSON objects, separated by
// commas, to b.
func appendSearchEntries(b []byte, entries []searchEntry) []byte {
	n := 0
	for i := range entries {
		e := &entries[i]
		n += 96 + len(e.Path) + len(e.Code) + len(e.Name) + len(e.Unit) + len(e.Builder) + len(e.Responsible) + len(e.Stage) + len(e.Centre)
	}
	b = slices.Grow(b, n)
	for i := range entries {
		e := &entries[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"path":`...)
		b = jsonquote.Append(b, e.Path)
		b = append(b, `,"code":`...)
		b = jsonquote.Append(b, e.Code)
		b = append(b, `,"name":`...)
		b = jsonquote.Append(b, e.Name)
		b = append(b, `,"unit":`...)
		b = jsonquote.Append(b, e.Unit)
		b = appendJSONField(b, `,"builder":`, e.Builder)
		b = appendJSONField(b, `,"responsible":`, e.Responsible)
		b = appendJSONField(b, `,"stage":`, e.Stage)
		b = appendJSONField(b, `,"centre":`, e.Centre)
		b = append(b, '}')
	}
	return b
}

// appendJSONField writes an omitempty field.
func appendJSONField(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	return jsonquote.Append(append(b, name...), v)
}
