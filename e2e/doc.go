// Package e2e holds the browser tests of the published site: a site built
// from the bundled sample (or, while the sample is being made, from
// testdata/validate/mixed.txtar) is served on 127.0.0.1 and driven in real
// headless Chromium through chromedp, as a leader would use it on a phone
// and on a desktop.
//
// The package has no code of its own; everything is in its _test.go files.
// The tests skip when Chromium is not installed, except in CI (CI=true),
// where .ci/run installs it and a missing browser fails them.
package e2e
