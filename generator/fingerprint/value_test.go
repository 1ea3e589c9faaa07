package fingerprint

import (
	"fmt"
	"html/template"
	"math"
	"testing"
	"unsafe"
)

type inner struct {
	Name string
	n    int // unexported: a template method may read it
}

type outer struct {
	A    []string
	P    *inner
	M    map[string]int
	Any  any
	HTML template.HTML
	Next *outer
}

func sum(t *testing.T, tag string, v any) Sum {
	t.Helper()
	s, ok := Value(tag, v)
	if !ok {
		t.Fatalf("Value(%#v) has no fingerprint", v)
	}
	return s
}

func TestValueTellsApart(t *testing.T) {
	base := func() outer {
		return outer{A: []string{"a", "b"}, P: &inner{"x", 1}, M: map[string]int{"k": 1}, Any: 3, HTML: "<b>"}
	}
	tests := []struct {
		name   string
		change func(*outer)
	}{
		{"slice split differently", func(o *outer) { o.A = []string{"ab"} }},
		{"nil slice and empty slice", func(o *outer) { o.A = nil }},
		{"unexported field", func(o *outer) { o.P.n = 2 }},
		{"exported field behind pointer", func(o *outer) { o.P.Name = "y" }},
		{"nil pointer", func(o *outer) { o.P = nil }},
		{"map value", func(o *outer) { o.M["k"] = 2 }},
		{"map key", func(o *outer) { o.M = map[string]int{"j": 1} }},
		{"interface dynamic type", func(o *outer) { o.Any = int64(3) }},
		{"interface value", func(o *outer) { o.Any = 4 }},
		{"nil interface", func(o *outer) { o.Any = nil }},
		{"string type with same text", func(o *outer) { o.Any = "3" }},
		{"html text", func(o *outer) { o.HTML = "<i>" }},
	}
	want := sum(t, "page", base())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := base()
			tt.change(&o)
			if got := sum(t, "page", o); got == want {
				t.Errorf("changed value has the same fingerprint")
			}
		})
	}
	if got := sum(t, "page", base()); got != want {
		t.Errorf("equal values, different fingerprints")
	}
	if got := sum(t, "other", base()); got == want {
		t.Errorf("the tag does not change the fingerprint")
	}
}

func TestValueMapOrder(t *testing.T) {
	// Go randomises map iteration; build the same map many times over.
	var first Sum
	for i := range 50 {
		m := map[string]int{}
		for k := range 100 {
			m[fmt.Sprint("key", (k*7+i)%100)] = (k*7 + i) % 100
		}
		s := sum(t, "m", m)
		if i == 0 {
			first = s
		} else if s != first {
			t.Fatalf("map fingerprint depends on iteration order")
		}
	}
	if sum(t, "m", map[int]bool{1: true, 2: false}) != sum(t, "m", map[int]bool{2: false, 1: true}) {
		t.Errorf("int-keyed map fingerprint depends on order")
	}
}

func TestValueCycle(t *testing.T) {
	a := &outer{A: []string{"a"}}
	a.Next = a
	b := &outer{A: []string{"a"}}
	b.Next = &outer{A: []string{"a"}}
	if sum(t, "c", a) == sum(t, "c", b) {
		t.Errorf("a cycle and a chain of copies share a fingerprint")
	}
	a2 := &outer{A: []string{"a"}}
	a2.Next = a2
	if sum(t, "c", a) != sum(t, "c", a2) {
		t.Errorf("two equal cycles differ")
	}
}

func TestValueWithoutFingerprint(t *testing.T) {
	fn := func() {}
	for _, v := range []any{
		func() {},
		struct{ F func() }{},
		make(chan int),
		struct{ C chan int }{}, // even nil: the reference walk refused it too
		complex(1, 2),
		complex64(0),
		unsafe.Pointer(&fn),
		map[[2]int]int{{1, 2}: 3},
		map[[2]int]int{}, // empty, but not nil
		map[float64]string{},
		[]func(){fn},
		&fn,
		[2]any{1, fn},
		struct{ A any }{fn},
		badFunc{F: &fn},
		map[string]any{"a": 1, "b": make(chan int)},
	} {
		if _, ok := Value("x", v); ok {
			t.Errorf("Value(%T) claims a fingerprint", v)
		}
	}
	// What holds such a kind only in a nil pointer, an empty slice or a
	// nil map has one.
	for _, v := range []any{
		badFunc{N: 1},
		badMapKey{},
		badSlice{Fs: []func(){}},
		[0]func(){},
		(*func())(nil),
		map[string]func(){},
		struct{ A any }{},
	} {
		if _, ok := Value("x", v); !ok {
			t.Errorf("Value(%#v) has no fingerprint", v)
		}
	}
}

// richShape is a value reaching every step of a plan; each change below
// alters one thing in it.
func richShape() *shape {
	s := &shape{
		stamp:  stamp{2024, 3, 31, true},
		inner:  inner{"in", 7},
		Short:  [3]string{"a", "b", "c"},
		Nums:   [4]int32{1, 2, 3, 4},
		Wide:   [12]int64{300, 0, 1 << 40},
		Stamps: [2]stamp{{2024, 1, 1, false}, {2024, 2, 2, true}},
		Pads:   []padded{{true, 1, 2, "x"}, {false, 3, 4, "y"}},
		Ints:   []int{1, 2, 3},
		Bytes:  []byte("bytes"),
		Labels: []label{"a", "b"},
		Any:    stamp{1, 2, 3, false},
		Str:    stringer{5},
		ByName: map[label]*padded{"k": {S: "v"}},
		ByInt:  map[int8]string{-1: "m", 2: "n"},
		ByUint: map[uint16]stamp{7: {Day: 1}},
		ByBool: map[bool][]string{true: {"t"}, false: nil},
		Floats: []float32{0.5},
		Word:   wordStruct{&stamp{Day: 9}},
	}
	for i := range s.Long {
		s.Long[i] = label(fmt.Sprint(i))
	}
	st := &stamp{Year: 1}
	s.Ptrs = []*stamp{st, st}
	s.Self = s
	return s
}

func TestValueTellsApartEveryStep(t *testing.T) {
	tests := []struct {
		name   string
		change func(*shape)
	}{
		{"embedded struct's field", func(s *shape) { s.Day = 30 }},
		{"bool after ints in one run", func(s *shape) { s.Exact = false }},
		{"unexported field of an unexported struct", func(s *shape) { s.inner.n = 8 }},
		{"short array of strings, split differently", func(s *shape) { s.Short = [3]string{"ab", "", "c"} }},
		{"long array", func(s *shape) { s.Long[19] = "x" }},
		{"array of numbers", func(s *shape) { s.Nums[3] = 5 }},
		{"array of 64-bit integers", func(s *shape) { s.Wide[11] = -1 }},
		{"64-bit integers, moved", func(s *shape) { s.Wide[0], s.Wide[1] = 0, 300 }},
		{"array of padded structs", func(s *shape) { s.Stamps[1].Exact = false }},
		{"slice of structs with strings", func(s *shape) { s.Pads[1].S = "z" }},
		{"slice of structs with strings, split differently", func(s *shape) { s.Pads[0].S, s.Pads[1].S = "xy", "" }},
		{"byte in a padded struct", func(s *shape) { s.Pads[0].C = 3 }},
		{"slice of numbers", func(s *shape) { s.Ints[2] = 4 }},
		{"slice of numbers, one fewer", func(s *shape) { s.Ints = s.Ints[:2] }},
		{"bytes", func(s *shape) { s.Bytes[0] = 'B' }},
		{"nil bytes", func(s *shape) { s.Bytes = nil }},
		{"empty bytes", func(s *shape) { s.Bytes = []byte{} }},
		{"named strings", func(s *shape) { s.Labels = []label{"ab"} }},
		{"shared pointer made two copies", func(s *shape) { c := *s.Ptrs[0]; s.Ptrs[1] = &c }},
		{"interface holding another type", func(s *shape) { s.Any = padded{} }},
		{"interface holding a pointer to an equal value", func(s *shape) { s.Any = &stamp{1, 2, 3, false} }},
		{"interface holding a string of another type", func(s *shape) { s.Any = label("x") }},
		{"interface holding a pointer-shaped struct", func(s *shape) { s.Any = wordStruct{&stamp{Day: 9}} }},
		{"interface with methods", func(s *shape) { s.Str = stringer{6} }},
		{"interface with methods, pointer", func(s *shape) { s.Str = &ptrStrngr{"5"} }},
		{"nil interface with methods", func(s *shape) { s.Str = nil }},
		{"map value behind a pointer", func(s *shape) { s.ByName["k"].S = "w" }},
		{"int8 map key", func(s *shape) { s.ByInt = map[int8]string{1: "m", 2: "n"} }},
		{"uint16 map key", func(s *shape) { s.ByUint = map[uint16]stamp{8: {Day: 1}} }},
		{"bool map key", func(s *shape) { s.ByBool = map[bool][]string{true: {"t"}} }},
		{"nil slice in a map", func(s *shape) { s.ByBool[false] = []string{} }},
		{"nil map", func(s *shape) { s.ByInt = nil }},
		{"empty map", func(s *shape) { s.ByInt = map[int8]string{} }},
		{"float32", func(s *shape) { s.Floats[0] = 0.25 }},
		{"negative zero", func(s *shape) { s.Floats[0] = float32(math.Copysign(0, -1)) }},
		{"pointer in a struct's word", func(s *shape) { s.Word.P.Day = 10 }},
		{"cycle made a chain", func(s *shape) { c := *s; s.Self = &c; c.Self = nil }},
	}
	want := sum(t, "s", richShape())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := richShape()
			tt.change(s)
			if got := sum(t, "s", s); got == want {
				t.Errorf("changed value has the same fingerprint")
			}
		})
	}
	if got := sum(t, "s", richShape()); got != want {
		t.Errorf("equal values in other memory have different fingerprints")
	}
	if got := sum(t, "s", *richShape()); got == want {
		t.Errorf("a pointer and the value it points to have the same fingerprint")
	}
}

// fillPadding sets every byte of *p to b, so that padding holds garbage.
func fillPadding[T any](p *T, b byte) {
	m := unsafe.Slice((*byte)(unsafe.Pointer(p)), unsafe.Sizeof(*p))
	for i := range m {
		m[i] = b
	}
}

func TestValueIgnoresPadding(t *testing.T) {
	p := new(padded)
	fillPadding(p, 0xa5)
	p.B, p.I, p.C, p.S = true, 1, 2, "x"
	if sum(t, "p", *p) != sum(t, "p", padded{true, 1, 2, "x"}) {
		t.Errorf("padding bytes changed the fingerprint of a struct")
	}
	// Dates and stamps end with padding, and a slice of them is not
	// written as its memory.
	s := make([]stamp, 2)
	for i := range s {
		fillPadding(&s[i], 0xff)
		s[i].Year, s[i].Month, s[i].Day, s[i].Exact = 2024, i, 1, i == 0
	}
	if sum(t, "s", s) != sum(t, "s", []stamp{{2024, 0, 1, true}, {2024, 1, 1, false}}) {
		t.Errorf("padding bytes changed the fingerprint of a slice")
	}
	a := [2]stamp{}
	fillPadding(&a, 0x11)
	a[0], a[1] = stamp{1, 2, 3, true}, stamp{4, 5, 6, false}
	if sum(t, "a", a) != sum(t, "a", [2]stamp{{1, 2, 3, true}, {4, 5, 6, false}}) {
		t.Errorf("padding bytes changed the fingerprint of an array")
	}
}

// Two types of one name, declared in two functions.
func localInt() any  { type T int; return T(1) }
func localUint() any { type T uint64; return T(1) }
func localA() any    { type T struct{ A int }; return T{1} }
func localB() any    { type T struct{ B int }; return T{1} }

func TestValueTellsPairsApart(t *testing.T) {
	empty := ""
	for _, tt := range []struct{ a, b any }{
		{[]string(nil), []string{}},
		{[]byte(nil), []byte{}},
		{map[string]int(nil), map[string]int{}},
		{(*string)(nil), &empty},
		{struct{ P *string }{}, struct{ P *string }{&empty}},
		{[]string{"a", "b"}, []string{"ab"}},
		{[]string{"ab", ""}, []string{"a", "b"}},
		{struct{ A, B string }{"a", "b"}, struct{ A, B string }{"ab", ""}},
		{[2][]int{{1}, {}}, [2][]int{{}, {1}}},
		{struct{ V any }{}, struct{ V any }{(*int)(nil)}},
		// Types.
		{3, int64(3)},
		{"x", label("x")},
		{stamp{}, padded{}},
		{localInt(), localUint()},
		{localA(), localB()},
		{struct{ V any }{localInt()}, struct{ V any }{localUint()}},
		{[]string{"a"}, []label{"a"}},
		{&stamp{}, stamp{}},
	} {
		if sum(t, "t", tt.a) == sum(t, "t", tt.b) {
			t.Errorf("%T and %T have the same fingerprint", tt.a, tt.b)
		}
	}
}

func TestValueInterfaceWords(t *testing.T) {
	// Values an interface holds in its word rather than behind a pointer.
	st := &stamp{Day: 1}
	for _, tt := range []struct{ a, same, other any }{
		{st, &stamp{Day: 1}, &stamp{Day: 2}},
		{wordStruct{st}, wordStruct{&stamp{Day: 1}}, wordStruct{&stamp{Day: 2}}},
		{[1]*stamp{st}, [1]*stamp{{Day: 1}}, [1]*stamp{nil}},
		{map[string]int{"a": 1}, map[string]int{"a": 1}, map[string]int{"a": 2}},
		{(*stamp)(nil), (*stamp)(nil), st},
	} {
		if sum(t, "w", tt.a) != sum(t, "w", tt.same) {
			t.Errorf("%#v and %#v have different fingerprints", tt.a, tt.same)
		}
		if sum(t, "w", tt.a) == sum(t, "w", tt.other) {
			t.Errorf("%#v and %#v have the same fingerprint", tt.a, tt.other)
		}
	}
}

func TestValueConcurrent(t *testing.T) {
	// Types met for the first time by many goroutines at once: their plans
	// are made once, and every walk gets the same sums.
	type fresh struct {
		S    *shape
		Page pageFrame
		Next *fresh
	}
	v := &fresh{S: richShape(), Page: testPage(3)}
	v.Next = v
	const n = 8
	sums := make(chan Sum, n)
	for range n {
		go func() {
			s, _ := Value("c", v)
			sums <- s
		}()
	}
	first := <-sums
	for range n - 1 {
		if s := <-sums; s != first {
			t.Fatalf("concurrent walks of one value disagree")
		}
	}
	if s := sum(t, "c", v); s != first {
		t.Errorf("a later walk disagrees with the concurrent ones")
	}
}

func TestProgram(t *testing.T) {
	a, err := Program()
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 64 {
		t.Errorf("Program() = %q, want 64 hex digits", a)
	}
	if b, _ := Program(); b != a {
		t.Errorf("Program() changed within a process")
	}
}

func TestValueManyPointers(t *testing.T) {
	// Enough pointers to grow the table of pointers several times, each
	// referred back to once; the same with the second visits made copies.
	const n = 5000
	shared := make([]*stamp, 0, 2*n)
	copies := make([]*stamp, 0, 2*n)
	for i := range n {
		shared = append(shared, &stamp{Day: i})
		copies = append(copies, &stamp{Day: i})
	}
	shared = append(shared, shared...)
	for i := range n {
		c := *copies[i]
		copies = append(copies, &c)
	}
	s, c := sum(t, "p", shared), sum(t, "p", copies)
	if s == c {
		t.Errorf("shared pointers and copies have the same fingerprint")
	}
	if again := sum(t, "p", shared); again != s {
		t.Errorf("two sums of one value differ")
	}
	// A walker that followed many pointers is reused for a small value.
	if sum(t, "p", []*stamp{{Day: 1}, {Day: 1}}) == sum(t, "p", []*stamp{shared[1], shared[1]}) {
		t.Errorf("a reused walker took two pointers for one")
	}
}
