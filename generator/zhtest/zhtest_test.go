package zhtest

import "testing"

func TestEnglishLeft(t *testing.T) {
	tests := []struct {
		msg     string
		allowed []string
		want    string
	}{
		{"找不到文件夹 data/ledgers", []string{"data", "ledgers"}, ""},
		{"读取 datalink 失败：open datalink: no such file", []string{"data", "datalink"}, "open no such file"},
		{"输出位置 a 已存在", nil, ""}, // one letter is a name, not English
		{"publish: 失败", []string{""}, "publish"},
	}
	for _, tt := range tests {
		if got := EnglishLeft(tt.msg, tt.allowed...); got != tt.want {
			t.Errorf("EnglishLeft(%q, %q) = %q, want %q", tt.msg, tt.allowed, got, tt.want)
		}
	}
}
