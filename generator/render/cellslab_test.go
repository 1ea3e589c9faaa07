package render

import (
	"slices"
	"testing"
)

// A row handed out by the slab is a copy of its cells, and appending to
// it never writes into the row after it: the rows share one array.
func TestCellSlabRowsAreSeparate(t *testing.T) {
	slab := make(cellSlab, 0, 4)
	cells := []cell{{Text: "a"}, {Text: "b"}}
	first := slab.row(cells...)
	second := slab.row(cell{Text: "c"}, cell{Text: "d"})
	cells[0].Text = "changed"
	if got, want := first, []cell{{Text: "a"}, {Text: "b"}}; !slices.Equal(got, want) {
		t.Errorf("first row = %v, want %v", got, want)
	}
	if cap(first) != 2 {
		t.Errorf("cap(first row) = %d, want 2", cap(first))
	}
	first = append(first, cell{Text: "x"})
	if got, want := second, []cell{{Text: "c"}, {Text: "d"}}; !slices.Equal(got, want) {
		t.Errorf("after appending to the first row, second = %v, want %v", got, want)
	}
	// Past the slab's room a row is allocated on its own, equal all the same.
	third := slab.row(cell{Text: "e"})
	if got, want := third, []cell{{Text: "e"}}; !slices.Equal(got, want) {
		t.Errorf("row past the room = %v, want %v", got, want)
	}
	if got, want := second, []cell{{Text: "c"}, {Text: "d"}}; !slices.Equal(got, want) {
		t.Errorf("after a row past the room, second = %v, want %v", got, want)
	}
}
