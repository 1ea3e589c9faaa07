package ledger

import (
	"testing"

	"tuijin/generator/model"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in    string
		scale int64
		want  model.Amount // in yuan (0.0001 万元)
		blank bool
		neg   bool
		bad   bool
	}{
		{in: "12500", scale: 1, want: 125000000},
		{in: "12500.5", scale: 1, want: 125005000},
		{in: "12,500.5", scale: 1, want: 125005000},
		{in: "12，500.5", scale: 1, want: 125005000},
		{in: "１２５００", scale: 1, want: 125000000},
		{in: " 12500 ", scale: 1, want: 125000000},
		{in: "\u00A012500\u200B", scale: 1, want: 125000000},
		{in: "\u3000１２，５００．５\u3000", scale: 1, want: 125005000},
		{in: "12500万元", scale: 1, want: 125000000},
		{in: "12500 万元", scale: 1, want: 125000000},
		{in: "1.2亿元", scale: 1, want: 120000000},
		{in: "1.2亿", scale: 1, want: 120000000},
		{in: "1.2", scale: 10000, want: 120000000},
		{in: "3000万元", scale: 10000, want: 30000000},
		{in: "0.30000000000000004", scale: 1, want: 3000},
		{in: "1.5E+3", scale: 1, want: 15000000},
		{in: "0", scale: 1, want: 0},
		{in: ".5", scale: 1, want: 5000},
		{in: "0.00001", scale: 1, want: 0},
		{in: "0.00005", scale: 1, want: 1},
		{in: "", blank: true},
		{in: "  ", blank: true},
		{in: "—", blank: true},
		{in: "——", blank: true},
		{in: "/", blank: true},
		{in: "／", blank: true},
		{in: "无", blank: true},
		{in: "-20", scale: 1, want: 200000, neg: true},
		{in: "－20", scale: 1, want: 200000, neg: true},
		{in: "约3000", bad: true},
		{in: "3000左右", bad: true},
		{in: "1,5", bad: true},
		{in: "12,50", bad: true},
		{in: "abc", bad: true},
		{in: "万元", bad: true},
		{in: "1.2.3", bad: true},
		{in: "#DIV/0!", bad: true},
		{in: "1e300", scale: 1, bad: true},
		{in: "5000元", bad: true},
	}
	for _, tt := range tests {
		got, err := parseAmount(tt.in, tt.scale)
		if tt.bad {
			if err == nil {
				t.Errorf("parseAmount(%q) = %v, want error", tt.in, got)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseAmount(%q) error %v", tt.in, err)
			continue
		}
		if got.blank != tt.blank || got.value != tt.want || got.negate != tt.neg {
			t.Errorf("parseAmount(%q, %d) = %+v, want value %d blank %v neg %v", tt.in, tt.scale, got, tt.want, tt.blank, tt.neg)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := func(y, m, d int) model.Date { return model.Date{Year: y, Month: m, Day: d} }
	month := func(y, m int) model.Date { return model.Date{Year: y, Month: m, MonthOnly: true} }
	tests := []struct {
		in    string
		d1904 bool
		want  model.Date
		bad   bool
	}{
		{in: "2024-03-15", want: day(2024, 3, 15)},
		{in: "2024/3/15", want: day(2024, 3, 15)},
		{in: "2024.3.15", want: day(2024, 3, 15)},
		{in: "2024年3月15日", want: day(2024, 3, 15)},
		{in: "2024 年 3 月 15 日", want: day(2024, 3, 15)},
		{in: "２０２４年３月１５日", want: day(2024, 3, 15)},
		{in: "2024-03", want: month(2024, 3)},
		{in: "2024.3", want: month(2024, 3)},
		{in: "2024/3", want: month(2024, 3)},
		{in: "2024年3月", want: month(2024, 3)},
		{in: "2024年3月份", want: month(2024, 3)},
		{in: "2024-03-15 00:00:00", want: day(2024, 3, 15)},
		{in: "45366", want: day(2024, 3, 15)},
		{in: "45366.75", want: day(2024, 3, 15)},
		{in: "43904", d1904: true, want: day(2024, 3, 15)},
		{in: "61", bad: true}, // 1900-03-01: a number, not a date in any ledger
		{in: "2024", bad: true},
		{in: "", want: model.Date{}},
		{in: "2024-02-30", bad: true},
		{in: "2024-13-01", bad: true},
		{in: "2024-13", bad: true},
		{in: "2023-02-29", bad: true},
		{in: "2024-02-29", want: day(2024, 2, 29)},
		{in: "明年三月", bad: true},
		{in: "2024年3月上旬", bad: true},
		{in: "3/15/2024", bad: true},
		{in: "2204-03-15", bad: true},
		{in: "60", bad: true},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.d1904)
		if tt.bad {
			if err == nil {
				t.Errorf("parseDate(%q) = %v, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseDate(%q, %v) = %v, %v, want %v", tt.in, tt.d1904, got, err, tt.want)
		}
	}
}

func TestParseYears(t *testing.T) {
	tests := []struct {
		in       string
		from, to int
		bad      bool
	}{
		{in: "2023-2025", from: 2023, to: 2025},
		{in: "2023—2025", from: 2023, to: 2025},
		{in: "2023——2025", from: 2023, to: 2025},
		{in: "2023–2025", from: 2023, to: 2025},
		{in: "2023~2025", from: 2023, to: 2025},
		{in: "2023～2025", from: 2023, to: 2025},
		{in: "2023－2025", from: 2023, to: 2025},
		{in: "2023年-2025年", from: 2023, to: 2025},
		{in: "2023年—2025年", from: 2023, to: 2025},
		{in: "2023至2025", from: 2023, to: 2025},
		{in: "2023年至2025年", from: 2023, to: 2025},
		{in: "2023 - 2025", from: 2023, to: 2025},
		{in: "2023.3-2025.12", from: 2023, to: 2025},
		{in: "2024", from: 2024, to: 2024},
		{in: "2024年", from: 2024, to: 2024},
		{in: "２０２４", from: 2024, to: 2024},
		{in: "2024.0", from: 2024, to: 2024},
		{in: "2025-2023", from: 2025, to: 2023}, // order is a row rule, not a parse error
		{in: "2023-25", bad: true},
		{in: "三年", bad: true},
		{in: "2023/2025/2027", bad: true},
		{in: "1850", bad: true},
	}
	for _, tt := range tests {
		from, to, err := parseYears(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("parseYears(%q) = %d, %d, want error", tt.in, from, to)
			}
			continue
		}
		if err != nil || from != tt.from || to != tt.to {
			t.Errorf("parseYears(%q) = %d, %d, %v, want %d, %d", tt.in, from, to, err, tt.from, tt.to)
		}
	}
}

func TestCodes(t *testing.T) {
	tests := []struct {
		in       string
		norm     string
		valid    bool
		national bool // time code acceptable (or not national-shaped)
	}{
		{"2401-510000-04-01-123456", "2401-510000-04-01-123456", true, true},
		{" ２４０１－５１０９００－０４－０１－５２１７４３ ", "2401-510900-04-01-521743", true, true},
		{"2018-510000-04-01-123456", "2018-510000-04-01-123456", true, true},
		{"2413-510000-04-01-123456", "2413-510000-04-01-123456", true, false},
		{"2400-510000-04-01-123456", "2400-510000-04-01-123456", true, false},
		{"2021-510000-04-01-123456", "2021-510000-04-01-123456", true, false}, // MM=21 is no month, 2021 no legacy year
		{"cb-2024-0012", "CB-2024-0012", true, true},
		{"CB 2024", "CB 2024", false, true},
		{"1.2345E+15", "1.2345E+15", false, true},
		{"项目一", "项目一", false, true},
		{"", "", false, true},
		{"-", "-", false, true},
		{"－－", "--", false, true},
		{"-7", "-7", true, true},
		{"A123456789012345678901234567890123456789X", "A123456789012345678901234567890123456789X", false, true},
	}
	for _, tt := range tests {
		got := normCode(tt.in)
		if got != tt.norm {
			t.Errorf("normCode(%q) = %q, want %q", tt.in, got, tt.norm)
		}
		if v := validCode(got); v != tt.valid {
			t.Errorf("validCode(%q) = %v, want %v", got, v, tt.valid)
		}
		if _, ok := nationalTimeCodeOK(got); ok != tt.national {
			t.Errorf("nationalTimeCodeOK(%q) = %v, want %v", got, ok, tt.national)
		}
	}
}

func TestMatchEnum(t *testing.T) {
	tests := []struct {
		in      string
		allowed []string
		want    string
	}{
		{"国有投资", model.Categories, "国有投资"},
		{" 国有投资\u00A0", model.Categories, "国有投资"},
		{"国有 投资", model.Categories, "国有投资"},
		{"新开工\n", model.Stages, "新开工"},
		{"国有投资项目", model.Categories, ""},
		{"", model.Categories, ""},
	}
	for _, tt := range tests {
		if got := matchEnum(tt.in, tt.allowed); got != tt.want {
			t.Errorf("matchEnum(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
