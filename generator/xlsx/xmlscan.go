package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"

	"golang.org/x/net/html/charset"
)

// errDirective is returned for any <!...> declaration. Go's decoder would
// ignore a DTD, but no spreadsheet writer emits one, so its presence means a
// crafted file (entity expansion, external entities) and the whole file is
// refused rather than trusting every later parser to ignore it too.
var errDirective = errors.New("XML part contains a DOCTYPE or other <!...> declaration")

// newDecoder mirrors the decoder excelize uses, so that both accept the same
// encodings.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	return d
}

// walk feeds every token of one XML part to fn (which may be nil), refusing
// directives. Syntax errors are returned as they come from encoding/xml.
func walk(r io.Reader, fn func(xml.Token) error) error {
	d := newDecoder(r)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, ok := tok.(xml.Directive); ok {
			return errDirective
		}
		if fn != nil {
			if err := fn(tok); err != nil {
				return err
			}
		}
	}
}

// scanDoctype checks a part nobody here parses (drawings, properties,
// themes) for a DOCTYPE by looking at its bytes. Parsing such parts as XML
// would cost far more (encoding/xml manages about 25 MB/s) and would have
// to give up at the first syntax error, where a byte search goes on to the
// end. Markup cannot hide "<!DOCTYPE" inside text, which must escape "<".
func scanDoctype(r io.Reader) error {
	const word = "DOCTYPE"
	buf := make([]byte, 32<<10)
	keep := 0 // bytes carried over, in case the word straddles two reads
	for {
		n, err := r.Read(buf[keep:])
		window := buf[:keep+n]
		for rest := window; ; {
			i := bytes.Index(rest, []byte("<!"))
			if i < 0 || len(rest)-i-2 < len(word) {
				break
			}
			if bytes.EqualFold(rest[i+2:i+2+len(word)], []byte(word)) {
				return errDirective
			}
			rest = rest[i+2:]
		}
		keep = min(len(window), len(word)+1)
		copy(buf, window[len(window)-keep:])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// attr returns the value of the last attribute with that local name, the
// way excelize picks attributes (it ignores prefixes).
func attr(t xml.StartElement, local string) (string, bool) {
	var v string
	var ok bool
	for _, a := range t.Attr {
		if a.Name.Local == local {
			v, ok = a.Value, true
		}
	}
	return v, ok
}
