// Package render turns a period's report into the files of the static site:
// HTML pages from html/template, the machine-readable data files
// (data/summary.json, data/projects.csv) and the embedded assets. It does no
// file I/O; publishing the files is the caller's job.
//
// Everything that comes from a workbook is hostile text. It reaches pages
// only through html/template's contextual escaping, and charts only as JSON
// produced by encoding/json with HTML escaping on, inside
// <script type="application/json"> blocks that the browser reads with
// JSON.parse. Names never become file names: units and pages get slugs made
// of a hash, projects their validated code.
package render
