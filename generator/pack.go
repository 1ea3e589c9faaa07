package generator

import (
	"bytes"
	"compress/flate"
	"encoding/gob"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"tuijin/generator/model"
)

// packedLedger is a ledger gob-encoded and compressed: a seventh of its
// size for a large month, as the same text comes back row after row. The
// records go in chunks, so that neither end holds a whole month encoded:
// gob buffers each value it writes or reads.
type packedLedger []byte

// packChunk is the number of records per gob value.
const packChunk = 1024

// ledgerHead is what a packed ledger starts with.
type ledgerHead struct {
	Period                                         model.Period
	Projects, Milestones, Funds, Issues, Approvals int
}

func packLedger(l *model.Ledger) (packedLedger, error) {
	var b bytes.Buffer
	zw, err := flate.NewWriter(&b, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	enc := gob.NewEncoder(zw)
	err = enc.Encode(ledgerHead{l.Period, len(l.Projects), len(l.Milestones), len(l.Funds), len(l.Issues), len(l.Approvals)})
	if err == nil {
		err = errors.Join(encodeChunks(enc, l.Projects), encodeChunks(enc, l.Milestones), encodeChunks(enc, l.Funds),
			encodeChunks(enc, l.Issues), encodeChunks(enc, l.Approvals), zw.Close())
	}
	if err != nil {
		return nil, err
	}
	return bytes.Clone(b.Bytes()), nil
}

func (p packedLedger) unpack() (*model.Ledger, error) {
	dec := gob.NewDecoder(flate.NewReader(bytes.NewReader(p)))
	var h ledgerHead
	if err := dec.Decode(&h); err != nil {
		return nil, err
	}
	l := &model.Ledger{Period: h.Period}
	seen := map[string]string{}
	var errs [5]error
	l.Projects, errs[0] = decodeChunks[model.Project](dec, h.Projects, seen)
	l.Milestones, errs[1] = decodeChunks[model.Milestone](dec, h.Milestones, seen)
	l.Funds, errs[2] = decodeChunks[model.Fund](dec, h.Funds, seen)
	l.Issues, errs[3] = decodeChunks[model.Issue](dec, h.Issues, seen)
	l.Approvals, errs[4] = decodeChunks[model.Approval](dec, h.Approvals, seen)
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return l, nil
}

func encodeChunks[T any](enc *gob.Encoder, s []T) error {
	for len(s) > 0 {
		n := min(len(s), packChunk)
		if err := enc.Encode(s[:n]); err != nil {
			return err
		}
		s = s[n:]
	}
	return nil
}

// decodeChunks reads n records into a slice of exactly n (nil for none,
// as a ledger has no empty slices that mean anything else), their text
// interned in seen.
func decodeChunks[T any](dec *gob.Decoder, n int, seen map[string]string) ([]T, error) {
	if n == 0 {
		return nil, nil
	}
	out := make([]T, 0, n)
	texts := stringFields(reflect.TypeFor[T](), nil)
	for len(out) < n {
		var chunk []T // fresh: gob leaves a reused record's fields alone where the new one is zero
		if err := dec.Decode(&chunk); err != nil {
			return nil, err
		}
		if len(chunk) == 0 || len(out)+len(chunk) > n {
			return nil, fmt.Errorf("packed ledger: %d records where %d were left", len(chunk), n-len(out))
		}
		intern(chunk, texts, seen)
		out = append(out, chunk...)
	}
	return out, nil
}

// intern replaces the text fields of the records by one copy per text
// (seen holds the copies so far), as reading a workbook does: a month's
// report keeps its ledger's text, and gob decodes every field anew.
func intern[T any](records []T, texts [][]int, seen map[string]string) {
	for i := range records {
		v := reflect.ValueOf(&records[i]).Elem()
		for _, path := range texts {
			f := v.FieldByIndex(path)
			s := f.String()
			if s == "" {
				continue
			}
			if c, ok := seen[s]; ok {
				f.SetString(c)
			} else {
				seen[s] = s
			}
		}
	}
}

// stringFields lists the paths of t's string fields, nested structs' included.
func stringFields(t reflect.Type, prefix []int) [][]int {
	var out [][]int
	for i := range t.NumField() {
		path := append(slices.Clip(prefix), i)
		switch f := t.Field(i); f.Type.Kind() {
		case reflect.String:
			out = append(out, path)
		case reflect.Struct:
			out = append(out, stringFields(f.Type, path)...)
		}
	}
	return out
}
