// Package sample writes realistic sample data folders: the monthly project
// ledgers (项目推进台账) of the units of a fictitious zone, 示范高新区, as real
// .xlsx workbooks in the layout <dir>/ledgers/<YYYY-MM>/<单位>.xlsx.
//
// The sample exists so that the site, the validator and the benchmarks have
// something that looks like what clerks submit: the same projects month after
// month with year-to-date investment that grows and restarts in January,
// milestones that are met, missed and moved, funds that arrive in batches,
// coordination issues that are raised and closed, and the messy but legitimate
// forms of ledger v1 (title rows, a two-row header, amounts as text or in 亿元,
// dates as text, a 合计 row, a notes block, a WPS file). With Options.Flaws a
// handful of realistic mistakes, each breaking a different rule, are planted
// in the newest month so that the validation page has something to show.
//
// Everything is drawn from a seeded PCG source and written through
// tuijin/generator/xlsx/xlsxtest, whose output carries no timestamps, so the
// same Options always produce byte-identical files. The bundled sample in
// data/ is Bundled(); a test keeps the committed files equal to what this
// package generates.
package sample

// Regenerate the bundled sample (the Bundled preset) in data/.
//go:generate go run ./cmd/gensample -out ../../data
