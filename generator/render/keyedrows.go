package render

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"

	"tuijin/generator/analysis"
)

// Some lists are ordered across units — the funds page by type, date and
// project code, the issues page by days overdue and responsible unit, the
// reserve list by entry date, a centre's nodes by date, code and name and
// its issues by day raised and code — so a unit's part (see Segments) cannot just
// follow the others'. Such a part is its rows, each with the key it is
// ordered by and the table it goes in, and the list is merged from the
// units' parts. A key is bytes that compare (bytes.Compare) as the list
// orders its rows; the rows of a list's part are in that order already.
// Every key holds the project's code, and two units never share a
// project, so rows of two parts never tie, and the merge gives the list's
// order exactly; rows of one part that tie keep their order.

// orderKey builds a key from fields in the order they are compared.
type orderKey []byte

// int adds an integer, ascending: big-endian, with the sign bit flipped so
// that negative numbers come first.
func (k orderKey) int(x int64) orderKey {
	return binary.BigEndian.AppendUint64(k, uint64(x)^(1<<63))
}

// str adds a string, ascending as strings.Compare orders them: its bytes
// with 0x00 written as 0x00 0xFF, then 0x00 0x01, so that no string is
// taken for the start of a longer one and the field after it is never
// compared with a string's bytes.
func (k orderKey) str(s string) orderKey {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			k = append(k, 0, 0xFF)
		} else {
			k = append(k, s[i])
		}
	}
	return append(k, 0, 1)
}

// keyedRow is a row of a list ordered across units, from a unit's part.
type keyedRow struct {
	key, table, html []byte
}

// appendKeyedRow appends a row to a part: its key, its table and its
// HTML, which row appends.
func appendKeyedRow(b []byte, key orderKey, table string, row func([]byte) ([]byte, error)) ([]byte, error) {
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	b = binary.AppendUvarint(b, uint64(len(table)))
	b = append(b, table...)
	mark := len(b)
	b = append(b, 0, 0, 0, 0) // the row's length, once written
	b, err := row(b)
	if err != nil {
		return nil, err
	}
	binary.LittleEndian.PutUint32(b[mark:], uint32(len(b)-mark-4))
	return b, nil
}

// appendKeyedRows appends the rows of t, in order, to a part: row k under
// the key key appends to into for it.
func appendKeyedRows(b []byte, t table, key func(k int, into orderKey) orderKey) ([]byte, error) {
	var kb orderKey
	var k int
	row := func(b []byte) ([]byte, error) { return t.appendRow(b, k) } // one closure for every row
	for k = range t.Rows {
		kb = key(k, kb[:0])
		var err error
		if b, err = appendKeyedRow(b, kb, "", row); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// mergedRows makes a list ordered across units from each unit's keyed
// rows, made by mk as site.segments makes any part, and from the parts
// in more (rows of no unit's projects), and returns its rows in order.
func (s *site) mergedRows(o partsOf, mk func(b []byte, ps []*analysis.Project) ([]byte, error), more ...[]byte) ([][]byte, error) {
	parts, err := s.segments(o, mk)
	if err != nil {
		return nil, err
	}
	merged, err := mergeParts(append(parts, more...))
	if err != nil {
		return nil, err
	}
	return merged[""], nil
}

var errDamagedPart = errors.New("render: a part of a list is damaged")

// readKeyedRows appends the rows of a part written by appendKeyedRow.
func readKeyedRows(rows []keyedRow, b []byte) ([]keyedRow, error) {
	field := func() ([]byte, bool) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return nil, false
		}
		f := b[k : k+int(n) : k+int(n)]
		b = b[k+int(n):]
		return f, true
	}
	for len(b) > 0 {
		var r keyedRow
		var ok bool
		if r.key, ok = field(); !ok {
			return nil, errDamagedPart
		}
		if r.table, ok = field(); !ok || len(b) < 4 {
			return nil, errDamagedPart
		}
		n := binary.LittleEndian.Uint32(b)
		if uint64(n) > uint64(len(b)-4) {
			return nil, errDamagedPart
		}
		r.html, b = b[4:4+n:4+n], b[4+n:]
		rows = append(rows, r)
	}
	return rows, nil
}

// mergeParts returns the rows of the parts, each in order already, by
// table, each table's rows in the order of their keys. The order is
// rebuilt with a heap of the parts, without sorting the rows again.
func mergeParts(parts [][]byte) (map[string][][]byte, error) {
	runs := make([][]keyedRow, 0, len(parts))
	for _, part := range parts {
		rows, err := readKeyedRows(nil, part)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			runs = append(runs, rows)
		}
	}
	// A handful of tables: found by a look at each, without a string
	// made for each row.
	var tables [][]byte
	var rows [][][]byte
	mergeRuns(runs, func(r keyedRow) {
		i := 0
		for i < len(tables) && !bytes.Equal(tables[i], r.table) {
			i++
		}
		if i == len(tables) {
			tables, rows = append(tables, r.table), append(rows, nil)
		}
		rows[i] = append(rows[i], r.html)
	})
	out := make(map[string][][]byte, len(tables))
	for i, t := range tables {
		out[string(t)] = rows[i]
	}
	return out, nil
}

// mergeRuns calls f for each row of runs, each in the order of its keys
// already, in the order of their keys; rows of one run that tie keep their
// order.
func mergeRuns(runs [][]keyedRow, f func(keyedRow)) {
	h := runHeap(runs)
	heap.Init(&h)
	for len(h) > 0 {
		f(h[0][0])
		if h[0] = h[0][1:]; len(h[0]) == 0 {
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
	}
}

// runHeap orders runs by the key of each one's next row.
type runHeap [][]keyedRow

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return bytes.Compare(h[i][0].key, h[j][0].key) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.([]keyedRow)) }
func (h *runHeap) Pop() any {
	old := *h
	run := old[len(old)-1]
	*h = old[:len(old)-1]
	return run
}
