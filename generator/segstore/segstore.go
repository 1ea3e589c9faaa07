// Package segstore keeps the parts of a site's biggest outputs that
// render.Segments reuses between builds — each unit's rows of the project
// list and of the CSV, its entries of the search index — in one file of
// the build cache, beside the site's manifest.
//
// The file is the parts of the last build, each under its key, and
// nothing else. A build reads it whole (Load), hands every part it shows
// to a Writer as it goes, and the Writer replaces the file once the build
// has rendered. Nothing in the file is trusted but what it says of
// itself: it names the program that wrote it (a part made by another
// version of tuijin may be written differently) and ends with a checksum
// of everything before it, so a file cut short, damaged or written by
// something else holds no parts, and the build makes them again.
//
// The format, in order: the line "tuijin-segments-1\n"; the program's
// fingerprint, its length (uvarint) first; each part as its 32-byte key,
// its length (uvarint) and its bytes; then the number of parts and the
// CRC-32C of everything before it, 4 bytes each, little-endian.
package segstore

import (
	"bufio"
	"encoding/binary"
	"hash"
	"hash/crc32"
	"os"
	"path/filepath"

	"tuijin/generator/fingerprint"
)

const magic = "tuijin-segments-1\n"

// maxFile bounds the file Load reads: a city's month makes about 25 MB of
// parts, and anything forty times that is not this package's.
const maxFile = 1 << 30

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Parts are the parts of a file, by key (Load).
type Parts struct {
	m       map[fingerprint.Sum][]byte
	release func()
}

// Map returns the parts by key. Their bytes must not be changed, nor used
// after Close.
func (p *Parts) Map() map[fingerprint.Sum][]byte { return p.m }

// Close lets the file's contents go.
func (p *Parts) Close() {
	if p.release != nil {
		p.release()
		p.release = nil
	}
	p.m = nil
}

// Load returns the parts in the file name, written for program. A file
// that is missing, written for another program, cut short or damaged holds
// none. The parts share the memory of the file's contents, which are
// mapped rather than copied where the system allows it: what a rebuild
// reuses is in the system's page cache already, and copying it into fresh
// memory cost a fault for each of its pages.
func Load(name, program string) *Parts {
	b, release := readAll(name)
	parts := parse(b, program)
	if len(parts) == 0 {
		release()
		return &Parts{m: parts}
	}
	return &Parts{m: parts, release: release}
}

// parse returns the parts in a file's contents b, none unless b is whole
// and written for program.
func parse(b []byte, program string) map[fingerprint.Sum][]byte {
	parts := map[fingerprint.Sum][]byte{}
	if len(b) < len(magic)+8 || string(b[:len(magic)]) != magic {
		return parts
	}
	body, trailer := b[:len(b)-4], b[len(b)-4:]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(trailer) {
		return parts
	}
	count := binary.LittleEndian.Uint32(body[len(body)-4:])
	rest := body[len(magic) : len(body)-4]
	n, k := binary.Uvarint(rest)
	if k <= 0 || n > uint64(len(rest)-k) || string(rest[k:k+int(n)]) != program {
		return parts
	}
	rest = rest[k+int(n):]
	for len(rest) > 0 {
		if len(rest) < len(fingerprint.Sum{}) {
			return map[fingerprint.Sum][]byte{}
		}
		key := fingerprint.Sum(rest[:len(fingerprint.Sum{})])
		rest = rest[len(key):]
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return map[fingerprint.Sum][]byte{}
		}
		parts[key] = rest[k : k+int(n) : k+int(n)]
		rest = rest[k+int(n):]
	}
	if uint32(len(parts)) != count {
		return map[fingerprint.Sum][]byte{}
	}
	return parts
}

// A Writer writes the next file of parts into a temporary file beside
// it, on a goroutine of its own, and puts it in place on Commit. Add, then
// Commit or Abort once; Add is not safe for concurrent use.
type Writer struct {
	name  string
	tmp   *os.File
	parts chan part
	done  chan error
}

type part struct {
	key fingerprint.Sum
	b   []byte
}

// Create starts the file name for program. The parts are written as
// they are added; the file is only in place, whole, after Commit.
func Create(name, program string) (*Writer, error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".segments-*")
	if err != nil {
		return nil, err
	}
	w := &Writer{name: name, tmp: tmp, parts: make(chan part, 16), done: make(chan error, 1)}
	go w.write(program)
	return w, nil
}

func (w *Writer) write(program string) {
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(w.tmp, 256<<10)
	out := &checked{w: bw, crc: crc}
	out.write([]byte(magic))
	out.write(binary.AppendUvarint(nil, uint64(len(program))))
	out.write([]byte(program))
	var count uint32
	var head [len(fingerprint.Sum{}) + binary.MaxVarintLen64]byte
	for p := range w.parts {
		n := copy(head[:], p.key[:])
		n += binary.PutUvarint(head[n:], uint64(len(p.b)))
		out.write(head[:n])
		out.write(p.b)
		count++
	}
	out.write(binary.LittleEndian.AppendUint32(nil, count))
	out.write(binary.LittleEndian.AppendUint32(nil, crc.Sum32()))
	if out.err == nil {
		out.err = bw.Flush()
	}
	w.done <- out.err
}

// checked writes through w and into crc until the first error.
type checked struct {
	w   *bufio.Writer
	crc hash.Hash32
	err error
}

func (c *checked) write(b []byte) {
	if c.err != nil {
		return
	}
	c.crc.Write(b)
	_, c.err = c.w.Write(b)
}

// Add writes a part. b must not change until Commit or Abort returns.
func (w *Writer) Add(key fingerprint.Sum, b []byte) { w.parts <- part{key, b} }

// Commit puts the file in place of the previous one.
func (w *Writer) Commit() error {
	close(w.parts)
	err := <-w.done
	if cerr := w.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.tmp.Name(), w.name)
	}
	if err != nil {
		os.Remove(w.tmp.Name())
	}
	return err
}

// Abort leaves the previous file as it was.
func (w *Writer) Abort() {
	close(w.parts)
	<-w.done
	w.tmp.Close()
	os.Remove(w.tmp.Name())
}
