package hugemem

import "unsafe"

const (
	// hugePage is the size of a transparent huge page on x86-64 and of
	// the usual arm64 configuration.
	hugePage = 2 << 20
	// minSize is the smallest slice worth aligning: below two huge pages
	// the padding would cost more address space than the faults saved.
	minSize = 2 * hugePage
)

// Make returns a slice of n zero values of T, as make([]T, n) does, with
// len and cap n. When it is large (4 MB or more) and the system takes the
// advice, its memory from the first 2 MB boundary on is backed by huge
// pages as it is first written: the slice is cut from one up to 2 MB
// larger so as to start on that boundary. The padding is address space
// only: memory fresh from the system is not zeroed by Go, and nothing
// else writes it, so the system never backs it.
func Make[T any](n int) []T {
	size := unsafe.Sizeof(*new(T))
	if size == 0 || uintptr(n) < minSize/size || !supported {
		return make([]T, n)
	}
	pad := int((hugePage + size - 1) / size)
	all := make([]T, n+pad)
	p := unsafe.Pointer(unsafe.SliceData(all))
	// The first element at or after a 2 MB boundary (just past it when
	// size does not divide the distance). The advice starts at the
	// boundary itself, inside the padding, so that the first huge page
	// holds the slice's first 2 MB.
	gap := alignUp(uintptr(p), hugePage) - uintptr(p)
	skip := int((gap + size - 1) / size)
	advise(unsafe.Add(p, gap), uintptr(skip)*size-gap+uintptr(n)*size)
	return all[skip : skip+n : skip+n]
}

func alignUp(p, to uintptr) uintptr { return (p + to - 1) &^ (to - 1) }
