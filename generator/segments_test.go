package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tuijin/generator/zhtest"
)

// The parts of the big lists are only a cache: when their file cannot be
// written the site is still published, and the log says, in Chinese,
// which file and why, so that the person running the build can mend the
// cache folder.
func TestPartsFileUnwritable(t *testing.T) {
	data := writeArchive(t, "../testdata/validate/mixed.txtar")
	cache := t.TempDir()
	out := filepath.Join(t.TempDir(), "site")
	build := func() (*Result, string) {
		t.Helper()
		var log bytes.Buffer
		res, err := Build(context.Background(), Config{DataDir: data, OutDir: out, CacheDir: cache, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		return res, log.String()
	}
	build()
	parts, _ := filepath.Glob(filepath.Join(cache, "sites", "*.segments"))
	if len(parts) != 1 {
		t.Fatalf("the cache holds %d files of parts, want 1", len(parts))
	}
	before := names(t, filepath.Dir(parts[0]))
	// A folder where the index goes: the parts are made afresh (the
	// folder names none) and cannot be put in its place.
	if err := os.Remove(parts[0]); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(parts[0], "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	res, log := build()
	if res.Pages == 0 {
		t.Fatal("no site published")
	}
	var said string
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "页面片段") {
			said = line
		}
	}
	if said == "" || !strings.Contains(said, parts[0]) {
		t.Fatalf("the log does not name the file of parts %s:\n%s", parts[0], log)
	}
	t.Log(said)
	if left := zhtest.EnglishLeft(said, parts[0]); left != "" {
		t.Errorf("the message %q leaves English words: %q", said, left)
	}
	sameSiteAsFresh(t, "parts not kept", data, out)
	// The folder has the index's name; the first build's data file stays
	// until a build can write an index again.
	if after := names(t, filepath.Dir(parts[0])); !slices.Equal(after, before) {
		t.Errorf("the cache's folder holds %q, want %q (no temporary file left)", after, before)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
