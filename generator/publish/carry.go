package publish

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"tuijin/generator/jsonquote"
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
	// Spare, when not nil, is the site published before this one, kept
	// beside the output folder for the next build to update in place.
	// Save stores it as its difference from Files.
	Spare *Spare `json:"-"`

	prepared     sync.Once
	sorted       []pathEntry // Files in path order, once prepared
	read         []pathEntry // Files in path order, as ReadManifest read them; nil if unknown
	encodedFiles []byte      // the manifest up to its spare, once prepared
}

// Prepare does the part of Save's work that does not depend on Spare —
// putting the files in path order and encoding them — so that a build can
// do it beside Commit, which decides the spare; Save does it otherwise.
// Files must not change afterwards.
func (m *Manifest) Prepare() {
	m.prepared.Do(func() {
		// About 150 bytes an entry.
		b := make([]byte, 0, 160*len(m.Files)+4096)
		b = append(b, `{"program":`...)
		b = jsonquote.Append(b, m.Program)
		b = append(b, `,"files":`...)
		m.sorted = sortedEntries(m.Files)
		m.encodedFiles = appendEntries(b, m.sorted)
	})
}

// Spare is a previous site that Commit kept beside the output folder
// instead of removing it; see the package documentation.
type Spare struct {
	Out   string           // the absolute output folder it was kept beside
	Dir   string           // its base name, ".<out>.spare-<16 hex>"
	Files map[string]Entry // what it holds, as its own manifest said; shared, not to be modified
	// sorted, when set, returns Files in path order.
	sorted func() []pathEntry
}

// sortedFiles returns the spare's files in path order.
func (sp *Spare) sortedFiles() []pathEntry {
	if sp.sorted != nil {
		return sp.sorted()
	}
	return sortedEntries(sp.Files)
}

// Entry is one file of a Manifest.
type Entry struct {
	Key     string `json:"key"`   // hex
	Size    int64  `json:"size"`  // bytes
	ModTime int64  `json:"mtime"` // nanoseconds since 1970, as the file system reported it
}

// manifestFile is a Manifest as Save writes it. A spare shares most files
// with the site (every file the site carried over from it), so only its
// differences are written: the manifest is read by every rebuild.
type manifestFile struct {
	Program string           `json:"program"`
	Files   map[string]Entry `json:"files"`
	Spare   *spareFile       `json:"spare"`
}

type spareFile struct {
	Out     string           `json:"out"`
	Dir     string           `json:"dir"`
	Changed map[string]Entry `json:"changed"` // the spare's entries that Files lacks or has otherwise
	Absent  []string         `json:"absent"`  // paths of Files that the spare lacks
}

// manifestFormat changes whenever the manifest's meaning changes.
const manifestFormat = "tuijin-manifest-1 "

// ReadManifest reads the manifest at name when it was written for program,
// and returns nil otherwise: a missing, damaged or foreign manifest only
// means that every file is made afresh. The spare it names is not looked
// at here; Track checks it before using it.
func ReadManifest(name, program string) *Manifest {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	f, sorted, ok := parseManifest(b)
	if !ok {
		sorted = nil
		// Afresh: json would add to what the fast reader left behind.
		f = manifestFile{}
		if json.Unmarshal(b, &f) != nil {
			return nil
		}
	}
	if f.Program != manifestFormat+program {
		return nil
	}
	m := &Manifest{Program: f.Program, Files: f.Files}
	if sorted != nil && len(sorted) == len(f.Files) {
		m.read = sorted
	}
	if m.Files == nil {
		m.Files = map[string]Entry{}
	}
	if sp := f.Spare; sp != nil && sp.Out != "" && sp.Dir != "" {
		files := make(map[string]Entry, len(m.Files)+len(sp.Changed))
		for p, e := range m.Files {
			files[p] = e
		}
		for _, p := range sp.Absent {
			delete(files, p)
		}
		for p, e := range sp.Changed {
			files[p] = e
		}
		m.Spare = &Spare{Out: sp.Out, Dir: sp.Dir, Files: files}
	}
	return m
}

// Save writes the manifest to name atomically (a reader sees the old one
// or the new one, never half of one), creating the folder as needed.
func (m *Manifest) Save(name string) error {
	m.Prepare()
	b, files := m.encodedFiles, m.sorted
	if sp := m.Spare; sp != nil {
		// The spare's differences from Files, found by walking both in
		// path order: looking each path up in the other's map took most
		// of the time a rebuild spent saving its manifest of 20,000 files.
		spare := sp.sortedFiles()
		var changed []pathEntry
		absent := []string{}
		i, j := 0, 0
		for i < len(files) || j < len(spare) {
			switch {
			case j == len(spare) || i < len(files) && files[i].path < spare[j].path:
				absent = append(absent, files[i].path)
				i++
			case i == len(files) || spare[j].path < files[i].path:
				changed = append(changed, spare[j])
				j++
			default:
				if files[i].Entry != spare[j].Entry {
					changed = append(changed, spare[j])
				}
				i++
				j++
			}
		}
		b = append(b, ",\n"+`"spare":{"out":`...)
		b = jsonquote.Append(b, sp.Out)
		b = append(b, `,"dir":`...)
		b = jsonquote.Append(b, sp.Dir)
		b = append(b, `,"absent":[`...)
		for i, p := range absent {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonquote.Append(b, p)
		}
		b = append(b, `],"changed":`...)
		b = appendEntries(b, changed)
		b = append(b, '}')
	}
	b = append(b, "}\n"...)
	if err := os.MkdirAll(filepath.Dir(name), dirPerm); err != nil {
		return failed("无法创建文件夹 "+filepath.Dir(name), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".manifest-*")
	if err != nil {
		return failed("无法在文件夹 "+filepath.Dir(name)+" 中写入文件", err)
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), name)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return failed("无法写入文件 "+name, werr)
	}
	return nil
}

// pathEntry is an Entry with its path.
type pathEntry struct {
	path string
	Entry
}

// sortedEntries returns the entries of files in path order.
func sortedEntries(files map[string]Entry) []pathEntry {
	out := make([]pathEntry, 0, len(files))
	for p, e := range files {
		out = append(out, pathEntry{p, e})
	}
	slices.SortFunc(out, func(a, b pathEntry) int { return strings.Compare(a.path, b.path) })
	return out
}

// carry is the state of a Staging that reuses the previous site's files.
type carry struct {
	prev *Manifest // nil: nothing to reuse
	// prevSorted is prev's files in path order, made once (LookAhead,
	// or Save of a manifest whose spare is the published site).
	prevSorted func() []pathEntry

	// spare is what the adopted spare's manifest says it holds; nil when
	// the staging folder did not start as a spare.
	spare map[string]Entry

	// looked is closed once LookAhead has looked at every file of spare;
	// fine then holds those still as written. nil without a spare.
	looked   chan struct{}
	fine     map[string]bool
	lookOnce sync.Once

	mu      sync.Mutex
	next    *Manifest       // what the new site's files were made from
	written map[string]bool // with spare: every path written, keyed or not
	kept    *Spare          // after Commit: the spare it made, if any
}

// Track makes the staging folder keep a manifest of the files written with
// a key (WriteKeyed, Carry), for program, and lets Carry reuse the files of
// prev, the manifest of the site in the output folder (nil for none). Call
// it once, right after Stage and before writing anything.
//
// When prev names a spare that is still there, beside this output folder,
// and a real folder, Track adopts it: the spare becomes the staging folder,
// and every file its manifest does not list (a PDF, anything a person put
// there) is removed first, so that only files Carry can vouch for remain.
// A spare that cannot be adopted is left for Commit to remove.
//
// Without a spare to adopt, Track fills the new staging folder with hard
// links to the published site's files that prev lists and that are still
// as written, and the build goes on as from a spare (see prelink): the
// links are made while the caller reads its input, not one at a time as
// the pages are asked for. Track then takes as long as making them; a
// build calls it on a goroutine of its own.
func (s *Staging) Track(program string, prev *Manifest) {
	if prev != nil && prev.Program != manifestFormat+program {
		prev = nil
	}
	files := map[string]Entry{}
	if prev != nil {
		// The new site has about the files of the last: grown entry by
		// entry, the map was rehashed a dozen times on the way.
		files = make(map[string]Entry, len(prev.Files))
	}
	c := &carry{prev: prev, next: &Manifest{Program: manifestFormat + program, Files: files}}
	if prev != nil {
		c.prevSorted = sync.OnceValue(func() []pathEntry {
			if prev.read != nil {
				return prev.read
			}
			return sortedEntries(prev.Files)
		})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.carry = c
	if prev != nil && !s.done {
		if prev.Spare != nil {
			s.adopt(prev.Spare)
		}
		if s.adopted == nil && s.broken == nil {
			s.prelink()
		}
	}
}

// Manifest returns the manifest of the files written so far with a key;
// after Commit, that of the published site, naming the spare Commit kept.
// Nil without Track.
func (s *Staging) Manifest() *Manifest {
	if s.carry == nil {
		return nil
	}
	s.carry.mu.Lock()
	defer s.carry.mu.Unlock()
	m := &Manifest{Program: s.carry.next.Program, Files: make(map[string]Entry, len(s.carry.next.Files)), Spare: s.carry.kept}
	for p, e := range s.carry.next.Files {
		m.Files[p] = e
	}
	return m
}

// Carry puts the previous site's file rel into the new site when it was
// made from key and is still exactly as that build left it: same size and
// modification time, a regular file. It reports whether it did and the
// file's size; when it did not, the caller makes the file. A file edited
// by hand is therefore made again.
//
// In a staging folder adopted from a spare, the spare's own file is kept
// where it stands if it qualifies, which costs nothing but a look at it;
// otherwise the published site's file is hard-linked in its place.
// Elsewhere it is hard-linked from the published site, without reading or
// copying it.
func (s *Staging) Carry(rel string, key Key) (size int64, ok bool) {
	c := s.carry
	if c == nil || key == (Key{}) || checkRel(rel) != nil {
		return 0, false
	}
	// A rebuild asks this of each of tens of thousands of unchanged
	// files: the key is compared in hex without making a string of it,
	// and the file's name is made only when it is needed.
	var hx [2 * len(Key{})]byte
	hex.Encode(hx[:], key[:])
	if e, found := c.spare[rel]; found && e.Key == string(hx[:]) && c.spareAsWritten(s.dir, rel, e) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		if s.done {
			return 0, false
		}
		c.record(rel, e)
		if s.spareDir == "" { // a link prelink made, not a spare's own file
			s.linked.Add(1)
		} else {
			s.kept.Add(1)
		}
		return e.Size, true
	}
	if c.prev == nil {
		return 0, false
	}
	e, found := c.prev.Files[rel]
	if !found || e.Key != string(hx[:]) {
		return 0, false
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	old := filepath.Join(s.out, filepath.FromSlash(rel))
	if !asWritten(old, e) {
		return 0, false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.done {
		return 0, false
	}
	if s.prepare(rel, name) != nil {
		return 0, false
	}
	// A link fails across file systems or where they are not supported;
	// the caller then writes the file, which is always correct.
	if err := os.Link(old, name); err != nil {
		return 0, false
	}
	s.shared.Store(true)
	c.record(rel, e)
	s.linked.Add(1)
	return e.Size, true
}

// LookAhead looks at every file of the adopted spare now, on the calling
// goroutine, and remembers which are still as written, so that Carry need
// not look at each as it is asked: a build calls it while its analysis
// leaves a core idle, and tens of thousands of looks (a system call each)
// then no longer stand in the way of rendering. Carry looks at a file
// itself until LookAhead has finished. It also puts the previous
// manifest's files in path order, which saving the new manifest needs once
// the published site is the spare: at the end of a build, when nothing
// else is left to do beside it.
//
// A file changed after LookAhead looked at it and before the new site is
// published is carried over as it is now, as one changed after Carry
// looked at it always was; the next rebuild makes it again (its size or
// time no longer match).
func (s *Staging) LookAhead() {
	c := s.carry
	if c == nil {
		return
	}
	if c.prevSorted != nil {
		defer c.prevSorted()
	}
	if c.looked == nil {
		return
	}
	c.lookOnce.Do(func() {
		c.fine = spareAsWrittenAll(s.dir, c.spare)
		close(c.looked)
	})
}

// spareAsWritten is asWritten for the spare's file rel in the staging
// folder dir, from what LookAhead saw once it has finished.
func (c *carry) spareAsWritten(dir, rel string, e Entry) bool {
	select {
	case <-c.looked:
		return c.fine[rel]
	default:
		return asWritten(filepath.Join(dir, filepath.FromSlash(rel)), e)
	}
}

// asWritten reports whether the file name is a regular file with the size
// and modification time of e.
func asWritten(name string, e Entry) bool {
	fi, err := os.Lstat(name)
	return err == nil && fi.Mode().IsRegular() && fi.Size() == e.Size && fi.ModTime().UnixNano() == e.ModTime
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
			return &userError{cause: err, msg: fmt.Sprintf(
				"新网站的文件 %s 刚写入就从临时文件夹中消失了（可能同时有另一次生成在写 %s）；请重新生成", rel, s.shown)}
		}
		return s.writeFailed(rel, err)
	}
	s.carry.record(rel, Entry{Key: hex.EncodeToString(key[:]), Size: fi.Size(), ModTime: fi.ModTime().UnixNano()})
	return nil
}

// recorded reports whether the new manifest has rel: a file this build
// carried over or wrote with a key, and has not written again since.
func (c *carry) recorded(rel string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.next.Files[rel]
	return ok
}

func (c *carry) record(rel string, e Entry) {
	c.mu.Lock()
	c.next.Files[rel] = e
	c.mu.Unlock()
}

// wrote notes that rel was written without a key: a file recorded for it
// before is gone, and with a spare, the path is this build's.
func (c *carry) wrote(rel string) {
	c.mu.Lock()
	delete(c.next.Files, rel)
	if c.written != nil {
		c.written[rel] = true
	}
	c.mu.Unlock()
}
