package codec

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"reflect"
	"slices"
	"sync"
	"unsafe"
)

// Version is the first byte of every encoding. It changes whenever the
// format does, so that bytes written by another version fail at once.
const Version byte = 1

// headerLen is the version byte and the hash of the type's layout.
const headerLen = 1 + 8

// ErrCorrupt is what Decode's errors wrap when the bytes are not an
// encoding of the type by this version of the codec.
var ErrCorrupt = errors.New("codec: corrupt data")

// Append appends the encoding of *v to b. It fails only when T cannot be
// encoded (see the package documentation), and then returns b unchanged.
func Append[T any](b []byte, v *T) ([]byte, error) {
	p, err := planOf(reflect.TypeFor[T]())
	if err != nil {
		return b, err
	}
	e := &encoder{b: binary.LittleEndian.AppendUint64(append(b, Version), p.hash), strs: map[string]uint64{}}
	p.enc(e, unsafe.Pointer(v))
	return e.b, nil
}

// Decode sets *v to the value b encodes, which must be all of b. On an
// error *v is left as it was.
func Decode[T any](b []byte, v *T) error {
	var out T
	return decode(b, v, out)
}

// DecodeInto is Decode into memory the caller laid out: every slice in *v
// that is not nil must be as long as the slice the bytes hold there, and
// have zero elements, and is decoded into where it lies instead of into a
// new one (a slice of the wrong length, or nil in the bytes where *v has
// one, is an error). A caller that knows how many elements are coming can
// so decode them into a window of a larger slice: the build decodes each
// cached workbook's records into its share of the month's ledger. On an
// error *v is left as it was, but the elements of its slices may have been
// written.
func DecodeInto[T any](b []byte, v *T) error {
	return decode(b, v, *v)
}

// decode decodes b into out, and sets *v to it when that succeeds.
func decode[T any](b []byte, v *T, out T) error {
	p, err := planOf(reflect.TypeFor[T]())
	if err != nil {
		return err
	}
	switch {
	case len(b) < headerLen:
		return fmt.Errorf("%w: %d bytes are too few", ErrCorrupt, len(b))
	case b[0] != Version:
		return fmt.Errorf("%w: format version %d, not %d", ErrCorrupt, b[0], Version)
	case binary.LittleEndian.Uint64(b[1:]) != p.hash:
		return fmt.Errorf("%w: the bytes encode another type than %v", ErrCorrupt, reflect.TypeFor[T]())
	}
	d := decoder{b: b[headerLen:], size: len(b)}
	p.dec(&d, unsafe.Pointer(&out))
	if d.err == nil && len(d.b) > 0 {
		d.fail("%d bytes follow the value", len(d.b))
	}
	if d.err != nil {
		return d.err
	}
	*v = out
	return nil
}

// A plan encodes and decodes the values of one type. Its functions get a
// pointer to the value (see "Why unsafe" in the package documentation).
type plan struct {
	enc func(*encoder, unsafe.Pointer)
	// dec decodes into the value at p, which is zero: the decoded value's
	// zero parts need no writing.
	dec func(d *decoder, p unsafe.Pointer)
	// min is the fewest bytes a value takes, which bounds the counts a
	// decoder believes.
	min int
	// desc is the layout: field names and kinds, hashed into the header.
	desc string
	// fields are a struct's fields, nested structs' included; nil for
	// other kinds.
	fields []field
}

// compiled is a type's plan, or why it has none, and its layout's hash.
type compiled struct {
	*plan
	hash uint64
	err  error
}

var plans sync.Map // reflect.Type → *compiled

func planOf(t reflect.Type) (*compiled, error) {
	if c, ok := plans.Load(t); ok {
		c := c.(*compiled)
		return c, c.err
	}
	p, err := compile(t, t.String(), map[reflect.Type]bool{})
	c := &compiled{plan: p, err: err}
	if err == nil {
		h := fnv.New64a()
		h.Write([]byte(p.desc))
		c.hash = h.Sum64()
	}
	got, _ := plans.LoadOrStore(t, c)
	c = got.(*compiled)
	return c, c.err
}

// compile makes the plan of t, found at where (for messages); open holds
// the types being compiled further up, to refuse recursive types.
func compile(t reflect.Type, where string, open map[reflect.Type]bool) (*plan, error) {
	if open[t] {
		return nil, fmt.Errorf("codec: %s: %v contains itself, and recursive types cannot be encoded", where, t)
	}
	open[t] = true
	defer delete(open, t)
	switch k := t.Kind(); k {
	case reflect.Bool:
		return boolPlan, nil
	case reflect.Int:
		return intPlan[int](), nil
	case reflect.Int8:
		return intPlan[int8](), nil
	case reflect.Int16:
		return intPlan[int16](), nil
	case reflect.Int32:
		return intPlan[int32](), nil
	case reflect.Int64:
		return intPlan[int64](), nil
	case reflect.Uint:
		return uintPlan[uint](), nil
	case reflect.Uint8:
		return uintPlan[uint8](), nil
	case reflect.Uint16:
		return uintPlan[uint16](), nil
	case reflect.Uint32:
		return uintPlan[uint32](), nil
	case reflect.Uint64:
		return uintPlan[uint64](), nil
	case reflect.Float32:
		return floatPlan[float32](), nil
	case reflect.Float64:
		return floatPlan[float64](), nil
	case reflect.String:
		return stringPlan, nil
	case reflect.Struct:
		return structPlan(t, where, open)
	case reflect.Array:
		return arrayPlan(t, where, open)
	case reflect.Slice:
		return slicePlan(t, where, open)
	case reflect.Map:
		return mapPlan(t, where, open)
	default: // pointers, interfaces, funcs, channels, complex numbers, uintptr, unsafe pointers
		return nil, fmt.Errorf("codec: %s: cannot encode a %v (of kind %v)", where, t, k)
	}
}

var boolPlan = &plan{
	enc: func(e *encoder, p unsafe.Pointer) {
		if *(*bool)(p) {
			e.b = append(e.b, 1)
		} else {
			e.b = append(e.b, 0)
		}
	},
	dec: func(d *decoder, p unsafe.Pointer) {
		switch d.byte() {
		case 0:
		case 1:
			*(*bool)(p) = true
		default:
			d.fail("a boolean is neither 0 nor 1")
		}
	},
	min:  1,
	desc: "b",
}

var stringPlan = &plan{
	enc:  func(e *encoder, p unsafe.Pointer) { e.string(*(*string)(p)) },
	dec:  func(d *decoder, p unsafe.Pointer) { *(*string)(p) = d.string() },
	min:  1,
	desc: "s",
}

func intPlan[I int | int8 | int16 | int32 | int64]() *plan {
	return &plan{
		enc: func(e *encoder, p unsafe.Pointer) { e.b = binary.AppendVarint(e.b, int64(*(*I)(p))) },
		dec: func(d *decoder, p unsafe.Pointer) {
			x := d.varint()
			if int64(I(x)) != x {
				d.fail("%d does not fit in %T", x, I(0))
				return
			}
			*(*I)(p) = I(x)
		},
		min:  1,
		desc: fmt.Sprintf("%T", I(0)),
	}
}

func uintPlan[U uint | uint8 | uint16 | uint32 | uint64]() *plan {
	return &plan{
		enc: func(e *encoder, p unsafe.Pointer) { e.b = binary.AppendUvarint(e.b, uint64(*(*U)(p))) },
		dec: func(d *decoder, p unsafe.Pointer) {
			x := d.uvarint()
			if uint64(U(x)) != x {
				d.fail("%d does not fit in %T", x, U(0))
				return
			}
			*(*U)(p) = U(x)
		},
		min:  1,
		desc: fmt.Sprintf("%T", U(0)),
	}
}

func floatPlan[F float32 | float64]() *plan {
	return &plan{
		enc: func(e *encoder, p unsafe.Pointer) {
			e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(float64(*(*F)(p))))
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			if len(d.b) < 8 {
				d.fail("a number is cut off")
				return
			}
			x := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
			d.b = d.b[8:]
			if float64(F(x)) != x && !math.IsNaN(x) {
				d.fail("%v does not fit in %T", x, F(0))
				return
			}
			*(*F)(p) = F(x)
		},
		min:  8,
		desc: fmt.Sprintf("%T", F(0)),
	}
}

// A field is where a struct's field is, and how to carry it: the
// commonest kinds are coded in the struct's loop, without a call through
// the field's plan.
type field struct {
	off uintptr
	op  byte
	*plan
}

const (
	opPlan byte = iota
	opString
	opInt64 // int64, and int where it has 64 bits
	opBool
)

// structPlan carries the exported fields, in order. Nested structs'
// fields are taken into the struct's own list, which gives the same bytes
// with fewer calls.
func structPlan(t reflect.Type, where string, open map[reflect.Type]bool) (*plan, error) {
	var fields []field
	desc, min := "{", 0
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		p, err := compile(f.Type, where+"."+f.Name, open)
		if err != nil {
			return nil, err
		}
		desc += f.Name + " " + p.desc + ";"
		min += p.min
		switch k := f.Type.Kind(); {
		case p.fields != nil:
			for _, sub := range p.fields {
				sub.off += f.Offset
				fields = append(fields, sub)
			}
		case k == reflect.String:
			fields = append(fields, field{f.Offset, opString, p})
		case k == reflect.Int64 || k == reflect.Int && f.Type.Size() == 8:
			fields = append(fields, field{f.Offset, opInt64, p})
		case k == reflect.Bool:
			fields = append(fields, field{f.Offset, opBool, p})
		default:
			fields = append(fields, field{f.Offset, opPlan, p})
		}
	}
	if fields == nil {
		fields = []field{}
	}
	return &plan{
		enc: func(e *encoder, p unsafe.Pointer) {
			for i := range fields {
				f := &fields[i]
				q := unsafe.Add(p, f.off)
				switch f.op {
				case opString:
					e.string(*(*string)(q))
				case opInt64:
					e.b = binary.AppendVarint(e.b, *(*int64)(q))
				case opBool:
					e.b = append(e.b, *(*byte)(q))
				default:
					f.enc(e, q)
				}
			}
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			for i := range fields {
				f := &fields[i]
				q := unsafe.Add(p, f.off)
				switch f.op {
				case opString:
					if s := d.string(); s != "" {
						*(*string)(q) = s
					}
				case opInt64:
					*(*int64)(q) = d.varint()
				case opBool:
					boolPlan.dec(d, q)
				default:
					f.dec(d, q)
				}
			}
		},
		fields: fields,
		min:    min,
		desc:   desc + "}",
	}, nil
}

func arrayPlan(t reflect.Type, where string, open map[reflect.Type]bool) (*plan, error) {
	elem, err := compile(t.Elem(), where+"[]", open)
	if err != nil {
		return nil, err
	}
	n, size := t.Len(), t.Elem().Size()
	return &plan{
		enc: func(e *encoder, p unsafe.Pointer) {
			for i := range n {
				elem.enc(e, unsafe.Add(p, uintptr(i)*size))
			}
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			for i := 0; i < n && d.err == nil; i++ {
				elem.dec(d, unsafe.Add(p, uintptr(i)*size))
			}
		},
		min:  n * elem.min,
		desc: fmt.Sprintf("[%d]%s", n, elem.desc),
	}, nil
}

// sliceHeader is how a slice is laid out, to read one without reflection.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// slicePlan writes a count plus one (zero for nil), then the elements;
// bytes are copied as they are. Decoded slices are made and stored with
// reflect, which knows their element type.
func slicePlan(t reflect.Type, where string, open map[reflect.Type]bool) (*plan, error) {
	elem, err := compile(t.Elem(), where+"[]", open)
	if err != nil {
		return nil, err
	}
	if elem.min == 0 {
		return nil, fmt.Errorf("codec: %s: a slice of %v cannot be encoded: its elements take no bytes, so their count could not be checked", where, t.Elem())
	}
	size := t.Elem().Size()
	enc := func(e *encoder, p unsafe.Pointer) {
		h := (*sliceHeader)(p)
		if h.data == nil {
			e.b = append(e.b, 0)
			return
		}
		e.b = binary.AppendUvarint(e.b, uint64(h.len)+1)
		for i := range h.len {
			elem.enc(e, unsafe.Add(h.data, uintptr(i)*size))
		}
	}
	dec := func(d *decoder, p unsafe.Pointer) {
		n := d.count(elem.min)
		if !d.laidOut(p, n) {
			return
		}
		h := (*sliceHeader)(p)
		if h.data == nil {
			reflect.NewAt(t, p).Elem().Set(reflect.MakeSlice(t, n, n))
		}
		data := h.data
		for i := 0; i < n && d.err == nil; i++ {
			elem.dec(d, unsafe.Add(data, uintptr(i)*size))
		}
	}
	if t.Elem().Kind() == reflect.Uint8 {
		enc = func(e *encoder, p unsafe.Pointer) {
			h := (*sliceHeader)(p)
			if h.data == nil {
				e.b = append(e.b, 0)
				return
			}
			e.b = binary.AppendUvarint(e.b, uint64(h.len)+1)
			e.b = append(e.b, unsafe.Slice((*byte)(h.data), h.len)...)
		}
		dec = func(d *decoder, p unsafe.Pointer) {
			n := d.count(1)
			if !d.laidOut(p, n) {
				return
			}
			if h := (*sliceHeader)(p); h.data != nil {
				copy(unsafe.Slice((*byte)(h.data), n), d.b[:n])
			} else {
				reflect.NewAt(t, p).Elem().SetBytes(append(make([]byte, 0, n), d.b[:n]...))
			}
			d.b = d.b[n:]
		}
	}
	return &plan{enc: enc, dec: dec, min: 1, desc: "[]" + elem.desc}, nil
}

// mapPlan writes a count plus one (zero for nil), then the entries in the
// order of their keys, so that equal maps give equal bytes.
func mapPlan(t reflect.Type, where string, open map[reflect.Type]bool) (*plan, error) {
	var compare func(a, b reflect.Value) int
	switch t.Key().Kind() {
	case reflect.String:
		compare = func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		compare = func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		compare = func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) }
	default:
		return nil, fmt.Errorf("codec: %s: a map with keys of kind %v cannot be encoded, only strings and integers", where, t.Key().Kind())
	}
	key, err := compile(t.Key(), where+"[key]", open)
	if err != nil {
		return nil, err
	}
	val, err := compile(t.Elem(), where+"[]", open)
	if err != nil {
		return nil, err
	}
	return &plan{
		enc: func(e *encoder, p unsafe.Pointer) {
			m := reflect.NewAt(t, p).Elem()
			if m.IsNil() {
				e.b = append(e.b, 0)
				return
			}
			keys := m.MapKeys()
			slices.SortFunc(keys, compare)
			e.b = binary.AppendUvarint(e.b, uint64(len(keys))+1)
			k, x := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for _, mk := range keys {
				k.Set(mk)
				x.Set(m.MapIndex(mk))
				key.enc(e, k.Addr().UnsafePointer())
				val.enc(e, x.Addr().UnsafePointer())
			}
		},
		dec: func(d *decoder, p unsafe.Pointer) {
			n := d.count(key.min + val.min)
			if n < 0 {
				return
			}
			m := reflect.MakeMapWithSize(t, n)
			k, x := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
			for range n {
				k.SetZero()
				x.SetZero()
				key.dec(d, k.Addr().UnsafePointer())
				val.dec(d, x.Addr().UnsafePointer())
				if d.err != nil {
					return
				}
				if m.MapIndex(k).IsValid() {
					d.fail("the key %v comes twice", k)
					return
				}
				m.SetMapIndex(k, x)
			}
			reflect.NewAt(t, p).Elem().Set(m)
		},
		min:  1,
		desc: "map[" + key.desc + "]" + val.desc,
	}, nil
}

// encoder appends to b; strs numbers the strings written so far from 1.
type encoder struct {
	b    []byte
	strs map[string]uint64
	// seen holds strings met before by the address of their bytes: most
	// texts are repeated by sharing them (a workbook's reader and the
	// decoder both do), and the address finds them without hashing them.
	seen [1 << 10]seenString
}

type seenString struct {
	data *byte
	len  int
	i    uint64
}

func (e *encoder) string(s string) {
	if s == "" {
		e.b = append(e.b, 0)
		return
	}
	data := unsafe.StringData(s)
	c := &e.seen[uint64(uintptr(unsafe.Pointer(data)))*0x9e3779b97f4a7c15>>(64-10)]
	if c.data == data && c.len == len(s) {
		e.b = binary.AppendUvarint(e.b, c.i<<1)
		return
	}
	i, ok := e.strs[s]
	if ok {
		e.b = binary.AppendUvarint(e.b, i<<1)
	} else {
		i = uint64(len(e.strs)) + 1
		e.strs[s] = i
		e.b = binary.AppendUvarint(e.b, uint64(len(s))<<1|1)
		e.b = append(e.b, s...)
	}
	*c = seenString{data, len(s), i}
}

// decoder reads from b, the rest of a value of size bytes; strs are the
// strings read so far. After the first error, which err keeps, b is empty
// and every read gives zero.
type decoder struct {
	b    []byte
	size int
	strs []string
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w at byte %d: %s", ErrCorrupt, d.size-len(d.b), fmt.Sprintf(format, args...))
	}
	d.b = nil
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail("the value is cut off")
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	if b := d.b; len(b) > 0 && b[0] < 0x80 {
		d.b = b[1:]
		return uint64(b[0])
	}
	return d.longUvarint()
}

// longUvarint is uvarint's rarer case, apart so that uvarint is inlined.
func (d *decoder) longUvarint() uint64 {
	if b := d.b; len(b) >= 2 && b[1] < 0x80 { // row numbers, amounts in 万元, most string references
		d.b = b[2:]
		return uint64(b[0]&0x7f) | uint64(b[1])<<7
	}
	x, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("a number is cut off or too long")
		return 0
	}
	d.b = d.b[n:]
	return x
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

// count reads a slice's or map's count, -1 for nil, checking that its
// elements of at least min bytes each fit in what is left.
func (d *decoder) count(min int) int {
	x := d.uvarint()
	if x == 0 {
		return -1
	}
	if n := x - 1; n <= uint64(len(d.b)/min) {
		return int(n)
	}
	d.fail("%d elements of at least %d bytes do not fit in the %d bytes left", x-1, min, len(d.b))
	return -1
}

// laidOut checks the slice at p, about to take n elements (-1: nil), and
// reports whether there are elements to decode: a slice already there
// (DecodeInto) must have room for exactly n.
func (d *decoder) laidOut(p unsafe.Pointer, n int) bool {
	h := (*sliceHeader)(p)
	switch {
	case d.err != nil:
		return false
	case h.data == nil:
		return n >= 0
	case n < 0 && h.len == 0:
		return false // nothing laid out, nothing given
	case n != h.len:
		d.fail("%d elements where room was laid out for %d", max(n, 0), h.len)
		return false
	}
	return true
}

func (d *decoder) string() string {
	x := d.uvarint()
	if x&1 == 0 {
		i := x >> 1
		switch {
		case i == 0:
			return ""
		case i > uint64(len(d.strs)):
			d.fail("string %d of %d", i, len(d.strs))
			return ""
		}
		return d.strs[i-1]
	}
	n := x >> 1
	if n == 0 || n > uint64(len(d.b)) {
		d.fail("a string of %d bytes where %d are left", n, len(d.b))
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	d.strs = append(d.strs, s)
	return s
}
