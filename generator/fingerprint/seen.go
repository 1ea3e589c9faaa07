package fingerprint

// pointerSet numbers the pointers a walk has followed: an open-addressing
// table, cheaper than a Go map for this one use (one probe sequence both
// finds and inserts; the hash is a multiplication), and kept with a pooled
// walker. An entry holds no Go pointer, so the garbage collector does not
// scan it; the addresses stay valid because everything they point to is
// reachable from the value being walked.
type pointerSet struct {
	slots []pointerSlot // a power of two long; addr 0 is free
	n     uint32
}

// pointerSlot is a pointer followed. The type is part of the key because
// a struct and its first field share an address.
type pointerSlot struct {
	addr uintptr
	plan uint32
	at   uint32 // order of first visit
}

const (
	minPointerSlots = 64
	// maxPooledSlots bounds the table kept with a pooled walker: clearing
	// it costs its length, and one page with many pointers should not make
	// every later small page pay for that.
	maxPooledSlots = 4096
)

// add returns the order of first visit of (addr, plan) and true when it
// was added before, else adds it and returns false.
func (s *pointerSet) add(addr uintptr, plan uint32) (uint32, bool) {
	if 2*(s.n+1) > uint32(len(s.slots)) {
		s.grow()
	}
	mask := uintptr(len(s.slots) - 1)
	for i := s.hash(addr, plan) & mask; ; i = (i + 1) & mask {
		e := &s.slots[i]
		if e.addr == 0 {
			*e = pointerSlot{addr, plan, s.n}
			s.n++
			return 0, false
		}
		if e.addr == addr && e.plan == plan {
			return e.at, true
		}
	}
}

func (s *pointerSet) hash(addr uintptr, plan uint32) uintptr {
	h := (uint64(addr) ^ uint64(plan)<<48) * 0x9e3779b97f4a7c15
	return uintptr(h >> 32)
}

func (s *pointerSet) grow() {
	old := s.slots
	s.slots = make([]pointerSlot, max(minPointerSlots, 2*len(old)))
	mask := uintptr(len(s.slots) - 1)
	for _, e := range old {
		if e.addr == 0 {
			continue
		}
		i := s.hash(e.addr, e.plan) & mask
		for s.slots[i].addr != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = e
	}
}

func (s *pointerSet) reset() {
	switch {
	case len(s.slots) > maxPooledSlots:
		s.slots = nil
	case s.n > 0:
		clear(s.slots)
	}
	s.n = 0
}
