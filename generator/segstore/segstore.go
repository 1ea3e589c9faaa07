// Package segstore keeps the parts of a site's biggest outputs that
// render.Segments reuses between builds — each unit's rows of the project
// list and of the CSV, its entries of the search index — in the build
// cache, beside the site's manifest.
//
// The parts lie in a data file that builds only append to, and an index
// names which of its parts are the last build's: a rebuild after one
// workbook changed appends that unit's parts and writes a new index,
// rather than the whole of a city's month again (54 MB, a tenth of such a
// rebuild's time). When the parts no longer named by the index outweigh
// those it names, the next build writes the named ones into a new data
// file and removes the old one, so the data file stays under about twice
// what a build shows.
//
// Nothing is trusted but what the files say of themselves. The index
// names the program that wrote it (a part made by another version of
// tuijin may be written differently) and ends with a checksum of
// everything before it, so an index cut short, damaged or written by
// something else holds no parts. It names its data file, which must be
// one of its own beside it, and gives each part's place there with the
// part's own checksum: a part overwritten, cut short or damaged since is
// left out on its own, and the build makes it again. Two builds appending
// to one data file at once (a rebuild by hand while tuijin serve runs)
// can therefore cost parts, never give a wrong one.
//
// The index, in order: the line "tuijin-segments-2\n"; the program's
// fingerprint and the data file's base name, each its length (uvarint)
// first; each part as its 32-byte key, its offset and length in the data
// file (uvarints) and its CRC-32C (4 bytes); then the number of parts and
// the CRC-32C of everything before it, 4 bytes each. The data file is the
// parts' bytes and nothing else. Numbers of 4 bytes are little-endian.
package segstore

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"

	"tuijin/generator/fingerprint"
)

const magic = "tuijin-segments-2\n"

// maxFile bounds the data file Load maps, and maxIndex the index it
// reads: a city's month makes about 55 MB of parts in some 3,000 of them,
// and anything many times that is not this package's.
const (
	maxFile  = 1 << 30
	maxIndex = 64 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Parts are the parts an index names, by key (Load).
type Parts struct {
	m       map[fingerprint.Sum][]byte
	at      map[fingerprint.Sum]place // where each of m lies in data
	data    string                    // the data file's path; "" without one
	info    os.FileInfo               // the data file as it was mapped
	release func()
}

// place is where a part lies in a data file.
type place struct {
	off, n int64
	crc    uint32
}

// Map returns the parts by key. Their bytes must not be changed, nor used
// after Close.
func (p *Parts) Map() map[fingerprint.Sum][]byte { return p.m }

// Close lets the data file's contents go.
func (p *Parts) Close() {
	if p.release != nil {
		p.release()
		p.release = nil
	}
	p.m = nil
}

// dataPrefix starts the base name of every data file of the index name:
// an index may only name one of these, and a build that starts a new data
// file removes the others.
func dataPrefix(name string) string { return filepath.Base(name) + ".data-" }

// Load returns the parts that the index name, written for program, names.
// An index that is missing, written for another program, cut short or
// damaged names none; a part whose bytes are not what the index says is
// left out. The parts share the memory of the data file, which is mapped
// rather than copied where the system allows it: what a rebuild reuses is
// in the system's page cache already, and copying it into fresh memory
// cost a fault for each of its pages.
func Load(name, program string) *Parts {
	p := &Parts{m: map[fingerprint.Sum][]byte{}}
	idx, ok := readIndex(name)
	if !ok {
		return p
	}
	data, at, ok := parseIndex(idx, program, dataPrefix(name))
	if !ok || len(at) == 0 {
		return p
	}
	file := filepath.Join(filepath.Dir(name), data)
	b, info, release := readAll(file)
	if info == nil {
		return p
	}
	p.data, p.info, p.release = file, info, release
	p.at = make(map[fingerprint.Sum]place, len(at))
	for key, pl := range at {
		if pl.off > int64(len(b)) || pl.n > int64(len(b))-pl.off {
			continue
		}
		part := b[pl.off : pl.off+pl.n : pl.off+pl.n]
		if crc32.Checksum(part, castagnoli) != pl.crc {
			continue
		}
		p.m[key], p.at[key] = part, pl
	}
	return p
}

// openData opens the data file name if it is a regular file of at most
// maxFile bytes, and tells what it is.
func openData(name string) (*os.File, os.FileInfo, bool) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, false
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 || st.Size() > maxFile {
		f.Close()
		return nil, nil, false
	}
	return f, st, true
}

func nothing() {}

// readIndex reads the regular file name, if it is no larger than an index
// may be.
func readIndex(name string) ([]byte, bool) {
	st, err := os.Stat(name)
	if err != nil || !st.Mode().IsRegular() || st.Size() > maxIndex {
		return nil, false
	}
	b, err := os.ReadFile(name)
	return b, err == nil
}

// parseIndex returns the data file's base name and the places of the
// parts in an index's contents b, if b is whole, written for program and
// names a data file whose name starts with prefix.
func parseIndex(b []byte, program, prefix string) (data string, at map[fingerprint.Sum]place, ok bool) {
	if len(b) < len(magic)+8 || string(b[:len(magic)]) != magic {
		return "", nil, false
	}
	body, trailer := b[:len(b)-4], b[len(b)-4:]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(trailer) {
		return "", nil, false
	}
	count := binary.LittleEndian.Uint32(body[len(body)-4:])
	r := reader{b: body[len(magic) : len(body)-4], ok: true}
	if string(r.text()) != program {
		return "", nil, false
	}
	data = string(r.text())
	if !r.ok || !strings.HasPrefix(data, prefix) || strings.ContainsAny(data, `/\`) || !filepath.IsLocal(data) {
		return "", nil, false
	}
	at = map[fingerprint.Sum]place{}
	for r.ok && len(r.b) > 0 {
		key := fingerprint.Sum(r.next(len(fingerprint.Sum{})))
		off, n := r.uvarint(), r.uvarint()
		crc := binary.LittleEndian.Uint32(r.next(4))
		if !r.ok || off > maxFile || n > maxFile {
			return "", nil, false
		}
		at[key] = place{int64(off), int64(n), crc}
	}
	if !r.ok || uint32(len(at)) != count {
		return "", nil, false
	}
	return data, at, true
}

// reader takes an index apart; ok turns false, for good, at the first
// thing that is not there.
type reader struct {
	b  []byte
	ok bool
}

func (r *reader) next(n int) []byte {
	if !r.ok || n > len(r.b) {
		r.ok = false
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) uvarint() uint64 {
	if !r.ok {
		return 0
	}
	x, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.ok = false
		return 0
	}
	r.b = r.b[k:]
	return x
}

func (r *reader) text() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.ok = false
		return nil
	}
	return r.next(int(n))
}
