// Package load reads a data folder in the ledger layout
// (<data>/ledgers/<YYYY-MM>/<单位名称>.xlsx): it finds the months, reads the
// workbooks of a month concurrently, reports stray files, applies the
// period-wide rules with the previous month as history, and hands back the
// accepted ledger with every finding.
//
// Workbooks are read in parallel (bounded by GOMAXPROCS) but results are
// kept in file-name order, so the outcome never depends on scheduling.
package load
