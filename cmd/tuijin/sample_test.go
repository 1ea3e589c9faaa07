package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"sample", "--out", out, "--units", "2", "--projects", "3", "--months", "2", "--end", "2025-01", "--flaws"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	books, _ := filepath.Glob(filepath.Join(out, "ledgers", "*", "*.xlsx"))
	if len(books) != 4 {
		t.Errorf("%d workbooks, want 2 units × 2 months = 4: %q", len(books), books)
	}
	for _, m := range []string{"2024-12", "2025-01"} {
		if st, err := os.Stat(filepath.Join(out, "ledgers", m)); err != nil || !st.IsDir() {
			t.Errorf("month folder %s missing: %v", m, err)
		}
	}
	if !strings.Contains(stdout.String(), "tuijin build --data "+out) {
		t.Errorf("stdout does not say how to build:\n%s", stdout.String())
	}

	// The folder now holds a sample: a second run must not touch it.
	before := sampleBytes(t, books[0])
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"sample", "--out", out, "--seed", "9"}, &stdout, &stderr); code != exitUsage {
		t.Errorf("second run into the same folder: exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(stderr.String(), "不是空的") {
		t.Errorf("stderr = %q, want it to say the folder is not empty", stderr.String())
	}
	if sampleBytes(t, books[0]) != before {
		t.Error("a refused run changed an existing workbook")
	}
}

func TestSampleRefuses(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "full")
	if err := os.MkdirAll(filepath.Join(full, "ledgers"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"non-empty folder", []string{"--out", full}, "不是空的"},
		{"a file", []string{"--out", file}, "不是文件夹"},
		{"units 0", []string{"--out", filepath.Join(dir, "a"), "--units", "0"}, "--units"},
		{"too many months", []string{"--out", filepath.Join(dir, "b"), "--months", "121"}, "--months"},
		{"bad end", []string{"--out", filepath.Join(dir, "c"), "--end", "2026-13"}, "--end"},
		{"end out of range", []string{"--out", filepath.Join(dir, "d"), "--end", "1999-12"}, "--end"},
		{"negative projects", []string{"--out", filepath.Join(dir, "e"), "--projects", "-1"}, "--projects"},
		{"stray argument", []string{"--out", filepath.Join(dir, "f"), "extra"}, "多余的参数"},
		{"unknown flag", []string{"--nope"}, "nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), append([]string{"sample"}, tt.args...), &stdout, &stderr); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.want)
			}
		})
	}
	for _, name := range []string{"a", "b", "c", "d", "e", "f"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("refused run created %s", name)
		}
	}
}

func sampleBytes(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
