package hugemem

import (
	"syscall"
	"unsafe"
)

const supported = true

// advise asks for huge pages for the whole 4 KB pages of [p, p+n).
func advise(p unsafe.Pointer, n uintptr) {
	const page = 4096
	lo, hi := alignUp(uintptr(p), page), (uintptr(p)+n)&^(page-1)
	if hi <= lo {
		return
	}
	const madvHugepage = 14 // MADV_HUGEPAGE, which package syscall does not name
	// A refusal (huge pages off, an old kernel) changes nothing.
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, lo-uintptr(p))), hi-lo), madvHugepage)
}
