package xlsx

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestScanDoctype(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>`, errDirective},
		{`<x/><!DOCTYPE x>`, errDirective}, // malformed, still refused
		{`<!doctype html><html/>`, errDirective},
		{`<x>&lt;!DOCTYPE x&gt;</x>`, nil},
		{`<!-- note --><x><![CDATA[a]]></x>`, nil},
		{`<x>` + strings.Repeat("y", 70000) + `</x><!DOCTYPE`, errDirective},
		{`<!DOCTYP`, nil},
		{``, nil},
	}
	for _, tt := range tests {
		for _, r := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
			if got := scanDoctype(r); got != tt.want {
				t.Errorf("scanDoctype(%.40q) = %v, want %v", tt.in, got, tt.want)
			}
		}
	}
}
