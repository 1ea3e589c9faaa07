//go:build unix

package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"tuijin/generator/ledger"
	"tuijin/generator/model"
	"tuijin/generator/xlsx"
)

// TestOpensInLibreOffice opens the template and an annotated copy in a real
// spreadsheet program: LibreOffice converts each to PDF (every sheet) and
// to CSV (the first sheet). excelize reading back its own output proves
// little; a second implementation of the format catches parts that only
// excelize accepts. CI installs Debian's libreoffice-calc (.ci/run); without
// it the test is skipped locally and fails on CI.
func TestOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("soffice not found: CI must install libreoffice-calc (see .ci/run)")
		}
		t.Skip("soffice not found; install libreoffice-calc to run this test")
	}
	dir := t.TempDir()
	tpl := filepath.Join(dir, "台账模板.xlsx")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"template", "-o", tpl}, &stdout, &stderr); code != exitOK {
		t.Fatalf("template: exit %d: %s", code, stderr.String())
	}
	annotated := filepath.Join(dir, "批注")
	if code := run(context.Background(), []string{"validate", "--annotate", annotated, writeAnnotateCase(t)}, &stdout, &stderr); code != exitFindings {
		t.Fatalf("validate --annotate: exit %d: %s", code, stderr.String())
	}
	// A profile of its own, so that the test neither depends on nor
	// disturbs the user's LibreOffice settings, and never waits on a
	// running LibreOffice of the user.
	profile := (&url.URL{Scheme: "file", Path: filepath.Join(dir, "lo-profile")}).String()
	copyPath := filepath.Join(annotated, "发改统计局.xlsx")
	files := []string{tpl, copyPath}
	firstSheet := map[string]string{tpl: "项目推进台账填报说明", copyPath: "校验结果：发改统计局.xlsx"}
	formats := []struct{ ext, filter string }{
		{"pdf", "pdf"}, // every sheet, laid out for print
		{"csv", "csv:Text - txt - csv (StarCalc):44,34,76"}, // the first sheet; comma, double quote, UTF-8
		{"xlsx", "xlsx:Calc MS Excel 2007 XML"},             // every sheet, as LibreOffice understood it
	}
	for _, format := range formats {
		out := filepath.Join(dir, "out-"+format.ext)
		convert(t, soffice, profile, format.filter, out, files...)
		for _, file := range files {
			b, err := os.ReadFile(filepath.Join(out, filepath.Base(strings.TrimSuffix(file, ".xlsx")+"."+format.ext)))
			if err != nil || len(b) == 0 {
				t.Errorf("%s → %s: no output (%v)", filepath.Base(file), format.ext, err)
				continue
			}
			if format.ext == "csv" && !strings.Contains(string(b), firstSheet[file]) {
				t.Errorf("%s → csv lacks %q:\n%s", filepath.Base(file), firstSheet[file], b)
			}
		}
	}

	// What LibreOffice read is what was written: the template it saves
	// again still validates clean but for the blank template's one warning
	// (no project in it), and the annotated copy keeps every mark.
	resaved := filepath.Join(dir, "out-xlsx")
	f := ledger.ReadFile(filepath.Join(resaved, "台账模板.xlsx"), "台账模板.xlsx", ledger.Options{Period: model.Period{Year: 2024, Month: 3}})
	if len(f.Diags) != 1 || f.Diags[0].Rule != "sheet.no_data" {
		t.Errorf("the template saved again by LibreOffice: %v, want only sheet.no_data", f.Diags)
	}
	ours, err := xlsx.ReadMarks(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := xlsx.ReadMarks(filepath.Join(resaved, "发改统计局.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	look := func(ms []xlsx.MarkedCell) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Sheet+"!"+m.Cell+" "+m.Fill+" "+m.Comment) // LibreOffice drops comment authors
		}
		return out
	}
	if got, want := look(theirs), look(ours); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("marks as LibreOffice read them:\n%q\nwant\n%q", got, want)
	}
}

// convert runs one headless conversion with a timeout, killing the whole
// process group when it expires (soffice starts soffice.bin as a child).
func convert(t *testing.T, soffice, profile, filter, outDir string, files ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"-env:UserInstallation=" + profile,
		"--headless", "--norestore", "--convert-to", filter, "--outdir", outDir}, files...)
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("soffice --convert-to %s: no answer within the timeout", filter)
	}
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\nstdout: %s\nstderr: %s", filter, err, stdout.String(), stderr.String())
	}
	// LibreOffice exits 0 even when it could not load or convert a file;
	// it says so on stderr ("Error: source file could not be loaded",
	// "Error: no export filter"). Other lines (a missing Java, font
	// configuration notes of minimal systems) are not about our files.
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Error") {
			t.Errorf("soffice --convert-to %s: %s", filter, line)
		}
	}
}
