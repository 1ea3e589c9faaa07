package ledger

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tuijin/generator/diag"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

// rowCtx reads the cells of one data row by column key and records what is
// wrong with them. Every reader checks the cell first for a formula without a
// cached value and for an Excel error value, so that neither is ever read as
// blank or zero.
type rowCtx struct {
	sheet    *sheetRead
	row      xlsx.Row
	pos      diag.Pos // the row
	noCache  map[int]bool
	periodOK bool
	end      time.Time // period end E
	endText  string
}

func (x *rowCtx) diags() *diag.List { return &x.sheet.file.Diags }

// cell returns the raw text of the column and its 0-based index; ok is false
// when the sheet has no such column.
func (x *rowCtx) cell(key string) (raw string, c int, ok bool) {
	c, ok = x.sheet.h.cols[x.sheet.spec.column(key).key]
	if !ok {
		return "", -1, false
	}
	if c < len(x.row.Cells) {
		raw = x.row.Cells[c]
	}
	return raw, c, true
}

// found is the text of the cell under key as the clerk sees it, for a
// finding's value: trimmed and clipped, and for a date column the date a
// serial number stands for (a cell formatted as a date holds 46356 and
// shows 2026-11-30).
func (x *rowCtx) found(key string) string {
	raw, _, _ := x.cell(key)
	if x.sheet.spec.column(key).kind == kDate {
		if d, err := parseDate(raw, x.sheet.date1904); err == nil {
			return shownDate(raw, d)
		}
	}
	return clip(strings.TrimSpace(raw))
}

// shownDate is raw, trimmed and clipped, or the ISO date d when raw is the
// serial number Excel keeps a date cell's value as.
func shownDate(raw string, d model.Date) string {
	t := strings.TrimSpace(raw)
	if _, err := strconv.ParseFloat(t, 64); err == nil && !d.IsZero() && !reYearDot.MatchString(t) {
		return d.String()
	}
	return clip(t)
}

func (x *rowCtx) at(c int) diag.Pos {
	p := x.pos
	p.Col = c + 1
	return p
}

func (x *rowCtx) errorAt(key string, c int, rule, value, msg string) {
	x.diags().Add(x.at(c), diag.Error, rule, x.sheet.spec.column(key).name, value, msg)
}

func (x *rowCtx) warnAt(key string, c int, rule, value, msg string) {
	x.diags().Add(x.at(c), diag.Warning, rule, x.sheet.spec.column(key).name, value, msg)
}

// value returns the usable text of a cell. present is false for a blank cell
// or a missing column; usable is false when the cell had a problem already
// reported (formula without result, error value).
func (x *rowCtx) value(key string) (raw string, c int, present, usable bool) {
	raw, c, ok := x.cell(key)
	if !ok {
		return "", -1, false, true
	}
	if x.noCache[c] {
		x.errorAt(key, c, "cell.formula_no_cache", "",
			fmt.Sprintf("“%s”的公式没有计算结果，请在 Excel/WPS 中打开并保存后重新提交", x.label(key)))
		return "", c, false, false
	}
	if errorValue(raw) {
		x.errorAt(key, c, "cell.error_value", strings.TrimSpace(raw),
			fmt.Sprintf("“%s”的公式计算出错，结果为“%s”；请修正公式或直接填写数值", x.label(key), strings.TrimSpace(raw)))
		return raw, c, false, false
	}
	if isBlank(raw) || (x.sheet.spec.column(key).kind != kText && blankWords[squeeze(raw)]) {
		return raw, c, false, true
	}
	return raw, c, true, true
}

func (x *rowCtx) label(key string) string { return x.sheet.spec.column(key).label() }

// require reports a blank required cell. why explains a conditional
// requirement ("项目阶段为“新开工”时"); "" for an unconditional one.
func (x *rowCtx) require(key, why string) {
	_, c, ok := x.cell(key)
	col := x.sheet.spec.column(key)
	if !ok {
		if col.required {
			return // reported once for the sheet (sheet.column_missing)
		}
		// The column is absent and this row needs it.
		x.diags().Add(x.pos, diag.Error, "field.required", col.name, "",
			fmt.Sprintf("%s必须填写“%s”，但工作表中没有这一列；请在表头加上“%s”列并填写", why, col.label(), col.name))
		return
	}
	x.errorAt(key, c, "field.required", "", fmt.Sprintf("%s“%s”为必填项，不能为空%s", why, col.label(), x.sheet.mergedHint(x.row.Num, c+1)))
}

// text reads a free-text cell.
func (x *rowCtx) text(key string, required bool) string {
	raw, c, present, usable := x.value(key)
	if !usable {
		return ""
	}
	if !present {
		if required {
			x.require(key, "")
		}
		return ""
	}
	s := x.sheet.intern(cleanText(raw))
	if col := x.sheet.spec.column(key); col.maxLen > 0 {
		if n := utf8.RuneCountInString(s); n > col.maxLen {
			x.errorAt(key, c, "text.too_long", clip(s),
				fmt.Sprintf("“%s”最多 %d 个字，实际 %d 个字；请精简", col.label(), col.maxLen, n))
		}
	}
	return s
}

// enum reads a cell that must hold one of the allowed values.
func (x *rowCtx) enum(key string, required bool) string {
	raw, c, present, usable := x.value(key)
	if !usable {
		return ""
	}
	if !present {
		if required {
			x.require(key, "")
		}
		return ""
	}
	col := x.sheet.spec.column(key)
	v := matchEnum(raw, col.enum)
	if v == "" {
		x.errorAt(key, c, "enum.invalid", clip(raw),
			fmt.Sprintf("“%s”只能填写 %s 之一，实际为“%s”", col.label(), strings.Join(col.enum, "、"), clip(raw)))
	}
	return v
}

// amount reads an amount in 万元. why is "" for an unconditional requirement,
// otherwise the reason the row needs it; when required is false a blank is
// simply absent. positive demands > 0 instead of ≥ 0. present says the cell
// held a usable amount; bad says it held something that is not one (already
// reported), so that row rules do not compare a value that was never read.
func (x *rowCtx) amount(key string, required bool, why string, positive bool) (v model.Amount, present, bad bool) {
	raw, c, inCell, usable := x.value(key)
	if !usable {
		return 0, false, true
	}
	if !inCell {
		if required {
			x.require(key, why)
		}
		return 0, false, false
	}
	col := x.sheet.spec.column(key)
	res, err := parseAmount(raw, x.sheet.h.scale[c])
	shown := func() string { return clip(strings.TrimSpace(raw)) } // for findings only
	switch {
	case err == errTooLarge:
		x.errorAt(key, c, "amount.too_large", shown(),
			fmt.Sprintf("“%s”数值过大，实际为“%s”；本列金额单位是%s，请核对", col.label(), shown(), x.unit(c)))
		return 0, false, true
	case err != nil:
		x.errorAt(key, c, "amount.invalid", shown(),
			fmt.Sprintf("“%s”应填写数字（单位：%s），实际为“%s”", col.label(), x.unit(c), shown()))
		return 0, false, true
	case res.blank:
		if required {
			x.require(key, why)
		}
		return 0, false, false
	case positive && (res.negate || res.value == 0):
		x.errorAt(key, c, "amount.not_positive", shown(),
			fmt.Sprintf("%s必须是大于 0 的数字，实际为“%s”", col.label(), shown()))
		return 0, false, true
	case res.negate && res.value != 0:
		x.errorAt(key, c, "amount.negative", shown(),
			fmt.Sprintf("%s必须是不小于 0 的数字，实际为“%s”", col.label(), shown()))
		return 0, false, true
	}
	if res.value >= implausibleAmount {
		// Most likely 元 typed into a column of 万元: read as written, but
		// the clerk is asked, since it would swamp every total it joins.
		x.warnAt(key, c, "amount.implausible", shown(),
			fmt.Sprintf("“%s”为 %s 万元（%s 亿元），大得不像一个项目的金额；请确认填的是万元而不是元", col.label(), res.value, res.value.Yi()))
	}
	return res.value, true, false
}

// date reads a date. notAfterEnd applies the rule that the date cannot lie
// after the period end.
func (x *rowCtx) date(key string, required bool, why string, notAfterEnd bool) (model.Date, bool) {
	raw, c, present, usable := x.value(key)
	if !usable {
		return model.Date{}, false
	}
	if !present {
		if required {
			x.require(key, why)
		}
		return model.Date{}, false
	}
	col := x.sheet.spec.column(key)
	d, err := parseDate(raw, x.sheet.date1904)
	// Only for a finding: most dates are fine, and a date column is read
	// on almost every row.
	shown := func() string { return shownDate(raw, d) }
	if err != nil {
		reason := ""
		switch {
		case err != errNotDate:
			reason = "（" + err.Error() + "）"
		case !strings.ContainsAny(raw, "0123456789０１２３４５６７８９") && (key == ColClosedDate || key == ColNodeDone || key == ColActualStart):
			// 已办结, 已完成 written where the day it happened goes.
			reason = "；这一列只填日期：已经办结（完成、开工）的，填那一天的日期，还没有的留空"
		}
		x.errorAt(key, c, "date.invalid", shown(),
			fmt.Sprintf("“%s”应填写日期，例如 2024-03-15 或 2024年3月，实际为“%s”%s", col.label(), shown(), reason))
		return model.Date{}, false
	}
	if d.MonthOnly && d.Month == 1 && reYearDot1.MatchString(squeeze(fold(raw))) {
		// Excel keeps 2024.10 typed into a number cell as the number
		// 2024.1: the text cannot tell January from October.
		x.warnAt(key, c, "date.month_ambiguous", shown(),
			fmt.Sprintf("“%s”为“%s”，按 %s 读取；如果指的是 10 月，Excel 会把输入的 %d.10 存成 %d.1，请改写为 %d-10 或 %d年10月", col.label(), shown(), d.Chinese(), d.Year, d.Year, d.Year, d.Year))
	}
	if notAfterEnd && x.periodOK && d.After(x.end) {
		x.errorAt(key, c, "date.after_period", shown(),
			fmt.Sprintf("“%s”为 %s，晚于本期截止日 %s；不能填写尚未到来的日期", col.label(), d.Chinese(), x.endText))
		return d, false
	}
	return d, true
}

// code reads 项目代码 of 项目台账.
func (x *rowCtx) code() string {
	raw, c, present, usable := x.value(ColCode)
	if !usable {
		return ""
	}
	if !present {
		x.require(ColCode, "")
		return ""
	}
	code := normCode(raw)
	if !validCode(code) {
		hint := ""
		if strings.ContainsAny(raw, "—–―‐‑−") {
			hint = "；其中的“—”“–”是中文输入法的破折号或连接号，请改成英文半角的“-”"
		}
		x.errorAt(ColCode, c, "code.invalid", clip(raw),
			fmt.Sprintf("项目代码只能由 1～40 位数字、英文字母和“-”组成（至少一位数字或字母），实际为“%s”%s；国家代码形如 2401-510900-04-01-521743，本地储备代码形如 CB-2024-0012", clip(raw), hint))
		return ""
	}
	if t, ok := nationalTimeCodeOK(code); !ok {
		x.warnAt(ColCode, c, "code.national_time", code,
			fmt.Sprintf("项目代码“%s”形如全国投资项目在线审批监管平台代码，但开头的时间码“%s”既不是年月（YYMM，月份 01～12）也不是 2015～2020 年份；请核对代码", code, t))
	}
	return x.sheet.intern(code)
}

// ref reads 项目代码 of a sheet that refers to projects; whether the project
// exists is a period rule, checked once all workbooks are read.
func (x *rowCtx) ref() string {
	raw, _, present, usable := x.value(ColCode)
	if !usable {
		return ""
	}
	if !present {
		x.require(ColCode, "")
		return ""
	}
	return x.sheet.intern(normCode(raw))
}

// implausibleAmount is more than any project of a district's ledger could
// hold: 1,000 亿元 in one cell.
const implausibleAmount = 10_000_000 * model.AmountScale

// reYearDot1 is a month written as 2024.1, which may be 2024.10 cut short;
// reYearDot any month written so, which is not a serial number.
var (
	reYearDot1 = regexp.MustCompile(`^\d{4}\.1$`)
	reYearDot  = regexp.MustCompile(`^\d{4}\.\d{1,2}$`)
)

// clip shortens hostile or runaway cell text in messages; the cell itself is
// named, so the clerk can always see the whole value.
func clip(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}

// unit names the column's unit as its header gives it.
func (x *rowCtx) unit(c int) string {
	if x.sheet.h.scale[c] == 10000 {
		return "亿元"
	}
	return "万元"
}
