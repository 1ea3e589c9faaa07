package templates

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed assets
var embedded embed.FS

// Assets holds the embedded asset files, rooted at the assets/ folder so
// that names read as they will be laid out under the site's own assets/
// folder (for example "vendor/echarts.min.js").
var Assets fs.FS = mustSub(embedded, "assets")

// Names of the vendored ECharts files in [Assets], kept here so that pages
// and tests do not spell the paths twice.
const (
	EChartsJS      = "vendor/echarts.min.js"
	EChartsLicense = "vendor/ECHARTS-LICENSE"
	EChartsVersion = "vendor/VERSION"
)

// Asset returns the contents of the embedded asset name, a slash-separated
// path relative to the assets/ folder. A missing file gives an error
// matching [fs.ErrNotExist].
func Asset(name string) ([]byte, error) {
	return fs.ReadFile(Assets, name)
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		// Only an invalid dir literal gets here, a programming error
		// that every test run would hit first.
		panic(fmt.Sprintf("templates: %v", err))
	}
	return sub
}
