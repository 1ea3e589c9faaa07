package model

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

func TestAmountString(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{{0, "0"}, {125005000, "12500.5"}, {1, "0.0001"}, {-200000, "-20"}, {10000, "1"}, {123456789, "12345.6789"}}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.want {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(tt.a), got, tt.want)
		}
		b, _ := json.Marshal(tt.a)
		if string(b) != tt.want {
			t.Errorf("json(Amount(%d)) = %s, want %s", int64(tt.a), b, tt.want)
		}
	}
}

func TestAmountYi(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{{0, "0"}, {2366 * AmountScale, "0.2366"}, {1, "0.00000001"}, {50000 * AmountScale, "5"}, {-123456789, "-1.23456789"}}
	for _, tt := range tests {
		if got := tt.a.Yi(); got != tt.want {
			t.Errorf("Amount(%d).Yi() = %q, want %q", int64(tt.a), got, tt.want)
		}
	}
}

func TestDatePrecision(t *testing.T) {
	end := Period{2024, 3}.End()
	if want := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Fatalf("End() = %v, want %v", end, want)
	}
	month := Date{Year: 2024, Month: 3, MonthOnly: true}
	if month.After(end) {
		t.Error("2024-03 is after the end of March")
	}
	if !(Date{Year: 2024, Month: 4, Day: 1}).After(end) {
		t.Error("2024-04-01 is not after the end of March")
	}
	if got := month.Last(); !got.Equal(end) {
		t.Errorf("Last() = %v, want %v", got, end)
	}
	if (Date{Year: 2025, Month: 12, Day: 15}).Before(Date{Year: 2025, Month: 12, MonthOnly: true}) {
		t.Error("2025-12-15 is before 2025-12")
	}
	if !(Date{Year: 2025, Month: 11, MonthOnly: true}).Before(Date{Year: 2025, Month: 12, Day: 1}) {
		t.Error("2025-11 is not before 2025-12-01")
	}
	if got := (Date{Year: 2024, Month: 5, Day: 31}).Chinese(); got != "2024年5月31日" {
		t.Errorf("Chinese() = %q", got)
	}
	if got := (Date{Year: 2024, Month: 2, MonthOnly: true}).Last().Day(); got != 29 {
		t.Errorf("2024-02 ends on day %d, want 29", got)
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want Period
		bad  bool
	}{{in: "2024-03", want: Period{2024, 3}}, {in: "2024-12", want: Period{2024, 12}}, {in: "2024-13", bad: true}, {in: "2024-3", bad: true}, {in: "24-03", bad: true}, {in: "2024/03", bad: true}, {in: "abcd-ef", bad: true}}
	for _, tt := range tests {
		got, err := ParsePeriod(tt.in)
		if (err != nil) != tt.bad || (!tt.bad && got != tt.want) {
			t.Errorf("ParsePeriod(%q) = %v, %v", tt.in, got, err)
		}
	}
	if p := (Period{2024, 1}).Prev(); p != (Period{2023, 12}) {
		t.Errorf("Prev() = %v", p)
	}
	if tp := (Period{2024, 3}).TimeProgress(); tp != 0.25 {
		t.Errorf("TimeProgress() = %v", tp)
	}
}

// String and Chinese write dates without fmt; they must write what fmt
// would, for every date a ledger can hold and for those it cannot.
func TestDateForms(t *testing.T) {
	for _, year := range []int{-5, 1, 999, 1000, 2024, 9999, 10000} {
		for _, month := range []int{1, 9, 10, 12, 100} {
			for _, day := range []int{0, 1, 9, 10, 31, -1} {
				for _, monthOnly := range []bool{false, true} {
					d := Date{Year: year, Month: month, Day: day, MonthOnly: monthOnly}
					iso, cn := fmt.Sprintf("%04d-%02d-%02d", year, month, day), fmt.Sprintf("%d年%d月%d日", year, month, day)
					if monthOnly {
						iso, cn = fmt.Sprintf("%04d-%02d", year, month), fmt.Sprintf("%d年%d月", year, month)
					}
					if got := d.String(); got != iso {
						t.Errorf("%#v.String() = %q, want %q", d, got, iso)
					}
					if got := d.Chinese(); got != cn {
						t.Errorf("%#v.Chinese() = %q, want %q", d, got, cn)
					}
				}
			}
		}
	}
	if got := (Date{}).String() + (Date{}).Chinese(); got != "" {
		t.Errorf("no date prints %q", got)
	}
}
