// Package xlsxtest turns compact txtar descriptions of clerks' data folders
// into real files on disk, so that tests read genuine .xlsx workbooks written
// by excelize rather than hand-made structs, and a whole end-to-end case fits
// in one reviewable testdata/*.txtar file.
//
// # Archives
//
// [WriteArchive] and [WriteFile] write every section of an archive under a
// folder, creating parent folders; section names are slash-separated
// relative paths. A section whose name ends in ".xlsx" (any case) is a
// workbook in the sheet language below and is built with excelize; every
// other section (Markdown pages, site.toml, a stray .docx …) is written
// verbatim. A .xlsx section whose first line is
//
//	!raw
//
// is written verbatim too, minus that line: use it for corrupt workbooks and
// Excel's "~$name.xlsx" lock files. Errors name the section and its line,
// plus the archive line (or file:line from WriteFile), and nothing is written
// when any section is bad. [Workbook] builds a single workbook from the same
// language.
//
// # Sheet language
//
// Example section:
//
//	-- 2024-03/项目推进台账.xlsx --
//	!wps
//	== 汇总 ==
//	!merge A1:C1
//	2024年3月项目推进台账
//	序号	项目名称	计划投资\n（万元）
//	1	城南污水厂	#n:12500
//	2	北环路	#n:8000.5
//	合计		#f:SUM(C3:C4)=20500.5
//	!row 10
//	填报日期	#d:2024-03-15@yyyy"年"m"月"d"日"
//	!cell XFD5 最后一列
//	== 说明 ==
//	!hidden
//	##不是公式
//
// Lines:
//
//   - "== name ==" alone on a line starts a sheet; the text between "== " and
//     " ==" is the name, taken literally (spaces, full-width characters).
//     The first header replaces excelize's default "Sheet1", so the workbook
//     has exactly the named sheets, in order. A section with no header is an
//     error, as is a row before the first header (blank lines there are
//     ignored) or a name used twice (Excel ignores case).
//   - Every other line not starting with "!" is one row, from row 1 of the
//     sheet on. Cells are separated by TAB, column A first. An empty line is
//     an empty row; empty and trailing empty cells write nothing. A trailing
//     CR (CRLF testdata) is dropped. A data row that is literally "== x =="
//     can be written with a trailing TAB.
//   - "!!" at the start of a line is a row whose first cell starts with a
//     single "!".
//   - A line starting with one "!" is a directive. Directives do not use up
//     a row. An unknown directive is an error naming its line.
//
// Directives:
//
//	!merge A1:V1      merge a range of the current sheet (the value is that of the top-left cell)
//	!row 20           the next row line is row 20, then 21, 22 …
//	!cell XFD5 value  one cell anywhere, in cell syntax, without moving the row cursor
//	!hidden           the current sheet is hidden (the first visible sheet becomes the active one)
//	!date1904         the workbook uses the 1904 date system; allowed anywhere, it governs every #d: cell
//	!wps              docProps/app.xml <Application> is "WPS 表格" and the custom property
//	                  KSOProductBuildVer is set, as WPS Office writes them
//	!wps NAME         the same with another application name, e.g. "!wps WPS Office 个人版"
//
// The value of !cell is everything after the single space that follows the
// reference. Writing the same cell twice (say a !cell onto a row's cell) is an error,
// because it is always a mistake in the testdata.
//
// # Cells
//
//	12500                  text (a shared string), even when it looks like a number:
//	                       numbers stored as text are what clerks' files are full of
//	#n:12500.5             a number; the literal goes into <v> exactly as spelled
//	#n:12500.5@#,##0.00    a number with a custom number format
//	#d:2024-03-15          a real date: the serial (45366; 43904 under !date1904) with
//	                       built-in number format 14
//	#d:2024-03             the first of that month
//	                       (1900 system: 1900-02-28 is 59 and 1900-03-01 is 61, as in Excel)
//	#d:2024-03-15 14:30    date and time (also hh:mm:ss), built-in format 22
//	#d:2024-03-15@yyyy"年"m"月"d"日"   a date with a custom number format
//	#f:SUM(B2:B3)          a formula with no cached value, as excelize writes it (t="str", no <v>)
//	#f:SUM(B2:B3)=30000    a formula with a cached number
//	#f:A1&"x"="abc"        a formula with a cached string (t="str"); "" inside is a quote
//	#f:B2/C2=#DIV/0!       a formula with a cached error (t="e")
//	#f:ISBLANK(A1)=TRUE    a formula with a cached boolean (t="b")
//	#b:TRUE                a boolean (TRUE or FALSE, any case)
//	#e:#DIV/0!             an error cell (#N/A, #REF!, #VALUE!, #NAME?, #NUM!, #NULL!, …)
//	##1号楼                text starting with "#"
//
// Any other text starting with "#" is an error, so a mistyped prefix cannot
// slip through as text. A formula is written without its leading "=".
// The cached value of #f: is the part after the last "=" when that part is
// a number, TRUE, FALSE, an error value or a "quoted string", and the "=" is
// not part of "<=" or ">="; to end a formula with a comparison and no
// cached value, parenthesise it: #f:(A1=1).
//
// Escapes apply inside every cell, after the row is split on TABs and before
// the prefix is read: \t tab, \n newline (header cells with line breaks),
// \r carriage return, \\ backslash. Any other backslash is an error, so a
// number format's own backslash is written \\. Everything else, full-width
// characters, NBSP (U+00A0) and zero-width space (U+200B) included, passes
// through unchanged.
//
// Cached values and error cells cannot be written through excelize's API;
// the saved file is post-processed to add them, leaving every other part
// byte for byte as excelize wrote it.
package xlsxtest
