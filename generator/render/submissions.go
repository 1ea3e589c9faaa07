package render

import "fmt"

func (s *site) submissionsPage() error {
	const p = "submissions.html"
	sf := s.rep.Summary.Submissions
	t := table{ID: "submissions", Head: nums(heads("单位", "指挥中心", "本月", "上月", "错误", "警告", "采用行", "未采用行", "上月错误", "说明"), 4, 5, 6, 7, 8), Empty: "本期没有单位报送，site.toml 中也没有列出单位。"}
	for _, sub := range s.rep.Submissions {
		now, last := "未报送", "未报送"
		if sub.Submitted {
			now = "已报送"
		}
		if sub.LastMonth {
			last = "已报送"
		}
		note := sub.Status()
		switch {
		case sub.Fixed:
			note += "；上月的错误已在本月改正"
		case sub.Submitted && sub.LastErrors > 0 && sub.Errors > 0:
			note += "；上月也有错误"
		}
		if !sub.Expected && len(sf.Units) > 0 && sf.Expected > 0 {
			note += "（不在 site.toml 的单位名单中）"
		}
		class := ""
		switch {
		case !sub.Submitted:
			class = "bad"
		case sub.Errors > 0:
			class = "warn"
		default:
			class = "good"
		}
		name := cell{Text: sub.Name}
		if sub.Submitted {
			name.Href = unitPath(sub.Name)
		}
		t.Rows = append(t.Rows, []cell{name, {Text: orDash(shortCentre(sub.Centre))}, {Text: now, Class: class}, {Text: last}, num(fmt.Sprint(sub.Errors), float64(sub.Errors)),
			num(fmt.Sprint(sub.Warnings), float64(sub.Warnings)), num(fmt.Sprint(sub.AcceptedRows), float64(sub.AcceptedRows)),
			num(fmt.Sprint(sub.RejectedRows), float64(sub.RejectedRows)), num(fmt.Sprint(sub.LastErrors), float64(sub.LastErrors)),
			{Text: note, Class: classIf(sub.Fixed, "good")}})
	}
	expected := "未在 site.toml 中列出应报送单位"
	if sf.Expected > 0 {
		expected = fmt.Sprintf("应报送 %d 个单位", sf.Expected)
	}
	b := listBody{
		Intro: fmt.Sprintf("%s各单位台账报送情况。%s。", s.periodText(), expected),
		Tiles: []tile{
			{Label: "本月已报送", Value: fmt.Sprint(sf.Submitted), Unit: "个单位"},
			{Label: "未报送", Value: fmt.Sprint(len(sf.NotSubmitted)), Unit: "个单位", Note: joinCN(sf.NotSubmitted), Class: classIf(len(sf.NotSubmitted) > 0, "bad")},
			{Label: "上月报送、本月未报", Value: fmt.Sprint(len(sf.MissingSinceLastMonth)), Unit: "个单位", Note: joinCN(sf.MissingSinceLastMonth), Class: classIf(len(sf.MissingSinceLastMonth) > 0, "warn")},
			{Label: "从未报送", Value: fmt.Sprint(len(sf.NeverSubmitted)), Unit: "个单位", Note: joinCN(sf.NeverSubmitted), Class: classIf(len(sf.NeverSubmitted) > 0, "bad")},
		},
		Tables: []titledTable{{Title: "各单位报送情况", Note: "错误和警告为本月台账的校验结果，详见数据校验页。", Table: t}},
	}
	return s.page("list", p, "报送情况", crumbsTo("报送情况"), false, b)
}

func (s *site) periodText() string { return periodLabel(s.rep.Period) }
