package render

import (
	"bytes"
	"context"
	"path"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/txtar"

	"tuijin/generator/analysis"
	"tuijin/generator/fingerprint"
	"tuijin/generator/load"
	"tuijin/generator/model"
	"tuijin/generator/xlsx/xlsxtest"
)

// keyedFile is a file as rendered, with the key a rebuild would look it
// up by.
type keyedFile struct {
	key  fingerprint.Sum
	data []byte
}

// renderKeyed renders every file of the site, as a rebuild with nothing
// to reuse does: each page keyed, whether by its data or by its inputs.
func renderKeyed(t *testing.T, in Input) map[string]keyedFile {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	in.Reuse = func(string, fingerprint.Sum) bool { return false }
	var mu sync.Mutex
	out := map[string]keyedFile{}
	err = r.RenderTo(in, func(f File) error {
		mu.Lock()
		defer mu.Unlock()
		out[f.Path] = keyedFile{f.Key, f.Data}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fixtureInput reads the mixed fixture's newest month (with the month
// before as history) into what a build renders, analysed afresh on every
// call so that a test may change it.
func fixtureInput(t *testing.T) Input {
	t.Helper()
	ar, err := txtar.ParseFile("../../testdata/validate/mixed.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := xlsxtest.WriteArchive(dir, ar); err != nil {
		t.Fatal(err)
	}
	period := model.Period{Year: 2024, Month: 3}
	res, err := load.Data(context.Background(), dir, period, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var files []FileInfo
	var units []analysis.UnitInput
	for _, f := range res.Files {
		e, w := f.Diags.Count()
		files = append(files, FileInfo{Name: f.Name, Unit: f.Unit, Unreadable: f.Unreadable, Errors: e, Warnings: w,
			Rejected: f.RejectedRows(), Accepted: f.AcceptedRows()})
		units = append(units, analysis.UnitInput{Name: f.Unit, Errors: e, Warnings: w})
	}
	var history []*analysis.MonthFacts
	if res.Previous != nil {
		history = append(history, analysis.NewFacts(res.Previous, analysis.NewKeys()))
	}
	rep := analysis.Compute(analysis.Input{Ledger: res.Ledger, Units: units, History: history})
	return Input{Title: "测试", Report: rep, Diags: res.Diags(), Files: files}
}

// A rebuild keeps a page whose key has not changed, so a key must change
// whenever its page does. Pages keyed by their inputs rather than by their
// data (project, unit and centre pages) could leave out something the page
// shows: each change below alters something a page shows, and every page
// whose bytes it changes must have a new key — and each must change a page
// of the kind named, or it tests nothing.
func TestPageKeysFollowTheirData(t *testing.T) {
	base := renderKeyed(t, fixtureInput(t))
	project := func(in *Input) *analysis.Project {
		for _, p := range in.Report.Projects {
			if len(p.Nodes) > 0 && len(p.Issues) > 0 {
				return p
			}
		}
		t.Fatal("the fixture has no project with nodes and issues")
		return nil
	}
	unit := func(in *Input) *analysis.Group { return in.Report.Units[0] }
	changes := []struct {
		name  string
		pages string // a folder or page the change must show on
		apply func(in *Input)
	}{
		{"a project's year-to-date investment", "units/", func(in *Input) { project(in).DoneYear += 10_000 }},
		{"a project's name", "centres/", func(in *Input) { project(in).Name += "（二期）" }},
		{"a project's light", "units/", func(in *Input) {
			if p := project(in); p.Light == analysis.Red {
				p.Light = analysis.Yellow
			} else {
				p.Light = analysis.Red
			}
		}},
		{"a node's planned date", "projects/", func(in *Input) {
			n := project(in).Nodes[0]
			n.Planned = model.DateOf(n.Planned.First().AddDate(0, 0, 3))
		}},
		{"an issue's description", "projects/", func(in *Input) { project(in).Issues[0].Description += "，待协调" }},
		{"an issue's status", "units/", func(in *Input) {
			if is := project(in).Issues[0]; is.Status == analysis.Closed {
				is.Status = analysis.IssueOverdue
			} else {
				is.Status = analysis.Closed
			}
		}},
		{"a unit's place in the ranking", "units/", func(in *Input) {
			for i := range in.Report.Ranks.UnitsByCompletion {
				in.Report.Ranks.UnitsByCompletion[i].Place += 3
			}
		}},
		{"a unit's trend", "units/", func(in *Input) {
			tr := &in.Report.UnitTrends[0]
			tr.Points[len(tr.Points)-1].DoneYear += 1_000
		}},
		{"a centre's trend", "centres/", func(in *Input) {
			tr := &in.Report.CentreTrends[0]
			tr.Points[len(tr.Points)-1].DoneYear += 1_000
		}},
		{"a unit's figures", "units/", func(in *Input) { unit(in).Lights.Red += 2 }},
		{"a finding's message", "units/", func(in *Input) {
			for i, d := range in.Diags {
				if strings.HasPrefix(d.Pos.File, "ledgers/2024-03/") {
					in.Diags[i].Message += "（请核对）"
					return
				}
			}
			t.Fatal("the fixture has no finding in a workbook")
		}},
		{"a workbook listed before the unit's", "units/", func(in *Input) {
			// The unit page links to its workbook's section of the
			// validation page by the workbook's place in the list.
			in.Files = append([]FileInfo{{Name: "ledgers/2024-03/一号单位.xlsx", Unit: "一号单位"}}, in.Files...)
		}},
		{"the time progress", "projects/", func(in *Input) { in.Report.Summary.TimeProgress += 5 }},
		{"the site title", "units/", func(in *Input) { in.Title = "另一个标题" }},
		{"a Markdown page", "centres/", func(in *Input) { in.Pages = []Page{{Name: "about", Source: []byte("# 关于\n")}} }},
	}
	for _, c := range changes {
		in := fixtureInput(t)
		c.apply(&in)
		got := renderKeyed(t, in)
		shown := false
		for p, g := range got {
			b, ok := base[p]
			if !ok || bytes.Equal(g.data, b.data) {
				continue
			}
			if strings.HasPrefix(p, c.pages) {
				shown = true
			}
			if g.key == b.key {
				t.Errorf("%s: %s changed but kept its key", c.name, p)
			}
		}
		if !shown {
			t.Errorf("%s: changed no page under %s; the test no longer tests it", c.name, path.Clean(c.pages))
		}
	}
}
