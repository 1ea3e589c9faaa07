package ledger_test

import (
	"os"
	"regexp"
	"testing"

	"tuijin/generator/ledger"
)

// docs/rules.md must list every registered rule id exactly once, and nothing else.
func TestRulesDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9_.]+)` \\|").FindAllSubmatch(doc, -1) {
		seen[string(m[1])]++
	}
	ids := map[string]bool{}
	for _, r := range ledger.Rules {
		if ids[r.ID] {
			t.Errorf("rule %s registered twice", r.ID)
		}
		ids[r.ID] = true
		if seen[r.ID] != 1 {
			t.Errorf("docs/rules.md lists %s %d times, want once", r.ID, seen[r.ID])
		}
	}
	for id := range seen {
		if !ids[id] {
			t.Errorf("docs/rules.md lists %s, which no code reports", id)
		}
	}
}
