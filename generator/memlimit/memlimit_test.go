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

// restore puts back the limit the test process started with.
func restore(t *testing.T) {
	before := current()
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
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

var hold [][]byte

func TestApplyLiftsALimitTheLiveHeapOutgrows(t *testing.T) {
	restore(t)
	t.Setenv("GOMEMLIMIT", "")
	// A limit far below what this test keeps live: the collector would
	// run on every allocation if the limit stayed.
	const limit = 4 << 20
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if !Apply(ctx, limit) {
		t.Fatal("Apply did not set the limit")
	}
	for range 16 {
		hold = append(hold, make([]byte, 1<<20))
	}
	defer func() { hold = nil }()
	deadline := time.Now().Add(10 * time.Second)
	for current() == limit {
		if time.Now().After(deadline) {
			t.Fatalf("limit still %d with 16 MiB live", current())
		}
		runtime.GC()
		time.Sleep(poll)
	}
	if got := current(); got != math.MaxInt64 {
		t.Errorf("limit = %d, want it lifted", got)
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
