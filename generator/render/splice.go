package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"sync"
)

// A fragment is part of a page made outside the layouts and shown whole: a
// table (on the list pages, tens of thousands of rows) or the search
// index. html/template prints every value with fmt, which copied each
// fragment into a buffer of its own, grown by doubling, before the page
// copied it again: for a page of 10 MB, three copies and the allocations
// of about 20 MB. A layout now prints a short mark where a fragment goes,
// and the page is assembled from the layout's output with each fragment
// written in the mark's place, once.
type fragment interface {
	appendTo(b []byte) ([]byte, error)
}

// markPrefix starts every mark. No text of a page can hold it: html/template
// and this package's escapers turn a NUL byte into U+FFFD (or \u0000 in
// scripts), so a NUL reaches a layout's output only in a mark.
const markPrefix = "\x00tuijin-fragment:"

// fragments holds the fragments whose marks a layout has printed but not
// yet been replaced: each Renderer has its own, shared by the pages it is
// rendering at once. A mark is taken out of it when the page is assembled,
// and every mark is, whether or not the page could be assembled (see
// assemble): a fragment never outlives the page it was printed for.
type fragments struct {
	mu   sync.Mutex
	next uint64
	m    map[uint64]fragment
}

// mark keeps f and returns the mark that stands for it.
func (fs *fragments) mark(f fragment) string {
	fs.mu.Lock()
	id := fs.next
	fs.next++
	if fs.m == nil {
		fs.m = make(map[uint64]fragment)
	}
	fs.m[id] = f
	fs.mu.Unlock()
	return markPrefix + strconv.FormatUint(id, 10) + "\x00"
}

func (fs *fragments) take(id uint64) fragment {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f := fs.m[id]
	delete(fs.m, id)
	return f
}

// pending is how many marks wait to be replaced (for the tests).
func (fs *fragments) pending() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.m)
}

// splice is the layouts' splice function for a table: a mark that
// assemble replaces with the table's HTML.
func (fs *fragments) splice(t table) template.HTML { return template.HTML(fs.mark(t)) }

func (t table) appendTo(b []byte) ([]byte, error) { return t.appendHTML(b) }

// jsText is script text made with its own escaping (the search index).
type jsText template.JS

func (s jsText) appendTo(b []byte) ([]byte, error) { return append(b, s...), nil }

// spliceJS is the layouts' spliceJS function: a mark for script text.
func (fs *fragments) spliceJS(s template.JS) template.JS { return template.JS(fs.mark(jsText(s))) }

// assemble appends to dst what a layout wrote (out) with each mark replaced
// by its fragment. Every mark in out is taken from the table even when a
// fragment fails, so that a failed page leaves nothing behind.
func (fs *fragments) assemble(dst, out []byte) ([]byte, error) {
	var first error
	for {
		i := bytes.Index(out, []byte(markPrefix))
		if i < 0 {
			return append(dst, out...), first
		}
		dst = append(dst, out[:i]...)
		out = out[i+len(markPrefix):]
		end := bytes.IndexByte(out, 0)
		if end < 0 {
			return dst, fmt.Errorf("render: unterminated fragment mark")
		}
		id, err := strconv.ParseUint(string(out[:end]), 10, 64)
		out = out[end+1:]
		var f fragment
		if err == nil {
			f = fs.take(id)
		}
		switch {
		case f == nil:
			err = fmt.Errorf("render: unknown fragment mark")
		case first == nil:
			dst, err = f.appendTo(dst)
		}
		if first == nil {
			first = err
		}
	}
}

// executeLayout runs a layout and assembles the page into dst (whose
// capacity should be the page's expected size). The layout's own output,
// without its fragments, is a few kilobytes.
func (fs *fragments) executeLayout(dst []byte, t *template.Template, name string, data any) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(64 << 10)
	err := t.ExecuteTemplate(&out, name, data)
	page, aerr := fs.assemble(dst, out.Bytes())
	if err != nil {
		return nil, err
	}
	return page, aerr
}
