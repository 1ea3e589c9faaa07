package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"tuijin/generator"
	"tuijin/generator/xlsx/xlsxtest"
)

// lockedBuffer is a bytes.Buffer that run may write to while the test
// reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeRefuses(t *testing.T) {
	empty := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:8080", "--data", empty}, "只能在本机地址上预览"},
		{[]string{"--addr", ":8080", "--data", empty}, "只能在本机地址上预览"},
		{[]string{"--addr", "192.168.1.5:8080", "--data", empty}, "只能在本机地址上预览"},
		{[]string{"--addr", "127.0.0.1:0", "--data", filepath.Join(empty, "missing")}, "找不到数据文件夹"},
		{[]string{"--addr", "127.0.0.1:0", "--data", empty}, "没有台账月份文件夹"},
		{[]string{"--period", "2024-13", "--data", empty}, "--period"},
		{[]string{"extra"}, "多余的参数"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"serve"}, tt.args...), &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("serve %q: exit %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), exitUsage, tt.want)
		}
	}
}

// serve prints the address, runs until its context ends, and exits 0.
func TestServeRunsUntilCancelled(t *testing.T) {
	data := t.TempDir()
	if err := xlsxtest.WriteFile(data, "../../testdata/validate/mixed.txtar"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--data", data, "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(stdout.String(), "预览地址：http://127.0.0.1:") {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no address printed; stdout %q, stderr %q", stdout.String(), stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK || !strings.Contains(stdout.String(), "预览已结束") {
			t.Errorf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of the cancel")
	}
}

func TestPrintSizes(t *testing.T) {
	var b bytes.Buffer
	printSizes(&b, []generator.FileSize{
		{Path: "assets/site.css", Bytes: 9_100}, {Path: "assets/site.js", Bytes: 6_300}, {Path: "assets/vendor/ECHARTS-LICENSE", Bytes: 15_000},
		{Path: "assets/vendor/echarts.min.js", Bytes: 1_121_900}, {Path: "data/summary.json", Bytes: 5_000},
		{Path: "index.html", Bytes: 151_000}, {Path: "projects.html", Bytes: 31_700}, {Path: "a.html", Bytes: 1_000}, {Path: "b.html", Bytes: 2_000}, {Path: "c.html", Bytes: 3_000}, {Path: "d.html", Bytes: 4_000},
	})
	got := b.String()
	for _, want := range []string{
		"页面大小：6 个页面共 192.7 KB，最大的是 index.html 151.0 KB，projects.html 31.7 KB，d.html 4.0 KB，c.html 3.0 KB，b.html 2.0 KB。\n",
		"共用脚本和样式（各页面共用，浏览器只下载一次）：assets/vendor/echarts.min.js 1121.9 KB，assets/site.css 9.1 KB，assets/site.js 6.3 KB。\n",
		"注意：总览页 index.html 有 151.0 KB，超过 150.0 KB 的预算",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("printSizes:\n%s\nlacks %q", got, want)
		}
	}
	if strings.Contains(got, "LICENSE") || strings.Contains(got, "summary.json") {
		t.Errorf("printSizes lists files that are neither pages nor scripts and styles:\n%s", got)
	}
}
