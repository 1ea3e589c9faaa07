package analysis

import (
	"cmp"
	"slices"
)

// sortStableByKey sorts s in the order of slices.SortStableFunc(s,
// func(a, b) { return compare(key(a), key(b)) }), computing each element's
// key once: ties keep their order by comparing original positions, so an
// unstable O(n log n) sort gives the stable result. Stable merge sorts of a
// large month's hundred thousand nodes, comparing dates that are computed
// with time.Date on every comparison, were the slowest part of Compute.
func sortStableByKey[T, K any](s []T, key func(T) K, compare func(a, b K) int) {
	type item struct {
		key K
		pos int
		val T
	}
	items := make([]item, len(s))
	for i, v := range s {
		items[i] = item{key(v), i, v}
	}
	slices.SortFunc(items, func(a, b item) int {
		return cmp.Or(compare(a.key, b.key), cmp.Compare(a.pos, b.pos))
	})
	for i := range items {
		s[i] = items[i].val
	}
}
