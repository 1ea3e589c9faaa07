package generator

import (
	"bytes"
	"testing"
)

// What a spill keeps comes back as it was, from the file or, without one,
// from memory, whatever the order it is asked for in.
func TestSpillKeeps(t *testing.T) {
	tests := []struct {
		name string
		s    *spill
	}{
		{"file", newSpill()},
		{"memory", &spill{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "file" && tt.s.f == nil {
				t.Fatal("no temporary file")
			}
			blobs := [][]byte{[]byte("一月"), {}, bytes.Repeat([]byte{7}, 1<<16), []byte("三月")}
			var gets []func() ([]byte, error)
			for _, b := range blobs {
				gets = append(gets, tt.s.keep(b))
			}
			for i := len(blobs) - 1; i >= 0; i-- {
				got, err := gets[i]()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, blobs[i]) {
					t.Errorf("blob %d: got %d bytes, want %d", i, len(got), len(blobs[i]))
				}
			}
		})
	}
}

// Closing lets the file go, twice is harmless, and what is kept afterwards
// stays in memory; a nil spill (a build without history) closes nothing.
func TestSpillClose(t *testing.T) {
	s := newSpill()
	if s.f == nil {
		t.Fatal("no temporary file")
	}
	f := s.f
	s.close()
	s.close()
	if _, err := f.Stat(); err == nil {
		t.Error("the temporary file is still open after close")
	}
	get := s.keep([]byte("四月"))
	if got, err := get(); err != nil || string(got) != "四月" {
		t.Errorf("kept after close: %q, %v", got, err)
	}
	(*spill)(nil).close()
}
