package render

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"tuijin/generator/analysis"
	"tuijin/generator/diag"
	"tuijin/generator/fingerprint"
	"tuijin/generator/hugemem"
	"tuijin/generator/markdown"
	"tuijin/generator/model"
	"tuijin/templates"
)

// Input is everything a site is rendered from.
type Input struct {
	Title   string // site title; DefaultTitle when empty
	BaseURL string // where the site is published, "" when unknown
	Office  string // who issues the briefing; DefaultOffice when empty
	// Archive gives the earlier months, oldest first, for their briefings.
	// Briefings holds the staff's 下一步工作 text per period (YYYY-MM).
	Archive   []Archived
	Briefings map[string][]byte
	PDF       bool // the build prints the period's briefing to briefing/YYYY-MM.pdf
	// Bounds caps the briefings' lists; the site's own pages list all.
	Bounds BriefingBounds
	Report *analysis.Report
	Diags  diag.List  // every finding of the period, sorted
	Files  []FileInfo // the workbooks of the period, in name order
	Pages  []Page     // Markdown pages from data/pages, in file-name order
	// Reuse, when set, is asked before each file is emitted (for a page,
	// before it is rendered) whether the file made from this key is
	// already in the new site (carried over from the previous one). If it
	// says yes, the file is neither rendered nor emitted. A rebuild after
	// one workbook changed renders only the pages that show something
	// from it.
	Reuse func(path string, key fingerprint.Sum) bool
	// Segments, when set, holds the parts of the biggest outputs made by
	// an earlier build, by unit, and is given the parts of this one.
	Segments *Segments
	// UnitKeys, when set, fingerprints by unit everything the unit's
	// projects in Report were made from: with Segments, the projects'
	// fingerprints are kept under it (sumProjects).
	UnitKeys map[string]fingerprint.Sum
}

// BriefingBounds caps the lists of a briefing, which is printed: a list
// longer than its bound shows its first rows and a line saying how many
// more there are and where the full list is. Zero is no bound.
type BriefingBounds struct {
	Rows       int // rows of each list in the body
	Attachment int // projects in the attachment, the largest by total investment
}

// DefaultTitle names the site when the configuration does not.
const DefaultTitle = "重点项目推进"

// FileInfo describes one workbook of the period for the validation page.
type FileInfo struct {
	Name, Unit       string
	Unreadable       bool
	Errors, Warnings int
	Rejected         int // rows left out
	Accepted         int // rows counted
}

// Page is a Markdown page: its file's base name (without .md) and source.
type Page struct {
	Name   string
	Source []byte
}

// File is one output file, its path slash-separated from the site root.
type File struct {
	Path string
	Data []byte
	// Key fingerprints what the file was made from: for a page, its
	// layout and all the data the layout was given; for any other file,
	// its bytes. Zero when Input.Reuse is nil (nothing would use it) or a
	// page's data has no fingerprint.
	Key fingerprint.Sum
}

// Renderer holds the parsed templates; parse once, render many sites. It
// is safe for concurrent use.
type Renderer struct {
	frags *fragments // marks its layouts printed, until their pages are assembled
	pages map[string]*template.Template
	sizes map[*template.Template]*atomic.Int64 // largest page of each layout so far
}

// sizeHint is the buffer size to start a page of the layout with: the
// largest seen so far, so that a buffer is rarely grown (and copied) more
// than once.
func (r *Renderer) sizeHint(tmpl string) int {
	if n := r.sizes[r.pages[tmpl]]; n != nil {
		return int(min(n.Load(), 1<<20))
	}
	return 0
}

func (r *Renderer) noteSize(t *template.Template, n int) {
	if m := r.sizes[t]; m != nil {
		for {
			old := m.Load()
			if int64(n) <= old || m.CompareAndSwap(old, int64(n)) {
				return
			}
		}
	}
}

// New parses the embedded layouts.
func New() (*Renderer, error) {
	frags := new(fragments)
	base, err := template.New("base").Funcs(funcs).Funcs(template.FuncMap{"splice": frags.splice, "spliceJS": frags.spliceJS}).ParseFS(templates.Layouts, "layouts/base.html", "layouts/parts.html")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	r := &Renderer{frags: frags, pages: map[string]*template.Template{}, sizes: map[*template.Template]*atomic.Int64{}}
	names, err := fs.Glob(templates.Layouts, "layouts/page-*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		t, err := template.Must(base.Clone()).ParseFS(templates.Layouts, name)
		if err != nil {
			return nil, fmt.Errorf("render: %w", err)
		}
		key := strings.TrimSuffix(strings.TrimPrefix(path.Base(name), "page-"), ".html")
		r.pages[key] = t
		r.sizes[t] = new(atomic.Int64)
	}
	return r, nil
}

var funcs = template.FuncMap{
	"wan": wan, "yi": yi, "money": money, "pct": pct, "pctOf": pctOf, "date": date,
	"gap": gap, "behind": behind,
}

// frame is what the layout needs for any page.
type frame struct {
	SiteTitle string
	Title     string
	Path      string        // this page, from the site root
	Root      string        // relative prefix to the site root: "" or "../"
	Period    string        // 2024年3月
	End       string        // 2024年3月31日
	Nav       template.HTML // the main navigation's items, from navHTML
	Crumbs    []link
	Charts    bool
	Body      any
}

type link struct {
	Text, Href string
	Active     bool
}

// site is the state of one rendering.
type site struct {
	r     *Renderer
	in    Input
	rep   *analysis.Report
	title string
	pages []mdPage
	emit  func(File) error        // called from several goroutines at once
	claim func(path string) error // fails for a path already produced
	jobs  chan pageJob            // pages waiting for a worker
	fail  func(error)             // records a worker's error
	err   func() error            // the first error recorded
	navMu sync.Mutex
	navs  map[string]template.HTML // navigation by folder and section, under navMu
	// sums fingerprints each project of the report with all it points to,
	// once, for the keys of every page that shows projects (see
	// projectSums); empty when Input.Reuse and Input.Segments are nil.
	sums map[*analysis.Project]fingerprint.Sum
	// runs is the report's projects by unit, for the outputs made of
	// parts (units).
	runsOnce sync.Once
	runs     []unitRun
	// byFile is Input.Diags grouped by file (findingsByFile).
	byFileOnce sync.Once
	byFile     []fileFindings
}

type mdPage struct {
	Title, Path string
	HTML        template.HTML
}

// pageJob is a page whose data is ready, to be executed by a worker.
type pageJob struct {
	t     *template.Template
	name  string // of the layout
	path  string
	frame frame
	size  int // expected size, to size the buffer once
	// key, when keyed, is the page's fingerprint made from its inputs
	// rather than from frame (an earlier month's briefing, see Archived;
	// a project page, see projectInputs), Reuse already asked.
	key   fingerprint.Sum
	keyed bool
}

// Render produces every file of the site, sorted by path. It holds the
// whole site in memory; RenderTo hands each file over as soon as it is
// ready.
func (r *Renderer) Render(in Input) ([]File, error) {
	var mu sync.Mutex
	var out []File
	err := r.RenderTo(in, func(f File) error {
		mu.Lock()
		out = append(out, f)
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// RenderTo produces every file of the site and passes each to emit, from
// several goroutines at once (GOMAXPROCS workers execute the templates
// while the data of the next pages is assembled), in no particular order:
// emit must be safe for concurrent use. The files do not depend on the
// order. The first error, from rendering or from emit, stops the rendering
// and is returned; two files at one path are an error.
func (r *Renderer) RenderTo(in Input, emit func(File) error) error {
	var (
		mu sync.Mutex
		// Every page claims its path: a project page apiece and a few
		// hundred others, which a map grown entry by entry rehashed a
		// dozen times on the way.
		seen  = make(map[string]bool, len(in.Report.Projects)+1024)
		first error
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
	}
	errNow := func() error {
		mu.Lock()
		defer mu.Unlock()
		return first
	}
	s := &site{r: r, in: in, rep: in.Report, title: in.Title, fail: fail, err: errNow}
	s.claim = func(p string) error {
		mu.Lock()
		dup := seen[p]
		seen[p] = true
		mu.Unlock()
		if dup {
			return fmt.Errorf("render: two files at %s", p)
		}
		return nil
	}
	s.emit = func(f File) error {
		if err := s.claim(f.Path); err != nil {
			return err
		}
		return emit(f)
	}
	if s.title == "" {
		s.title = DefaultTitle
	}
	for _, p := range in.Pages {
		h, err := markdown.Render(p.Source)
		if err != nil {
			return fmt.Errorf("render: page %s: %w", p.Name, err)
		}
		t := markdown.Title(p.Source)
		if t == "" {
			t = p.Name
		}
		s.pages = append(s.pages, mdPage{Title: t, Path: pagePath(p.Name), HTML: h})
	}

	workers := runtime.GOMAXPROCS(0)
	s.jobs = make(chan pageJob, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range s.jobs {
				if s.err() != nil {
					continue // drain
				}
				if err := s.execute(j); err != nil {
					fail(err)
				}
			}
		}()
	}
	if in.Reuse != nil || in.Segments != nil {
		region := trace.StartRegion(context.Background(), "project fingerprints")
		s.sums = sumProjects(s.rep.Projects, in.UnitKeys, in.Segments, workers)
		region.End()
	}
	// The pages' data is made beside the workers. The project pages (tens
	// of thousands) have a goroutine of their own; in a rebuild two others
	// take the other steps in turn from one list, the costliest first, so
	// that they end about together: no step depends on another. On one
	// goroutine, the other steps were a rebuild's critical path while the
	// other core had room. Each step is a region of the execution trace
	// (TUIJIN_BENCH_TRACE, docs/performance.md), so that the critical path
	// can be seen.
	steps := []step{
		// In the order of their cost for a city's month, largest first.
		{"data files", s.data}, {"project list", s.projectsPage}, {"funds list", s.fundsPage}, {"search", s.searchPage},
		{"nodes list", s.nodesPage}, {"briefings", s.briefings}, {"centres", s.centres}, {"issues list", s.issuesPage},
		{"reserve list", s.reservePage}, {"unit pages", s.unitPages}, {"dashboard", s.dashboard}, {"lights", s.lightsPage},
		{"units list", s.unitsPage}, {"slips", s.slipsPage}, {"submissions", s.submissionsPage}, {"validation", s.validation},
		{"markdown pages", s.markdownPages}, {"assets", s.assets},
	}
	run := func(st step) bool {
		region := trace.StartRegion(context.Background(), st.name)
		err := st.f()
		region.End()
		if err != nil {
			fail(err)
		}
		return s.err() == nil
	}
	var lanes sync.WaitGroup
	lanes.Go(func() { run(step{"project pages", s.projectPages}) })
	// A site made afresh keeps the workers busy with tens of thousands of
	// pages whatever feeds them, and a second goroutine making big pages'
	// data at once only held more of it in memory (a tenth more page
	// faults in a cold build): only a rebuild, which renders a few pages
	// and makes the data of many, takes the steps two at a time.
	feeders := 1
	if in.Reuse != nil {
		feeders = 2
	}
	var next atomic.Int64
	for range feeders {
		lanes.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(steps) || !run(steps[i]) {
					return
				}
			}
		})
	}
	lanes.Wait()
	close(s.jobs)
	wg.Wait()
	return errNow()
}

// step is one part of a site's rendering: a page or a set of pages whose
// data it makes and hands to the workers.
type step struct {
	name string
	f    func() error
}

// page renders one HTML page with the layout: the frame is assembled here,
// the template executed by a worker.
func (s *site) page(tmpl, p, title string, crumbs []link, charts bool, body any) error {
	return s.pageKeyed(tmpl, p, title, crumbs, charts, body, nil)
}

// pageKeyed is page with the page's fingerprint given (nil: computed from
// the frame).
func (s *site) pageKeyed(tmpl, p, title string, crumbs []link, charts bool, body any, key *fingerprint.Sum) error {
	if err := s.err(); err != nil {
		return err
	}
	t := s.r.pages[tmpl]
	if t == nil {
		return fmt.Errorf("render: no layout %q", tmpl)
	}
	j := pageJob{t: t, name: tmpl, path: p, frame: s.frame(p, title, crumbs, charts, body), size: s.r.sizeHint(tmpl)}
	if e, ok := body.(estimator); ok {
		j.size = max(j.size, e.estimate()+16<<10) // the layout around the body: a few kilobytes
	}
	if key != nil {
		j.key, j.keyed = *key, true
	}
	s.jobs <- j
	return nil
}

// keyByInputs makes page p's key from what the page is made from (inputs,
// under tag) instead of from its data, for pages whose data costs more to
// make than their inputs cost to fingerprint: project pages, earlier
// months' briefings. When mayReuse and the previous site's page has that
// key, the page is kept and claimed (reused); otherwise key goes to
// pageKeyed, nil when nothing can be reused or the inputs have no
// fingerprint (the worker then fingerprints the page's data).
func (s *site) keyByInputs(p, tag string, inputs any, mayReuse bool) (key *fingerprint.Sum, reused bool, err error) {
	if s.in.Reuse == nil {
		return nil, false, nil
	}
	sum, ok := fingerprint.Value(tag, inputs)
	if !ok {
		return nil, false, nil
	}
	if mayReuse && s.in.Reuse(p, sum) {
		return nil, true, s.claim(p)
	}
	return &sum, false, nil
}

// projectSums returns the fingerprints of projects, in their order, for a
// page's key, and false when one has none.
func (s *site) projectSums(ps []*analysis.Project) ([]fingerprint.Sum, bool) {
	out := make([]fingerprint.Sum, len(ps))
	for i, p := range ps {
		sum, ok := s.sums[p]
		if !ok {
			return nil, false
		}
		out[i] = sum
	}
	return out, true
}

// frame assembles what the layout around a page's body shows.
func (s *site) frame(p, title string, crumbs []link, charts bool, body any) frame {
	f := frame{
		SiteTitle: s.title, Title: title, Path: p, Root: rel(p, ""),
		Period: periodLabel(s.rep.Period), End: date(model.DateOf(s.rep.End)),
		Crumbs: slices.Clone(crumbs), Charts: charts, Body: body,
	}
	f.Nav = s.navFor(p)
	for i := range f.Crumbs {
		if f.Crumbs[i].Href != "" {
			f.Crumbs[i].Href = rel(p, f.Crumbs[i].Href)
		}
	}
	return f
}

// execute runs one page's template and emits the page, unless the page
// made from the same data can be reused.
func (s *site) execute(j pageJob) error {
	key := j.key
	if s.in.Reuse != nil && !j.keyed {
		var ok bool
		key, ok = fingerprint.Value(j.name, j.frame)
		if ok && s.in.Reuse(j.path, key) {
			return s.claim(j.path)
		}
	}
	var data []byte
	if body, ok := j.frame.Body.(contentWriter); ok {
		var err error
		data, err = appendPage(hugemem.Make[byte](j.size)[:0], &j.frame, body.appendContent)
		if err != nil {
			return fmt.Errorf("render: %s: %w", j.path, err)
		}
	} else {
		var err error
		data, err = s.r.frags.executeLayout(hugemem.Make[byte](j.size)[:0], j.t, "base", j.frame)
		if err != nil {
			return fmt.Errorf("render: %s: %w", j.path, err)
		}
	}
	s.r.noteSize(j.t, len(data))
	return s.emit(File{Path: j.path, Data: data, Key: key})
}

// out emits a file that is not a page, unless the same bytes can be
// reused.
func (s *site) out(f File) error {
	if s.in.Reuse != nil {
		f.Key = fingerprint.Bytes(f.Data)
		if s.in.Reuse(f.Path, f.Key) {
			return s.claim(f.Path)
		}
	}
	return s.emit(f)
}

// navFor is the navigation of page p. Tens of thousands of pages share a
// handful of navigations (one per folder and section), so each is written
// once.
func (s *site) navFor(p string) template.HTML {
	key := path.Dir(p) + "\x00" + section(p)
	s.navMu.Lock()
	defer s.navMu.Unlock()
	if h, ok := s.navs[key]; ok {
		return h
	}
	h := navHTML(s.nav(p))
	if s.navs == nil {
		s.navs = map[string]template.HTML{}
	}
	s.navs[key] = h
	return h
}

// navHTML writes the items as base.html once did with html/template
// (testdata/nav.tmpl; TestNavHTMLMatchesTemplate holds the two equal).
func navHTML(items []link) template.HTML {
	var b []byte
	for _, it := range items {
		b = append(b, `<li><a href="`...)
		b = appendURL(b, it.Href)
		b = append(b, '"')
		if it.Active {
			b = append(b, ` aria-current="page"`...)
		}
		b = append(b, '>')
		b = appendEscaped(b, it.Text)
		b = append(b, `</a></li>`...)
	}
	return template.HTML(b)
}

// nav mirrors the mechanism: overview, the three centres, units, projects,
// then the cross-cutting lists and the Markdown pages.
func (s *site) nav(from string) []link {
	items := []link{{Text: "总览", Href: "index.html"}}
	for i, c := range s.rep.Centres {
		items = append(items, link{Text: shortCentre(c.Name), Href: centrePaths[i]})
	}
	items = append(items,
		link{Text: "单位", Href: "units.html"},
		link{Text: "项目", Href: "projects.html"},
		link{Text: "节点", Href: "nodes.html"},
		link{Text: "资金", Href: "funds.html"},
		link{Text: "要素保障", Href: "issues.html"},
		link{Text: "储备", Href: "reserve.html"},
		link{Text: "亮灯", Href: "lights.html"},
		link{Text: "通报", Href: "briefing/index.html"},
		link{Text: "报送", Href: "submissions.html"},
		link{Text: "数据校验", Href: "validation.html"},
	)
	for _, p := range s.pages {
		items = append(items, link{Text: p.Title, Href: p.Path})
	}
	section := section(from)
	for i := range items {
		items[i].Active = items[i].Href == section
		items[i].Href = rel(from, items[i].Href)
	}
	return items
}

// section is the navigation item a page belongs to: drill-down pages
// belong to the list they come from.
func section(from string) string {
	switch {
	case strings.HasPrefix(from, "projects/"):
		return "projects.html"
	case strings.HasPrefix(from, "units/"):
		return "units.html"
	case strings.HasPrefix(from, "briefing/"):
		return "briefing/index.html"
	case from == "slips.html":
		return "nodes.html"
	}
	return from
}

// centrePaths are the fixed pages of the three command centres, in the
// order of model.Categories.
var centrePaths = []string{"centres/guoyou.html", "centres/shehui.html", "centres/yunying.html"}

func shortCentre(name string) string {
	return strings.TrimSuffix(strings.TrimSuffix(name, "指挥中心"), "项目")
}

func (s *site) assets() error {
	return fs.WalkDir(templates.Assets, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(templates.Assets, p)
		if err != nil {
			return err
		}
		return s.out(File{Path: "assets/" + p, Data: b})
	})
}
