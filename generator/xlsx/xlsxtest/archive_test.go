package xlsxtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// openAllWorkbooks opens every .xlsx under dir except the listed raw ones,
// proving that each workbook written is a valid file.
func openAllWorkbooks(t *testing.T, dir string, raw ...string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isWorkbook(path) {
			return err
		}
		for _, r := range raw {
			if filepath.ToSlash(path) == filepath.ToSlash(filepath.Join(dir, r)) {
				return nil
			}
		}
		openBook(t, path)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFile(dir, "testdata/example.txtar"); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(dir, "site.toml")); got != "title = \"项目推进\"\n" {
		t.Errorf("site.toml = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "docs/index.md")); got != "# 推进情况\n" {
		t.Errorf("index.md = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "data/2024-03/说明.docx")); got != "not really a docx\n" {
		t.Errorf("说明.docx = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "data/2024-03/~$项目推进台账.xlsx")); got != "not a workbook\n" {
		t.Errorf("lock file = %q", got)
	}
	if n := openAllWorkbooks(t, dir, "data/2024-03/~$项目推进台账.xlsx"); n != 1 {
		t.Errorf("%d workbooks, want 1", n)
	}

	b := openBook(t, filepath.Join(dir, "data/2024-03/项目推进台账.xlsx"))
	b.eq("title", b.value("汇总", "A1"), "2024年3月项目推进台账")
	b.eq("header", b.value("汇总", "C2"), "计划投资\n（万元）")
	b.eq("amount as text", b.value("汇总", "C3"), "12500")
	b.eq("date", b.value("汇总", "D3"), "2024年3月15日")
	b.eq("total", b.cellXML("汇总", "C5"), `<c r="C5"><f>SUM(C3:C4)</f><v>8000.5</v></c>`)
	b.eq("note", b.value("说明", "A1"), "#1号楼按季度填报")
	if v, _ := b.f.GetSheetVisible("说明"); v {
		t.Error("说明 is visible")
	}
	if app, _ := b.f.GetAppProps(); app == nil || app.Application != "WPS 表格" {
		t.Errorf("app = %+v", app)
	}
}

func TestWriteArchive(t *testing.T) {
	ar := txtar.Parse([]byte(`comment
-- a/b/c/深层.XLSX --
== S ==
#n:1
-- 台账.xlsx --
!raw
PK not really
-- empty.txt --
-- notes.md --
# 标题
`))
	dir := t.TempDir()
	if err := WriteArchive(dir, ar); err != nil {
		t.Fatal(err)
	}
	if n := openAllWorkbooks(t, dir, "台账.xlsx"); n != 1 {
		t.Errorf("%d workbooks, want 1", n)
	}
	if got := readFile(t, filepath.Join(dir, "台账.xlsx")); got != "PK not really\n" {
		t.Errorf("raw = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "empty.txt")); got != "" {
		t.Errorf("empty.txt = %q", got)
	}
	if got := readFile(t, filepath.Join(dir, "notes.md")); got != "# 标题\n" {
		t.Errorf("notes.md = %q", got)
	}
	b := openBook(t, filepath.Join(dir, "a/b/c/深层.XLSX"))
	b.eq("A1", b.raw("S", "A1"), "1")
}

func TestWriteArchiveErrors(t *testing.T) {
	const good = "-- ok.md --\nfine\n"
	tests := []struct {
		name, archive, want string
	}{
		{"line in a section", "c1\nc2\n" + good + "-- x/b.xlsx --\n== S ==\n!nope\n",
			`xlsxtest: section "x/b.xlsx" line 2 (archive line 7): unknown directive "!nope"`},
		{"whole section", good + "-- b.xlsx --\nno header\n",
			`xlsxtest: section "b.xlsx" line 1 (archive line 4): row before the first sheet header`},
		{"empty section", good + "-- b.xlsx --\n",
			`xlsxtest: section "b.xlsx" (archive line 3): no sheet header`},
		{"parent folder", good + "-- ../x.md --\n", `name must be a relative`},
		{"absolute", good + "-- /x.md --\n", `name must be a relative`},
		{"backslash", good + "-- a\\x.md --\n", `name must be a relative`},
		{"folder", good + "-- a/ --\n", `name must be a relative`},
		{"twice", good + "-- a/../ok.md --\n", `section "a/../ok.md" appears twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := WriteArchive(dir, txtar.Parse([]byte(tt.archive)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("WriteArchive = %v, want %q", err, tt.want)
			}
			// Nothing is written when any section is bad.
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("wrote %d entries", len(entries))
			}
		})
	}
}

func TestWriteFileErrorNamesFileLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.txtar")
	src := "intro\n-- a.md --\nx\n-- 台账.xlsx --\n== S ==\nok\n#d:2024-02-30\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(t.TempDir(), path)
	want := path + `:7: section "台账.xlsx" line 3: cell A2: #d: wants YYYY-MM-DD`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("WriteFile = %v\nwant %q", err, want)
	}
	if err := WriteFile(t.TempDir(), filepath.Join(t.TempDir(), "missing.txtar")); err == nil {
		t.Error("WriteFile of a missing file succeeded")
	}
}
