package ledger

import (
	"fmt"
	"reflect"
	"testing"

	"tuijin/generator/model"
)

// layFiles makes files with rows of every kind, some rejected, for the
// ledger a period's files give. rejected lists, per file, which project
// rows (0-based) are rejected; every other kind rejects its rows at the
// same places.
func layFiles(rejected ...[]int) []*File {
	var files []*File
	for i, bad := range rejected {
		f := &File{Name: fmt.Sprintf("单位%d.xlsx", i)}
		for r := range 4 {
			code := fmt.Sprintf("F%d-%d", i, r)
			f.Projects.add(model.Project{Code: code, Name: "项目" + code}, 1)
			f.Milestones.add(model.Milestone{Code: code, Name: "节点" + code}, 1)
			f.Funds.add(model.Fund{Code: code, Type: "专项债券"}, 1)
			f.Issues.add(model.Issue{Code: code, Type: "用地"}, 1)
			f.Approvals.add(model.Approval{Code: code, Document: "施工许可证"}, 1)
		}
		for _, r := range bad {
			f.Projects.Meta[r].Rejected = true
			f.Milestones.Meta[r].Rejected = true
			f.Funds.Meta[r].Rejected = true
			f.Issues.Meta[r].Rejected = true
			f.Approvals.Meta[r].Rejected = true
		}
		files = append(files, f)
	}
	return files
}

// The ledger made in the laid-out room is the one Accepted makes by
// copying, whether a file's records were put in its window (as the build
// cache's are) or lie elsewhere (as a workbook read afresh gives them),
// and wherever the rejected rows are.
func TestLaidLedgerIsAccepted(t *testing.T) {
	p := model.Period{Year: 2024, Month: 3}
	tests := []struct {
		name     string
		rejected [][]int
		inPlace  []bool // which files' records are put in their windows
	}{
		{"nothing rejected, all in place", [][]int{nil, nil, nil}, []bool{true, true, true}},
		{"nothing rejected, none in place", [][]int{nil, nil, nil}, []bool{false, false, false}},
		{"rejected first rows", [][]int{{0}, {0, 1}, nil}, []bool{true, true, true}},
		{"rejected last rows", [][]int{{3}, nil, {2, 3}}, []bool{true, false, true}},
		{"a file wholly rejected", [][]int{nil, {0, 1, 2, 3}, {1}}, []bool{false, true, true}},
		{"every row rejected", [][]int{{0, 1, 2, 3}, {0, 1, 2, 3}}, []bool{true, false}},
		{"mixed", [][]int{{1}, nil, {0, 3}, {2}}, []bool{true, false, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := Accepted(p, layFiles(tt.rejected...))
			files := layFiles(tt.rejected...)
			laid := Lay(files)
			for i, f := range files {
				if !tt.inPlace[i] {
					continue
				}
				w := laid.Window(i)
				copy(w.Projects, f.Projects.Recs)
				copy(w.Milestones, f.Milestones.Recs)
				copy(w.Funds, f.Funds.Recs)
				copy(w.Issues, f.Issues.Recs)
				copy(w.Approvals, f.Approvals.Recs)
				if err := f.SetRecords(w); err != nil {
					t.Fatal(err)
				}
			}
			got := laid.Ledger(p)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Laid.Ledger =\n%+v\nwant (Accepted)\n%+v", got, want)
			}
			if cap(got.Projects) != len(got.Projects) {
				t.Errorf("the ledger's projects have a capacity of %d past their end, over the room's left-overs", cap(got.Projects)-len(got.Projects))
			}
			for _, f := range files {
				if f.Projects.Recs != nil || f.AcceptedRows()+f.RejectedRows() != 20 {
					t.Errorf("%s: rows kept (%d records) or counts lost (%d + %d)", f.Name, len(f.Projects.Recs), f.AcceptedRows(), f.RejectedRows())
				}
			}
		})
	}
}

// A window is the file's share and nothing more: records set there are
// the ledger's own memory, and appending to a window cannot reach the next
// file's.
func TestLayWindows(t *testing.T) {
	files := layFiles(nil, nil)
	laid := Lay(files)
	w0, w1 := laid.Window(0), laid.Window(1)
	if len(w0.Milestones) != 4 || cap(w0.Milestones) != 4 || &w1.Milestones[0] != &laid.all.Milestones[4] {
		t.Fatalf("window 0 has %d (room %d), window 1 starts at %p, not %p", len(w0.Milestones), cap(w0.Milestones), &w1.Milestones[0], &laid.all.Milestones[4])
	}
	if err := files[0].SetRecords(Records{Projects: w0.Projects[:3]}); err == nil {
		t.Error("SetRecords took 3 projects for a file of 4 rows")
	}
}

// Ledger refuses files changed since they were laid out: their windows no
// longer fit them.
func TestLaidLedgerOfChangedFile(t *testing.T) {
	files := layFiles(nil)
	laid := Lay(files)
	files[0].Projects.add(model.Project{Code: "new"}, 1)
	defer func() {
		if recover() == nil {
			t.Error("Ledger took a file with a row more than was laid out")
		}
	}()
	laid.Ledger(model.Period{Year: 2024, Month: 3})
}
