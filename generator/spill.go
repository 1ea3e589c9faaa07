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
	mu   sync.Mutex
	f    *os.File // nil: in memory
	size int64
}

func newSpill() *spill {
	f, err := os.CreateTemp("", "tuijin-months-*")
	if err != nil {
		return &spill{}
	}
	s := &spill{f: f}
	name := f.Name()
	unnamed := os.Remove(name) == nil
	runtime.AddCleanup(s, func(f *os.File) {
		f.Close()
		if !unnamed {
			os.Remove(name)
		}
	}, f)
	return s
}

// keep stores b and returns how to get it back.
func (s *spill) keep(b []byte) func() ([]byte, error) {
	if s.f != nil {
		s.mu.Lock()
		off := s.size
		_, err := s.f.WriteAt(b, off)
		if err == nil {
			s.size += int64(len(b))
		}
		s.mu.Unlock()
		if err == nil {
			n := len(b)
			return func() ([]byte, error) {
				out := make([]byte, n)
				_, err := s.f.ReadAt(out, off)
				return out, err
			}
		}
	}
	return func() ([]byte, error) { return b, nil }
}
