package fingerprint

import (
	"fmt"
	"html/template"
	"testing"
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
	for _, v := range []any{
		func() {},
		struct{ F func() }{},
		make(chan int),
		complex(1, 2),
		map[[2]int]int{{1, 2}: 3},
	} {
		if _, ok := Value("x", v); ok {
			t.Errorf("Value(%T) claims a fingerprint", v)
		}
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
