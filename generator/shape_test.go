package generator

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The project's shape: each third-party library lives behind one package,
// and data flows one way (read → validate → model → analyse → render →
// publish). A test holds it, since an import is the easiest thing to add.
func TestPackageShape(t *testing.T) {
	imports := map[string]map[string]bool{} // package dir → imported paths (non-test files)
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != ".." || d.Name() == "testdata" || d.Name() == "site") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(p))
		dir = strings.TrimPrefix(strings.TrimPrefix(dir, ".."), "/")
		if imports[dir] == nil {
			imports[dir] = map[string]bool{}
		}
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			imports[dir][path] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	only := map[string]string{ // library → the folder allowed to import it
		"github.com/xuri/excelize/v2":      "generator/xlsx",
		"github.com/go-echarts/go-echarts": "generator/charts",
		"github.com/yuin/goldmark":         "generator/markdown",
		"github.com/yeqown/go-qrcode":      "generator/qr",
		"github.com/chromedp":              "generator/pdf",
		"github.com/fsnotify/fsnotify":     "generator/serve",
	}
	internal := map[string][]string{ // package → the project packages it may import
		"generator/diag":        {},
		"generator/model":       {},
		"generator/xlsx":        {"generator/xlsx/internal/ooxml"},
		"generator/analysis":    {"generator/hugemem", "generator/model"},
		"generator/charts":      {},
		"generator/markdown":    {},
		"generator/publish":     {"generator/jsonquote"},
		"generator/jsonquote":   {},
		"generator/ledger":      {"generator/diag", "generator/hugemem", "generator/model", "generator/par", "generator/xlsx"},
		"generator/load":        {"generator/codec", "generator/diag", "generator/fingerprint", "generator/model", "generator/par", "generator/xlsx", "generator/ledger"},
		"generator/render":      {"generator/analysis", "generator/charts", "generator/diag", "generator/fingerprint", "generator/hugemem", "generator/jsonquote", "generator/markdown", "generator/model", "generator/qr", "templates"},
		"generator/fingerprint": {},
		"generator/codec":       {},
		"generator/memlimit":    {},
		"generator/hugemem":     {},
		"generator/par":         {},
		"generator/qr":          {},
		"generator/template":    {"generator/diag", "generator/ledger", "generator/load", "generator/model", "generator/xlsx"},
		"generator/config":      {},
	}
	for dir, ims := range imports {
		for path := range ims {
			for lib, allowed := range only {
				if strings.HasPrefix(path, lib) && !strings.HasPrefix(dir, allowed) {
					t.Errorf("%s imports %s; only %s may", dir, path, allowed)
				}
			}
			if allowedList, ok := internal[dir]; ok && strings.HasPrefix(path, "tuijin/") {
				p := strings.TrimPrefix(path, "tuijin/")
				ok := false
				for _, a := range allowedList {
					ok = ok || p == a
				}
				if !ok {
					t.Errorf("%s imports %s, against the data flow", dir, path)
				}
			}
		}
	}
	if len(imports["generator/ledger"]) == 0 {
		t.Fatal("walked no packages")
	}
}
