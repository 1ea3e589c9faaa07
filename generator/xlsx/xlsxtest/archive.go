package xlsxtest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/txtar"
)

// WriteArchive writes every file of ar under dir. Sections whose name ends
// in ".xlsx" are workbooks in the sheet language and are written as real
// .xlsx files by excelize; all other sections are written verbatim
// (Markdown pages, site.toml, stray .docx, …). Parent folders are created.
// Names are slash-separated relative paths.
//
// Every section is checked and built before the first file is written, so
// a mistake in the testdata leaves dir untouched.
func WriteArchive(dir string, ar *txtar.Archive) error {
	type output struct {
		path string
		data []byte
	}
	var outs []output
	seen := map[string]bool{}
	line := 1 + bytes.Count(ar.Comment, []byte("\n")) // line of the first marker
	for _, f := range ar.Files {
		first := line + 1 // first content line of this section
		line += 1 + bytes.Count(f.Data, []byte("\n"))

		rel := filepath.FromSlash(f.Name)
		if f.Name == "" || strings.Contains(f.Name, `\`) || !filepath.IsLocal(rel) || strings.HasSuffix(f.Name, "/") {
			return fmt.Errorf("xlsxtest: section %q: name must be a relative slash-separated path inside the folder", f.Name)
		}
		key := filepath.Clean(rel)
		if seen[key] {
			return fmt.Errorf("xlsxtest: section %q appears twice", f.Name)
		}
		seen[key] = true

		data := f.Data
		if isWorkbook(f.Name) {
			var err error
			if data, err = workbookBytes(f.Data); err != nil {
				return sectionErr(f.Name, first, err)
			}
		}
		outs = append(outs, output{filepath.Join(dir, rel), data})
	}
	for _, o := range outs {
		if err := os.MkdirAll(filepath.Dir(o.path), 0o755); err != nil {
			return fmt.Errorf("xlsxtest: %w", err)
		}
		if err := os.WriteFile(o.path, o.data, 0o644); err != nil {
			return fmt.Errorf("xlsxtest: %w", err)
		}
	}
	return nil
}

// WriteFile parses the txtar file at txtarPath and writes it under dir as
// WriteArchive does. Its errors point at txtarPath:line, so an editor can
// jump to the offending testdata line.
func WriteFile(dir, txtarPath string) error {
	ar, err := txtar.ParseFile(txtarPath)
	if err != nil {
		return fmt.Errorf("xlsxtest: %w", err)
	}
	err = WriteArchive(dir, ar)
	if se := (*sectionError)(nil); errors.As(err, &se) {
		se.file = txtarPath
	}
	return err
}

// Workbook builds one workbook from the sheet language (the content of one
// section) and saves it to path, creating its folder.
func Workbook(path string, src []byte) error {
	data, err := workbookBytes(src)
	if err != nil {
		var le *lineError
		if errors.As(err, &le) && le.line > 0 {
			return fmt.Errorf("xlsxtest: %s: line %d: %w", path, le.line, le.err)
		}
		return fmt.Errorf("xlsxtest: %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("xlsxtest: %w", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("xlsxtest: %w", err)
	}
	return nil
}

// isWorkbook ignores case because clerks' files come as .XLSX too.
func isWorkbook(name string) bool {
	return strings.EqualFold(filepath.Ext(name), ".xlsx")
}

// rawDirective as the first line of a .xlsx section writes the rest
// verbatim: corrupt workbooks and Excel's "~$name.xlsx" lock files are part
// of real folders, and tests need them too.
const rawDirective = "!raw"

func workbookBytes(src []byte) ([]byte, error) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimSuffix(first, []byte("\r"))) == rawDirective {
		return rest, nil
	}
	wb, err := parse(src)
	if err != nil {
		return nil, err
	}
	return build(wb)
}

// sectionError names the section and line of a bad workbook section, both
// within the section and within the archive as txtar.Format prints it
// (which is the file's own numbering when the archive came from a file).
type sectionError struct {
	file    string // txtar file, once known
	section string
	line    int // within the section; 0 for the section as a whole
	archive int // line in the archive
	err     error
}

func sectionErr(section string, first int, err error) error {
	se := &sectionError{section: section, err: err}
	var le *lineError
	if errors.As(err, &le) {
		se.err = le.err
		if le.line > 0 {
			se.line, se.archive = le.line, first+le.line-1
		}
	}
	if se.archive == 0 {
		se.archive = first - 1 // the section's marker line
	}
	return se
}

func (e *sectionError) Error() string {
	where := fmt.Sprintf("section %q", e.section)
	if e.line > 0 {
		where += fmt.Sprintf(" line %d", e.line)
	}
	if e.file != "" {
		return fmt.Sprintf("xlsxtest: %s:%d: %s: %v", e.file, e.archive, where, e.err)
	}
	return fmt.Sprintf("xlsxtest: %s (archive line %d): %v", where, e.archive, e.err)
}

func (e *sectionError) Unwrap() error { return e.err }
