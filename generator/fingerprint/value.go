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

// Sum is a fingerprint.
type Sum [sha256.Size]byte

// Bytes fingerprints a byte slice.
func Bytes(b []byte) Sum { return sha256.Sum256(b) }

// Value fingerprints v with everything reachable from it: every field,
// exported or not (a template may call a method that reads unexported
// ones), every element, map entries in key order, and the values behind
// pointers and interfaces, with the dynamic type of each interface value.
// Shared pointers and cycles are followed once and then referred back to,
// so the walk ends and the sum still tells a shared value from two equal
// copies. ok is false for a value holding a func, a channel, an unsafe
// pointer, a complex number or a map with keys other than strings, integers
// and booleans: such a value has no fingerprint, and the caller must make
// what it stands for afresh.
//
// tag is written first: the caller's name for what v is made into, so that
// equal data given to two different templates does not share a sum.
func Value(tag string, v any) (s Sum, ok bool) {
	w := walker{h: sha256.New(), ok: true}
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
	tagInvalid byte = iota + 1
	tagNil
	tagBackRef
	tagBool
	tagInt
	tagUint
	tagFloat
	tagString
	tagSeq
	tagStruct
	tagPtr
	tagIface
	tagMap
)

type ptrKey struct {
	addr uintptr
	t    reflect.Type
}

// walker writes a value's canonical encoding into a hash, batching the
// small writes.
type walker struct {
	h    hash.Hash
	buf  []byte
	seen map[ptrKey]int // pointers already written, by order of first visit
	ok   bool
}

func (w *walker) flush() {
	w.h.Write(w.buf)
	w.buf = w.buf[:0]
}

func (w *walker) byte1(b byte) {
	w.buf = append(w.buf, b)
	if len(w.buf) >= 4096 {
		w.flush()
	}
}

func (w *walker) uint(tag byte, u uint64) {
	w.buf = append(w.buf, tag)
	w.buf = binary.AppendUvarint(w.buf, u)
	if len(w.buf) >= 4096 {
		w.flush()
	}
}

func (w *walker) str(s string) {
	w.uint(tagString, uint64(len(s)))
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

// typeName identifies a dynamic type: its package path and its name, or
// its spelling for unnamed types.
func typeName(t reflect.Type) string {
	if t.Name() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}

func (w *walker) value(v reflect.Value) {
	if !w.ok {
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		w.byte1(tagInvalid)
	case reflect.Bool:
		b := uint64(0)
		if v.Bool() {
			b = 1
		}
		w.uint(tagBool, b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := v.Int()
		w.uint(tagInt, uint64(i<<1)^uint64(i>>63)) // zigzag: small negatives stay short
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.uint(tagUint, v.Uint())
	case reflect.Float32, reflect.Float64:
		w.uint(tagFloat, math.Float64bits(v.Float()))
	case reflect.String:
		w.str(v.String())
	case reflect.Slice:
		if v.IsNil() {
			w.byte1(tagNil)
			return
		}
		fallthrough
	case reflect.Array:
		n := v.Len()
		w.uint(tagSeq, uint64(n))
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
		w.uint(tagStruct, uint64(n))
		for i := range n {
			w.value(v.Field(i))
		}
	case reflect.Pointer:
		if v.IsNil() {
			w.byte1(tagNil)
			return
		}
		k := ptrKey{v.Pointer(), v.Type()}
		if at, ok := w.seen[k]; ok {
			w.uint(tagBackRef, uint64(at))
			return
		}
		if w.seen == nil {
			w.seen = map[ptrKey]int{}
		}
		w.seen[k] = len(w.seen)
		w.byte1(tagPtr)
		w.value(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			w.byte1(tagNil)
			return
		}
		e := v.Elem()
		w.byte1(tagIface)
		w.str(typeName(e.Type()))
		w.value(e)
	case reflect.Map:
		w.mapValue(v)
	default: // func, chan, unsafe pointer, complex
		w.ok = false
	}
}

// mapValue writes the entries in key order, since Go's map order is random.
func (w *walker) mapValue(v reflect.Value) {
	if v.IsNil() {
		w.byte1(tagNil)
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
	w.uint(tagMap, uint64(len(keys)))
	for _, k := range keys {
		w.value(k)
		w.value(v.MapIndex(k))
	}
}
