package fingerprint

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"tuijin/generator/analysis"
	"tuijin/generator/model"
)

// The differential tests: random values of the project's page types, and
// of types made to reach every step of a plan, are fingerprinted by Value
// and by referenceValue; for any two values, the two must agree on whether
// the sums are equal and on whether there is a fingerprint at all.

// stream is the random choices a value is made from; two values made from
// streams that differ in one choice differ in one place (or, when that
// choice made no difference, not at all).
type stream struct {
	xs []uint32
	i  int
}

// choose returns a choice among n; past the end of the stream it always
// takes the first, which ends every value (nil, empty).
func (s *stream) choose(n int) int {
	if s.i >= len(s.xs) {
		return 0
	}
	s.i++
	return int(s.xs[s.i-1] % uint32(n))
}

// gen fills values with choices from a stream. Pointers may be nil, new or
// one made before of the same type, so values share pointers and have
// cycles.
type gen struct {
	s     *stream
	ptrs  map[reflect.Type][]reflect.Value
	depth int
}

const maxGenDepth = 6

func makeValue(t reflect.Type, s *stream) any {
	g := &gen{s: s, ptrs: map[reflect.Type][]reflect.Value{}}
	v := reflect.New(t).Elem()
	g.fill(v)
	return v.Interface()
}

var (
	genStrings = []string{"", "a", "b", "ab", "项目", "ledgers/2024-03/高新区.xlsx"}
	genInts    = []int64{0, 1, -1, 100, 1 << 40}
	genUints   = []uint64{0, 1, 2, 200, 1 << 40}
	genFloats  = []float64{0, math.Copysign(0, -1), 1.5, -2, math.Inf(1)}
)

// settable returns v, or when v is an unexported field, the same memory
// through a value that may be set.
func settable(v reflect.Value) reflect.Value {
	if v.CanSet() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func (g *gen) fill(v reflect.Value) {
	v = settable(v)
	t := v.Type()
	deep := g.depth >= maxGenDepth
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(g.s.choose(2) == 1)
	case reflect.Int, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(genInts[g.s.choose(len(genInts))])
	case reflect.Int8:
		v.SetInt(genInts[g.s.choose(4)])
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(genUints[g.s.choose(len(genUints))])
	case reflect.Uint8:
		v.SetUint(genUints[g.s.choose(4)])
	case reflect.Float32, reflect.Float64:
		v.SetFloat(genFloats[g.s.choose(len(genFloats))])
	case reflect.Complex64, reflect.Complex128:
		v.SetComplex(complex(float64(g.s.choose(2)), 1))
	case reflect.String:
		v.SetString(genStrings[g.s.choose(len(genStrings))])
	case reflect.Array:
		for i := range v.Len() {
			g.fill(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			g.fill(v.Field(i))
		}
	case reflect.Slice:
		c := g.s.choose(5)
		if deep || c == 0 {
			return // nil
		}
		n := c - 1
		v.Set(reflect.MakeSlice(t, n, n))
		g.depth++
		for i := range n {
			g.fill(v.Index(i))
		}
		g.depth--
	case reflect.Pointer:
		c := g.s.choose(3)
		if deep || c == 0 {
			return
		}
		if old := g.ptrs[t]; c == 2 && len(old) > 0 {
			v.Set(old[g.s.choose(len(old))])
			return
		}
		p := reflect.New(t.Elem())
		g.ptrs[t] = append(g.ptrs[t], p) // before filling, so that it can point to itself
		v.Set(p)
		g.depth++
		g.fill(p.Elem())
		g.depth--
	case reflect.Map:
		c := g.s.choose(4)
		if deep || c == 0 {
			return
		}
		m := reflect.MakeMap(t)
		g.depth++
		for range c - 1 {
			k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			g.fill(k)
			g.fill(e)
			m.SetMapIndex(k, e)
		}
		g.depth--
		v.Set(m)
	case reflect.Interface:
		var impl []reflect.Type
		for _, d := range dynamicTypes {
			if d.Implements(t) {
				impl = append(impl, d)
			}
		}
		c := g.s.choose(len(impl) + 1)
		if deep || c == 0 {
			return
		}
		x := reflect.New(impl[c-1]).Elem()
		g.depth++
		g.fill(x)
		g.depth--
		v.Set(x)
	case reflect.Func:
		if g.s.choose(2) == 1 {
			v.Set(reflect.MakeFunc(t, func([]reflect.Value) []reflect.Value { return nil }))
		}
	case reflect.Chan:
		if g.s.choose(2) == 1 {
			v.Set(reflect.MakeChan(t, 0))
		}
	case reflect.UnsafePointer:
		if g.s.choose(2) == 1 {
			v.SetPointer(unsafe.Pointer(new(int)))
		}
	default:
		panic("gen: no " + t.String())
	}
}

// Types made to reach every step of a plan: padding, zero sizes, short
// and long arrays, embedded and unexported structs, interfaces holding
// their value in the word, interfaces with methods, maps of each key kind.
type (
	label string
	stamp struct {
		Year, Month, Day int
		Exact            bool
	} // padding after Exact
	padded struct {
		B bool
		I int64
		C byte
		S string
	}
	shape struct {
		stamp        // embedded
		inner  inner // unexported, holding an unexported field
		Zero   struct{}
		Empty  [0]int
		Short  [3]string
		Long   [20]label
		Nums   [4]int32
		Wide   [12]int64
		Stamps [2]stamp
		Pads   []padded
		Ints   []int
		Bytes  []byte
		Labels []label
		Ptrs   []*stamp
		Any    any
		Str    fmt.Stringer
		ByName map[label]*padded
		ByInt  map[int8]string
		ByUint map[uint16]stamp
		ByBool map[bool][]string
		Floats []float32
		Self   *shape
		Word   wordStruct
	}
	wordStruct struct{ P *stamp } // held in an interface's word
	stringer   struct{ N int }
	ptrStrngr  struct{ S string }
	// Each holds one kind of value that has no fingerprint, behind a
	// pointer, a slice or a map that may be nil or empty.
	badFunc struct {
		N int
		F *func()
	}
	badChan struct {
		N int
		C *chan int
	}
	badComplex struct {
		N int
		X *complex128
	}
	badUnsafe struct {
		N int
		U *unsafe.Pointer
	}
	badMapKey struct {
		N int
		M map[stamp]int
	} // keys that cannot be ordered
	badSlice struct {
		N  int
		Fs []func()
	}
)

func (s stringer) String() string   { return fmt.Sprint(s.N) }
func (s *ptrStrngr) String() string { return s.S }

// dynamicTypes are what the generator puts in interfaces.
var dynamicTypes = []reflect.Type{
	reflect.TypeFor[int](), reflect.TypeFor[int64](), reflect.TypeFor[string](), reflect.TypeFor[label](),
	reflect.TypeFor[stamp](), reflect.TypeFor[*stamp](), reflect.TypeFor[wordStruct](), reflect.TypeFor[[1]*stamp](),
	reflect.TypeFor[map[string]int](), reflect.TypeFor[[]label](), reflect.TypeFor[stringer](), reflect.TypeFor[*ptrStrngr](),
	reflect.TypeFor[*shape](), reflect.TypeFor[struct{}](), reflect.TypeFor[padded](), reflect.TypeFor[func()](),
}

// diffTypes are the types the differential tests make values of: the
// project's page data, and the shapes above.
var diffTypes = []reflect.Type{
	reflect.TypeFor[pageFrame](),
	reflect.TypeFor[projectBody](),
	reflect.TypeFor[analysis.Project](),
	reflect.TypeFor[analysis.Report](),
	reflect.TypeFor[model.Ledger](),
	reflect.TypeFor[shape](),
	reflect.TypeFor[[]*shape](),
	reflect.TypeFor[badFunc](),
	reflect.TypeFor[badChan](),
	reflect.TypeFor[badComplex](),
	reflect.TypeFor[badUnsafe](),
	reflect.TypeFor[badMapKey](),
	reflect.TypeFor[badSlice](),
	reflect.TypeFor[time.Time](),
	// In a struct: Value's argument is itself an interface, and Value
	// writes its dynamic type where referenceValue did not.
	reflect.TypeFor[struct{ V any }](),
}

// agree makes two values of t from streams a and b and checks that Value
// and referenceValue agree about them.
func agree(t *testing.T, typ reflect.Type, a, b []uint32) {
	t.Helper()
	x := makeValue(typ, &stream{xs: a})
	y := makeValue(typ, &stream{xs: b})
	fx, okfx := Value("t", x)
	fy, okfy := Value("t", y)
	rx, okrx := referenceValue("t", x)
	ry, okry := referenceValue("t", y)
	if okfx != okrx || okfy != okry {
		t.Fatalf("%v: ok: Value %v %v, reference %v %v", typ, okfx, okfy, okrx, okry)
	}
	if okfx && okfy && (fx == fy) != (rx == ry) {
		t.Fatalf("%v: Value says equal=%v, the reference %v\nx=%#v\ny=%#v", typ, fx == fy, rx == ry, x, y)
	}
	if again, _ := Value("t", x); again != fx {
		t.Fatalf("%v: two sums of one value differ", typ)
	}
}

func TestValueAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 300
	if testing.Short() {
		n = 30
	}
	for _, typ := range diffTypes {
		t.Run(typ.String(), func(t *testing.T) {
			equal, differ, none := 0, 0, 0
			for range n {
				a := make([]uint32, 200+r.IntN(3000))
				for i := range a {
					a[i] = r.Uint32()
				}
				// The same choices: equal values in other memory.
				agree(t, typ, a, a)
				// One choice changed; often an early one, since small
				// values use only the first few.
				b := append([]uint32(nil), a...)
				b[r.IntN(min(len(b), 1<<r.IntN(12)))] += 1 + uint32(r.IntN(5))
				agree(t, typ, a, b)
				sx, okx := referenceValue("t", makeValue(typ, &stream{xs: a}))
				sy, oky := referenceValue("t", makeValue(typ, &stream{xs: b}))
				switch {
				case !okx || !oky:
					none++
				case sx == sy:
					equal++
				default:
					differ++
				}
			}
			// Each outcome the type allows must come up for the comparison
			// to mean anything.
			if differ == 0 || strings.HasPrefix(typ.Name(), "bad") && none == 0 {
				t.Errorf("of %d pairs, %d equal, %d different, %d without a fingerprint", n, equal, differ, none)
			}
		})
	}
}

// FuzzValueAgrees makes two values from the fuzzer's bytes: the first
// byte picks the type, the next four the choice to change, the rest are
// the choices.
func FuzzValueAgrees(f *testing.F) {
	for i := range diffTypes {
		seed := []byte{byte(i), 0, 0, 0, 7}
		for j := range 64 {
			seed = append(seed, byte(j*37+i))
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 5 {
			return
		}
		typ := diffTypes[int(data[0])%len(diffTypes)]
		at := int(binary.LittleEndian.Uint32(data[1:5]))
		var a []uint32
		for _, c := range data[5:] {
			a = append(a, uint32(c))
		}
		if len(a) == 0 {
			return
		}
		b := append([]uint32(nil), a...)
		b[at%len(b)]++
		agree(t, typ, a, a)
		agree(t, typ, a, b)
	})
}
