package render

import (
	"bytes"
	"cmp"
	"slices"
	"sync"
	"testing"
	"time"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/model"
)

// renderWithParts renders in as a build with a cache does, reusing the
// parts in old, and returns the site's files and the parts it kept for
// the next build.
func renderWithParts(t *testing.T, in Input, old map[fingerprint.Sum][]byte) (files map[string][]byte, kept map[fingerprint.Sum][]byte, segs *Segments) {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	kept = map[fingerprint.Sum][]byte{}
	segs = NewSegments(old, func(k fingerprint.Sum, b []byte, made bool) {
		if _, dup := kept[k]; dup {
			t.Errorf("part %x kept twice", k[:4])
		}
		// What the next build writes (made) and what it names from the
		// previous parts (not made) must be told apart rightly.
		if _, was := old[k]; made == was {
			t.Errorf("part %x handed as made %v, though the previous parts have it: %v", k[:4], made, was)
		}
		kept[k] = b
	})
	in.Reuse = func(string, fingerprint.Sum) bool { return false }
	in.Segments = segs
	var mu sync.Mutex
	files = map[string][]byte{}
	err = r.RenderTo(in, func(f File) error {
		mu.Lock()
		defer mu.Unlock()
		files[f.Path] = f.Data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, kept, segs
}

// renderFresh renders in without a cache.
func renderFresh(t *testing.T, in Input) map[string][]byte {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	fs, err := r.Render(in)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range fs {
		out[f.Path] = f.Data
	}
	return out
}

// A rebuild copies each unit's part of the project list, the CSV and the
// search index from the build before when the part's key is unchanged, so
// the key must change whenever the part would: whatever changes, a site
// made with the previous build's parts must be the site made afresh. Each
// change below alters something those parts show; each must make some
// part again (or it tests nothing) and reuse the rest.
func TestSegmentsFollowTheirData(t *testing.T) {
	fixture := fixtureInput(t)
	_, base, _ := renderWithParts(t, fixture, nil)
	units := len(unitRuns(fixture.Report.Projects))
	if units < 2 || len(base)%units != 0 {
		t.Fatalf("the fixture made %d parts for %d units; the test needs two units' parts of each output", len(base), units)
	}
	if len(fixture.Report.Funds) < 2 {
		t.Fatalf("the fixture has %d allocations of funds; the test needs two to merge", len(fixture.Report.Funds))
	}
	outputs := len(base) / units // one part of each output per unit
	first := func(in *Input) *analysis.Project { return in.Report.Projects[0] }
	changes := []struct {
		name  string
		apply func(in *Input)
		made  int // parts made again; -2: one of each output (one unit changed), -1: some
	}{
		{"nothing", func(in *Input) {}, 0},
		{"a project's name", func(in *Input) { first(in).Name += "（二期）" }, -2},
		{"a project's builder (search and CSV only)", func(in *Input) { first(in).Builder += "有限公司" }, -2},
		{"a project's year-to-date investment", func(in *Input) { first(in).DoneYear += 10_000 }, -2},
		{"a project's light", func(in *Input) {
			if p := first(in); p.Light == analysis.Red {
				p.Light = analysis.Yellow
			} else {
				p.Light = analysis.Red
			}
		}, -2},
		{"a project's node (its fingerprint holds it)", func(in *Input) { first(in).Nodes[0].Name += "（调整）" }, -2},
		{"the time progress (project list only)", func(in *Input) { in.Report.Summary.TimeProgress += 5 }, -1},
		{"hostile text in a name", func(in *Input) { first(in).Name = `</script><script>alert(1)</script>=1+1` }, -2},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			in := fixtureInput(t)
			c.apply(&in)
			got, kept, segs := renderWithParts(t, in, base)
			fresh := renderFresh(t, in)
			for p, w := range fresh {
				if !bytes.Equal(got[p], w) {
					t.Errorf("%s differs from the page made afresh", p)
				}
			}
			want := c.made
			if want == -2 {
				want = outputs
			}
			made, reused := segs.Counts()
			if reused == 0 {
				t.Errorf("reused no part; the test no longer tests reuse")
			}
			switch {
			case want >= 0 && made != want:
				t.Errorf("made %d parts again, want %d", made, want)
			case want < 0 && made == 0:
				t.Errorf("made no part again")
			}
			if len(kept) != len(base) {
				t.Errorf("kept %d parts for the next build, want %d (one per unit and output)", len(kept), len(base))
			}
			if stale := segs.Stale(); stale != (made > 0) {
				t.Errorf("Stale() = %v after making %d parts", stale, made)
			}
		})
	}
}

// The page-wide key of the project list lets a rebuild reuse the page
// without making it; the parts it would have been made of must still be
// kept, or the next build that changes one unit would make them all.
func TestSegmentsKeptWhenPageReused(t *testing.T) {
	in := fixtureInput(t)
	_, base, _ := renderWithParts(t, in, nil)
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	in = fixtureInput(t)
	in.Reuse = func(p string, _ fingerprint.Sum) bool { return p == "projects.html" }
	in.Segments = NewSegments(base, func(fingerprint.Sum, []byte, bool) { kept++ })
	if err := r.RenderTo(in, func(File) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if kept != len(base) || in.Segments.Stale() {
		t.Errorf("with the project list reused: kept %d of %d parts (stale %v), want all, not stale", kept, len(base), in.Segments.Stale())
	}
}

// The funds page's tables are merged from each unit's rows; they must list
// the allocations in the report's order (by date, then project code,
// allocations of one project in ledger order), which interleaves the units.
func TestFundTablesInReportOrder(t *testing.T) {
	on := func(y, m, d int) model.Date {
		return model.DateOf(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
	}
	l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3}}
	l.Projects = []model.Project{
		{Code: "B-2", Name: "乙二", Unit: "乙", Category: "国有投资", Stage: "续建"},
		{Code: "A-9", Name: "甲九", Unit: "甲", Category: "国有投资", Stage: "续建"},
		{Code: "A-1", Name: "甲一", Unit: "甲", Category: "社会投资", Stage: "续建"},
	}
	l.Funds = []model.Fund{
		{Code: "A-9", Type: "专项债券", Batch: "第三批", Date: on(2024, 3, 1), Unit: "甲"},
		{Code: "B-2", Type: "专项债券", Batch: "第一批", Date: on(2024, 1, 5), Unit: "乙"},
		{Code: "A-1", Type: "专项债券", Batch: "第二批甲", Date: on(2024, 2, 1), Unit: "甲"},
		{Code: "B-2", Type: "专项债券", Batch: "第二批乙", Date: on(2024, 2, 1), Unit: "乙"},
		{Code: "A-9", Type: "专项债券", Batch: "同日第二笔", Date: on(2024, 3, 1), Unit: "乙"},  // a row of another unit's workbook
		{Code: "A-1", Type: "中央预算内投资", Batch: "唯一", Date: on(2024, 3, 15), Unit: "甲"}, // first by its type, though the latest
	}
	rep := analysis.Compute(analysis.Input{Ledger: l})
	for _, withParts := range []bool{false, true} {
		in := Input{Report: rep}
		if withParts {
			in.Reuse = func(string, fingerprint.Sum) bool { return false }
			in.Segments = NewSegments(nil, nil)
		}
		s := &site{in: in, rep: rep}
		if withParts {
			s.sums = sumProjects(rep.Projects, nil, nil, 2)
		}
		got, err := s.fundTables()
		if err != nil {
			t.Fatal(err)
		}
		for _, ft := range rep.FundTypes {
			var want []string
			for _, f := range rep.Funds {
				if f.Type == ft.Type {
					want = append(want, f.Batch)
				}
			}
			var batches []string
			for _, row := range got[ft.Type] {
				for _, w := range want {
					if bytes.Contains(row, []byte(">"+w+"<")) {
						batches = append(batches, w)
					}
				}
			}
			if !slices.Equal(batches, want) {
				t.Errorf("parts %v, %s: rows in the order %v, want the report's %v", withParts, ft.Type, batches, want)
			}
		}
	}
	if got, want := rep.Funds[0].Batch, "唯一"; got != want {
		t.Fatalf("the report's first allocation is %s, want %s: the test no longer describes the report's order", got, want)
	}
}

// The issues and reserve lists and a centre's nodes and issues are merged
// from each unit's keyed rows; they must list what the report's own order
// gives: open issues overdue first, then by responsible unit, ties in the
// report's order (day raised, code); reserve projects latest entered
// first, then by code; a centre's nodes by date, code and name, its issues
// by day raised and code. The units' rows interleave, ties included.
func TestCrossUnitListsInOrder(t *testing.T) {
	on := func(y, m, d int) model.Date {
		return model.DateOf(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
	}
	l := &model.Ledger{Period: model.Period{Year: 2024, Month: 3}}
	l.Projects = []model.Project{
		{Code: "B-2", Name: "乙二", Unit: "乙", Category: "国有投资", Stage: "储备", ReserveDate: on(2024, 2, 1)},
		{Code: "A-9", Name: "甲九", Unit: "甲", Category: "国有投资", Stage: "储备", ReserveDate: on(2024, 3, 1)},
		{Code: "A-1", Name: "甲一", Unit: "甲", Category: "社会投资", Stage: "储备", ReserveDate: on(2024, 1, 1)},
		{Code: "B-1", Name: "乙一", Unit: "乙", Category: "社会投资", Stage: "储备", ReserveDate: on(2024, 3, 1)},
		{Code: "C-1", Name: "丙一", Unit: "丙", Category: "社会投资", Stage: "续建"},
	}
	l.Issues = []model.Issue{
		{Code: "A-9", Description: "甲九征地", Responsible: "自然资源局", Raised: on(2024, 1, 5), Due: on(2024, 2, 1)},
		{Code: "B-2", Description: "乙二管网", Responsible: "建设交运局", Raised: on(2024, 1, 3), Due: on(2024, 2, 1)},
		{Code: "A-1", Description: "甲一道路", Responsible: "建设交运局", Raised: on(2024, 2, 5), Due: on(2024, 6, 1)},
		{Code: "B-1", Description: "乙一用电", Responsible: "建设交运局", Raised: on(2024, 1, 5), Due: on(2024, 6, 1)},
		{Code: "A-9", Description: "甲九拆迁", Responsible: "自然资源局", Raised: on(2024, 1, 5), Due: on(2024, 2, 1)},
		{Code: "C-1", Description: "丙一已办结", Responsible: "党政办", Raised: on(2024, 1, 1), Due: on(2024, 2, 1), Closed: on(2024, 1, 20)},
	}
	l.Milestones = []model.Milestone{
		{Code: "A-9", Name: "甲九开工", Planned: on(2024, 3, 20)},
		{Code: "B-2", Name: "乙二开工", Planned: on(2024, 3, 10)},
		{Code: "A-9", Name: "甲九立项", Planned: on(2024, 2, 1)},
		{Code: "A-1", Name: "甲一开工", Planned: on(2024, 3, 15)}, // another centre's
	}
	rep := analysis.Compute(analysis.Input{Ledger: l})
	// The oracle: the report's lists in the order the pages promise,
	// sorted here in one piece.
	centre := rep.Centres[0] // 国有投资: 甲九 and 乙二
	var nodes, centreIssues []string
	for _, n := range nodesOf(centre.Projects, attention(rep.End)) {
		nodes = append(nodes, n.Name)
	}
	for _, i := range openIssues(issuesOf(centre.Projects)) {
		centreIssues = append(centreIssues, i.Description)
	}
	if want := []string{"甲九立项", "乙二开工", "甲九开工"}; !slices.Equal(nodes, want) {
		t.Fatalf("the centre's nodes are %v, want %v: the test no longer describes the order", nodes, want)
	}
	if want := []string{"乙二管网", "甲九征地", "甲九拆迁"}; !slices.Equal(centreIssues, want) {
		t.Fatalf("the centre's issues are %v, want %v: the test no longer describes the order", centreIssues, want)
	}
	var issues []string
	open := openIssues(rep.Issues)
	slices.SortStableFunc(open, func(a, b *analysis.Issue) int {
		return cmp.Or(cmp.Compare(b.DaysOverdue, a.DaysOverdue), cmp.Compare(a.Responsible, b.Responsible))
	})
	for _, i := range open {
		issues = append(issues, i.Description)
	}
	var reserve []string
	for _, p := range rep.Projects {
		if p.Stage == "储备" {
			reserve = append(reserve, p.Code)
		}
	}
	slices.SortStableFunc(reserve, func(a, b string) int {
		pa, pb := projectByCode(rep, a), projectByCode(rep, b)
		return cmp.Or(pb.ReserveDate.First().Compare(pa.ReserveDate.First()), cmp.Compare(a, b))
	})
	if want := []string{"乙二管网", "甲九征地", "甲九拆迁", "乙一用电", "甲一道路"}; !slices.Equal(issues, want) {
		t.Fatalf("the report's open issues are %v, want %v: the test no longer describes the order", issues, want)
	}
	for _, withParts := range []bool{false, true} {
		in := Input{Report: rep}
		if withParts {
			in.Reuse = func(string, fingerprint.Sum) bool { return false }
			in.Segments = NewSegments(nil, nil)
		}
		files := renderFresh(t, in)
		if got := inOrder(files["issues.html"], issues); !slices.Equal(got, issues) {
			t.Errorf("parts %v: issues.html lists %v, want %v", withParts, got, issues)
		}
		var codes []string
		for _, c := range reserve {
			codes = append(codes, `>`+c+`<`)
		}
		if got := inOrder(files["reserve.html"], codes); !slices.Equal(got, codes) {
			t.Errorf("parts %v: reserve.html lists %v, want %v", withParts, got, codes)
		}
		page := files[centrePaths[0]]
		if got := inOrder(page, nodes); !slices.Equal(got, nodes) {
			t.Errorf("parts %v: %s lists the nodes %v, want %v", withParts, centrePaths[0], got, nodes)
		}
		if got := inOrder(page, centreIssues); !slices.Equal(got, centreIssues) {
			t.Errorf("parts %v: %s lists the issues %v, want %v", withParts, centrePaths[0], got, centreIssues)
		}
	}
}

func projectByCode(rep *analysis.Report, code string) *analysis.Project {
	for _, p := range rep.Projects {
		if p.Code == code {
			return p
		}
	}
	return nil
}

// inOrder returns the texts of want in the order the page shows them.
func inOrder(page []byte, want []string) []string {
	type at struct {
		i    int
		text string
	}
	var found []at
	for _, w := range want {
		if i := bytes.Index(page, []byte(w)); i >= 0 {
			found = append(found, at{i, w})
		}
	}
	slices.SortFunc(found, func(a, b at) int { return cmp.Compare(a.i, b.i) })
	var out []string
	for _, f := range found {
		out = append(out, f.text)
	}
	return out
}
