// Package hugemem makes the large slices a build writes once from end to
// end — the room for a month's records, the bytes of its biggest pages —
// so that Linux can back them with transparent huge pages.
//
// A process pays a page fault the first time it writes each 4 KB page of
// memory fresh from the system, several microseconds apiece on the
// machines tuijin was measured on (docs/performance.md, "Page faults"): a
// rebuild in a new process spends a quarter of its time there. With
// transparent huge pages in "madvise" mode (Debian's default), memory
// that a program advises with MADV_HUGEPAGE is faulted 2 MB at a time,
// one fault for 512 pages, but only in whole 2 MB blocks aligned on 2 MB,
// of which a slice the Go runtime placed anywhere holds few. [Make]
// therefore gives a large slice its own 2 MB boundary to start on, and
// advises it.
//
// The advice changes how memory is backed, never what it holds; a system
// that refuses it, or has huge pages off, or is not Linux, gives an
// ordinary slice. tuijin advises only slices it owns whole, never the
// runtime's heap as such, whose layout the runtime does not promise.
package hugemem
