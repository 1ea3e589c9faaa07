package fingerprint

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"sync"
	"unsafe"
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
//
// The encoding hashed is described in encode.go. It holds numbers as they
// lie in memory, so a sum is only comparable with sums made by the same
// executable on the same kind of machine, which is all a fingerprint is
// used for: every key made from one also holds the program's fingerprint.
func Value(tag string, v any) (s Sum, ok bool) {
	w := walkers.Get().(*walker)
	w.ok = true
	w.str(tag)
	w.iface(v)
	if ok = w.ok; ok {
		w.flush()
		w.h.Sum(w.sum[:0])
		s = w.sum
	}
	w.reset()
	walkers.Put(w)
	return s, ok
}

// bufSize is how much of the encoding is gathered before it is hashed:
// most of it comes in writes of a few bytes, each of which would cost a
// call into the hash.
const bufSize = 4096

// walker writes a value's encoding into a hash. Walkers are pooled with
// their hash state and their map of pointers, so that fingerprinting a
// page allocates nothing in the common case.
type walker struct {
	h    hash.Hash
	n    int // bytes of buf in use
	buf  [bufSize]byte
	seen pointerSet // pointers already written, by order of first visit
	ok   bool
	sum  Sum
}

var walkers = sync.Pool{New: func() any { return &walker{h: sha256.New()} }}

func (w *walker) reset() {
	w.h.Reset()
	w.n = 0
	w.seen.reset()
}

func (w *walker) flush() {
	w.h.Write(w.buf[:w.n])
	w.n = 0
}

func (w *walker) byte1(b byte) {
	if w.n == len(w.buf) {
		w.flush()
	}
	w.buf[w.n] = b
	w.n++
}

func (w *walker) uvarint(x uint64) {
	if w.n > len(w.buf)-binary.MaxVarintLen64 {
		w.flush()
	}
	i := w.n
	for x >= 0x80 {
		w.buf[i] = byte(x) | 0x80
		x >>= 7
		i++
	}
	w.buf[i] = byte(x)
	w.n = i + 1
}

// words writes the n/8 64-bit integers at p as uvarints: most are small
// (dates, counts), and hashing their eight bytes costs more than
// shortening them.
func (w *walker) words(p unsafe.Pointer, n uintptr) {
	for off := uintptr(0); off < n; off += 8 {
		if w.n > len(w.buf)-binary.MaxVarintLen64 {
			w.flush()
		}
		x := *(*uint64)(unsafe.Add(p, off))
		i := w.n
		for x >= 0x80 {
			w.buf[i] = byte(x) | 0x80
			x >>= 7
			i++
		}
		w.buf[i] = byte(x)
		w.n = i + 1
	}
}

// bytes writes b. A long b goes to the hash directly rather than through
// the buffer: copying it first would only add a pass over it.
func (w *walker) bytes(b []byte) {
	if len(b) <= len(w.buf)-w.n {
		w.n += copy(w.buf[w.n:], b)
		return
	}
	w.flush()
	if len(b) >= len(w.buf)/4 {
		w.h.Write(b)
		return
	}
	w.n = copy(w.buf[:], b)
}

// mem writes n bytes of memory at p as they are.
func (w *walker) mem(p unsafe.Pointer, n uintptr) {
	w.bytes(unsafe.Slice((*byte)(p), n))
}

// str writes a string with its length, without copying it to a []byte
// first. Most strings are short and fit the buffer with a length of one
// byte, which is checked once.
func (w *walker) str(s string) {
	if n := len(s); n < 0x80 && n < len(w.buf)-w.n {
		w.buf[w.n] = byte(n)
		w.n += 1 + copy(w.buf[w.n+1:], s)
		return
	}
	w.uvarint(uint64(len(s)))
	w.bytes(unsafe.Slice(unsafe.StringData(s), len(s)))
}
