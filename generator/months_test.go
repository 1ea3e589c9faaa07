package generator

import (
	"reflect"
	"testing"
	"unsafe"

	"tuijin/generator/model"
)

// A packed ledger comes back field for field: every field of every record
// type set, records across chunk boundaries, and a record whose fields are
// zero after one whose fields are not.
func TestPackedLedgerRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		l    model.Ledger
	}{
		{"empty", model.Ledger{Period: model.Period{Year: 2024, Month: 3}}},
		{"every field", model.Ledger{Period: model.Period{Year: 2024, Month: 3},
			Projects: records[model.Project](2*packChunk + 3), Milestones: records[model.Milestone](packChunk),
			Funds: records[model.Fund](3), Issues: records[model.Issue](packChunk + 1), Approvals: records[model.Approval](1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := packLedger(&tt.l)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.unpack()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.l) {
				t.Errorf("unpacked ledger differs from the packed one")
			}
			first := map[string]*byte{}
			for _, p := range got.Projects {
				if p.Name == "" {
					continue
				}
				if d, ok := first[p.Name]; !ok {
					first[p.Name] = unsafe.StringData(p.Name)
				} else if d != unsafe.StringData(p.Name) {
					t.Fatalf("project name %q is decoded twice, not shared", p.Name)
				}
			}
		})
	}
}

// records makes n records with every field set to a value of its position,
// but for every third record, which is left zero.
func records[T any](n int) []T {
	out := make([]T, n)
	for i := range out {
		if i%3 != 2 {
			fill(reflect.ValueOf(&out[i]).Elem(), i+1)
		}
	}
	return out
}

func fill(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n+i)
		}
	case reflect.String:
		v.SetString("文本" + string(rune('a'+n%26)))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Bool:
		v.SetBool(true)
	default:
		panic("fill: no value for a " + v.Kind().String())
	}
}
