package xlsxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"path"
	"regexp"
	"strings"
	"tuijin/generator/xlsx/internal/ooxml"
)

// cellPatch is what excelize cannot write through its API: a cached value
// next to a formula (excelize only ever writes formulas without one) and
// error cells. It replaces the cell's type and value in the saved
// worksheet XML.
type cellPatch struct {
	typ     string // new t attribute; "" for a number
	v       string // <v> text, unescaped
	formula bool   // keep the cell's <f>
}

// patchCells rewrites the worksheets of the saved workbook xlsx so that
// each patched cell reads <c r=… s=… t=…><f>…</f><v>…</v></c>. Everything
// else is copied byte for byte, so the file stays exactly as excelize made
// it apart from those cells.
func patchCells(xlsx []byte, patches map[string]map[string]cellPatch) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		return nil, err
	}
	parts, err := sheetParts(zr)
	if err != nil {
		return nil, err
	}
	byPart := map[string]map[string]cellPatch{}
	for name, cells := range patches {
		part, ok := parts[name]
		if !ok {
			return nil, fmt.Errorf("internal error: no worksheet part for sheet %q", name)
		}
		byPart[part] = cells
	}

	edits := map[string]ooxml.Edit{}
	for part, cells := range byPart {
		edits[part] = func(data []byte) ([]byte, error) {
			var err error
			for ref, p := range cells {
				if data, err = patchCell(data, ref, p); err != nil {
					return nil, fmt.Errorf("internal error: %v", err)
				}
			}
			return data, nil
		}
	}
	return ooxml.Rewrite(zr, edits)
}

// sheetParts maps sheet names to their worksheet part names, following
// xl/workbook.xml and its relationships as a reader would, rather than
// guessing excelize's sheetN.xml numbering.
func sheetParts(zr *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(zr, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := decodePart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		parts[s.Name] = targets[s.RID]
	}
	return parts, nil
}

func decodePart(zr *zip.Reader, name string, v any) error {
	zf, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer zf.Close()
	return xml.NewDecoder(zf).Decode(v)
}

var (
	styleAttr = regexp.MustCompile(`\ss="\d+"`)
	// formulaElem matches excelize's <f> element, empty or not; the <f>
	// body is escaped text and holds no "<".
	formulaElem = regexp.MustCompile(`<f(\s[^>]*)?(/>|>[^<]*</f>)`)
)

// patchCell replaces the <c r="ref"> element in the worksheet XML. excelize
// writes each cell once, unprefixed, with attributes free of ">", so plain
// text search is exact here and avoids re-encoding the whole sheet.
func patchCell(data []byte, ref string, p cellPatch) ([]byte, error) {
	open := []byte(`<c r="` + ref + `"`)
	start := bytes.Index(data, open)
	if start < 0 {
		return nil, fmt.Errorf("cell %s not found", ref)
	}
	tagEnd := bytes.IndexByte(data[start:], '>')
	if tagEnd < 0 {
		return nil, fmt.Errorf("cell %s: unterminated tag", ref)
	}
	tagEnd += start + 1
	tag := data[start:tagEnd]
	end := tagEnd
	var body []byte
	if !bytes.HasSuffix(tag, []byte("/>")) {
		closeAt := bytes.Index(data[tagEnd:], []byte("</c>"))
		if closeAt < 0 {
			return nil, fmt.Errorf("cell %s: no </c>", ref)
		}
		body = data[tagEnd : tagEnd+closeAt]
		end = tagEnd + closeAt + len("</c>")
	}

	var c bytes.Buffer
	c.Write(open)
	c.Write(styleAttr.Find(tag))
	if p.typ != "" {
		fmt.Fprintf(&c, ` t="%s"`, p.typ)
	}
	c.WriteString(">")
	if p.formula {
		f := formulaElem.Find(body)
		if f == nil {
			return nil, fmt.Errorf("cell %s: no <f> to keep", ref)
		}
		c.Write(f)
	}
	c.WriteString("<v>")
	if err := xml.EscapeText(&c, []byte(p.v)); err != nil {
		return nil, err
	}
	c.WriteString("</v></c>")

	patched := make([]byte, 0, len(data)+c.Len())
	patched = append(patched, data[:start]...)
	patched = append(patched, c.Bytes()...)
	return append(patched, data[end:]...), nil
}
