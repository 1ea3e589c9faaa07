package charts

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOptionJSInPage renders the option the way the page does: inside
// <script type="application/json">, which html/template treats as
// JavaScript. The bytes must arrive unchanged, and no data may end the
// element early.
func TestOptionJSInPage(t *testing.T) {
	page := template.Must(template.New("chart").Parse(
		`<div data-chart="{{.ID}}"></div><script type="application/json" id="{{.OptionID}}">{{.OptionJS}}</script>`))
	for _, h := range hostile {
		c := Bar("rank", h, []string{h}, []Series{{Name: h, Values: []float64{1}}}, BarOpts{Desc: h})
		var out bytes.Buffer
		if err := page.Execute(&out, c); err != nil {
			t.Fatal(err)
		}
		want := `<div data-chart="rank"></div><script type="application/json" id="rank-option">` + string(c.Option) + `</script>`
		if got := out.String(); got != want {
			t.Errorf("page with %q:\n got %s\nwant %s", h, got, want)
		}
	}
	if got := (Chart{Option: []byte(`{"a":"</script>"}`)}).OptionJS(); got != "null" {
		t.Errorf("OptionJS of unescaped JSON = %s, want null", got)
	}
	if got := (Chart{Option: []byte(`{`)}).OptionJS(); got != "null" {
		t.Errorf("OptionJS of broken JSON = %s, want null", got)
	}
}

// TestNoScriptPaths fails when the package starts using a go-echarts
// feature that emits JavaScript or unescaped HTML.
func TestNoScriptPaths(t *testing.T) {
	forbidden := map[string]bool{
		"FuncStr": true, "FuncOpts": true, "FuncStripCommentsOpts": true, "AddJSFuncStrs": true,
		"JSONNotEscaped": true, "Render": true, "RenderContent": true, "RenderSnippet": true,
		"WithEventListeners": true, "WithInitializationOpts": true,
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && forbidden[sel.Sel.Name] {
				t.Errorf("%s: uses %s", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// TestChartsJS checks the browser side for ways of running data as
// code or markup.
func TestChartsJS(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "templates", "assets", "charts.js"))
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`(?m)^\s*//.*$`).ReplaceAll(src, nil) // comments may name what is avoided
	for _, bad := range []string{"eval(", "Function(", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "setTimeout(\"", "import "} {
		if bytes.Contains(code, []byte(bad)) {
			t.Errorf("charts.js contains %q", bad)
		}
	}
	for _, need := range []string{`"use strict"`, "JSON.parse(", `"-option"`, `renderer: "svg"`, "beforeprint", "afterprint", "DOMContentLoaded"} {
		if !bytes.Contains(code, []byte(need)) {
			t.Errorf("charts.js lacks %q", need)
		}
	}
}
