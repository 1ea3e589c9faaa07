package ledger

import (
	"syscall"
	"unsafe"
)

// adviseHuge asks Linux to back the memory of s, a large slice the
// process has not written yet, with transparent huge pages where they are
// given on request (the "madvise" mode, the usual default). The room a
// build lays out for a month's records (Lay) is tens of megabytes that a
// new process faults in page by page as the records are decoded into it,
// at several microseconds a page (docs/performance.md, "Page faults");
// a huge page is one fault for 512 of them. The advice only changes how
// the memory is backed, never what it holds, and a refusal changes
// nothing.
func adviseHuge[T any](s []T) {
	n := uintptr(len(s)) * unsafe.Sizeof(*new(T))
	if n < 4<<20 { // under two huge pages, little to gain
		return
	}
	const page = 4096
	base := unsafe.Pointer(unsafe.SliceData(s))
	p := uintptr(base)
	lo, hi := (p+page-1)&^(page-1), (p+n)&^(page-1) // madvise takes whole pages
	const madvHugepage = 14                         // MADV_HUGEPAGE, which package syscall does not name
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(base, lo-p)), hi-lo), madvHugepage)
}
