package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
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

// searchIndexJSON marshals the index for a script block. json.Marshal
// escapes <, >, & and U+2028/U+2029, so no workbook text can close the
// script element or open a comment in it; template.JS then keeps
// html/template from quoting the JSON a second time.
func searchIndexJSON(entries []searchEntry) (template.JS, error) {
	b, err := json.Marshal(entries)
	if err != nil {
		return "", err
	}
	// Defence in depth: Marshal never emits these, and the test of hostile
	// text relies on it.
	if bytes.Contains(b, []byte("</")) || bytes.Contains(b, []byte("<!--")) {
		return "", fmt.Errorf("unescaped markup in JSON")
	}
	return template.JS(b), nil
}
