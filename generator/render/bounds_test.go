package render

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"tuijin/generator/analysis"
	"tuijin/generator/model"
)

// briefingLists splits a rendered briefing into its lists: for each h3
// title (and "附件" for the attachment), the rows of the table after it and
// the line under it, if any.
func briefingLists(t *testing.T, page string) map[string]struct {
	rows []string
	more string
} {
	t.Helper()
	out := map[string]struct {
		rows []string
		more string
	}{}
	page = strings.Replace(page, "<h2>附件：重点项目明细表</h2>", "<h3>附件</h3>", 1)
	for _, part := range strings.Split(page, "<h3>")[1:] {
		title, rest, _ := strings.Cut(part, "</h3>")
		// The list ends where the next section starts.
		rest, _, _ = strings.Cut(rest, "</section>")
		var l struct {
			rows []string
			more string
		}
		if _, body, ok := strings.Cut(rest, "<tbody>"); ok {
			body, _, _ = strings.Cut(body, "</tbody>")
			for _, r := range strings.Split(body, "<tr")[1:] {
				l.rows = append(l.rows, r)
			}
		}
		if _, m, ok := strings.Cut(rest, `<p class="more">`); ok {
			l.more, _, _ = strings.Cut(m, "</p>")
		}
		out[title] = l
	}
	return out
}

// A printed briefing stays a few pages however many projects there are:
// each list shows at most its bound, the line under it says how many were
// left out and where the full list is, and an unbounded briefing lists
// everything with no such line.
func TestBriefingBounds(t *testing.T) {
	in := fixtureInput(t)
	rep := in.Report
	count := map[string]int{"节点调整": len(rep.Slips), "附件": len(rep.Projects)}
	for _, n := range rep.Nodes {
		if n.Status == analysis.Overdue {
			count["逾期未完成节点"]++
		}
	}
	for _, p := range rep.Projects {
		if p.Light == analysis.Red || p.Light == analysis.Yellow {
			count["红灯、黄灯项目"]++
		}
	}
	for _, i := range rep.Issues {
		if i.Status != analysis.Closed {
			count["未办结问题"]++
		}
	}
	page := "../nodes.html"
	pages := map[string]string{"逾期未完成节点": "nodes.html", "节点调整": "slips.html", "红灯、黄灯项目": "lights.html", "未办结问题": "issues.html", "附件": "projects.html"}
	path := briefingPath(rep.Period)

	render := func(b BriefingBounds) map[string]struct {
		rows []string
		more string
	} {
		in := in
		in.Bounds = b
		in.BaseURL = "https://example.gov.cn/tuijin/"
		files := renderKeyed(t, in)
		f, ok := files[path]
		if !ok {
			t.Fatalf("no %s", path)
		}
		return briefingLists(t, string(f.data))
	}

	all := render(BriefingBounds{})
	for title, n := range count {
		if got := len(all[title].rows); got != n {
			t.Errorf("unbounded: %s has %d rows, want %d", title, got, n)
		}
		if all[title].more != "" {
			t.Errorf("unbounded: %s says %q", title, all[title].more)
		}
	}

	const rows, attached = 1, 2
	cut := render(BriefingBounds{Rows: rows, Attachment: attached})
	lists := 0
	for title, n := range count {
		bound := rows
		if title == "附件" {
			bound = attached
		}
		l := cut[title]
		if got, want := len(l.rows), min(n, bound); got != want {
			t.Errorf("bounded: %s has %d rows, want %d", title, got, want)
		}
		if n <= bound {
			if l.more != "" {
				t.Errorf("bounded: %s is not cut, yet says %q", title, l.more)
			}
			continue
		}
		lists++
		for _, want := range []string{fmt.Sprintf("另有 %d 个未列出", n-bound), `href="` + strings.Replace(page, "nodes.html", pages[title], 1) + `"`,
			"（https://example.gov.cn/tuijin/" + pages[title] + "）"} {
			if !strings.Contains(l.more, want) {
				t.Errorf("bounded: %s says %q, want it to say %q", title, l.more, want)
			}
		}
	}
	if lists < 3 {
		t.Fatalf("only %d lists of the fixture are longer than the bounds: the test checks too little", lists)
	}

	// The attachment keeps the largest projects, in the report's order, and
	// says so above the table.
	largest := map[*analysis.Project]bool{}
	for _, p := range attachmentOrder(rep.Projects)[:attached] {
		largest[p] = true
	}
	var want []string
	for _, p := range rep.Projects {
		if largest[p] {
			want = append(want, ">"+p.Code+"<")
		}
	}
	for i, r := range cut["附件"].rows {
		if !strings.Contains(r, want[i]) {
			t.Errorf("attachment row %d is %s, want the project %s", i+1, r, want[i])
		}
	}
	page = string(renderKeyed(t, Input{Title: in.Title, Report: rep, Diags: in.Diags, Files: in.Files, Bounds: BriefingBounds{Attachment: attached}})[path].data)
	note, table := strings.Index(page, "本表列出总投资最大的"), strings.Index(page, `id="attachment"`)
	if note < 0 || table < 0 || note > table {
		t.Error("the cut attachment does not say so above its table")
	}
}

// attachmentOrder is the projects by total investment, largest first,
// ties in the report's order: the test's own reading of "the largest".
func attachmentOrder(ps []*analysis.Project) []*analysis.Project {
	var out []*analysis.Project
	for _, p := range ps {
		i := 0
		for i < len(out) && out[i].Total >= p.Total {
			i++
		}
		out = append(out[:i], append([]*analysis.Project{p}, out[i:]...)...)
	}
	return out
}

// Among equal totals the attachment keeps the projects that come first in
// the report, so that a bound cutting through a tie keeps the same ones
// every build.
func TestAttachmentProjectsTies(t *testing.T) {
	var ps []*analysis.Project
	for i, total := range []model.Amount{5, 9, 5, 7, 9, 5, 1} {
		ps = append(ps, &analysis.Project{Project: &model.Project{Code: fmt.Sprint("P", i), Total: total}})
	}
	for n := 0; n <= len(ps)+1; n++ {
		got, left := attachmentProjects(ps, n)
		want := ps
		if n > 0 && n < len(ps) {
			keep := map[*analysis.Project]bool{}
			for _, p := range attachmentOrder(ps)[:n] {
				keep[p] = true
			}
			want = nil
			for _, p := range ps {
				if keep[p] {
					want = append(want, p)
				}
			}
		}
		if !slices.Equal(got, want) || left != len(ps)-len(want) {
			t.Errorf("n=%d: got %v (%d left), want %v", n, codes(got), left, codes(want))
		}
	}
}

func codes(ps []*analysis.Project) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Code)
	}
	return out
}
