// Package template builds the blank ledger workbook of format v1 that units
// fill in each month, optionally pre-filled with a unit's rows of the month
// before.
//
// Most validation errors are avoidable at the keyboard, so the template
// carries the format's rules into Excel and WPS themselves: dropdowns for
// every enumerated column, date and number checks, a length limit where the
// format has one, and an input hint on every header and data cell saying
// what the column means, its unit, an example and whether it is required.
// A 填报说明 sheet explains the whole format in plain Chinese.
//
// The sheets and columns come from ledger.Schema, the reader's own column
// table, so the template cannot drift from what is validated; this package
// adds only the words for people (meanings, examples, widths). It describes
// the workbook in the neutral types of package xlsx, which alone writes
// .xlsx files.
package template
