package template

import (
	"os"
	"regexp"
	"testing"

	"tuijin/generator/ledger"
)

// docs/for-units.md names rules by id so that clerks and support staff can
// look them up; every id it names must be one the validator reports, and
// its ten common mistakes are the ten of the 填报说明 sheet.
func TestForUnitsDoc(t *testing.T) {
	doc, err := os.ReadFile("../../docs/for-units.md")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, r := range ledger.Rules {
		known[r.ID] = true
	}
	ids := regexp.MustCompile("`([a-z]+\\.[a-z0-9_]+)`").FindAllSubmatch(doc, -1)
	if len(ids) == 0 {
		t.Fatal("docs/for-units.md names no rule ids")
	}
	for _, m := range ids {
		if id := string(m[1]); !known[id] {
			t.Errorf("docs/for-units.md names %s, which is not a registered rule", id)
		}
	}
	mistakes := regexp.MustCompile(`(?m)^### \d+\. `).FindAll(doc, -1)
	if len(mistakes) != 10 || len(commonMistakes) != 10 {
		t.Errorf("docs/for-units.md has %d common mistakes and 填报说明 %d, want 10 each", len(mistakes), len(commonMistakes))
	}
}
