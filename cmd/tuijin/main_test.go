package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"tuijin/generator/memlimit"
)

// Every command is in the usage text, and the two that build a site ask
// for the collector target of builds (memlimit.GCPercent).
func TestCommands(t *testing.T) {
	var help bytes.Buffer
	if code := run(context.Background(), []string{"help"}, &help, &bytes.Buffer{}); code != exitOK {
		t.Fatalf("help: exit %d", code)
	}
	for name, c := range commands {
		if !strings.Contains(help.String(), "tuijin "+name+" ") {
			t.Errorf("usage does not show %q", name)
		}
		want := 0
		if name == "build" || name == "serve" {
			want = memlimit.GCPercent
		}
		if got := c.gcPercent; got != want {
			t.Errorf("%s: gcPercent = %d, want %d", name, got, want)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	for _, args := range [][]string{nil, {"bulid"}, {"--data"}} {
		var stdout, stderr bytes.Buffer
		if got, want := run(context.Background(), args, &stdout, &stderr), exitUsage; got != want {
			t.Errorf("run(%q) = %d, want %d", args, got, want)
		}
		if !strings.Contains(stderr.String(), "用法") || stdout.Len() != 0 {
			t.Errorf("run(%q): want the usage on stderr only, got stdout %q stderr %q", args, stdout.String(), stderr.String())
		}
	}
}
