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
// 150–260 MB; under this limit its resident set stayed below 400 MB at a
// few per cent more CPU (docs/performance.md).
const Default = 350 << 20

// liftAt is the share of the limit the live heap may reach before the
// limit is lifted: above it the collector would run several times as
// often as without a limit for little memory saved.
const liftAt = 0.75

// poll is how often the live heap is checked against the limit. A
// collection storm for a fraction of a second is harmless: the runtime
// caps the collector's share of CPU under a memory limit at about half.
const poll = 50 * time.Millisecond

// ServeGCPercent is the collector's target (what GOGC sets) for a process
// that builds again and again, as tuijin serve does, while its memory
// limit holds. Go's default of 100 collects whenever the heap has doubled
// since the last collection; a rebuild of a large month allocates several
// times its live heap, so it collected many times per rebuild. A process
// that has already grown its heap (its pages are mapped; a fresh one would
// have to fault in every new page) loses nothing by letting the heap grow
// further, up to the limit: in alternated runs of BenchmarkServeRebuild on
// the one-month corpus, 200 took a median 0.66 s against 100's 0.75 s
// (CPU 1.04 s against 1.22 s), and neither no target at all (GOGC=off,
// the limit alone) nor 300 did better (docs/performance.md).
const ServeGCPercent = 200

// BuildGCPercent is the collector's target for tuijin build: none (as
// GOGC=off), so that while the limit holds it alone decides when to
// collect. A build is one process that exits when done; collecting
// before its heap nears the limit only costs time — the last collection
// of a rebuild at Go's default ran from the render phase to the end, on
// the core rendering and publishing wanted. Until the build's largest
// slices were given huge pages (package hugemem), every page a new
// process grew into cost a fault, and 100 was as fast. In alternated runs
// of BenchmarkRebuild on the one-month corpus since, a rebuild took
// 0.54–0.63 s against 0.66–0.71 s at 200 and 0.72–0.76 s at 100, and a
// cold build as long at 343–345 MB instead of 323–326 MB (265–280 MB at
// 100); at twelve months the limit holds a cold build to 364 MB
// (docs/performance.md).
const BuildGCPercent = -1

// Apply sets limit (in bytes) as the process's soft memory limit, unless
// the user set one with the GOMEMLIMIT environment variable, which always
// wins, or limit is not positive. It watches the live heap until ctx ends
// and lifts the limit, for good, if the live heap grows past three
// quarters of it. It returns whether it set the limit.
func Apply(ctx context.Context, limit int64) bool {
	return ApplyWithGC(ctx, limit, 0)
}

// ApplyWithGC is Apply that also sets the collector's target to percent
// (see ServeGCPercent and BuildGCPercent; a negative percent is no target,
// as GOGC=off) for as long as the limit holds, unless the user set GOGC or
// percent is 0. The limit bounds the heap a higher target lets grow; when
// the limit is lifted, Go's default target (100) comes back with it, or
// the heap of a live set near the limit could grow to several times it.
func ApplyWithGC(ctx context.Context, limit int64, percent int) bool {
	if limit <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetMemoryLimit(limit)
	gc := percent != 0 && os.Getenv("GOGC") == ""
	if gc {
		debug.SetGCPercent(percent)
	}
	go watch(ctx, limit, gc)
	return true
}

func watch(ctx context.Context, limit int64, gc bool) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if tooLive(sample, limit) {
			debug.SetMemoryLimit(math.MaxInt64)
			if gc {
				debug.SetGCPercent(defaultGCPercent)
			}
			return
		}
	}
}

// defaultGCPercent is Go's collector target when GOGC is not set.
const defaultGCPercent = 100

// tooLive reports whether the live heap measured by the last collection
// has passed liftAt of limit.
func tooLive(sample []metrics.Sample, limit int64) bool {
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return false
	}
	return float64(sample[0].Value.Uint64()) > liftAt*float64(limit)
}
