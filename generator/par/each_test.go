package par

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
)

func TestEachCallsEveryIndexOnce(t *testing.T) {
	tests := []struct{ n, workers int }{
		{0, 0}, {1, 0}, {7, 1}, {100, 3}, {5, 50}, {64, -1},
	}
	for _, tt := range tests {
		calls := make([]atomic.Int32, tt.n)
		var running, most atomic.Int32
		err := Each(context.Background(), tt.n, tt.workers, func(i int) {
			now := running.Add(1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			calls[i].Add(1)
			running.Add(-1)
		})
		if err != nil {
			t.Errorf("n=%d workers=%d: %v", tt.n, tt.workers, err)
		}
		for i := range calls {
			if got := calls[i].Load(); got != 1 {
				t.Errorf("n=%d workers=%d: do(%d) called %d times, want 1", tt.n, tt.workers, i, got)
			}
		}
		if tt.workers > 0 && int(most.Load()) > tt.workers {
			t.Errorf("n=%d workers=%d: %d calls ran at once", tt.n, tt.workers, most.Load())
		}
	}
}

// Once the context is done no call is handed out any more, and the error
// says why; the calls already begun finish before Each returns.
func TestEachStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var done []int
	err := Each(ctx, 1000, 2, func(i int) {
		if i == 10 {
			cancel()
		}
		mu.Lock()
		done = append(done, i)
		mu.Unlock()
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Each = %v, want context.Canceled", err)
	}
	// The feeder picks at random between a waiting worker and the done
	// context, so a few more calls may go out, never nearly all of them.
	if len(done) < 11 || len(done) > 500 {
		t.Errorf("%d calls made with a cancel at the 11th, want a few more than 11", len(done))
	}
}
