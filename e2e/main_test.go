package e2e

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"tuijin/generator"
	"tuijin/generator/xlsx/xlsxtest"
)

// The repository root, seen from this package's folder.
const root = ".."

// sampleMonth exists once the bundled sample is complete; until then the
// tests build the mixed test case, which has every page type but fewer rows.
const sampleMonth = root + "/data/ledgers/2026-10"

// env is what TestMain sets up once for every test: building the site and
// starting Chromium take most of the suite's time.
var env struct {
	data      string // a private copy of the data folder
	site      string // the built site
	absSite   string // the same, absolute, for file:// URLs
	source    string // what the site was built from, for messages
	result    *generator.Result
	server    *httptest.Server
	browser   context.Context // nil when Chromium is unavailable
	noBrowser string          // why browser is nil

	// stress is a site built from the mixed test case with very long
	// unbroken names, for the layout on a phone.
	stress, stressURL string
}

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		log.Print("e2e: ", err)
		code = 1
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	tmp, err := os.MkdirTemp("", "tuijin-e2e-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)

	env.data = filepath.Join(tmp, "data")
	if err := prepareData(env.data); err != nil {
		return 0, err
	}
	env.site = filepath.Join(tmp, "site")
	if env.absSite, err = filepath.Abs(env.site); err != nil {
		return 0, err
	}
	ctx := context.Background()
	env.result, err = generator.Build(ctx, generator.Config{DataDir: env.data, OutDir: env.site})
	if err != nil {
		return 0, fmt.Errorf("build %s: %w", env.source, err)
	}
	env.server = httptest.NewServer(http.FileServer(http.Dir(env.site)))
	defer env.server.Close()

	env.stress = filepath.Join(tmp, "stress-site")
	if err := buildStress(ctx, filepath.Join(tmp, "stress-data"), env.stress); err != nil {
		return 0, fmt.Errorf("build the long-names case: %w", err)
	}
	stress := httptest.NewServer(http.FileServer(http.Dir(env.stress)))
	defer stress.Close()
	env.stressURL = stress.URL

	cancel, err := startBrowser(ctx, filepath.Join(tmp, "chromium-profile"))
	if err != nil {
		env.noBrowser = err.Error()
	} else {
		defer cancel()
	}
	return m.Run(), nil
}

// prepareData copies the bundled sample, or materialises the mixed test
// case, into dir, and adds a Markdown page when there is none so that the
// page type is covered. The tests may change the copy.
func prepareData(dir string) error {
	if st, err := os.Stat(sampleMonth); err == nil && st.IsDir() {
		env.source = "data/ (bundled sample)"
		if err := os.CopyFS(dir, os.DirFS(root+"/data")); err != nil {
			return err
		}
	} else {
		env.source = "testdata/validate/mixed.txtar"
		if err := xlsxtest.WriteFile(dir, root+"/testdata/validate/mixed.txtar"); err != nil {
			return err
		}
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "pages", "*.md"))
	if len(pages) > 0 {
		return nil
	}
	return addPage(dir)
}

// addPage writes a Markdown page with a long link and a wide table.
func addPage(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "pages"), 0o755); err != nil {
		return err
	}
	md := "# 工作机制说明\n\n每月 5 日前报送台账。长的英文或代码不应撑宽页面：" +
		"https://example.invalid/a-very-long-unbroken-reference-0123456789-0123456789-0123456789\n\n" +
		"| 列一 | 列二 | 列三 | 列四 | 列五 | 列六 |\n|---|---|---|---|---|---|\n" +
		"| 很长很长的单元格内容 | 很长很长的单元格内容 | 很长很长的单元格内容 | 很长很长的单元格内容 | 很长很长的单元格内容 | 很长很长的单元格内容 |\n"
	return os.WriteFile(filepath.Join(dir, "pages", "about.md"), []byte(md), 0o644)
}

// Text a clerk may type without a space: it must wrap or scroll inside its
// box, never widen a phone's page.
const (
	longName    = "ElectronicInformationIndustrialParkPhaseOneWithAVeryLongNameThatHasNoSpacesAtAll"
	longBuilder = "GaoxinConstructionAndDevelopmentInvestmentGroupCompanyLimitedBranchOfficeNumberTwelve"
	longFile    = "Supplementary-explanation-of-the-monthly-ledger-submission-without-any-spaces.docx"
)

// buildStress builds the mixed test case with a project name, a 建设单位
// and a stray file name that are long and unbroken, plus a Markdown page
// with a long link and a wide table.
func buildStress(ctx context.Context, data, out string) error {
	ar, err := txtar.ParseFile(root + "/testdata/validate/mixed.txtar")
	if err != nil {
		return err
	}
	for i, f := range ar.Files {
		src := strings.ReplaceAll(string(f.Data), "电子信息产业园一期", longName)
		ar.Files[i].Data = []byte(strings.ReplaceAll(src, "高新建设公司", longBuilder))
	}
	ar.Files = append(ar.Files, txtar.File{Name: "ledgers/2024-03/" + longFile, Data: []byte("not a workbook\n")})
	if err := xlsxtest.WriteArchive(data, ar); err != nil {
		return err
	}
	if err := addPage(data); err != nil {
		return err
	}
	_, err = generator.Build(ctx, generator.Config{DataDir: data, OutDir: out})
	return err
}

// chromiumPath finds Debian's chromium (what .ci/run installs).
func chromiumPath() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	return "", errors.New("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
}

// startBrowser starts one headless Chromium for the whole run with a fresh
// profile. Every test opens its own tab in it.
func startBrowser(ctx context.Context, profile string) (context.CancelFunc, error) {
	path, err := chromiumPath()
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(profile),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	// The first run starts the browser; it must not carry a timeout, which
	// would end the browser with it.
	start := make(chan error, 1)
	go func() { start <- chromedp.Do(bctx) }()
	select {
	case err = <-start:
	case <-time.After(30 * time.Second):
		err = errors.New("chromium did not start within 30 s")
	}
	if err != nil {
		bcancel()
		acancel()
		return nil, fmt.Errorf("start %s: %w", path, err)
	}
	env.browser = bctx
	return func() { bcancel(); acancel() }, nil
}

// needBrowser skips the test when Chromium is missing, except in CI, where
// .ci/run installs it and its absence is a failure.
func needBrowser(t *testing.T) {
	t.Helper()
	if env.browser != nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("browser tests need Chromium in CI: %s", env.noBrowser)
	}
	t.Skipf("no browser: %s", env.noBrowser)
}

// sitePages lists one page of each type: every page at the site's root,
// and the first page of each folder (a centre, a unit, a project, a
// Markdown page).
func sitePages(t *testing.T, site string) []string {
	t.Helper()
	var pages []string
	seen := map[string]bool{}
	err := filepath.WalkDir(site, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		dir := filepath.Dir(rel)
		if dir != "." && seen[dir] {
			return nil
		}
		seen[dir] = true
		pages = append(pages, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}
