package ledger

import "tuijin/generator/diag"

// Rule describes one stable rule id. The registry is the single list that
// docs/rules.md must match (a test holds them together), so a rule cannot be
// added without being documented.
type Rule struct {
	ID       string
	Severity diag.Severity
	Summary  string // what the rule checks, in Chinese
}

// Rules lists every rule id any finding can carry, including those of the
// workbook front door (package xlsx) and of the data folder (package load).
var Rules = []Rule{
	{"file.empty", diag.Error, "文件为空（0 字节）"},
	{"file.xls", diag.Error, "旧版 .xls/.et 文件（或改了扩展名的 .xls）"},
	{"file.encrypted", diag.Error, "文件设置了打开密码"},
	{"file.not_zip", diag.Error, "不是 .xlsx 工作簿（文本、CSV、PDF 等）"},
	{"file.truncated", diag.Error, "文件不完整（被截断）"},
	{"file.corrupt", diag.Error, "文件损坏（校验失败、XML 错误、含 DOCTYPE）"},
	{"file.too_large", diag.Error, "解压后超过大小上限（压缩炸弹）"},
	{"file.unreadable", diag.Error, "文件无法打开（权限等）"},
	{"file.stray", diag.Warning, "月份文件夹中的非台账文件或子文件夹"},
	{"file.unit_duplicate", diag.Warning, "同一单位本月有两个台账文件"},
	{"sheet.missing", diag.Error, "缺少必需的工作表“项目台账”"},
	{"sheet.duplicate", diag.Warning, "两个工作表名称相同（忽略空格和全半角后）"},
	{"sheet.unknown", diag.Warning, "有内容但不属于台账格式的工作表"},
	{"sheet.header_missing", diag.Error, "工作表中找不到表头"},
	{"sheet.no_data", diag.Warning, "项目台账中没有项目"},
	{"sheet.merged_cells", diag.Warning, "数据行中有跨行合并的单元格"},
	{"sheet.column_missing", diag.Error, "表头缺少必填列，本表所有行不采用"},
	{"sheet.column_duplicate", diag.Error, "同一列出现两次，本表所有行不采用"},
	{"sheet.column_unknown", diag.Warning, "台账格式中没有的列"},
	{"sheet.column_unnamed", diag.Warning, "没有列名但有内容的列"},
	{"sheet.too_wide", diag.Error, "超出列数上限"},
	{"sheet.too_many_rows", diag.Error, "超出行数上限"},
	{"sheet.corrupt", diag.Error, "工作表内容无法读取"},
	{"cover.unit_mismatch", diag.Warning, "填报信息的填报单位与文件名不一致"},
	{"cover.month_mismatch", diag.Error, "填报月份与月份文件夹不一致"},
	{"cell.formula_no_cache", diag.Error, "公式没有计算结果"},
	{"cell.error_value", diag.Error, "公式结果为错误值（#DIV/0! 等）"},
	{"field.required", diag.Error, "必填项为空"},
	{"text.too_long", diag.Error, "文字超过长度上限"},
	{"enum.invalid", diag.Error, "不是规定的选项"},
	{"amount.invalid", diag.Error, "金额不是数字"},
	{"amount.negative", diag.Error, "金额为负数"},
	{"amount.not_positive", diag.Error, "下达金额不大于 0"},
	{"amount.too_large", diag.Error, "金额大得不合理"},
	{"amount.implausible", diag.Warning, "金额大得不像一个项目的（可能把元当成了万元）"},
	{"date.invalid", diag.Error, "不是有效日期"},
	{"date.after_period", diag.Error, "日期晚于本期截止日"},
	{"date.month_ambiguous", diag.Warning, "“2024.1”可能是 1 月，也可能是输入 2024.10 时 Excel 去掉了末尾的 0"},
	{"date.order", diag.Error, "计划开工时间晚于计划竣工时间"},
	{"years.invalid", diag.Error, "建设起止年限格式不对"},
	{"years.order", diag.Error, "建设起止年限开始晚于结束"},
	{"code.invalid", diag.Error, "项目代码含不允许的字符或过长"},
	{"code.national_time", diag.Warning, "国家代码的时间码不是年月或 2015–2020 年份"},
	{"code.duplicate", diag.Error, "项目代码在本期重复"},
	{"investment.over_total", diag.Error, "累计完成投资超过总投资"},
	{"fund.received_over_allocated", diag.Error, "到位金额超过下达金额"},
	{"fund.spent_over_received", diag.Error, "已支出金额超过到位金额"},
	{"issue.due_before_raised", diag.Error, "要求办结时间早于提出日期"},
	{"issue.closed_before_raised", diag.Error, "办结日期早于提出日期"},
	{"ref.project_unknown", diag.Error, "引用的项目代码在本期项目台账中不存在"},
	{"ref.project_rejected", diag.Error, "引用的项目行有错误未被采用"},
	{"history.ytd_decrease", diag.Warning, "本年累计完成投资比上月减少"},
}

// LookupRule returns the registered rule with that id.
func LookupRule(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// registered returns id when it is a documented rule, else fallback: the
// front door may grow finer ids than the registry, and a finding must never
// carry an undocumented one.
func registered(id, fallback string) string {
	if _, ok := LookupRule(id); ok {
		return id
	}
	return fallback
}
