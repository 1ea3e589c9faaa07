package codec

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// DecodeInto writes the elements of the slices laid out for them where
// they lie, so that records can be decoded into a window of a larger
// slice; slices not laid out, and slices inside the elements, are made as
// Decode makes them.
func TestDecodeIntoLaidOut(t *testing.T) {
	type rec struct {
		N    int
		S    string
		Tags []string
	}
	type recs struct {
		A    []rec
		B    []int
		Rest []string
	}
	want := recs{
		A:    []rec{{1, "x", []string{"t"}}, {2, "y", nil}},
		B:    []int{7, 8, 9},
		Rest: []string{"free"},
	}
	b, err := Append(nil, &want)
	if err != nil {
		t.Fatal(err)
	}
	room := make([]rec, 4) // a window of it, with a neighbour on each side
	ints := make([]int, 3)
	room[0].N, room[3].N = -1, -1
	got := recs{A: room[1:3:3], B: ints}
	if err := DecodeInto(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeInto = %+v, want %+v", got, want)
	}
	if &got.A[0] != &room[1] || &got.B[0] != &ints[0] {
		t.Error("the laid-out slices were replaced, not decoded into")
	}
	if room[0].N != -1 || room[3].N != -1 {
		t.Errorf("the window's neighbours were written: %+v", room)
	}
}

func TestDecodeIntoRoomMismatch(t *testing.T) {
	type recs struct {
		A []int
		B []string
	}
	b, err := Append(nil, &recs{A: []int{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		v    recs
		want string
	}{
		{"too much room", recs{A: make([]int, 3)}, "2 elements where room was laid out for 3"},
		{"too little room", recs{A: make([]int, 1)}, "2 elements where room was laid out for 1"},
		{"room for none given", recs{A: make([]int, 2), B: make([]string, 1)}, "0 elements where room was laid out for 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			err := DecodeInto(b, &v)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodeInto = %v, want an error containing %q", err, tt.want)
			}
			if len(v.A) != len(tt.v.A) || len(v.B) != len(tt.v.B) {
				t.Errorf("a failed DecodeInto changed the slices to %+v", v)
			}
		})
	}
	// Empty room where the bytes hold nil is no mismatch: nothing either way.
	v := recs{A: make([]int, 2), B: []string{}}
	if err := DecodeInto(b, &v); err != nil || v.A[1] != 2 {
		t.Errorf("DecodeInto with empty room for a nil slice = %+v, %v", v, err)
	}
}
