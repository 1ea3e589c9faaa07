// Package ledger reads project ledger workbooks of format v1 (项目推进台账 v1)
// and validates them: it finds each sheet's header by content, maps columns
// by name, parses amounts, dates, years, codes and enumerations in every
// spelling the format tolerates, applies the per-cell, per-row, cross-sheet,
// cross-file and cross-month rules, and returns typed records plus
// diagnostics that name the file, sheet and cell.
//
// The format itself is documented in docs/ledger-format.md and every rule
// id in docs/rules.md; this package is the executable form of both.
//
// A row with an error is rejected (left out of every figure); a warning keeps
// the row. Nothing is read as zero unless the format says a blank means zero.
package ledger
