package sample

import "math/rand/v2"

// rnd draws from a PCG source. The reductions to a range are written here
// instead of taken from rand.Rand so that the committed sample cannot change
// if the standard library ever changes how IntN spends its random bits;
// PCG itself is a fixed, documented algorithm.
type rnd struct{ src *rand.PCG }

// streamSalt separates the generator's streams from other users of the
// same seed ("tuijin" in ASCII).
const streamSalt = 0x7475696a696e

// newRnd returns the stream numbered stream of seed. Units draw from their
// own streams, so adding a unit never changes the projects of the others.
func newRnd(seed int64, stream uint64) *rnd {
	return &rnd{rand.NewPCG(uint64(seed), streamSalt^(stream*0x9e3779b97f4a7c15))}
}

// intn returns a number in [0, n). The modulo bias is below 1e-15 for the
// small ranges used here.
func (r *rnd) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.src.Uint64() % uint64(n))
}

// between returns a number in [lo, hi].
func (r *rnd) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.intn(hi-lo+1)
}

// chance reports true with probability permille/1000.
func (r *rnd) chance(permille int) bool { return r.intn(1000) < permille }

func pick[T any](r *rnd, xs []T) T { return xs[r.intn(len(xs))] }

// weighted picks an index with the given weights.
func (r *rnd) weighted(weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.intn(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}
