package codec

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"tuijin/generator/diag"
	"tuijin/generator/ledger"
	"tuijin/generator/model"
)

type (
	amount   int64
	severity int
	label    string
	flags    []bool
	inner    struct {
		A amount
		S label
		L flags
	}
	// Embedded is exported so that its fields are carried, as gob would.
	Embedded struct{ E string }
	every    struct {
		Embedded
		B                   bool
		I                   int
		I8                  int8
		I16                 int16
		I32                 int32
		I64                 int64
		U                   uint
		U8                  uint8
		U16                 uint16
		U32                 uint32
		U64                 uint64
		F32                 float32
		F64                 float64
		S                   string
		Sev                 severity
		In                  inner
		Arr                 [3]int16
		Bytes               []byte
		Ints                []int
		Strs                []string
		Ins                 []inner
		ByName              map[string]int
		ByNum               map[int]bool
		ByByte              map[uint8]inner
		Maps                []map[string][]string
		unexported          string
		alsoUnexported, etc int
	}
)

func full() every {
	return every{
		Embedded: Embedded{"嵌入"},
		B:        true,
		I:        math.MinInt, I8: math.MinInt8, I16: math.MaxInt16, I32: math.MinInt32, I64: math.MaxInt64,
		U: math.MaxUint, U8: math.MaxUint8, U16: 1, U32: math.MaxUint32, U64: math.MaxUint64,
		F32: -1.5, F64: math.Inf(-1),
		S:     "发改统计局.xlsx 项目台账!F7\x00\xff",
		Sev:   2,
		In:    inner{A: -120000, S: "万元", L: flags{true, false}},
		Arr:   [3]int16{-1, 0, 1},
		Bytes: []byte{0, 1, 255},
		Ints:  []int{0, -1, 1 << 40},
		Strs:  []string{"", "a", "a", "", "万元"},
		Ins:   []inner{{}, {A: 1}, {S: "万元"}},
		ByName: map[string]int{
			"项目代码": 1, "": 0, "总投资": 7,
		},
		ByNum:  map[int]bool{-3: true, 0: false, 9: true},
		ByByte: map[uint8]inner{0: {}, 255: {S: "x"}},
		Maps:   []map[string][]string{nil, {}, {"a": nil, "b": {}, "c": {"万元", "a"}}},
	}
}

// roundTrip encodes v, decodes it and wants v back; encoding v again must
// give the same bytes.
func roundTrip[T any](t *testing.T, v T) []byte {
	t.Helper()
	b, err := Append(nil, &v)
	if err != nil {
		t.Fatal(err)
	}
	var got T
	if err := Decode(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, v) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got, v)
	}
	again, err := Append(nil, &got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, b) {
		t.Errorf("the decoded value encodes differently")
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	t.Run("zero", func(t *testing.T) { roundTrip(t, every{}) })
	t.Run("every kind", func(t *testing.T) { roundTrip(t, full()) })
	t.Run("nil and empty stay apart", func(t *testing.T) {
		roundTrip(t, every{Bytes: []byte{}, Ints: []int{}, Strs: []string{}, Ins: []inner{}, ByName: map[string]int{}, ByNum: map[int]bool{}, Maps: []map[string][]string{}})
	})
	t.Run("unnamed top level", func(t *testing.T) {
		roundTrip(t, map[string][]int{"a": {1}, "b": nil})
		roundTrip(t, []string{"x", "x"})
		roundTrip(t, "万元")
		roundTrip(t, int8(-128))
		roundTrip(t, [0]int{})
		roundTrip(t, struct{}{})
	})
	t.Run("ledger file", func(t *testing.T) { roundTrip(t, filled[ledger.File]()) })
	t.Run("ledger", func(t *testing.T) { roundTrip(t, filled[model.Ledger]()) })
	t.Run("findings", func(t *testing.T) { roundTrip(t, filled[diag.List]()) })
}

// Unexported fields are neither written nor read: they come back zero,
// and Decode clears them in the value it fills.
func TestUnexportedFieldsAreZero(t *testing.T) {
	v := every{S: "x", unexported: "y", alsoUnexported: 1, etc: 2}
	b, err := Append(nil, &v)
	if err != nil {
		t.Fatal(err)
	}
	got := every{unexported: "left over", etc: 9}
	if err := Decode(b, &got); err != nil {
		t.Fatal(err)
	}
	if want := (every{S: "x"}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// Each text is written once and decoded once: the decoded value's equal
// strings share their bytes.
func TestStringsAreTabled(t *testing.T) {
	long := strings.Repeat("形象进度", 100)
	v := make([]inner, 1000)
	for i := range v {
		v[i].S = label(strings.Clone(long))
	}
	b := roundTrip(t, v)
	if max := len(long) + 4*len(v); len(b) > max {
		t.Errorf("%d copies of a %d-byte text take %d bytes, want at most %d", len(v), len(long), len(b), max)
	}
	var got []inner
	if err := Decode(b, &got); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if unsafe.StringData(string(got[i].S)) != unsafe.StringData(string(got[0].S)) {
			t.Fatalf("text %d is a copy of its own", i)
		}
	}
}

// The bytes of one type never decode as another.
func TestOtherTypeRefused(t *testing.T) {
	type a struct{ X, Y int }
	type b struct{ X, Z int }
	enc, err := Append(nil, &a{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	got := b{X: 5}
	if err := Decode(enc, &got); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "another type") {
		t.Errorf("Decode = %v, want an error about another type", err)
	}
	if got != (b{X: 5}) {
		t.Errorf("a failed Decode changed the value to %+v", got)
	}
}

func TestRefusedTypes(t *testing.T) {
	type withFunc struct {
		Name string
		Hook func()
	}
	type withChan struct{ C chan int }
	type withAny struct{ In []any }
	type withPointer struct{ P *int }
	type withComplex struct{ C complex128 }
	type withUintptr struct{ U uintptr }
	type node struct{ Kids []node }
	type structKeys struct{ M map[model.Period]int }
	type empty struct{ hidden int }
	type emptySlice struct{ E []empty }
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"func", refusal[withFunc](), "codec.withFunc.Hook: cannot encode a func() (of kind func)"},
		{"chan", refusal[withChan](), "codec.withChan.C: cannot encode a chan int"},
		{"interface", refusal[withAny](), "codec.withAny.In[]: cannot encode a interface {}"},
		{"pointer", refusal[withPointer](), "codec.withPointer.P: cannot encode a *int"},
		{"complex", refusal[withComplex](), "codec.withComplex.C: cannot encode a complex128"},
		{"uintptr", refusal[withUintptr](), "codec.withUintptr.U: cannot encode a uintptr"},
		{"recursive", refusal[node](), "codec.node.Kids[]: codec.node contains itself"},
		{"struct keys", refusal[structKeys](), "codec.structKeys.M: a map with keys of kind struct cannot be encoded"},
		{"elements of no bytes", refusal[emptySlice](), "codec.emptySlice.E: a slice of codec.empty cannot be encoded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil || !strings.Contains(tt.err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", tt.err, tt.want)
			}
		})
	}
}

// refusal is the error of encoding and of decoding a T, which must agree.
func refusal[T any]() error {
	var v T
	_, err := Append(nil, &v)
	if derr := Decode([]byte{Version}, &v); (derr == nil) != (err == nil) || err != nil && derr.Error() != err.Error() {
		return errors.New("Append and Decode disagree")
	}
	return err
}

// Damaged bytes give an error that wraps ErrCorrupt, and leave the value
// alone.
func TestDecodeDamaged(t *testing.T) {
	type small struct {
		B  bool
		I8 int8
		S  []string
		M  map[string]int
	}
	head := func(tail ...byte) []byte {
		b, err := Append(nil, &small{})
		if err != nil {
			t.Fatal(err)
		}
		return append(b[:headerLen], tail...)
	}
	good := head(1, 2, 3, 5, 'a', 'b', 2, 2, 3, 'k', 8)
	var ok small
	if err := Decode(good, &ok); err != nil || !reflect.DeepEqual(ok, small{true, 1, []string{"ab", "ab"}, map[string]int{"k": 4}}) {
		t.Fatalf("the well-formed bytes give %+v, %v", ok, err)
	}
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "too few"},
		{"other version", append([]byte{Version + 1}, good[1:]...), "format version"},
		{"cut off", good[:len(good)-1], "cut off"},
		{"trailing byte", append(bytes.Clone(good), 0), "1 bytes follow the value"},
		{"boolean 2", head(2, 0, 0, 0), "neither 0 nor 1"},
		{"int8 of 128", head(0, 0x80, 0x02, 0, 0), "does not fit in int8"},
		{"overlong number", head(0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0), "too long"},
		{"a billion strings", head(0, 0, 0x80, 0x94, 0xeb, 0xdc, 0x03, 0, 0), "do not fit"},
		{"string not yet seen", head(0, 0, 2, 2, 0), "string 1 of 0"},
		{"string longer than the rest", head(0, 0, 2, 9, 'a'), "a string of 4 bytes"},
		{"empty string tabled", head(0, 0, 2, 1, 0), "a string of 0 bytes"},
		{"key twice", head(0, 0, 0, 3, 3, 'k', 2, 2, 4), "the key k comes twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := small{I8: 7}
			err := Decode(tt.b, &v)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode = %v, want an error containing %q", err, tt.want)
			}
			if !reflect.DeepEqual(v, small{I8: 7}) {
				t.Errorf("a failed Decode changed the value to %+v", v)
			}
		})
	}
}

// Every prefix of a real encoding fails, and no change of one byte
// panics; whatever decodes encodes again.
func TestTruncatedAndFlipped(t *testing.T) {
	v := filled[ledger.File]()
	b, err := Append(nil, &v)
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(b) {
		var f ledger.File
		if err := Decode(b[:n], &f); err == nil {
			t.Fatalf("the first %d of %d bytes decode", n, len(b))
		}
	}
	for i := range b {
		for _, x := range []byte{0x01, 0x80, 0xff} {
			c := bytes.Clone(b)
			c[i] ^= x
			checkDecode[ledger.File](t, c)
		}
	}
}

// checkDecode decodes b, and when that succeeds, encodes the value,
// decodes that and encodes it again, and wants the same bytes twice
// (bytes rather than values: a float may be NaN).
func checkDecode[T any](t *testing.T, b []byte) {
	t.Helper()
	var v T
	if err := Decode(b, &v); err != nil {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("Decode = %v, which does not wrap ErrCorrupt", err)
		}
		return
	}
	again, err := Append(nil, &v)
	if err != nil {
		t.Fatal(err)
	}
	var w T
	if err := Decode(again, &w); err != nil {
		t.Fatalf("a decoded value's encoding does not decode: %v", err)
	}
	if third, _ := Append(nil, &w); !bytes.Equal(third, again) {
		t.Fatalf("a decoded value does not survive encoding again")
	}
}

func FuzzDecode(f *testing.F) {
	for _, v := range []every{{}, full()} {
		b, err := Append(nil, &v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode[every](t, b)
		// Decoding into room laid out for two of the slices never panics
		// and, when the bytes fit the room, gives what Decode gives.
		k := 1 + len(b)%3
		into := every{Ints: make([]int, k), Ins: make([]inner, k)}
		if DecodeInto(b, &into) != nil {
			return
		}
		var plain every
		if err := Decode(b, &plain); err != nil {
			t.Fatalf("DecodeInto took bytes Decode refuses: %v", err)
		}
		// Compared encoded: a NaN is not equal to itself.
		x, _ := Append(nil, &into)
		y, _ := Append(nil, &plain)
		if !bytes.Equal(x, y) {
			t.Fatalf("DecodeInto gave %+v, Decode %+v", into, plain)
		}
	})
}

// filled returns a T with every exported field set, slices and maps of
// three elements whose first is zero.
func filled[T any]() T {
	var v T
	fill(reflect.ValueOf(&v).Elem(), 1)
	return v
}

func fill(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n+i)
			}
		}
	case reflect.String:
		v.SetString("文本" + string(rune('a'+n%26)))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 3, 3))
		for i := 1; i < 3; i++ {
			fill(v.Index(i), n+i)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range 3 {
			k, x := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n+i)
			if i > 0 {
				fill(x, n+i)
			}
			v.SetMapIndex(k, x)
		}
	default:
		panic("fill: no value for a " + v.Kind().String())
	}
}
