package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"tuijin/generator/xlsx/xlsxtest"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// writeCase writes a testdata archive to a temporary folder and returns the
// folder and the month its comment names.
func writeCase(t *testing.T, path string) (dir, month string) {
	t.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^month: (\d{4}-\d{2})$`).FindSubmatch(ar.Comment)
	if m == nil {
		t.Fatalf("%s: comment names no month", path)
	}
	dir = t.TempDir()
	if err := xlsxtest.WriteArchive(dir, ar); err != nil {
		t.Fatal(err)
	}
	return dir, string(m[1])
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update after checking the change):\n--- got ---\n%s", path, got)
	}
}

func TestValidateGolden(t *testing.T) {
	cases, _ := filepath.Glob("../../testdata/validate/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) {
			dir, month := writeCase(t, c)
			monthDir := filepath.Join(dir, "ledgers", month)
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"validate", "--format", "json", monthDir}, &out, &errOut)
			golden(t, strings.TrimSuffix(c, ".txtar")+".json", out.Bytes())
			var rep report
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, out.Bytes())
			}
			wantCode := exitOK
			if rep.Errors > 0 {
				wantCode = exitFindings
			}
			if code != wantCode {
				t.Errorf("exit code %d, want %d (errors: %d); stderr: %s", code, wantCode, rep.Errors, errOut.String())
			}
			out.Reset()
			run(context.Background(), []string{"validate", monthDir}, &out, &errOut)
			golden(t, strings.TrimSuffix(c, ".txtar")+".txt", out.Bytes())
		})
	}
}
