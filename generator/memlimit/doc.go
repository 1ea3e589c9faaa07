// Package memlimit gives a tuijin process a soft memory limit, so that a
// build of years of large ledgers stays within what a small office server
// or a laptop can spare, without letting the garbage collector thrash on a
// corpus whose live data needs more.
//
// Go's collector by default lets the heap grow to twice what is live after
// each collection. A build's live heap swings (a month read, its pages
// rendered, the next month read), so its peak footprint is about twice its
// largest live heap. A soft limit (runtime/debug.SetMemoryLimit) makes the
// collector work harder only as the heap nears the limit; once the live
// heap itself nears it, every allocation would trigger a collection, so
// [Apply] then lifts the limit and the process behaves as Go does by
// default. [ApplyWithGC] also raises the collector's target, or removes
// it, while the live heap is small: a process that builds once, or a
// rebuild of a month, then collects only as its heap nears the limit.
//
// The limit is the process's business, not the engine's: the command and
// the benchmarks that stand in for it call [Apply]; the generator packages
// never change process-wide settings.
package memlimit
