package generator

import (
	"bytes"
	"compress/flate"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"tuijin/generator/load"
	"tuijin/generator/model"
)

// A packed ledger comes back field for field: every field of every record
// type set, a record whose fields are zero after one whose fields are not,
// empty slices apart from none; and each text once, shared by every record
// that has it, whatever its type.
func TestPackedLedgerRoundTrip(t *testing.T) {
	period := model.Period{Year: 2024, Month: 3}
	tests := []struct {
		name string
		l    model.Ledger
	}{
		{"empty", model.Ledger{Period: period}},
		{"no records", model.Ledger{Period: period, Projects: []model.Project{}, Approvals: []model.Approval{}}},
		{"every field", model.Ledger{Period: period,
			Projects: records[model.Project](2051), Milestones: records[model.Milestone](1024),
			Funds: records[model.Fund](3), Issues: records[model.Issue](1025), Approvals: records[model.Approval](1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := packRoundTrip(t, &tt.l)
			first := map[string]*byte{}
			share := func(s string) {
				if s == "" {
					return
				}
				if d, ok := first[s]; !ok {
					first[s] = unsafe.StringData(s)
				} else if d != unsafe.StringData(s) {
					t.Fatalf("%q is decoded twice, not shared", s)
				}
			}
			for _, p := range got.Projects {
				share(p.Name)
				share(p.Unit)
			}
			for _, m := range got.Milestones {
				share(m.Unit)
			}
		})
	}
}

// The bundled sample's ledger comes back as it was read.
func TestPackSample(t *testing.T) {
	months, err := load.Months("../data")
	if err != nil || len(months) == 0 {
		t.Fatalf("no months in the sample: %v", err)
	}
	res, err := load.Data(context.Background(), "../data", months[len(months)-1], load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Ledger.Projects) == 0 || len(res.Ledger.Milestones) == 0 {
		t.Fatal("the sample's ledger has no projects or milestones")
	}
	packRoundTrip(t, res.Ledger)
}

// A damaged packed ledger is an error, never a panic or a different
// ledger.
func TestUnpackDamaged(t *testing.T) {
	l := model.Ledger{Period: model.Period{Year: 2024, Month: 3}, Projects: records[model.Project](5), Funds: records[model.Fund](4)}
	p, err := packLedger(&l)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(p) {
		if got, err := p[:n].unpack(); err == nil || got != nil {
			t.Fatalf("the first %d of %d bytes unpack to %v, %v", n, len(p), got, err)
		}
	}
	for i := range p {
		d := bytes.Clone(p)
		d[i] ^= 0xff
		if got, err := packedLedger(d).unpack(); err == nil && reflect.DeepEqual(got, &l) {
			t.Errorf("byte %d changed and the ledger did not", i)
		}
	}
}

func packRoundTrip(t *testing.T, l *model.Ledger) *model.Ledger {
	t.Helper()
	p, err := packLedger(l)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.unpack()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, l) {
		t.Fatalf("unpacked ledger differs from the packed one")
	}
	return got
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

// BenchmarkPack packs and unpacks the ledger of the one-month corpus
// (scripts/bench.sh generates it under $TUIJIN_BENCH_DIR; skipped without
// it), and compresses and inflates the packed bytes with flate at its
// best speed: what compressing them would add. bytes is the packed size,
// or the compressed size.
func BenchmarkPack(b *testing.B) {
	root := os.Getenv("TUIJIN_BENCH_DIR")
	if root == "" {
		b.Skip("TUIJIN_BENCH_DIR not set; scripts/bench.sh generates the corpora")
	}
	dir := filepath.Join(root, "u100p200m1")
	months, err := load.Months(dir)
	if err != nil || len(months) == 0 {
		b.Skip("no one-month corpus; run scripts/bench.sh")
	}
	res, err := load.Data(context.Background(), dir, months[len(months)-1], load.Options{DropRows: true})
	if err != nil {
		b.Fatal(err)
	}
	l := res.Ledger
	res = nil
	p, err := packLedger(l)
	if err != nil {
		b.Fatal(err)
	}
	var z bytes.Buffer
	w, _ := flate.NewWriter(&z, flate.BestSpeed)
	w.Write(p)
	w.Close()
	b.Run("pack", func(b *testing.B) {
		for b.Loop() {
			if _, err := packLedger(l); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(p)), "bytes")
	})
	b.Run("unpack", func(b *testing.B) {
		for b.Loop() {
			if _, err := p.unpack(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("deflate", func(b *testing.B) {
		for b.Loop() {
			z.Reset()
			w, _ := flate.NewWriter(&z, flate.BestSpeed)
			w.Write(p)
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(z.Len()), "bytes")
	})
	b.Run("inflate", func(b *testing.B) {
		for b.Loop() {
			if _, err := io.Copy(io.Discard, flate.NewReader(bytes.NewReader(z.Bytes()))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
