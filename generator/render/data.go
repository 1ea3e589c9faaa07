package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"tuijin/generator/analysis"
	"tuijin/generator/hugemem"
	"tuijin/generator/model"
)

type validationBody struct {
	Tiles []tile
	Files []fileSection
}

type fileSection struct {
	ID       string // anchor, fixed form
	Name     string
	Unit     string
	UnitHref string
	Summary  string
	Class    string
	Table    table
}

func (s *site) validation() error {
	const p = "validation.html"
	v := s.rep.Summary.Validation
	b := validationBody{Tiles: []tile{
		{Label: "读取文件", Value: fmt.Sprint(v.Files), Unit: "个", Note: fmt.Sprintf("其中 %d 个无法读取", v.FilesUnreadable), Class: classIf(v.FilesUnreadable > 0, "bad")},
		{Label: "错误", Value: fmt.Sprint(v.Errors), Unit: "个", Note: fmt.Sprintf("%d 行因错误未被采用", v.RejectedRows), Class: classIf(v.Errors > 0, "bad")},
		{Label: "警告", Value: fmt.Sprint(v.Warnings), Unit: "个", Class: classIf(v.Warnings > 0, "warn")},
	}}
	listed := map[string]bool{}
	for i, f := range s.in.Files {
		listed[f.Name] = true
		sec := fileSection{ID: fmt.Sprintf("file-%d", i+1), Name: f.Name, Unit: f.Unit, UnitHref: unitPath(f.Unit)}
		switch {
		case f.Unreadable:
			sec.Summary, sec.Class = "文件无法读取，全部内容未采用", "bad"
		case f.Errors > 0:
			sec.Summary, sec.Class = fmt.Sprintf("%d 个错误，%d 个警告；采用 %d 行，%d 行未采用", f.Errors, f.Warnings, f.Accepted, f.Rejected), "bad"
		case f.Warnings > 0:
			sec.Summary, sec.Class = fmt.Sprintf("%d 个警告；采用 %d 行", f.Warnings, f.Accepted), "warn"
		default:
			sec.Summary, sec.Class = fmt.Sprintf("通过，采用 %d 行", f.Accepted), "good"
		}
		sec.Table = s.findingTable(p, sec.ID+"-findings", s.findingsOf(map[string]bool{f.Name: true}), false)
		b.Files = append(b.Files, sec)
	}
	// Findings about other files of the folder (stray files).
	other := map[string]bool{}
	for _, d := range s.in.Diags {
		if !listed[d.Pos.File] {
			other[d.Pos.File] = true
		}
	}
	if len(other) > 0 {
		b.Files = append(b.Files, fileSection{ID: "other", Name: "月份文件夹中的其他文件", Summary: "未读取", Class: "warn", Table: s.findingTable(p, "other-findings", s.findingsOf(other), true)})
	}
	return s.page("validation", p, "数据校验", crumbsTo("数据校验"), false, b)
}

func (s *site) markdownPages() error {
	for _, pg := range s.pages {
		if err := s.page("markdown", pg.Path, pg.Title, []link{{Text: "总览", Href: "index.html"}, {Text: pg.Title}}, false, pg.HTML); err != nil {
			return err
		}
	}
	return nil
}

// data writes the machine-readable files.
func (s *site) data() error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s.rep.Summary); err != nil {
		return fmt.Errorf("render: summary.json: %w", err)
	}
	if err := s.out(File{Path: "data/summary.json", Data: buf.Bytes()}); err != nil {
		return err
	}
	csvData, err := s.projectsCSV()
	if err != nil {
		return err
	}
	return s.out(File{Path: "data/projects.csv", Data: csvData})
}

// projectsCSV writes the accepted projects for people who re-use the
// figures in Excel: UTF-8 with a byte order mark so Excel detects the
// encoding, and every text cell that a spreadsheet would run as a formula
// neutralised.
func (s *site) projectsCSV() ([]byte, error) {
	head := []string{"项目代码", "项目名称", "项目类别", "指挥中心", "产业类别", "项目阶段", "填报单位", "建设单位", "责任单位", "责任领导", "建设起止年限",
		"总投资（万元）", "截至上年底累计完成投资（万元）", "年度计划投资（万元）", "本年累计完成投资（万元）", "年度计划完成率",
		"计划开工时间", "实际开工时间", "计划竣工时间", "拟申报资金渠道", "拟申请金额（万元）", "入库时间", "形象进度", "存在问题",
		"来源文件", "来源工作表", "来源行"}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(head); err != nil {
		return nil, err
	}
	w.Flush()
	segs, err := s.segments(partsOf{"csv rows", nil}, csvRows)
	if err != nil {
		return nil, err
	}
	n := buf.Len()
	for _, seg := range segs {
		n += len(seg)
	}
	out := hugemem.Make[byte](n)[:0] // grown once, not copied at every doubling
	out = append(out, buf.Bytes()...)
	for _, seg := range segs {
		out = append(out, seg...)
	}
	return out, w.Error()
}

// csvRows appends the CSV's rows of projects ps to b.
func csvRows(b []byte, ps []*analysis.Project) ([]byte, error) {
	buf := bytes.NewBuffer(b)
	buf.Grow(len(ps) * 400) // a project's row is about 375 bytes
	w := csv.NewWriter(buf)
	w.UseCRLF = true
	var rec [27]string // one record's room for every row: w.Write copies it out
	for _, p := range ps {
		years := ""
		if p.YearFrom != 0 {
			years = strconv.Itoa(p.YearFrom) + "-" + strconv.Itoa(p.YearTo)
		}
		rate := ""
		if p.CompletionRate != nil {
			rate = strconv.FormatFloat(*p.CompletionRate, 'f', 4, 64)
		}
		rec = [...]string{p.Code, p.Name, p.Category, p.Centre, p.Industry, p.Stage, p.Unit, p.Builder, p.Responsible, p.Leader, years,
			p.Total.String(), p.DoneBefore.String(), optAmount(p.PlanYear, p.HasPlan), optAmount(p.DoneYear, p.HasDone), rate,
			p.PlannedStart.String(), p.ActualStart.String(), p.PlannedEnd.String(), p.FundChannel, optAmount(p.FundAsk, p.HasFundAsk),
			p.ReserveDate.String(), p.Progress, p.Problems, p.Source.File, p.Source.Sheet, strconv.Itoa(p.Source.Row)}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		if err := w.Write(rec[:]); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func optAmount(a model.Amount, has bool) string {
	if !has {
		return ""
	}
	return a.String()
}

// csvSafe neutralises a cell that Excel, WPS or LibreOffice would read as a
// formula (leading = + - @, also after control characters or spaces, which
// some of them drop first: LibreOffice runs "\x00=1+1") by prefixing an
// apostrophe, which spreadsheets show as text. Plain numbers, which never
// start with those characters here (amounts are not negative), are left as
// numbers.
func csvSafe(v string) string {
	// Most cells start with a letter, a digit or a Chinese character: none
	// of those can start a formula, and the checks below are for the rest.
	// (0xEF leads the full-width forms checked last.)
	if v == "" {
		return v
	}
	if c := v[0]; c > ' ' && c != 0x7f && c != '=' && c != '+' && c != '-' && c != '@' && c != 0xEF {
		return v
	}
	t := strings.TrimLeftFunc(v, func(r rune) bool { return r <= ' ' || r == 0x7f })
	if t == "" {
		return v
	}
	switch t[0] {
	case '=', '+', '-', '@':
		return "'" + v
	}
	if strings.ContainsFunc(v[:len(v)-len(t)], func(r rune) bool { return r != ' ' }) {
		return "'" + v // control characters have no business leading a cell
	}
	if strings.HasPrefix(t, "\uFF1D") || strings.HasPrefix(t, "\uFF0B") || strings.HasPrefix(t, "\uFF0D") || strings.HasPrefix(t, "\uFF20") {
		return "'" + v // full-width forms that some spreadsheets fold before parsing
	}
	return v
}
