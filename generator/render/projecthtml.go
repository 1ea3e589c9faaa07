package render

import (
	"html/template"

	"tuijin/generator/analysis"
)

// The lists of a project page, written out like the tables (tablehtml.go
// says why): there are tens of thousands of project pages, and these lists
// were most of their template actions. projecthtml_test.go holds each byte
// for byte to html/template's rendering of the layout it replaces
// (testdata/project-lists.tmpl).

// facts is a definition list of labelled values, a value linked when it
// has an Href.
type facts []fact

// HTML writes the list.
func (fs facts) HTML() template.HTML {
	b := make([]byte, 0, 64+len(fs)*96)
	b = append(b, `<dl class="facts">`...)
	for _, f := range fs {
		b = append(b, `<div><dt>`...)
		b = appendEscaped(b, f.Label)
		b = append(b, `</dt><dd>`...)
		if f.Href != "" {
			b = append(b, `<a href="`...)
			b = appendURL(b, f.Href)
			b = append(b, `">`...)
			b = appendEscaped(b, f.Value)
			b = append(b, `</a>`...)
		} else {
			b = appendEscaped(b, f.Value)
		}
		b = append(b, `</dd></div>`...)
	}
	b = append(b, `</dl>`...)
	return template.HTML(b)
}

// timeline is a project's milestone nodes, in order.
type timeline []nodeItem

// HTML writes the list.
func (ns timeline) HTML() template.HTML {
	b := make([]byte, 0, 64+len(ns)*256)
	b = append(b, `<ol class="timeline">`...)
	for _, n := range ns {
		b = append(b, `<li class="`...)
		b = appendEscaped(b, n.Class)
		b = append(b, `"><span class="when">计划 `...)
		b = appendEscaped(b, n.Planned)
		if n.Done != "—" {
			b = append(b, ` · 完成 `...)
			b = appendEscaped(b, n.Done)
		}
		b = append(b, `</span><strong>`...)
		b = appendEscaped(b, n.Name)
		b = append(b, `</strong> <span class="badge `...)
		b = appendEscaped(b, n.Class)
		b = append(b, `">`...)
		b = appendEscaped(b, n.Status)
		b = append(b, `</span>`...)
		if n.Responsible != "" {
			b = append(b, `<span class="who">`...)
			b = appendEscaped(b, n.Responsible)
			b = append(b, `</span>`...)
		}
		if n.Slip != "" {
			b = append(b, `<span class="slip">`...)
			b = appendEscaped(b, n.Slip)
			b = append(b, `</span>`...)
		}
		b = append(b, `</li>`...)
	}
	b = append(b, `</ol>`...)
	return template.HTML(b)
}

// checklist is the five documents of 四证一书 with their states.
type checklist []analysis.DocState

// HTML writes the list.
func (ds checklist) HTML() template.HTML {
	b := make([]byte, 0, 64+len(ds)*96)
	b = append(b, `<ul class="checklist">`...)
	for _, d := range ds {
		class := "warn"
		if d.State == "已办结" || d.State == "不涉及" {
			class = "good"
		}
		b = append(b, `<li class="`...)
		b = append(b, class...)
		b = append(b, `">`...)
		b = appendEscaped(b, d.Document)
		b = append(b, `：`...)
		b = appendEscaped(b, d.State)
		if !d.Date.IsZero() {
			b = append(b, `（`...)
			b = appendEscaped(b, date(d.Date))
			b = append(b, `）`...)
		}
		b = append(b, `</li>`...)
	}
	b = append(b, `</ul>`...)
	return template.HTML(b)
}
