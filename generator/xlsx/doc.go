// Package xlsx is the project's only door to Excel workbooks: it decides
// whether a ledger file may be parsed at all, and then streams the raw cell
// text of one sheet at a time.
//
// Ledgers arrive from clerks by e-mail and USB stick, so a file may be empty,
// cut short, of the wrong format, password protected, damaged or built to
// exhaust memory. [Open] therefore checks the whole package itself before
// anything parses it: it sniffs the first bytes, checks the
// declared sizes in the zip directory, inflates every part through a capped
// counter (verifying its CRC-32), rejects DOCTYPE declarations, and pre-scans
// each worksheet with a strict streaming XML decoder. Problems with the file
// as a whole come back as a [*FileError], problems with one sheet as a
// [*SheetError]; both carry a stable Rule id and a Simplified Chinese Message
// that tells the clerk what to do.
//
// The pre-scan also records facts that a row iterator hides: row numbers,
// merged ranges, formulas without a cached value, and cells outside the
// allowed width. [Workbook.Rows] joins those facts to the cells, which a
// native reader takes from the XML with the pre-scan's fast scanner, giving
// exactly what excelize's row iterator with raw values gives (excelize
// remains the reference: the tests and a fuzz target compare the two, and
// where excelize's decoding would misbehave the native reader hands the
// sheet to it). excelize is opened only for writing and for such sheets.
//
// Cell values are delivered raw: numbers and dates as the stored number text,
// strings resolved, error values such as "#DIV/0!" as written. Interpreting
// them is the job of the caller.
//
// The package also writes workbooks for the other packages, which describe
// them in plain Go types and never see excelize: [Write] makes a workbook
// (the template: headers, dropdowns, input rules, hints, frozen panes), and
// [Annotate] copies a clerk's workbook with the offending cells filled and
// commented and a 校验结果 sheet in front, leaving the original untouched.
package xlsx
