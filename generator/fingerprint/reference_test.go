package fingerprint

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"reflect"
	"slices"
)

// referenceValue is Value as it was first written: a walk with reflect,
// every value behind a kind marker, numbers as varints. It is slow but
// plain, and it is what the differential tests hold Value to: two values
// must have equal sums under Value exactly when they have under
// referenceValue. (The sums themselves differ: the encodings do.)
func referenceValue(tag string, v any) (s Sum, ok bool) {
	w := refWalker{h: sha256.New(), ok: true}
	w.str(tag)
	w.value(reflect.ValueOf(v))
	if !w.ok {
		return Sum{}, false
	}
	w.flush()
	w.h.Sum(s[:0])
	return s, true
}

// Kind markers keep values of different shapes apart: without them the
// string "" and a nil pointer, or [a b] and [ab], could write the same bytes.
const (
	refInvalid byte = iota + 1
	refNil
	refBackRef
	refBool
	refInt
	refUint
	refFloat
	refString
	refSeq
	refStruct
	refPtr
	refIface
	refMap
)

type refPtrKey struct {
	addr uintptr
	t    reflect.Type
}

// refWalker writes a value's canonical encoding into a hash, batching the
// small writes.
type refWalker struct {
	h    hash.Hash
	buf  []byte
	seen map[refPtrKey]int // pointers already written, by order of first visit
	ok   bool
}

func (w *refWalker) flush() {
	w.h.Write(w.buf)
	w.buf = w.buf[:0]
}

func (w *refWalker) byte1(b byte) {
	w.buf = append(w.buf, b)
	if len(w.buf) >= 4096 {
		w.flush()
	}
}

func (w *refWalker) uint(tag byte, u uint64) {
	w.buf = append(w.buf, tag)
	w.buf = binary.AppendUvarint(w.buf, u)
	if len(w.buf) >= 4096 {
		w.flush()
	}
}

func (w *refWalker) str(s string) {
	w.uint(refString, uint64(len(s)))
	if len(s) > 1024 {
		w.flush()
		w.h.Write([]byte(s))
		return
	}
	w.buf = append(w.buf, s...)
	if len(w.buf) >= 4096 {
		w.flush()
	}
}

// refTypeName identifies a dynamic type: its package path and its name, or
// its spelling for unnamed types.
func refTypeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}

func (w *refWalker) value(v reflect.Value) {
	if !w.ok {
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		w.byte1(refInvalid)
	case reflect.Bool:
		b := uint64(0)
		if v.Bool() {
			b = 1
		}
		w.uint(refBool, b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := v.Int()
		w.uint(refInt, uint64(i<<1)^uint64(i>>63)) // zigzag: small negatives stay short
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.uint(refUint, v.Uint())
	case reflect.Float32, reflect.Float64:
		w.uint(refFloat, math.Float64bits(v.Float()))
	case reflect.String:
		w.str(v.String())
	case reflect.Slice:
		if v.IsNil() {
			w.byte1(refNil)
			return
		}
		fallthrough
	case reflect.Array:
		n := v.Len()
		w.uint(refSeq, uint64(n))
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			w.flush()
			w.h.Write(v.Bytes())
			return
		}
		for i := range n {
			w.value(v.Index(i))
		}
	case reflect.Struct:
		n := v.NumField()
		w.uint(refStruct, uint64(n))
		for i := range n {
			w.value(v.Field(i))
		}
	case reflect.Pointer:
		if v.IsNil() {
			w.byte1(refNil)
			return
		}
		k := refPtrKey{v.Pointer(), v.Type()}
		if at, ok := w.seen[k]; ok {
			w.uint(refBackRef, uint64(at))
			return
		}
		if w.seen == nil {
			w.seen = map[refPtrKey]int{}
		}
		w.seen[k] = len(w.seen)
		w.byte1(refPtr)
		w.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			w.byte1(refNil)
			return
		}
		e := v.Elem()
		w.byte1(refIface)
		w.str(refTypeName(e.Type()))
		w.value(e)
	case reflect.Map:
		w.mapValue(v)
	default: // func, chan, unsafe pointer, complex
		w.ok = false
	}
}

// mapValue writes the entries in key order, since Go's map order is random.
func (w *refWalker) mapValue(v reflect.Value) {
	if v.IsNil() {
		w.byte1(refNil)
		return
	}
	keys := v.MapKeys()
	switch v.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) })
	case reflect.Bool:
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			switch {
			case a.Bool() == b.Bool():
				return 0
			case b.Bool():
				return -1
			}
			return 1
		})
	default:
		w.ok = false
		return
	}
	w.uint(refMap, uint64(len(keys)))
	for _, k := range keys {
		w.value(k)
		w.value(v.MapIndex(k))
	}
}
