// Package templates holds the files that every generated site carries:
// today the vendored ECharts build and its licence, later the page layouts.
//
// They are embedded in the binary because the site has to open from disk
// (file://) and from any static host with no network: nothing is fetched
// from a CDN, and a build never depends on files lying next to the binary.
//
// The ECharts files under assets/vendor/ are not edited by hand. They come
// from the npm package echarts at the version in assets/vendor/VERSION and
// are refreshed with `go generate ./templates/`, which runs
// scripts/vendor-echarts.sh (bump the version at the top of that script).
package templates
