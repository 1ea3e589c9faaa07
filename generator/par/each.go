package par

import (
	"context"
	"runtime"
	"sync"
)

// Each calls do(0), …, do(n-1) from at most workers goroutines at a time
// (GOMAXPROCS when workers is 0 or less), and returns once every call it
// began has returned. It stops handing out calls once ctx is done and
// then returns ctx's error; the calls already begun finish. do must be
// safe to call concurrently: each call should touch only what its index
// names.
func Each(ctx context.Context, n, workers int, do func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				do(i)
			}
		})
	}
	var err error
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	return err
}
