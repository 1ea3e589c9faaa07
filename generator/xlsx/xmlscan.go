package xlsx

import (
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

// walkLenient checks a part nobody here reads (drawings, properties, themes)
// for directives only. Once the XML stops parsing it gives up quietly: excelize
// and Excel cope with such parts or not on their own, and refusing a ledger
// over a damaged thumbnail description would help nobody.
func walkLenient(r io.Reader) error {
	if err := walk(r, nil); errors.Is(err, errDirective) {
		return err
	}
	return nil
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
