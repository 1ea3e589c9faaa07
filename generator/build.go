package generator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tuijin/generator/analysis"
	"tuijin/generator/config"
	"tuijin/generator/diag"
	"tuijin/generator/fingerprint"
	"tuijin/generator/load"
	"tuijin/generator/model"
	"tuijin/generator/pdf"
	"tuijin/generator/publish"
	"tuijin/generator/render"
)

// Config says what to build. The zero value of every field but DataDir and
// OutDir has a meaning.
type Config struct {
	DataDir string       // the data folder (ledgers/, pages/ …)
	OutDir  string       // where the site goes; replaced atomically
	Period  model.Period // zero: the newest month folder
	Title   string       // site title; site.toml's (or its default) when empty
	Log     io.Writer    // progress lines; nil for none
	// CacheDir keeps parsed workbooks keyed by content hash, so a rebuild
	// re-reads only changed files; "" reads every workbook every time.
	CacheDir string
	// PDF also prints the period's briefing to briefing/YYYY-MM.pdf with
	// headless Chromium (pdf.ErrNoBrowser when there is none).
	PDF bool
}

// Result tells what a build did.
type Result struct {
	Period       model.Period
	Files        int // workbooks read
	Unreadable   int
	AcceptedRows int
	RejectedRows int
	RowsRead     int // data rows of every month read, history included
	Errors       int
	Warnings     int
	Pages        int // HTML pages in the site
	PagesReused  int // of which carried over unchanged from the previous site
	Months       int // earlier months with a briefing
	MonthsMade   int // of which the report was computed (the others' briefings were carried over)
	OutputFiles  int // every file written
	OutputBytes  int64
	Sizes        []FileSize // every file written, in path order, for the size report
	Duration     time.Duration
}

// FileSize is the size of one written file, its path slash-separated from
// the site root.
type FileSize struct {
	Path  string
	Bytes int64
}

// renderer parses the embedded templates once per process, however many
// builds it runs (tuijin serve rebuilds on every change).
var renderer = sync.OnceValues(render.New)

// ErrNoData means the data folder has no month folder to build: none at
// all, or not the one Config.Period asks for. It is load.ErrNoMonth; the
// error wrapping it names the folder and the months there are.
var ErrNoData = load.ErrNoMonth

// Build builds and publishes the site. On any error the previous site in
// OutDir is left as it was. Its errors are told in Simplified Chinese for
// the person running the build, naming the folder or file concerned, and
// are meant to be shown as they are (load, publish and config say why);
// the output folder is refused (publish.ErrUnsafeOut) when it is, holds or
// lies in the data folder, among the other cases of publish.Stage.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	start := time.Now()
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	// The staging folder is made first, so that the previous site's files
	// are looked at (Staging.LookAhead) while the analysis leaves a core
	// idle, rather than one by one as the pages are keyed.
	// What a build reads from the data folder is kept; a site elsewhere in
	// it (data/site, or docs/ of a repository that is the data folder) is
	// the user's choice.
	st, err := publish.Stage(cfg.OutDir, publish.Keep{Dir: cfg.DataDir, What: "数据文件夹", Parts: []string{load.LedgersDir, "pages", "briefings"}})
	if err != nil {
		return nil, told(err)
	}
	// The previous site's manifest is read and its spare adopted (a look
	// at the name of each of its files) while the workbooks are read, on
	// a goroutine of its own: nothing is written into the staging folder
	// before the pages are rendered, which wait for it, and Abort waits
	// too, since adopting moves the spare.
	tracked := make(chan struct{})
	defer func() {
		<-tracked
		st.Abort()
	}()
	manifest := manifestPath(cfg)
	var prog string
	if manifest != "" {
		var err error
		if prog, err = fingerprint.Program(); err != nil {
			manifest = ""
		}
	}
	var kept *keptSegments
	if manifest == "" {
		close(tracked)
	} else {
		kept = loadSegments(segmentsPath(manifest), prog)
		defer func() {
			if err := kept.close(); err != nil {
				logf("  （未能记录本次生成的页面片段，下次将重新生成：%v）", err)
			}
		}()
		go func() {
			region := trace.StartRegion(ctx, "adopt the previous site")
			st.Track(prog, publish.ReadManifest(manifest, prog))
			region.End()
			close(tracked)
			st.LookAhead()
		}()
	}
	a, err := analyse(ctx, cfg, logf)
	if err != nil {
		return nil, err
	}
	defer a.store.close()
	r, rep, diags, files := a.result, a.report, a.diags, a.files
	title := cfg.Title
	if title == "" {
		title = a.site.Title
	}
	pages, err := readPages(filepath.Join(cfg.DataDir, "pages"))
	if err != nil {
		return nil, err
	}
	rd, err := renderer()
	if err != nil {
		return nil, err
	}
	briefings, err := readBriefings(filepath.Join(cfg.DataDir, "briefings"))
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Pages go to the staging folder as soon as each is rendered, from
	// several goroutines, rather than being held until the end: a large
	// site would otherwise sit in memory whole.
	logf("写入 %s …", cfg.OutDir)
	var mu sync.Mutex
	count := func(p string, size int64, reused bool) {
		mu.Lock()
		defer mu.Unlock()
		r.OutputFiles++
		r.OutputBytes += size
		r.Sizes = append(r.Sizes, FileSize{p, size})
		if strings.HasSuffix(p, ".html") {
			r.Pages++
			if reused {
				r.PagesReused++
			}
		}
	}
	in := render.Input{Title: title, BaseURL: a.site.BaseURL, Office: a.site.Office, Archive: a.archive, Briefings: briefings, PDF: cfg.PDF,
		Bounds: render.BriefingBounds{Rows: a.site.Briefing.ListRows, Attachment: a.site.Briefing.AttachmentRows}, Report: rep, Diags: diags, Files: files, Pages: pages, UnitKeys: a.unitKeys}
	if manifest != "" {
		in.Reuse = func(p string, key fingerprint.Sum) bool {
			size, ok := st.Carry(p, publish.Key(key))
			if ok {
				count(p, size, true)
			}
			return ok
		}
	}
	// One goroutine writes the files while the workers render the next
	// pages: creating files in one folder from two goroutines at once was
	// slower than from one (on ext4 here, 1.9 s against 1.1 s for 20,000).
	var werr atomic.Pointer[error]
	writes := make(chan render.File, 16)
	written := make(chan struct{})
	go func() {
		defer close(written)
		for f := range writes {
			if werr.Load() != nil {
				continue // drain
			}
			if err := st.WriteKeyed(f.Path, publish.Key(f.Key), f.Data); err != nil {
				werr.Store(&err)
				continue
			}
			count(f.Path, int64(len(f.Data)), false)
		}
	}()
	if kept != nil {
		segs, err := kept.start()
		if err != nil {
			logf("  （未能记录本次生成的页面片段，下次将重新生成：%v）", err)
		}
		in.Segments = segs
	}
	<-tracked
	region := trace.StartRegion(ctx, "render and write")
	err = rd.RenderTo(in, func(f render.File) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e := werr.Load(); e != nil {
			return *e
		}
		writes <- f
		return nil
	})
	close(writes)
	<-written
	region.End()
	if kept != nil {
		// A rendering that failed half-way leaves the previous parts: its
		// own are right, but not all there.
		kept.finish(err == nil)
	}
	if e := werr.Load(); err == nil && e != nil {
		err = *e
	}
	if err != nil {
		return nil, told(err)
	}
	// Sorted beside publishing, which has the rest of the build to itself.
	sorted := make(chan struct{})
	go func() {
		slices.SortFunc(r.Sizes, func(a, b FileSize) int { return strings.Compare(a.Path, b.Path) })
		close(sorted)
	}()
	defer func() { <-sorted }()
	r.Months, r.MonthsMade = len(a.archive), int(a.computed.Load())
	if cfg.PDF {
		name := "briefing/" + rep.Period.String()
		logf("用 Chromium 打印 %s.pdf …", name)
		if err := pdf.Print(ctx, filepath.Join(st.Dir(), name+".html"), filepath.Join(st.Dir(), name+".pdf")); err != nil {
			if errors.Is(err, pdf.ErrNoBrowser) || ctx.Err() != nil {
				return nil, err
			}
			return nil, fmt.Errorf("无法把通报打印为 %s.pdf：%w", name, err)
		}
		r.OutputFiles++
	}
	// The new manifest's files are final: they are put in order and
	// encoded beside publishing, which decides only the spare it names.
	var m *publish.Manifest
	prepared := make(chan struct{})
	if manifest != "" {
		m = st.Manifest()
		go func() {
			m.Prepare()
			close(prepared)
		}()
	} else {
		close(prepared)
	}
	defer func() { <-prepared }()
	region = trace.StartRegion(ctx, "publish")
	err = st.Commit()
	region.End()
	if err != nil {
		return nil, told(err)
	}
	if manifest != "" {
		// Without it the next build makes every page again, which is
		// slower but right; the site itself is published.
		region := trace.StartRegion(ctx, "save the manifest")
		defer region.End()
		m.Spare = st.Spare()
		if err := m.Save(manifest); err != nil {
			logf("  （未能记录本次生成的页面，下次将全部重新生成：%v）", told(err))
		}
	}
	r.Duration = time.Since(start)
	return r, nil
}

// told says the file system's part of a publish error (publish.FSError)
// in Chinese, with load's words: "无法写入新网站的文件 index.html：磁盘空间不足".
// Other errors are returned as they are: publish's refusals and load's
// errors are told already. errors.Is and errors.As still see the error.
func told(err error) error {
	var fe *publish.FSError
	if !errors.As(err, &fe) {
		return err
	}
	op := load.OpAccess
	if fe.Write {
		op = load.OpWriteFolder
	}
	return &load.FSError{Msg: fe.Msg + "：" + op.Reason(fe.Err), Err: err}
}

// analysed is a period read, validated and analysed, ready to render.
type analysed struct {
	result   *Result
	report   *analysis.Report
	archive  []render.Archived // earlier months, oldest first
	store    *spill            // the archive's packed ledgers, to close once rendered
	computed *atomic.Int64     // how many of archive's reports were computed
	diags    diag.List
	files    []render.FileInfo
	site     *config.Config
	// unitKeys fingerprint what each unit's projects in report are made
	// from (shareKeys); units without one are left out.
	unitKeys map[string]fingerprint.Sum
}

// analyse reads the period (and its history) and computes its figures.
func analyse(ctx context.Context, cfg Config, logf func(string, ...any)) (*analysed, error) {
	siteFile := filepath.Join(cfg.DataDir, config.FileName)
	site, err := config.Load(siteFile)
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return nil, err // says the file and the key
		}
		return nil, load.OpReadFile.Err(siteFile, err)
	}
	period := cfg.Period
	if period.IsZero() {
		if period, err = load.Newest(cfg.DataDir); err != nil {
			return nil, err
		}
	} else if err := load.CheckMonth(cfg.DataDir, period); err != nil {
		return nil, err
	}

	opt := load.Options{DropRows: true}
	if cfg.CacheDir != "" {
		if opt.Cache, err = load.OpenCache(cfg.CacheDir); err != nil {
			logf("  （缓存不可用：%v，本次全部重新读取）", err)
		}
	}
	th := analysis.Thresholds{InvestYellow: site.Lights.InvestYellow, InvestRed: site.Lights.InvestRed, NodeRedDays: site.Lights.NodeRedDays,
		BondMonths: site.Lights.BondMonths, ReserveTarget: site.Reserve.MonthlyTarget}
	// The regions name the build's phases in an execution trace
	// (TUIJIN_BENCH_TRACE in the benchmarks, docs/performance.md).
	region := trace.StartRegion(ctx, "read earlier months")
	h, err := readHistory(ctx, cfg.DataDir, period, opt, th)
	region.End()
	if err != nil {
		return nil, err
	}
	if n := len(h.facts); n > 0 {
		logf("历史月份 %d 个（%s 至 %s）", n, h.facts[0].Period, h.facts[n-1].Period)
	}
	logf("读取 %d年%d月 的台账…", period.Year, period.Month)
	var prev *model.Ledger
	prevRes := h.last
	if prevRes != nil && prevRes.Period == period.Prev() {
		prev = prevRes.Ledger
	} else {
		prevRes = nil
	}
	region = trace.StartRegion(ctx, "read the period")
	popt := opt
	popt.UnitKeys = true
	res, err := load.Folder(ctx, filepath.Join(cfg.DataDir, load.LedgersDir, period.String()), path.Join(load.LedgersDir, period.String()), period, prev, popt)
	region.End()
	if err != nil {
		return nil, err
	}
	diags := res.Diags()
	r := &Result{Period: period, Files: len(res.Files), Unreadable: res.Unreadable(), RejectedRows: res.RejectedRows()}
	r.Errors, r.Warnings = diags.Count()
	var files []render.FileInfo
	units := map[string]*analysis.UnitInput{}
	var unitOrder []string
	for _, f := range res.Files {
		e, w := f.Diags.Count()
		r.AcceptedRows += f.AcceptedRows()
		files = append(files, render.FileInfo{Name: f.Name, Unit: f.Unit, Unreadable: f.Unreadable, Errors: e, Warnings: w,
			Rejected: f.RejectedRows(), Accepted: f.AcceptedRows()})
		u := units[f.Unit]
		if u == nil {
			u = &analysis.UnitInput{Name: f.Unit}
			units[f.Unit] = u
			unitOrder = append(unitOrder, f.Unit)
		}
		u.Errors += e
		u.Warnings += w
	}
	logf("  %d 个文件（%d 个无法读取），采用 %d 行，%d 行因错误未采用；%d 个错误，%d 个警告",
		r.Files, r.Unreadable, r.AcceptedRows, r.RejectedRows, r.Errors, r.Warnings)

	in := analysis.Input{Ledger: res.Ledger,
		Validation:  analysis.ValidationFigures{Files: r.Files, FilesUnreadable: r.Unreadable, Errors: r.Errors, Warnings: r.Warnings, RejectedRows: r.RejectedRows},
		Thresholds:  th,
		History:     h.facts,
		Submissions: analysis.SubmissionInput{LastMonth: map[string]analysis.UnitInput{}, Ever: h.ever, Rows: map[string][2]int{}},
	}
	r.RowsRead = h.rowsRead + r.AcceptedRows + r.RejectedRows
	if prevRes != nil {
		for _, f := range prevRes.Files {
			e, w := f.Diags.Count()
			u := in.Submissions.LastMonth[f.Unit]
			u.Name, u.Errors, u.Warnings = f.Unit, u.Errors+e, u.Warnings+w
			in.Submissions.LastMonth[f.Unit] = u
		}
	}
	for _, f := range res.Files {
		rows := in.Submissions.Rows[f.Unit]
		in.Submissions.Rows[f.Unit] = [2]int{rows[0] + f.AcceptedRows(), rows[1] + f.RejectedRows()}
	}
	for _, u := range site.Units {
		in.Submissions.Expected = append(in.Submissions.Expected, analysis.ExpectedUnit{Name: u.Name, Centre: u.Centre})
	}
	for _, name := range unitOrder {
		in.Units = append(in.Units, *units[name])
	}
	region = trace.StartRegion(ctx, "analyse")
	rep := analysis.Compute(in)
	region.End()
	return &analysed{result: r, report: rep, archive: h.archive, store: h.store, computed: h.computed, diags: diags, files: files, site: site,
		unitKeys: shareKeys(h.chain, res.UnitKeys)}, nil
}

// shareKeys completes the keys of the units' shares of the period
// (load.Result.UnitKeys: the workbooks of the period each is made from)
// with chain, what the analysis reads besides (history.chain): together
// they are everything a unit's analysed projects are made from, so a
// unit whose key is unchanged has the projects it had
// (TestUnitKeysFollowTheirData). None when chain is unknown.
func shareKeys(chain fingerprint.Sum, units map[string]fingerprint.Sum) map[string]fingerprint.Sum {
	if chain == (fingerprint.Sum{}) || len(units) == 0 {
		return nil
	}
	out := make(map[string]fingerprint.Sum, len(units))
	for u, k := range units {
		out[u] = sha256.Sum256(append(append([]byte("tuijin-unit-share-2\x00"), chain[:]...), k[:]...))
	}
	return out
}

// manifestPath is where the build cache keeps the manifest of the site in
// OutDir, "" without a cache. Kept in the cache rather than in the site: it
// is the build's business, not the readers'.
func manifestPath(cfg Config) string {
	if cfg.CacheDir == "" {
		return ""
	}
	abs, err := filepath.Abs(cfg.OutDir)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cfg.CacheDir, "sites", hex.EncodeToString(sum[:16])+".json")
}

// readPages reads the Markdown pages of data/pages, in file-name order. A
// missing folder means no pages.
func readPages(dir string) ([]render.Page, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, load.OpReadFolder.Err(dir, err)
	}
	var pages []render.Page
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.EqualFold(filepath.Ext(name), ".md") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, load.OpReadFile.Err(filepath.Join(dir, name), err)
		}
		pages = append(pages, render.Page{Name: strings.TrimSuffix(name, filepath.Ext(name)), Source: b})
	}
	slices.SortFunc(pages, func(a, b render.Page) int { return strings.Compare(a.Name, b.Name) })
	return pages, nil
}

// readBriefings reads data/briefings/YYYY-MM.md, the staff's 下一步工作 for
// each month's briefing. A missing folder means none; other names are ignored.
func readBriefings(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, load.OpReadFolder.Err(dir, err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".md")
		if e.IsDir() || name == e.Name() {
			continue
		}
		if _, err := model.ParsePeriod(name); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, load.OpReadFile.Err(filepath.Join(dir, e.Name()), err)
		}
		out[name] = b
	}
	return out, nil
}
