package xlsx

import (
	"bytes"
	"io"

	"github.com/xuri/excelize/v2"
)

// The shared string table, read natively. excelize decodes each <si> (and
// each inline <is>) into its xlsxSI struct with encoding/xml and takes its
// text as the <t> child followed by the <t> of every rich-text run <r>,
// ignoring phonetic runs <rPh>, then unescapes "_xHHHH_". itemReader does
// the same on the fast scanner's tokens, including the quirks of decoding
// into a struct: of several <t> in one item or run the last counts, child
// elements of a <t> are skipped, elements the struct has no field for are
// skipped whole. What can make encoding/xml fail -- a typed attribute that
// does not parse, such as <sz val="big"/> -- ends the native reading with
// errUnusual, and the exact decoder (sharedStringsExact) takes over.

// mainNS is the SpreadsheetML namespace, which excelize requires of <sst>.
const mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

// item is the text of one xlsxSI as decoding builds it.
type item struct {
	hasT bool
	t    string // the last <t> child
	runs []byte // the runs' texts, concatenated
}

func (it *item) reset() { *it = item{runs: it.runs[:0]} }

// String is xlsxSI.String.
func (it *item) String() string {
	if !it.hasT && len(it.runs) == 0 {
		return ""
	}
	s := it.t
	if len(it.runs) > 0 {
		s += string(it.runs)
	}
	return bstrUnmarshal(s)
}

// itemReader reads <si> and <is> elements.
type itemReader struct {
	z    *fastScanner
	text textBuf
}

// read takes the content of an item whose start tag was just read, up to
// and including its end tag, into it. Reading a second item into the same
// it adds to it, as decoding into an existing xlsxSI does.
func (r *itemReader) read(it *item) error {
	z := r.z
	for {
		k, err := z.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return errSlowPath
		case tokEnd:
			return nil
		case tokStart:
			switch string(z.local) {
			case "t":
				s, err := r.readText()
				if err != nil {
					return err
				}
				it.hasT, it.t = true, s
			case "r":
				if err := r.readRun(it); err != nil {
					return err
				}
			case "rPh":
				if err := typedOK(z, "sb", attrUint32); err != nil {
					return err
				}
				if err := typedOK(z, "eb", attrUint32); err != nil {
					return err
				}
				if err := skipElement(z); err != nil {
					return err
				}
			case "phoneticPr":
				if err := typedOK(z, "fontId", attrInt); err != nil {
					return err
				}
				if err := skipElement(z); err != nil {
					return err
				}
			default:
				if err := skipElement(z); err != nil {
					return err
				}
			}
		}
	}
}

// readRun reads an <r> whose start tag was just read.
func (r *itemReader) readRun(it *item) error {
	z := r.z
	hasT, t := false, ""
	for {
		k, err := z.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return errSlowPath
		case tokEnd:
			if hasT {
				it.runs = append(it.runs, t...)
			}
			return nil
		case tokStart:
			switch string(z.local) {
			case "t":
				if t, err = r.readText(); err != nil {
					return err
				}
				hasT = true
			case "rPr":
				err = r.checkRunProperties()
			default:
				err = skipElement(z)
			}
			if err != nil {
				return err
			}
		}
	}
}

// runPropertyKinds are the typed attributes of xlsxRPr's children.
var runPropertyKinds = map[string][]struct {
	attr string
	kind attrKind
}{
	"charset":  {{"val", attrInt}},
	"family":   {{"val", attrInt}},
	"b":        {{"val", attrBool}},
	"i":        {{"val", attrBool}},
	"strike":   {{"val", attrBool}},
	"outline":  {{"val", attrBool}},
	"shadow":   {{"val", attrBool}},
	"condense": {{"val", attrBool}},
	"extend":   {{"val", attrBool}},
	"sz":       {{"val", attrFloat}},
	"color":    {{"auto", attrBool}, {"indexed", attrInt}, {"theme", attrInt}, {"tint", attrFloat}},
}

// checkRunProperties reads an <rPr> whose start tag was just read, checking
// that its children's typed attributes decode.
func (r *itemReader) checkRunProperties() error {
	z := r.z
	for {
		k, err := z.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return errSlowPath
		case tokEnd:
			return nil
		case tokStart:
			for _, a := range runPropertyKinds[string(z.local)] {
				if err := typedOK(z, a.attr, a.kind); err != nil {
					return err
				}
			}
			if err := skipElement(z); err != nil {
				return err
			}
		}
	}
}

// readText reads the character data of an element whose start tag was just
// read, as decoding it into a string field does: its own text only, child
// elements skipped.
func (r *itemReader) readText() (string, error) {
	if err := readChars(r.z, &r.text); err != nil {
		return "", err
	}
	return r.text.String(), nil
}

// readChars collects into t, reset first, the character data of an element
// whose start tag was just read, up to and including its end tag: its own
// text only, child elements skipped, as encoding/xml does for a string.
func readChars(z *fastScanner, t *textBuf) error {
	t.reset()
	for {
		k, err := z.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return errSlowPath
		case tokEnd:
			return nil
		case tokText:
			t.add(z.text, z.plain)
		case tokStart:
			t.flush()
			if err := skipElement(z); err != nil {
				return err
			}
		}
	}
}

// skipElement reads up to the end of the element whose start tag was just
// read. The fast scanner has checked that the tags match.
func skipElement(z *fastScanner) error {
	for depth := 1; depth > 0; {
		k, err := z.next()
		if err != nil {
			return err
		}
		switch k {
		case tokEOF:
			return errSlowPath
		case tokStart:
			depth++
		case tokEnd:
			depth--
		}
	}
	return nil
}

// sharedStringsFast reads the table natively; errSlowPath or errUnusual
// mean that sharedStringsExact must read it.
func sharedStringsFast(b []byte) ([]string, error) {
	z := newFastScanner(bytes.NewReader(b))
	for {
		k, err := z.next()
		if err != nil {
			return nil, err
		}
		if k == tokEOF {
			return nil, nil // no element at all: excelize's Decode says io.EOF, and an empty table
		}
		if k == tokStart {
			break
		}
	}
	if string(z.qual) != "sst" || !declaresMainNS(z) {
		return nil, errUnusual // let encoding/xml say what is wrong with the root
	}
	if err := typedOK(z, "count", attrInt); err != nil {
		return nil, err
	}
	if err := typedOK(z, "uniqueCount", attrInt); err != nil {
		return nil, err
	}
	r := &itemReader{z: z}
	var vals []string
	var it item
	for {
		k, err := z.next()
		if err != nil {
			return nil, err
		}
		switch k {
		case tokEOF:
			return nil, errSlowPath
		case tokEnd:
			return vals, nil // the root's end; decoding reads no further
		case tokStart:
			if string(z.local) != "si" {
				if err := skipElement(z); err != nil {
					return nil, err
				}
				continue
			}
			it.reset()
			if err := r.read(&it); err != nil {
				return nil, err
			}
			vals = append(vals, it.String())
		}
	}
}

// declaresMainNS reports that the start tag just read declares the
// SpreadsheetML namespace as its default namespace.
func declaresMainNS(z *fastScanner) bool {
	for _, a := range z.attrs {
		if string(a.qual) == "xmlns" {
			return a.plain && string(a.val) == mainNS
		}
	}
	return false
}

// sharedStringsExact decodes the table into excelize's own struct, as
// excelize's sharedStringsReader does, and takes each item's text with
// excelize's own method: the reference, at encoding/xml's speed.
func sharedStringsExact(b []byte) ([]string, error) {
	var f excelize.File // only a home for a value of excelize's type
	if err := newDecoder(bytes.NewReader(b)).Decode(&f.SharedStrings); err != nil && err != io.EOF {
		return nil, err
	}
	if f.SharedStrings == nil {
		return nil, nil
	}
	vals := make([]string, len(f.SharedStrings.SI))
	for i, si := range f.SharedStrings.SI {
		vals[i] = si.String()
	}
	return vals, nil
}
