package ledger

import (
	"regexp"
	"strconv"
	"strings"

	"tuijin/generator/model"
)

// rowKind is what a row below the header is.
type rowKind int

const (
	rowData      rowKind = iota
	rowBlank             // nothing in it
	rowTotal             // 合计/小计/总计/其中 — a sum of other rows, not a project
	rowCategory          // 一、国有投资项目 — a group label
	rowNote              // 填报说明：…, 注：…, 填表人：… — starts the notes block
	rowHeader            // the header repeated (printed tables repeat it)
	rowNumbering         // 栏次 1 2 3 … or a row of unit notes under the header
)

var (
	// A total row starts with the word, or is a short label ending in it
	// (全区合计, 本单位小计); a longer text merely containing it (综合计量…)
	// is a project's name.
	reTotal = regexp.MustCompile(`^(合计|小计|总计|共计|其中)|^.{1,8}(合计|小计|总计|共计)[:：]?$`)
	// Notes, and the signature lines under a table: a label and a colon,
	// with (盖章) or (签字) between them on a form to be stamped.
	reNote     = regexp.MustCompile(`^(注\d*|注释|说明|填报说明|填表说明|备注|附注)[:：]|^(填表人|填报人|审核人|制表人|制表|联系人|联系电话|单位负责人|负责人|分管领导|填报日期|填表日期|填报时间|单位盖章|审核|统计人)[:：]?|^(填报单位|报送单位|单位|经办人|主要负责人|部门负责人|统计负责人|复核人|审批人|签发人|报送日期|报送时间|日期)([(（](盖章|签字|签章|公章)[)）])?[:：]`)
	reCategory = regexp.MustCompile(`^([一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|第[一二三四五六七八九十\d]+[类部批项])`)
	reEnd      = regexp.MustCompile(`^(以下空白|以下无内容|以下无数据|此页无正文|本页以下空白)`)
	reUnitNote = regexp.MustCompile(`^\(?(单位:)?(万元|亿元|元|个|%|年|月|日)\)?$`)
)

// classify decides what a row is. hasCode says whether its 项目代码 cell
// holds something shaped like a project code. Only rows without one can be
// skipped: a row that names a project is always data, so nothing a clerk
// filled in as a project is silently dropped.
//
// filled is reused for the row's non-blank cells (reading a sheet
// classifies every row); its capacity should be len(cells).
func classify(filled []string, cells []string, hasCode bool, h *header) rowKind {
	filled = filled[:0]
	for _, c := range cells {
		if !isBlank(c) {
			filled = append(filled, squeeze(c))
		}
	}
	if len(filled) == 0 {
		return rowBlank
	}
	if isRepeatedHeader(cells, h) {
		return rowHeader
	}
	if !hasCode {
		for i, s := range filled {
			if i == 3 {
				break
			}
			if reTotal.MatchString(s) {
				return rowTotal
			}
		}
		if reNote.MatchString(filled[0]) || reEnd.MatchString(filled[0]) {
			return rowNote
		}
		if reCategory.MatchString(filled[0]) {
			return rowCategory // a numbered group label, possibly carrying its subtotals
		}
		if len(filled) <= 2 {
			for _, s := range filled {
				if isCategoryLabel(s) {
					return rowCategory
				}
			}
		}
	}
	if isNumbering(filled) {
		return rowNumbering
	}
	return rowData
}

func isCategoryLabel(s string) bool {
	if reCategory.MatchString(s) || strings.HasSuffix(s, "项目") || strings.HasSuffix(s, "类") {
		return true
	}
	for _, list := range [][]string{model.Categories, model.Industries, model.Stages} {
		for _, v := range list {
			if strings.Contains(s, v) {
				return true
			}
		}
	}
	return false
}

// isRepeatedHeader reports a row that repeats at least half of the header's names.
func isRepeatedHeader(cells []string, h *header) bool {
	names := h.repeatNames()
	same := 0
	for _, n := range names {
		if n.col < len(cells) && squeeze(cells[n.col]) == n.name {
			same++
		}
	}
	return len(names) > 0 && same*2 >= len(names) && same >= 2
}

// isNumbering reports a column-numbering row (1 2 3 … or (1) (2) …) or a row
// of unit notes ("万元") such as tables carry right under their header.
func isNumbering(filled []string) bool {
	if len(filled) < 3 {
		return false
	}
	// A data row's first cell is rarely a unit note: stop at it, rather
	// than run the expression on every cell of every row.
	units := true
	for _, s := range filled {
		if !reUnitNote.MatchString(s) {
			units = false
			break
		}
	}
	if units {
		return true
	}
	prev := 0
	for i, s := range filled {
		n, err := strconv.Atoi(strings.Trim(s, "()"))
		if err != nil || (i > 0 && n != prev+1) {
			return false
		}
		prev = n
	}
	return true
}
