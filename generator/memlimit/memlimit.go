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

// Apply sets limit (in bytes) as the process's soft memory limit, unless
// the user set one with the GOMEMLIMIT environment variable, which always
// wins, or limit is not positive. It watches the live heap until ctx ends
// and lifts the limit, for good, if the live heap grows past three
// quarters of it. It returns whether it set the limit.
func Apply(ctx context.Context, limit int64) bool {
	if limit <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetMemoryLimit(limit)
	go watch(ctx, limit)
	return true
}

func watch(ctx context.Context, limit int64) {
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
			return
		}
	}
}

// tooLive reports whether the live heap measured by the last collection
// has passed liftAt of limit.
func tooLive(sample []metrics.Sample, limit int64) bool {
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return false
	}
	return float64(sample[0].Value.Uint64()) > liftAt*float64(limit)
}
