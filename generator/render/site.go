package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

	"tuijin/generator/analysis"
	"tuijin/generator/diag"
	"tuijin/generator/markdown"
	"tuijin/generator/model"
	"tuijin/templates"
)

// Input is everything a site is rendered from.
type Input struct {
	Title   string // site title; DefaultTitle when empty
	BaseURL string // where the site is published, "" when unknown
	Office  string // who issues the briefing; DefaultOffice when empty
	// Archive holds the reports of earlier months, oldest first, for their
	// briefings; Briefings the staff's 下一步工作 text per period (YYYY-MM).
	Archive   []*analysis.Report
	Briefings map[string][]byte
	PDF       bool // the build prints the period's briefing to briefing/YYYY-MM.pdf
	Report    *analysis.Report
	Diags     diag.List  // every finding of the period, sorted
	Files     []FileInfo // the workbooks of the period, in name order
	Pages     []Page     // Markdown pages from data/pages, in file-name order
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
}

// Renderer holds the parsed templates; parse once, render many sites.
type Renderer struct {
	pages map[string]*template.Template
}

// New parses the embedded layouts.
func New() (*Renderer, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(templates.Layouts, "layouts/base.html", "layouts/parts.html")
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	r := &Renderer{pages: map[string]*template.Template{}}
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
	}
	return r, nil
}

var funcs = template.FuncMap{
	"wan": wan, "yi": yi, "money": money, "pct": pct, "pctOf": pctOf, "date": date,
	"gap": gap, "behind": behind,
	"cls": func(num bool, class string) string {
		switch {
		case num && class != "":
			return "num " + class
		case num:
			return "num"
		}
		return class
	},
}

// frame is what the layout needs for any page.
type frame struct {
	SiteTitle string
	Title     string
	Path      string // this page, from the site root
	Root      string // relative prefix to the site root: "" or "../"
	Period    string // 2024年3月
	End       string // 2024年3月31日
	Nav       []link
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
	out   []File
}

type mdPage struct {
	Title, Path string
	HTML        template.HTML
}

// Render produces every file of the site.
func (r *Renderer) Render(in Input) ([]File, error) {
	s := &site{r: r, in: in, rep: in.Report, title: in.Title}
	if s.title == "" {
		s.title = DefaultTitle
	}
	for _, p := range in.Pages {
		h, err := markdown.Render(p.Source)
		if err != nil {
			return nil, fmt.Errorf("render: page %s: %w", p.Name, err)
		}
		t := markdown.Title(p.Source)
		if t == "" {
			t = p.Name
		}
		s.pages = append(s.pages, mdPage{Title: t, Path: pagePath(p.Name), HTML: h})
	}
	steps := []func() error{
		s.dashboard, s.centres, s.unitPages, s.projectPages, s.lists, s.lightsPage, s.slipsPage, s.submissionsPage, s.briefings, s.validation, s.markdownPages, s.data, s.assets,
		s.searchPage,
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(s.out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	for i := 1; i < len(s.out); i++ {
		if s.out[i].Path == s.out[i-1].Path {
			return nil, fmt.Errorf("render: two files at %s", s.out[i].Path)
		}
	}
	return s.out, nil
}

// page renders one HTML page with the layout.
func (s *site) page(tmpl, p, title string, crumbs []link, charts bool, body any) error {
	t := s.r.pages[tmpl]
	if t == nil {
		return fmt.Errorf("render: no layout %q", tmpl)
	}
	f := frame{
		SiteTitle: s.title, Title: title, Path: p, Root: rel(p, ""),
		Period: periodLabel(s.rep.Period), End: date(model.DateOf(s.rep.End)),
		Crumbs: crumbs, Charts: charts, Body: body,
	}
	f.Nav = s.nav(p)
	for i := range f.Crumbs {
		if f.Crumbs[i].Href != "" {
			f.Crumbs[i].Href = rel(p, f.Crumbs[i].Href)
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", f); err != nil {
		return fmt.Errorf("render: %s: %w", p, err)
	}
	s.out = append(s.out, File{Path: p, Data: buf.Bytes()})
	return nil
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
	for i := range items {
		items[i].Active = items[i].Href == from
		items[i].Href = rel(from, items[i].Href)
	}
	return items
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
		s.out = append(s.out, File{Path: "assets/" + p, Data: b})
		return nil
	})
}
