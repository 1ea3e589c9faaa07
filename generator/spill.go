package generator

import (
	"os"
	"runtime"
	"sync"
)

// spill keeps the packed ledgers of a build's earlier months in a
// temporary file rather than in memory: packed, a large month is still a
// few megabytes, and a site may have years of months. The file has no name
// where the system allows it (Unix), so nothing is left behind however the
// build ends; elsewhere it is removed when the build lets go of it. When no
// temporary file can be made or written, the ledgers stay in memory.
type spill struct {
	mu      sync.Mutex
	f       *os.File // nil: in memory, or closed
	name    string   // to remove on close, "" when already unnamed
	size    int64
	release func() // closes the file once, by close or by the cleanup
}

func newSpill() *spill {
	f, err := os.CreateTemp("", "tuijin-months-*")
	if err != nil {
		return &spill{}
	}
	name := f.Name()
	if os.Remove(name) == nil {
		name = ""
	}
	release := sync.OnceFunc(func() {
		f.Close()
		if name != "" {
			os.Remove(name)
		}
	})
	s := &spill{f: f, name: name, release: release}
	// In case the build never gets to close it (it failed half-way).
	runtime.AddCleanup(s, func(release func()) { release() }, release)
	return s
}

// close lets the file go; ledgers kept after it stay in memory. A nil
// spill closes nothing.
func (s *spill) close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f != nil {
		s.release()
		s.f = nil
	}
}

// keep stores b and returns how to get it back.
func (s *spill) keep(b []byte) func() ([]byte, error) {
	s.mu.Lock()
	f, off := s.f, s.size
	var err error
	if f != nil {
		if _, err = f.WriteAt(b, off); err == nil {
			s.size += int64(len(b))
		}
	}
	s.mu.Unlock()
	if f == nil || err != nil {
		return func() ([]byte, error) { return b, nil }
	}
	n := len(b)
	return func() ([]byte, error) {
		out := make([]byte, n)
		_, err := f.ReadAt(out, off)
		return out, err
	}
}
