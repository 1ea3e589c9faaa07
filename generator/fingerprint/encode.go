package fingerprint

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"reflect"
	"slices"
	"sync"
	"unsafe"
)

// The encoding. Every value is written as its static type says, so no
// kind markers are needed inside it: for a given type the encoding is
// injective and prefix-free, and so is a sequence of them (a struct, an
// array, the elements of a slice), which is what keeps [a b] from [ab],
// "" from a nil pointer and one field from the next.
//
//   - booleans and numbers: their bytes in memory (a float's bits, so 0
//     and -0 differ); runs of them that lie next to each other in a struct
//     or an array are written in one piece, and a slice of a type that is
//     nothing but such bytes, with no padding, is written as its memory;
//   - a string: its length (uvarint), then its bytes;
//   - a slice: 0 when nil, else its length + 1 (uvarint), then the elements;
//   - an array or a struct: the elements or fields in order, with nothing
//     around them; padding and fields of size zero write nothing;
//   - a pointer: 0 when nil; 1 and the order of first visit (uvarint) when
//     the same pointer (address and type) was followed before in this walk;
//     else 2 and the value pointed to;
//   - an interface: 0 when nil, else 1, the dynamic type's identity (a
//     SHA-256 of its name, package and structure, see typeSig), and the
//     value as that type says;
//   - a map: 0 when nil, else its length + 1, then each key and value, in
//     key order.
//
// Memory holds numbers in the machine's byte order and int's size, so the
// encoding is that of one kind of machine; fingerprints never leave the
// executable that made them (see Value), so that is all they need.

type opKind uint8

const (
	opMem         opKind = iota // size bytes of memory
	opWords                     // size/8 64-bit integers
	opString                    // a string
	opSlice                     // a slice of elem
	opArray                     // n elems
	opPointer                   // a pointer to elem
	opIface                     // an empty interface
	opMethodIface               // an interface with methods, of type elem.t
	opMap                       // a map of type elem.t
	opUnsupported               // a func, chan, unsafe pointer or complex number
)

// op is one step of writing a value: what lies at off from the value's
// address.
type op struct {
	kind opKind
	off  uintptr
	size uintptr // opMem
	n    int     // opArray
	elem *plan
}

// plan is how a type is written, compiled once per type: the steps, with
// nested structs and short arrays flattened into their container's.
type plan struct {
	t    reflect.Type
	id   uint32
	size uintptr
	ops  []op
	// mem: the type's memory is its encoding (numbers and booleans without
	// padding), so an array or slice of it is written in one piece.
	mem bool
	// str, ptr: the type is a string or a pointer, so a slice of it loops
	// without dispatch.
	str, ptr bool
	// direct: an interface holds the value itself rather than a pointer to
	// it (pointers, maps, and structs or arrays of exactly one of them).
	direct bool
	// key and val are a map's; key is nil when its kind cannot be ordered.
	key, val *plan
	// sig identifies the type in an interface; set for dynamic types only.
	sig [sha256.Size]byte
}

var (
	// dynamic holds the plans of types met as the dynamic type of an
	// interface (or of Value's argument), with their sig: reflect.Type → *plan.
	dynamic sync.Map

	compileMu sync.Mutex
	compiled  = map[reflect.Type]*plan{} // every plan, under compileMu
	nextPlan  uint32
)

// dynamicPlan returns the plan of a type met in an interface.
func dynamicPlan(t reflect.Type) *plan {
	if p, ok := dynamic.Load(t); ok {
		return p.(*plan)
	}
	compileMu.Lock()
	defer compileMu.Unlock()
	if p, ok := dynamic.Load(t); ok {
		return p.(*plan)
	}
	p := compile(t)
	p.sig = typeSig(t)
	dynamic.Store(t, p)
	return p
}

// compile returns t's plan, compiling it and the plans of the types it
// refers to when needed. A type that refers to itself gets its own plan
// while that is still being made: plans refer to each other only through
// op.elem, which nothing reads before the walk.
func compile(t reflect.Type) *plan {
	if p := compiled[t]; p != nil {
		return p
	}
	p := &plan{t: t, id: nextPlan, size: t.Size()}
	nextPlan++
	compiled[t] = p
	switch t.Kind() {
	case reflect.String:
		p.str = true
	case reflect.Pointer:
		p.ptr = true
	case reflect.Map:
		switch t.Key().Kind() {
		case reflect.String, reflect.Bool,
			reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			p.key = compile(t.Key())
		}
		p.val = compile(t.Elem())
	}
	p.ops = opsOf(t)
	p.mem = isMem(p.ops, p.size)
	// Asking the runtime rather than restating its rule: a pointer-shaped
	// zero value is held in the interface as a nil word, anything else
	// behind a pointer to a zero value. (An interface type is never the
	// dynamic type of another.)
	if t.Kind() != reflect.Interface {
		x := reflect.Zero(t).Interface()
		p.direct = (*eface)(unsafe.Pointer(&x)).data == nil
	}
	if p.direct && (len(p.ops) != 1 || p.ops[0].off != 0 ||
		p.ops[0].kind != opPointer && p.ops[0].kind != opMap && p.ops[0].kind != opUnsupported) {
		panic("fingerprint: unexpected layout of " + t.String() + " in an interface")
	}
	return p
}

// opsOf returns the steps that write a value of type t. The fields of a
// struct and the elements of a short array are flattened into it from
// their types, not from their plans: a field's plan may be one still being
// made (a *T field of a T reached from a *T).
func opsOf(t reflect.Type) []op {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Uintptr:
		if t.Size() == 8 {
			return []op{{kind: opWords, size: 8}}
		}
		return []op{{kind: opMem, size: t.Size()}}
	case reflect.Bool, reflect.Int8, reflect.Int16, reflect.Int32,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Float32, reflect.Float64:
		return []op{{kind: opMem, size: t.Size()}}
	case reflect.String:
		return []op{{kind: opString}}
	case reflect.Slice:
		return []op{{kind: opSlice, elem: compile(t.Elem())}}
	case reflect.Array:
		e := t.Elem()
		eops := opsOf(e)
		switch {
		case t.Len() == 0 || e.Size() == 0:
			return nil
		case isMem(eops, e.Size()):
			return []op{{kind: opMem, size: t.Size()}}
		case len(eops) == 1 && eops[0].kind == opWords && eops[0].size == e.Size():
			return []op{{kind: opWords, size: t.Size()}}
		case t.Len()*len(eops) <= maxUnrolled:
			var ops []op
			for i := range t.Len() {
				ops = appendOps(ops, eops, uintptr(i)*e.Size())
			}
			return ops
		}
		return []op{{kind: opArray, n: t.Len(), elem: compile(e)}}
	case reflect.Struct:
		var ops []op
		for i := range t.NumField() {
			f := t.Field(i)
			ops = appendOps(ops, opsOf(f.Type), f.Offset)
		}
		return ops
	case reflect.Pointer:
		return []op{{kind: opPointer, elem: compile(t.Elem())}}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return []op{{kind: opIface}}
		}
		return []op{{kind: opMethodIface, elem: compile(t)}}
	case reflect.Map:
		return []op{{kind: opMap, elem: compile(t)}}
	}
	// func, chan, unsafe pointer, complex
	return []op{{kind: opUnsupported}}
}

// isMem reports whether ops write a value's whole memory of size bytes as
// it is: then so do an array or a slice of such values.
func isMem(ops []op, size uintptr) bool {
	return len(ops) == 0 && size == 0 ||
		len(ops) == 1 && ops[0].kind == opMem && ops[0].off == 0 && ops[0].size == size
}

// maxUnrolled is how many steps an array may be flattened into; a longer
// one loops over its elements.
const maxUnrolled = 16

// appendOps appends the steps of a value at off, joining runs of memory
// that touch.
func appendOps(ops, add []op, off uintptr) []op {
	for _, o := range add {
		o.off += off
		if last := len(ops) - 1; last >= 0 && (o.kind == opMem || o.kind == opWords) && ops[last].kind == o.kind &&
			ops[last].off+ops[last].size == o.off {
			ops[last].size += o.size
			continue
		}
		ops = append(ops, o)
	}
	return ops
}

// eface is the layout of an empty interface.
type eface struct {
	typ, data unsafe.Pointer
}

// sliceHeader is the layout of a slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// walk writes the value at p by the steps ops.
func (w *walker) walk(ops []op, p unsafe.Pointer) {
	for i := range ops {
		o := &ops[i]
		q := unsafe.Add(p, o.off)
		switch o.kind {
		case opMem:
			w.mem(q, o.size)
		case opString:
			// str's common case, here to save a call per string.
			s := *(*string)(q)
			if n := len(s); n < 0x80 && n < len(w.buf)-w.n {
				w.buf[w.n] = byte(n)
				w.n += 1 + copy(w.buf[w.n+1:], s)
			} else {
				w.str(s)
			}
		case opWords:
			w.words(q, o.size)
		case opSlice:
			w.slice(o.elem, (*sliceHeader)(q))
		case opArray:
			for j := range o.n {
				w.walk(o.elem.ops, unsafe.Add(q, uintptr(j)*o.elem.size))
			}
		case opPointer:
			w.pointer(o.elem, *(*unsafe.Pointer)(q))
		case opIface:
			w.iface(*(*any)(q))
		case opMethodIface:
			w.iface(reflect.NewAt(o.elem.t, q).Elem().Interface())
		case opMap:
			w.mapAt(o.elem, *(*unsafe.Pointer)(q))
		case opUnsupported:
			w.ok = false
		}
		if !w.ok {
			return
		}
	}
}

func (w *walker) slice(e *plan, s *sliceHeader) {
	if s.data == nil {
		w.byte1(0)
		return
	}
	w.uvarint(uint64(s.len) + 1)
	switch {
	case e.mem:
		w.mem(s.data, uintptr(s.len)*e.size)
	case e.str:
		for _, x := range unsafe.Slice((*string)(s.data), s.len) {
			w.str(x)
		}
	case e.ptr:
		for _, x := range unsafe.Slice((*unsafe.Pointer)(s.data), s.len) {
			w.pointer(e.ops[0].elem, x)
			if !w.ok {
				return
			}
		}
	default:
		for i := range s.len {
			w.walk(e.ops, unsafe.Add(s.data, uintptr(i)*e.size))
			if !w.ok {
				return
			}
		}
	}
}

func (w *walker) pointer(e *plan, p unsafe.Pointer) {
	if p == nil {
		w.byte1(0)
		return
	}
	if at, ok := w.seen.add(uintptr(p), e.id); ok {
		w.byte1(1)
		w.uvarint(uint64(at))
		return
	}
	w.byte1(2)
	w.walk(e.ops, p)
}

func (w *walker) iface(x any) {
	if x == nil {
		w.byte1(0)
		return
	}
	p := dynamicPlan(reflect.TypeOf(x))
	w.byte1(1)
	w.bytes(p.sig[:])
	e := (*eface)(unsafe.Pointer(&x))
	if !p.direct {
		w.walk(p.ops, e.data)
		return
	}
	// The interface holds the value itself, a single pointer-shaped word
	// (compile checks the plan is one step at offset 0). Walking it where
	// it lies would take x's address and move x to the heap.
	switch o := &p.ops[0]; o.kind {
	case opPointer:
		w.pointer(o.elem, e.data)
	case opMap:
		w.mapAt(o.elem, e.data)
	default:
		w.ok = false
	}
}

// mapAt writes a map (m is the map's own pointer) with its entries in key
// order, since Go's map order is random.
func (w *walker) mapAt(p *plan, m unsafe.Pointer) {
	if m == nil {
		w.byte1(0)
		return
	}
	if p.key == nil {
		w.ok = false
		return
	}
	mv := reflect.NewAt(p.t, unsafe.Pointer(&m)).Elem()
	n := mv.Len()
	w.uvarint(uint64(n) + 1)
	if n == 0 {
		return
	}
	// The entries are copied out, since a map's are not addressable.
	keys := reflect.MakeSlice(reflect.SliceOf(p.key.t), n, n)
	vals := reflect.MakeSlice(reflect.SliceOf(p.val.t), n, n)
	it := mv.MapRange()
	for i := 0; i < n && it.Next(); i++ {
		keys.Index(i).SetIterKey(it)
		vals.Index(i).SetIterValue(it)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	switch p.key.t.Kind() {
	case reflect.String:
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(keys.Index(a).String(), keys.Index(b).String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(keys.Index(a).Int(), keys.Index(b).Int()) })
	case reflect.Bool:
		slices.SortFunc(order, func(a, b int) int {
			x, y := keys.Index(a).Bool(), keys.Index(b).Bool()
			switch {
			case x == y:
				return 0
			case y:
				return -1
			}
			return 1
		})
	default: // the unsigned integers
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(keys.Index(a).Uint(), keys.Index(b).Uint()) })
	}
	kp, vp := keys.UnsafePointer(), vals.UnsafePointer()
	for _, i := range order {
		w.walk(p.key.ops, unsafe.Add(kp, uintptr(i)*p.key.size))
		w.walk(p.val.ops, unsafe.Add(vp, uintptr(i)*p.val.size))
		if !w.ok {
			return
		}
	}
}

// typeSig identifies a type by its package path, name and structure, all
// the way down: two types declared with the same name in two functions of
// one package are still told apart unless they are also built alike.
func typeSig(t reflect.Type) [sha256.Size]byte {
	var b []byte
	seen := map[reflect.Type]int{}
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	var desc func(t reflect.Type)
	desc = func(t reflect.Type) {
		if i, ok := seen[t]; ok {
			b = append(b, 0)
			num(i)
			return
		}
		seen[t] = len(seen)
		b = append(b, byte(t.Kind()))
		str(t.PkgPath())
		str(t.Name())
		switch t.Kind() {
		case reflect.Array:
			num(t.Len())
			desc(t.Elem())
		case reflect.Slice, reflect.Pointer:
			desc(t.Elem())
		case reflect.Chan:
			num(int(t.ChanDir()))
			desc(t.Elem())
		case reflect.Map:
			desc(t.Key())
			desc(t.Elem())
		case reflect.Struct:
			num(t.NumField())
			for i := range t.NumField() {
				f := t.Field(i)
				str(f.Name)
				str(f.PkgPath)
				num(int(f.Offset))
				if f.Anonymous {
					b = append(b, 1)
				} else {
					b = append(b, 0)
				}
				desc(f.Type)
			}
		case reflect.Func:
			num(t.NumIn())
			for i := range t.NumIn() {
				desc(t.In(i))
			}
			num(t.NumOut())
			for i := range t.NumOut() {
				desc(t.Out(i))
			}
			if t.IsVariadic() {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		case reflect.Interface:
			num(t.NumMethod())
			for i := range t.NumMethod() {
				m := t.Method(i)
				str(m.Name)
				str(m.PkgPath)
				desc(m.Type)
			}
		}
	}
	desc(t)
	return sha256.Sum256(b)
}
