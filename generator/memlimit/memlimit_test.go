package memlimit

import (
	"context"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// current reads the soft limit without changing it.
func current() int64 { return debug.SetMemoryLimit(-1) }

// gcPercent reads the collector's target without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// restore puts back the limit and the collector's target the test process
// started with.
func restore(t *testing.T) {
	before, gc := current(), gcPercent()
	t.Cleanup(func() {
		debug.SetMemoryLimit(before)
		debug.SetGCPercent(gc)
	})
}

func TestApplySetsTheLimit(t *testing.T) {
	restore(t)
	t.Setenv("GOMEMLIMIT", "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if !Apply(ctx, Default) {
		t.Fatal("Apply did not set the limit")
	}
	if got, want := current(), int64(Default); got != want {
		t.Errorf("limit = %d, want %d", got, want)
	}
}

func TestApplyLeavesTheUsersLimit(t *testing.T) {
	restore(t)
	debug.SetMemoryLimit(math.MaxInt64)
	for _, tc := range []struct {
		env   string
		limit int64
	}{
		{"1GiB", Default}, // the user's variable wins
		{"", 0},           // no limit asked for
		{"", -5},
	} {
		t.Setenv("GOMEMLIMIT", tc.env)
		if Apply(context.Background(), tc.limit) {
			t.Errorf("GOMEMLIMIT=%q, limit %d: Apply set a limit", tc.env, tc.limit)
		}
		if got := current(); got != math.MaxInt64 {
			t.Errorf("GOMEMLIMIT=%q, limit %d: limit changed to %d", tc.env, tc.limit, got)
		}
	}
}

func TestApplyWithGCSetsTheTarget(t *testing.T) {
	for _, tc := range []struct {
		env     string // GOGC
		percent int
		want    int
	}{
		{"", GCPercent, GCPercent},
		{"", 0, defaultGCPercent}, // none asked for: Go's
		{"", -1, defaultGCPercent},
		{"150", GCPercent, 150}, // the user's variable wins
	} {
		restore(t)
		debug.SetGCPercent(defaultGCPercent)
		t.Setenv("GOMEMLIMIT", "")
		t.Setenv("GOGC", tc.env)
		if tc.env != "" {
			debug.SetGCPercent(150) // as the runtime read it at start
		}
		ctx, cancel := context.WithCancel(context.Background())
		if !ApplyWithGC(ctx, Default, tc.percent) {
			t.Fatal("ApplyWithGC did not set the limit")
		}
		cancel()
		if got := gcPercent(); got != tc.want {
			t.Errorf("GOGC=%q, percent %d: target %d, want %d", tc.env, tc.percent, got, tc.want)
		}
	}
}

var hold [][]byte

func TestApplyLiftsALimitTheLiveHeapOutgrows(t *testing.T) {
	// A limit far below what this test keeps live: the collector would
	// run on every allocation if the limit stayed.
	const limit = 4 << 20
	holdUnder(t, limit, GCPercent, 16, func() bool { return current() != limit })
	if got := current(); got != math.MaxInt64 {
		t.Errorf("limit = %d, want it lifted", got)
	}
	// Without the limit, a raised target would let the heap grow to
	// several times what is live.
	if got := gcPercent(); got != defaultGCPercent {
		t.Errorf("target = %d after the limit was lifted, want Go's default %d", got, defaultGCPercent)
	}
}

// A live heap past half the limit but short of lifting it: the raised
// target gives way to Go's default, and the limit stays.
func TestApplyRestoresTheTargetForALargeLiveHeap(t *testing.T) {
	const limit = 64 << 20
	// 40 of 64 MiB: past half, short of liftAt.
	holdUnder(t, limit, GCPercent, 40, func() bool { return gcPercent() == defaultGCPercent })
	if got := current(); got != limit {
		t.Errorf("limit = %d, want it kept", got)
	}
}

// holdUnder applies limit and percent, checks the target is percent while
// little is live, keeps mib MiB live and collects until done reports
// true, failing after ten seconds. The watcher stops with the test.
func holdUnder(t *testing.T, limit int64, percent, mib int, done func() bool) {
	t.Helper()
	restore(t)
	t.Setenv("GOMEMLIMIT", "")
	t.Setenv("GOGC", "")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if !ApplyWithGC(ctx, limit, percent) {
		t.Fatal("ApplyWithGC did not set the limit")
	}
	if got := gcPercent(); got != percent {
		t.Fatalf("target %d, want %d while little is live", got, percent)
	}
	for range mib {
		hold = append(hold, make([]byte, 1<<20))
	}
	t.Cleanup(func() { hold = nil })
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("with %d MiB live under a limit of %d MiB: limit %d, target %d", mib, limit>>20, current(), gcPercent())
		}
		runtime.GC()
		time.Sleep(poll)
	}
}

func TestApplyKeepsALimitTheHeapFitsIn(t *testing.T) {
	restore(t)
	t.Setenv("GOMEMLIMIT", "")
	ctx, cancel := context.WithCancel(context.Background())
	if !Apply(ctx, 1<<40) {
		t.Fatal("Apply did not set the limit")
	}
	runtime.GC()
	time.Sleep(3 * poll) // several checks of a heap far below the limit
	cancel()
	if got := current(); got != 1<<40 {
		t.Errorf("limit = %d, want it kept", got)
	}
}

// The watcher gives the target back once the live heap passes half the
// limit, and lifts the limit only when sustain polls in a row see it past
// liftAt: one collection's measure, inflated by what was made while it
// ran, does not.
func TestWatcher(t *testing.T) {
	const limit = 1000
	type step struct {
		live          float64
		restore, lift bool
	}
	run := func(name string, gc bool, steps []step) {
		w := watcher{limit: limit, gc: gc}
		for i, s := range steps {
			restore, lift := w.see(s.live)
			if restore != s.restore || lift != s.lift {
				t.Errorf("%s, poll %d (live %v): restore %t lift %t, want %t %t", name, i, s.live, restore, lift, s.restore, s.lift)
			}
		}
	}
	high := liftAt*limit + 1
	spike := []step{{100, false, false}, {600, true, false}}
	for range sustain - 1 {
		spike = append(spike, step{high, false, false})
	}
	spike = append(spike, step{400, false, false}, step{high, false, false})
	run("spikes", true, spike)

	held := []step{{high, true, false}}
	for range sustain - 2 {
		held = append(held, step{high, false, false})
	}
	held = append(held, step{high, false, true})
	run("held", true, held)

	run("no target", false, []step{{600, false, false}, {900, false, false}})
}
