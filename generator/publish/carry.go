package publish

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// Key says what a file was made from: two files made from the same key
// by the same program have the same bytes. The zero Key means "unknown"
// and never matches.
type Key [32]byte

// Manifest remembers, for each file of a published site, the key it was
// made from and the size and modification time it had when written. The
// next build keeps it (in its cache, not in the site) to carry over files
// whose keys have not changed instead of making them again.
type Manifest struct {
	Program string           `json:"program"` // the program that made the site; keys of another program mean nothing
	Files   map[string]Entry `json:"files"`   // by slash-separated path from the site root
}

// Entry is one file of a Manifest.
type Entry struct {
	Key     string `json:"key"`   // hex
	Size    int64  `json:"size"`  // bytes
	ModTime int64  `json:"mtime"` // nanoseconds since 1970, as the file system reported it
}

// manifestFormat changes whenever the manifest's meaning changes.
const manifestFormat = "tuijin-manifest-1 "

// ReadManifest reads the manifest at name when it was written for program,
// and returns nil otherwise: a missing, damaged or foreign manifest only
// means that every file is made afresh.
func ReadManifest(name, program string) *Manifest {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var m Manifest
	if json.Unmarshal(b, &m) != nil || m.Program != manifestFormat+program {
		return nil
	}
	return &m
}

// Save writes the manifest to name atomically (a reader sees the old one
// or the new one, never half of one), creating the folder as needed.
func (m *Manifest) Save(name string) error {
	// Sorted paths keep the file stable and diffable between builds.
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b bytes.Buffer
	prog, _ := json.Marshal(m.Program)
	fmt.Fprintf(&b, "{\"program\":%s,\"files\":{", prog)
	for i, p := range paths {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p)
		v, _ := json.Marshal(m.Files[p])
		b.WriteString("\n")
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteString("}}\n")
	if err := os.MkdirAll(filepath.Dir(name), dirPerm); err != nil {
		return fmt.Errorf("publish: manifest: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".manifest-*")
	if err != nil {
		return fmt.Errorf("publish: manifest: %w", err)
	}
	_, werr := tmp.Write(b.Bytes())
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), name)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("publish: manifest: %w", werr)
	}
	return nil
}

// carry is the state of a Staging that reuses the previous site's files.
type carry struct {
	prev *Manifest // nil: nothing to reuse
	mu   sync.Mutex
	next *Manifest // what the new site's files were made from
}

// Track makes the staging folder keep a manifest of the files written with
// a key (WriteKeyed, Carry), for program, and lets Carry reuse the files of
// prev, the manifest of the site in the output folder (nil for none). Call
// it before writing anything.
func (s *Staging) Track(program string, prev *Manifest) {
	if prev != nil && prev.Program != manifestFormat+program {
		prev = nil
	}
	s.carry = &carry{prev: prev, next: &Manifest{Program: manifestFormat + program, Files: map[string]Entry{}}}
}

// Manifest returns the manifest of the files written so far with a key;
// after Commit, that of the published site. Nil without Track.
func (s *Staging) Manifest() *Manifest {
	if s.carry == nil {
		return nil
	}
	s.carry.mu.Lock()
	defer s.carry.mu.Unlock()
	m := &Manifest{Program: s.carry.next.Program, Files: make(map[string]Entry, len(s.carry.next.Files))}
	for p, e := range s.carry.next.Files {
		m.Files[p] = e
	}
	return m
}

// Carry puts the previous site's file rel into the new site, without
// reading or copying it (a hard link), when the previous manifest says it
// was made from key and the file is still exactly as that build left it:
// same size and modification time, a regular file. It reports whether it
// did and the file's size; when it did not, the caller makes the file.
// A file edited by hand in the published site is therefore made again.
func (s *Staging) Carry(rel string, key Key) (size int64, ok bool) {
	c := s.carry
	if c == nil || c.prev == nil || key == (Key{}) || checkRel(rel) != nil {
		return 0, false
	}
	e, found := c.prev.Files[rel]
	if !found || e.Key != hex.EncodeToString(key[:]) {
		return 0, false
	}
	old := filepath.Join(s.out, filepath.FromSlash(rel))
	fi, err := os.Lstat(old)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != e.Size || fi.ModTime().UnixNano() != e.ModTime {
		return 0, false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.done {
		return 0, false
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	if s.mkdirs(filepath.Dir(name)) != nil {
		return 0, false
	}
	// A link fails across file systems or where they are not supported;
	// the caller then writes the file, which is always correct.
	if err := os.Link(old, name); err != nil {
		return 0, false
	}
	c.record(rel, key, e.Size, e.ModTime)
	return e.Size, true
}

// WriteKeyed writes data like WriteFile and records that it was made from
// key, for the next build's Carry. A zero key records nothing.
func (s *Staging) WriteKeyed(rel string, key Key, data []byte) error {
	if err := s.WriteFile(rel, data); err != nil {
		return err
	}
	if s.carry == nil || key == (Key{}) {
		return nil
	}
	fi, err := os.Lstat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("publish: %s vanished from the staging folder", rel)
		}
		return fmt.Errorf("publish: %w", err)
	}
	s.carry.record(rel, key, fi.Size(), fi.ModTime().UnixNano())
	return nil
}

func (c *carry) record(rel string, key Key, size, mtime int64) {
	c.mu.Lock()
	c.next.Files[rel] = Entry{Key: hex.EncodeToString(key[:]), Size: size, ModTime: mtime}
	c.mu.Unlock()
}
