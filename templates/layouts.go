package templates

import "embed"

// Layouts holds the html/template sources of the site's pages:
// layouts/base.html (the frame every page shares), layouts/parts.html (tiles,
// tables, charts) and one layouts/page-NAME.html per kind of page.
//
//go:embed layouts
var Layouts embed.FS
