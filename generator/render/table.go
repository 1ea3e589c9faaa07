package render

import (
	"html/template"

	"tuijin/generator/charts"
)

// table is a data table: every chart has one with its numbers, and the
// lists are tables too. Cells hold text only; links are relative paths.
type table struct {
	ID   string // for sorting/filtering scripts and anchors; fixed, never from data
	Head []head
	Rows [][]cell
	// Segments are rows already written (appendRows), shown after Rows:
	// the big lists' rows for each unit, reused from an earlier build when
	// its projects have not changed (see Segments).
	Segments [][]byte
	Empty    string // shown when there are no rows
}

type head struct {
	Text   string
	Num    bool // right-aligned number column
	Filter bool // site.js offers a drop-down of the column's values above the table
}

type cell struct {
	Text  string
	Href  string // relative link, "" for none
	Class string // fixed class names chosen by code: "bad", "warn", "good"
	Sort  string // machine value for sorting (numbers), "" to sort by Text
}

// cellSlab hands out table rows cut from one array. The lists of a large
// zone have tens of thousands of rows; a slice for each, grown by append,
// was the largest of the renderer's allocations. Make it with the room
// the table's cells need: a row that does not fit is allocated on its own.
type cellSlab []cell

// row returns a copy of cells, of capacity len(cells), in the slab.
func (s *cellSlab) row(cells ...cell) []cell {
	n := len(*s)
	*s = append(*s, cells...)
	return (*s)[n:len(*s):len(*s)]
}

func heads(names ...string) []head {
	h := make([]head, len(names))
	for i, n := range names {
		h[i].Text = n
	}
	return h
}

// nums marks the columns at the given indexes as numbers.
func nums(h []head, idx ...int) []head {
	for _, i := range idx {
		h[i].Num = true
	}
	return h
}

// chartView is a chart with its data table, ready for the "chart" template.
type chartView struct {
	ID, Title, Desc string
	Height          int
	Option          template.JS // JSON from encoding/json: <, > and & are escaped, so it cannot end the script element
	Table           table
}

func newChart(c charts.Chart, t table) chartView {
	t.ID = c.ID + "-table"
	return chartView{ID: c.ID, Title: c.Title, Desc: c.Desc, Height: c.Height, Option: c.OptionJS(), Table: t}
}
