package analysis

import (
	"cmp"
	"slices"
	"strings"
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
		if c := compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.pos, b.pos)
	})
	for i := range items {
		s[i] = items[i].val
	}
}

// The comparisons below return at the first difference. cmp.Or would read
// better, but its arguments are all evaluated first: every comparison of a
// hundred thousand nodes compared their codes and names as well as their
// dates, a quarter of Compute's time.

// nodeKey orders nodes: the latest day the planned date can mean (as Unix
// seconds: every Date is UTC), then project code and node name.
type nodeKey struct {
	last       int64
	code, name string
}

func nodeKeyOf(n *Node) nodeKey { return nodeKey{n.Planned.Last().Unix(), n.Code, n.Name} }

func compareNodeKeys(a, b nodeKey) int {
	if c := cmp.Compare(a.last, b.last); c != 0 {
		return c
	}
	if c := strings.Compare(a.code, b.code); c != 0 {
		return c
	}
	return strings.Compare(a.name, b.name)
}

// SortNodes puts nodes in the order every list of them follows: by
// planned date (the latest day it can mean), project code and name, equal
// ones in the order given.
func SortNodes(ns []*Node) { sortStableByKey(ns, nodeKeyOf, compareNodeKeys) }

// issueKey orders issues: the earliest day they can have been raised, then
// project code.
type issueKey struct {
	raised int64
	code   string
}

func issueKeyOf(i *Issue) issueKey { return issueKey{i.Raised.First().Unix(), i.Code} }

func compareIssueKeys(a, b issueKey) int {
	if c := cmp.Compare(a.raised, b.raised); c != 0 {
		return c
	}
	return strings.Compare(a.code, b.code)
}

// SortIssues puts issues in the order every list of them follows: by the
// day raised, then project code, equal ones in the order given.
func SortIssues(is []*Issue) { sortStableByKey(is, issueKeyOf, compareIssueKeys) }
