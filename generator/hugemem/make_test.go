package hugemem

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

type record struct {
	Code, Name string
	N          int64
}

// TestMake: whatever the type and length, Make gives what make gives —
// n zero values, len and cap n — and the values written into it stay,
// pointers included, across collections (the slice is cut from a larger
// one, which the collector keeps whole). A large slice starts at a 2 MB
// boundary, or within one element past it.
func TestMake(t *testing.T) {
	t.Run("bytes", func(t *testing.T) { check(t, Make[byte], func(i int) byte { return byte(i) }) })
	t.Run("odd size", func(t *testing.T) {
		check(t, Make[[3]byte], func(i int) [3]byte { return [3]byte{byte(i), byte(i >> 8), 1} })
	})
	t.Run("pointers", func(t *testing.T) {
		check(t, Make[record], func(i int) record {
			return record{Code: fmt.Sprint("P", i), Name: strings.Repeat("项", i%5), N: int64(i)}
		})
	})
}

func check[T comparable](t *testing.T, mk func(int) []T, value func(int) T) {
	size := int(unsafe.Sizeof(*new(T)))
	for _, n := range []int{0, 1, 1000, minSize/size - 1, minSize / size, minSize/size + 12345, 3 * minSize / size} {
		s := mk(n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Make(%d): len %d cap %d", n, len(s), cap(s))
		}
		var zero T
		for i := range s {
			if s[i] != zero {
				t.Fatalf("Make(%d)[%d] = %v, want the zero value", n, i, s[i])
			}
			s[i] = value(i)
		}
		runtime.GC()
		runtime.GC()
		for i := range s {
			if s[i] != value(i) {
				t.Fatalf("Make(%d)[%d] = %v after collecting, want %v", n, i, s[i], value(i))
			}
		}
		if supported && n*size >= minSize {
			if off := uintptr(unsafe.Pointer(&s[0])) % hugePage; off >= uintptr(size) {
				t.Errorf("Make(%d) starts %d bytes past a 2 MB boundary", n, off)
			}
		}
	}
}
