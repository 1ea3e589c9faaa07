package memlimit

import (
	"context"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Default is the soft limit a build runs under. Measured on the 12-month
// corpus of 100 units × 200 projects, a build's live heap peaks at
// 150–263 MB; under this limit its resident set stayed below 400 MB at a
// few per cent more CPU (docs/performance.md).
const Default = 350 << 20

// liftAt is the share of the limit the live heap may reach before the
// limit is lifted: above it the collector would run several times as
// often as without a limit for little memory saved. It was three
// quarters (262 MB of the default), which the twelve-month corpus's live
// heap came within a few megabytes of; once the build's largest slices
// were padded to start on a huge page (package hugemem) its peak measured
// 263 MB, the limit was lifted, and the build peaked at 487–525 MB
// instead of about 365 MB. At 0.85 (297 MB) the collector still has 50 MB
// and more to fill between collections.
const liftAt = 0.85

// restoreAt is the share of the limit the live heap may reach before a
// target of ApplyWithGC gives way to Go's default, the limit staying.
// Such a target lets the heap grow to the limit before collecting, and a
// heap kept at the limit is collected almost without pause, each
// collection counting what was made during it as live: a twelve-month
// build without a target, whose live heap peaks near liftAt, once
// measured past it, the limit was lifted, and the build peaked at 600 MB
// instead of 365 MB. Below restoreAt (a city's month, a rebuild) the
// target stays.
const restoreAt = 0.5

// poll is how often the live heap is checked against the limit. A
// collection storm for a fraction of a second is harmless: the runtime
// caps the collector's share of CPU under a memory limit at about half.
const poll = 50 * time.Millisecond

// GCPercent is the collector's target (what GOGC sets) for a process
// that builds a site, tuijin build or tuijin serve, while its live heap is
// small (see restoreAt). Go's default of 100 collects whenever the heap
// has doubled since the last collection; a rebuild of a large month
// allocates several times its live heap, so it collected many times per
// rebuild, and its last collection ran from the render phase to the end,
// on the core rendering and publishing wanted. For tuijin serve, whose
// heap stays grown, 200 took a median 0.66 s against 100's 0.75 s in
// alternated runs of BenchmarkServeRebuild on the one-month corpus, and
// neither no target (GOGC=off) nor 300 did better. A new process pays for
// each page it grows into, which made 100 as fast for tuijin build until
// its largest slices were given huge pages (package hugemem); since, its
// one-month rebuild takes 0.60–0.69 s against 0.72–0.76 s. No target at
// all was faster still (0.54–0.63 s), but it lets the heap reach the
// limit before the first collection: a twelve-month rebuild then peaked
// at 426 MB, against 356 MB at 200 (docs/performance.md).
const GCPercent = 200

// Apply sets limit (in bytes) as the process's soft memory limit, unless
// the user set one with the GOMEMLIMIT environment variable, which always
// wins, or limit is not positive. It watches the live heap until ctx ends
// and lifts the limit, for good, if the live heap stays past liftAt of
// it (see sustain). It returns whether it set the limit.
func Apply(ctx context.Context, limit int64) bool {
	return ApplyWithGC(ctx, limit, 0)
}

// ApplyWithGC is Apply that also sets the collector's target to percent
// (see GCPercent), unless the user set GOGC or percent is not positive,
// for as long as the live heap stays below half the limit: past it Go's
// default target (100) comes back, the limit staying (see restoreAt), and
// it stays when the limit is lifted, or the heap of a live set near the
// limit could grow to several times it.
func ApplyWithGC(ctx context.Context, limit int64, percent int) bool {
	if limit <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetMemoryLimit(limit)
	gc := percent > 0 && os.Getenv("GOGC") == ""
	if gc {
		debug.SetGCPercent(percent)
	}
	go watch(ctx, limit, gc)
	return true
}

func watch(ctx context.Context, limit int64, gc bool) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	w := watcher{limit: float64(limit), gc: gc}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		restore, lift := w.see(liveHeap(sample))
		if restore {
			debug.SetGCPercent(defaultGCPercent)
		}
		if lift {
			debug.SetMemoryLimit(math.MaxInt64)
			return
		}
	}
}

// watcher decides, a poll at a time, what watch does about the live heap.
type watcher struct {
	limit float64
	gc    bool // a target of ApplyWithGC is in force
	over  int  // polls in a row that saw the live heap past liftAt
}

// see takes the live heap one poll measured, and says whether to give
// Go's default target back (once) and whether to lift the limit.
func (w *watcher) see(live float64) (restore, lift bool) {
	if w.gc && live > restoreAt*w.limit {
		w.gc, restore = false, true
	}
	if live <= liftAt*w.limit {
		w.over = 0
		return restore, false
	}
	w.over++
	return restore, w.over >= sustain
}

// sustain is how many polls in a row must see the live heap past liftAt
// before the limit is lifted. A heap held at the limit is collected
// almost without pause, and each collection counts what was made while
// it ran as live: one measure past liftAt can be such a collection's, not
// the build's (the session-start code's twelve-month build once measured
// 287 MB live and peaked at 559 MB). Half a second of a collector working
// hard costs a build little; the runtime gives it at most about half the
// CPU under a limit.
const sustain = 10

// defaultGCPercent is Go's collector target when GOGC is not set.
const defaultGCPercent = 100

// liveHeap returns the live heap measured by the last collection, 0 where
// the runtime does not say.
func liveHeap(sample []metrics.Sample) float64 {
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return float64(sample[0].Value.Uint64())
}
