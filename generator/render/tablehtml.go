package render

import (
	"fmt"
	"slices"
)

// appendHTML appends the table as the "table" layout once wrote it,
// escaping exactly as html/template does in each place (text, quoted
// attributes, URLs). The big list pages are thousands of rows of cells,
// and html/template calls an escaper by reflection for every action:
// written out here, a table costs a fraction of that, and it goes straight
// into its page's buffer (see fragment). TestTableHTMLMatchesTemplate and
// FuzzTableHTML hold the output byte for byte to what html/template makes
// of the original layout (testdata/table.tmpl) for any text, including
// hostile text.
func (t table) appendHTML(b []byte) ([]byte, error) {
	if len(t.Rows) == 0 && !slices.ContainsFunc(t.Segments, func(seg []byte) bool { return len(seg) > 0 }) {
		b = append(b, `<p class="empty">`...)
		b = appendEscaped(b, t.Empty)
		return append(b, `</p>`...), nil
	}
	b = append(b, "\n<div class=\"table-wrap\"><table"...)
	if t.ID != "" {
		b = append(b, ` id="`...)
		b = appendEscaped(b, t.ID)
		b = append(b, '"')
	}
	b = append(b, " class=\"data\">\n<thead><tr>"...)
	for _, h := range t.Head {
		b = append(b, `<th scope="col"`...)
		if h.Num {
			b = append(b, ` class="num"`...)
		}
		if h.Filter {
			b = append(b, ` data-filter`...)
		}
		b = append(b, '>')
		b = appendEscaped(b, h.Text)
		b = append(b, `</th>`...)
	}
	b = append(b, "</tr></thead>\n<tbody>"...)
	b, err := t.appendRows(b)
	if err != nil {
		return b, err
	}
	for _, seg := range t.Segments {
		b = append(b, seg...)
	}
	return append(b, "\n</tbody></table></div>"...), nil
}

// cellClass is the layout's cls: a number column's class with the cell's own.
func cellClass(num bool, class string) string {
	switch {
	case num && class != "":
		return "num " + class
	case num:
		return "num"
	}
	return class
}

// appendRows appends the table's rows (not its segments), each
// "\n<tr>…</tr>": what appendHTML writes between the body's tags, and what
// a segment of rows holds (see Segments).
func (t table) appendRows(b []byte) ([]byte, error) {
	for r := range t.Rows {
		var err error
		if b, err = t.appendRow(b, r); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendRow writes row r of the table, as appendRows does each.
func (t table) appendRow(b []byte, r int) ([]byte, error) {
	row := t.Rows[r]
	b = append(b, "\n<tr>"...)
	for i, c := range row {
		if i >= len(t.Head) {
			// The layout's index of Head fails the same way.
			return b, fmt.Errorf("table %q: row %d has cell %d beyond its %d columns", t.ID, r+1, i+1, len(t.Head))
		}
		b = append(b, `<td`...)
		if class := cellClass(t.Head[i].Num, c.Class); class != "" {
			b = append(b, ` class="`...)
			b = appendEscaped(b, class)
			b = append(b, '"')
		}
		if c.Sort != "" {
			b = append(b, ` data-sort="`...)
			b = appendEscaped(b, c.Sort)
			b = append(b, '"')
		}
		b = append(b, '>')
		if c.Href != "" {
			b = append(b, `<a href="`...)
			b = appendURL(b, c.Href)
			b = append(b, `">`...)
			b = appendEscaped(b, c.Text)
			b = append(b, `</a>`...)
		} else {
			b = appendEscaped(b, c.Text)
		}
		b = append(b, `</td>`...)
	}
	b = append(b, `</tr>`...)
	return b, nil
}
