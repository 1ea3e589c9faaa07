package xlsx

import "fmt"

// Rule ids. They are stable: callers and clerks' support staff key on them.
const (
	RuleFileUnreadable = "file.unreadable" // the operating system refused (missing, no permission, a folder)
	RuleFileEmpty      = "file.empty"      // 0 bytes
	RuleFileXLS        = "file.xls"        // legacy OLE workbook (.xls, WPS .et), not encrypted
	RuleFileEncrypted  = "file.encrypted"  // password-protected workbook
	RuleFileNotZip     = "file.not_zip"    // text, CSV, HTML, PDF, anything not a zip
	RuleFileTruncated  = "file.truncated"  // a zip whose central directory is missing
	RuleFileCorrupt    = "file.corrupt"    // bad CRC, bad XML, missing parts, refused by excelize
	RuleFileTooLarge   = "file.too_large"  // inflates beyond the limits (zip bomb)

	RuleSheetNotFound    = "sheet.not_found"     // no sheet of that name
	RuleSheetCorrupt     = "sheet.corrupt"       // the sheet's XML is well-formed but not a usable sheet
	RuleSheetTooWide     = "sheet.too_wide"      // a value beyond MaxColumns
	RuleSheetTooManyRows = "sheet.too_many_rows" // a row beyond MaxRows
)

// FileError reports that the file as a whole cannot be read.
type FileError struct {
	Rule    string // one of the RuleFile* ids
	Message string // Simplified Chinese, for the clerk: what is wrong and what to do
	Err     error  // technical detail for logs, may be nil
}

func (e *FileError) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *FileError) Unwrap() error { return e.Err }

// SheetError reports that one sheet cannot be read; other sheets of the same
// workbook may still be fine.
type SheetError struct {
	Sheet   string // sheet name as in the workbook
	Rule    string // one of the RuleSheet* ids
	Message string // Simplified Chinese, for the clerk; names the sheet
	Cell    string // A1-style reference of the offending cell, "" if none
	Err     error  // technical detail for logs, may be nil
}

func (e *SheetError) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *SheetError) Unwrap() error { return e.Err }

// Messages name the usual tools (Excel, WPS) because that is where the clerk
// has to act; they never mention zip parts, which mean nothing to a clerk.
const (
	msgUnreadable = "无法读取文件；请确认文件存在、未被其他程序占用并且有读取权限"
	msgNotRegular = "所选路径不是普通文件（可能是文件夹）；请选择要提交的 .xlsx 文件"
	msgEmpty      = "文件为空（0 字节），可能在保存、下载或拷贝时出错；请重新导出 .xlsx 文件后提交"
	msgXLS        = "文件是旧版 Excel 97-2003（.xls）或 WPS 表格（.et）格式，不是 .xlsx 工作簿；请另存为 .xlsx 后重新提交"
	msgEncrypted  = "文件已加密（设置了打开密码），无法读取；请在 Excel/WPS 中取消密码后重新提交"
	msgNotZip     = "文件不是 Excel 工作簿（.xlsx），可能是文本、CSV、网页或 PDF 等其他格式；请在 Excel/WPS 中打开台账，另存为（导出）.xlsx 后重新提交"
	msgTruncated  = "文件不完整（可能在下载或拷贝时被截断）；请重新拷贝或下载原文件，确认能在 Excel/WPS 中正常打开后重新提交"
	msgCorrupt    = "文件已损坏，无法读取；请在 Excel/WPS 中打开后重新保存（或重新导出）为 .xlsx 再提交"
)

func fileErr(rule, msg string, err error) *FileError {
	return &FileError{Rule: rule, Message: msg, Err: err}
}

func corruptf(format string, args ...any) *FileError {
	return fileErr(RuleFileCorrupt, msgCorrupt, fmt.Errorf(format, args...))
}

func tooLargePart(part string, limit int64) *FileError {
	return fileErr(RuleFileTooLarge,
		fmt.Sprintf("文件中的部分内容解压后超过 %s，超出允许的上限（可能包含大量无关数据或图片，或是恶意构造的压缩文件）；请删除无关内容、拆分后重新保存为 .xlsx 再提交", sizeText(limit)),
		fmt.Errorf("part %s inflates beyond %d bytes", part, limit))
}

func tooLargeTotal(limit int64) *FileError {
	return fileErr(RuleFileTooLarge,
		fmt.Sprintf("文件内容解压后合计超过 %s，超出允许的上限（可能包含大量无关数据或图片，或是恶意构造的压缩文件）；请删除无关内容、拆分后重新保存为 .xlsx 再提交", sizeText(limit)),
		fmt.Errorf("parts inflate beyond %d bytes in total", limit))
}

// sizeText prints a limit the way a clerk reads sizes in Explorer.
func sizeText(n int64) string {
	switch {
	case n >= mib && n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	case n >= mib:
		return fmt.Sprintf("%.1f MiB", float64(n)/mib)
	case n >= 1024:
		return fmt.Sprintf("%d KiB", n/1024)
	default:
		return fmt.Sprintf("%d 字节", n)
	}
}

func sheetNotFound(sheet string) *SheetError {
	return &SheetError{Sheet: sheet, Rule: RuleSheetNotFound,
		Message: fmt.Sprintf("工作簿中没有名为“%s”的工作表", sheet)}
}

func sheetCorrupt(sheet, cell string, err error) *SheetError {
	return &SheetError{Sheet: sheet, Rule: RuleSheetCorrupt, Cell: cell, Err: err,
		Message: fmt.Sprintf("工作表“%s”的数据结构异常，无法读取；请在 Excel/WPS 中打开后重新保存为 .xlsx 再提交", sheet)}
}

func sheetTooWide(sheet, cell string, maxCols int) *SheetError {
	return &SheetError{Sheet: sheet, Rule: RuleSheetTooWide, Cell: cell,
		Message: fmt.Sprintf("工作表“%s”的单元格 %s 有内容，超出了允许的最大列数 %d（%s 列）；请删除 %s 列右侧的内容后重新提交",
			sheet, cell, maxCols, colName(maxCols), colName(maxCols))}
}

func sheetTooManyCells(sheet, cell string, maxCols int) *SheetError {
	return &SheetError{Sheet: sheet, Rule: RuleSheetTooWide, Cell: cell,
		Message: fmt.Sprintf("工作表“%s”在第 %d 列（%s 列）右侧有超过 %d 个单元格（第一个是 %s），超出允许的范围；请删除 %s 列右侧的多余列后重新提交",
			sheet, maxCols, colName(maxCols), maxCellsBeyond, cell, colName(maxCols))}
}

func sheetTooManyRows(sheet string, row, maxRows int) *SheetError {
	return &SheetError{Sheet: sheet, Rule: RuleSheetTooManyRows, Cell: fmt.Sprintf("A%d", row),
		Message: fmt.Sprintf("工作表“%s”的第 %d 行超出了允许的最大行数 %d；请删除多余的行或拆分成多个文件后重新提交", sheet, row, maxRows)}
}
