package segstore

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"tuijin/generator/fingerprint"
)

// A Writer makes the next index: it appends the parts a build made to the
// data file of the parts it was given (or to a new data file, when there
// is none it can write to), on a goroutine of its own, and puts the new
// index in place on Commit. Add and Keep, then Commit or Abort once; none
// is safe for concurrent use.
type Writer struct {
	name, program string
	prev          *Parts
	f             *os.File // the data file written to
	fresh         bool     // f is a new data file, not prev's
	end           int64    // f's size, once this build's parts are written
	at            map[fingerprint.Sum]place
	parts         chan part
	done          chan error
}

type part struct {
	key  fingerprint.Sum
	b    []byte
	keep bool // b is prev's part under key
}

// Create starts the next index name for program after prev, the parts
// this build was given (nil: none). The parts added are written as they
// come, after prev's in prev's data file when that is still the file prev
// was read from; the index only names them, and drops the parts of prev
// not kept, after Commit.
func Create(name, program string, prev *Parts) (*Writer, error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	w := &Writer{name: name, program: program, prev: prev, at: map[fingerprint.Sum]place{},
		parts: make(chan part, 16), done: make(chan error, 1)}
	if canAppend && prev != nil && prev.data != "" {
		// Appended to only if it is still the file the parts were read
		// from, as long or longer: a data file replaced since (by a
		// build beside this one) holds other parts at the same places.
		if f, err := os.OpenFile(prev.data, os.O_RDWR|os.O_APPEND, 0); err == nil {
			if st, err := f.Stat(); err == nil && os.SameFile(st, prev.info) && st.Size() >= prev.info.Size() {
				w.f = f
			} else {
				f.Close()
			}
		}
	}
	if w.f == nil {
		f, err := os.CreateTemp(dir, dataPrefix(name)+"*")
		if err != nil {
			return nil, err
		}
		w.f, w.fresh = f, true
	}
	go w.write()
	return w, nil
}

// write appends the parts that come to the data file and notes where each
// lies; a part kept from prev's data file is only noted. The file is
// opened to append: each write lands after whatever the file holds by
// then, its place read back once it is written, so that a build writing
// beside this one (from the same previous index) never writes over the
// parts of this one, nor over any that another build has mapped.
func (w *Writer) write() {
	var buf []byte
	var pending []pendingPart // in buf, by their offsets there
	var err error
	flush := func() {
		if len(buf) == 0 || err != nil {
			return
		}
		var end int64
		if _, err = w.f.Write(buf); err == nil {
			end, err = w.f.Seek(0, io.SeekCurrent)
		}
		if err == nil {
			start := end - int64(len(buf))
			for _, p := range pending {
				p.at.off += start
				w.at[p.key] = p.at
			}
		}
		buf, pending = buf[:0], pending[:0]
	}
	for p := range w.parts {
		if p.keep && !w.fresh {
			w.at[p.key] = w.prev.at[p.key]
			continue
		}
		if err != nil {
			continue // drain
		}
		at := place{int64(len(buf)), int64(len(p.b)), crc32.Checksum(p.b, castagnoli)}
		buf = append(buf, p.b...)
		pending = append(pending, pendingPart{p.key, at})
		if len(buf) >= writeSize {
			flush()
		}
	}
	flush()
	if err == nil {
		var st os.FileInfo
		if st, err = w.f.Stat(); err == nil {
			w.end = st.Size()
		}
	}
	w.done <- err
}

// writeSize is how much write gathers before it writes: one write a part
// would be thousands of small writes for a first build.
const writeSize = 256 << 10

// pendingPart is a part gathered but not yet written, at its place in
// what was gathered.
type pendingPart struct {
	key fingerprint.Sum
	at  place
}

// Add writes a part made by this build. b must not change until Commit or
// Abort returns.
func (w *Writer) Add(key fingerprint.Sum, b []byte) { w.parts <- part{key: key, b: b} }

// Keep names in the next index the part of prev under key; a key prev
// has no part under is ignored.
func (w *Writer) Keep(key fingerprint.Sum) {
	if w.prev == nil {
		return
	}
	if b, ok := w.prev.m[key]; ok {
		w.parts <- part{key: key, b: b, keep: true}
	}
}

// Commit puts the new index in place of the previous one. When the data
// file holds more bytes of parts no longer named than of parts named, the
// named ones are first written into a new data file, and the old one is
// removed once the index no longer names it.
func (w *Writer) Commit() error {
	close(w.parts)
	err := <-w.done
	if err == nil && !w.fresh && w.end-w.live() > w.live() {
		err = w.compact()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = w.writeIndex()
	}
	if err != nil {
		if w.fresh {
			os.Remove(w.f.Name())
		}
		return err
	}
	if w.fresh {
		w.removeOthers()
	}
	return nil
}

// Abort leaves the previous index as it was. Parts appended to its data
// file stay there unnamed, until a build writes the data file anew.
func (w *Writer) Abort() {
	close(w.parts)
	<-w.done
	w.f.Close()
	if w.fresh {
		os.Remove(w.f.Name())
	}
}

func (w *Writer) live() int64 {
	var n int64
	for _, pl := range w.at {
		n += pl.n
	}
	return n
}

// compact writes the parts the new index names into a new data file, in
// the order they lie in the old one, and makes it the file written to.
func (w *Writer) compact() error {
	f, err := os.CreateTemp(filepath.Dir(w.name), dataPrefix(w.name)+"*")
	if err != nil {
		return err
	}
	keys := make([]fingerprint.Sum, 0, len(w.at))
	for key := range w.at {
		keys = append(keys, key)
	}
	slices.SortFunc(keys, func(a, b fingerprint.Sum) int { return cmp.Compare(w.at[a].off, w.at[b].off) })
	out := bufio.NewWriterSize(f, 256<<10)
	var off int64
	for _, key := range keys {
		pl := w.at[key]
		if _, err = io.Copy(out, io.NewSectionReader(w.f, pl.off, pl.n)); err != nil {
			break
		}
		w.at[key] = place{off, pl.n, pl.crc}
		off += pl.n
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	w.f.Close()
	w.f, w.fresh, w.end = f, true, off
	return nil
}

// writeIndex writes the index, its parts in key order, to a temporary
// file and renames it over the previous one: a reader sees either.
func (w *Writer) writeIndex() error {
	var b []byte
	b = append(b, magic...)
	b = binary.AppendUvarint(b, uint64(len(w.program)))
	b = append(b, w.program...)
	data := filepath.Base(w.f.Name())
	b = binary.AppendUvarint(b, uint64(len(data)))
	b = append(b, data...)
	keys := make([]fingerprint.Sum, 0, len(w.at))
	for key := range w.at {
		keys = append(keys, key)
	}
	slices.SortFunc(keys, func(a, b fingerprint.Sum) int { return bytes.Compare(a[:], b[:]) })
	for _, key := range keys {
		pl := w.at[key]
		b = append(b, key[:]...)
		b = binary.AppendUvarint(b, uint64(pl.off))
		b = binary.AppendUvarint(b, uint64(pl.n))
		b = binary.LittleEndian.AppendUint32(b, pl.crc)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(keys)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	tmp, err := os.CreateTemp(filepath.Dir(w.name), ".segments-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), w.name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// removeOthers removes the data files of name that its index, just
// written with a new one, no longer names: the one it named before, and
// any a build cut short left behind. A build beside this one that still
// reads one keeps its parts (a removed file stays readable while it is
// open); one that still writes an index naming one loses them.
func (w *Writer) removeOthers() {
	dir := filepath.Dir(w.name)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix, current := dataPrefix(w.name), filepath.Base(w.f.Name())
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, prefix) && n != current {
			os.Remove(filepath.Join(dir, n))
		}
	}
}
