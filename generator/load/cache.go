package load

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"tuijin/generator/codec"
	"tuijin/generator/fingerprint"
	"tuijin/generator/ledger"
	"tuijin/generator/xlsx"
)

// cacheFormat changes whenever the cached data's layout changes.
const cacheFormat = "tuijin-cache-5"

// Cache keeps what reading a workbook gave, keyed by a hash of the file's
// content together with everything else the result depends on: the period,
// the name it is reported under, the limits, and the program itself (a hash
// of the running executable), so a changed file, a new period or a new
// version of the rules can never be served a stale result. Timestamps play
// no part. A Cache is safe for concurrent use; a nil *Cache caches nothing.
type Cache struct {
	dir  string
	salt string
}

// OpenCache uses dir (created when missing) for cached results.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, OpCreateFolder.Err(dir, err)
	}
	prog, err := fingerprint.Program()
	if err != nil {
		return nil, &FSError{Path: dir, Msg: "无法读取程序文件本身（缓存要用它核对程序版本）：" + FSReason(err), Err: err}
	}
	return &Cache{dir: dir, salt: cacheFormat + prog}, nil
}

// key fingerprints one reading of a file whose content hashes to sum.
func (c *Cache) key(sum [sha256.Size]byte, name string, opt ledger.Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%+v\x00", c.salt, name, opt.Period, opt.Limits)
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil))
}

// read returns the cached result of reading path, reading and caching it
// when there is none, and the key it is cached under: "" when the file was
// not cacheable, so that nothing keyed by it is cached either. A file the
// cache gave comes without its records: recs is their encoding, for
// decodeRecords to put where the caller laid out room for them (see
// ledger.Lay); a file read from its workbook has them, and recs is nil.
func (c *Cache) read(path, name string, opt ledger.Options) (f *ledger.File, key string, recs []byte) {
	return c.lookup(path, name, opt, true)
}

// reread is read without looking in the cache: for a file whose cached
// records turned out damaged. The entry is written again.
func (c *Cache) reread(path, name string, opt ledger.Options) (*ledger.File, string) {
	f, key, _ := c.lookup(path, name, opt, false)
	return f, key
}

func (c *Cache) lookup(path, name string, opt ledger.Options, look bool) (*ledger.File, string, []byte) {
	if c == nil {
		return ledger.ReadFile(path, name, opt), "", nil
	}
	sum, hashed, err := hashFile(path, opt.Limits)
	if err != nil {
		return ledger.ReadFile(path, name, opt), "", nil // let the reader report it
	}
	key := c.key(sum, name, opt)
	file := filepath.Join(c.dir, key[:2], key+".bin")
	if look {
		if b, err := os.ReadFile(file); err == nil {
			// A damaged or foreign entry is no entry: the file is read again.
			if f, recs, ok := splitEntry(b, name); ok {
				return f, key, recs
			}
		}
	}
	if testHookParse != nil {
		testHookParse(path)
	}
	f := ledger.ReadFile(path, name, opt)
	// The reader opens the file again: if it was saved again since it was
	// hashed (a clerk saving while tuijin serve rebuilds), what was read is
	// not what was hashed, and keeping it under that hash would serve it
	// for content it was not made from.
	if now, err := os.Stat(path); err != nil || !sameVersion(hashed, now) {
		return f, "", nil
	}
	storeFile(file, f)
	return f, key, nil
}

// A workbook's entry is two encodings: the file without its records
// (ledger.File.StripRecords), its length first, then its records
// (ledger.Records). The first says how many records of each kind the
// second holds, so that a build lays out room for a whole month's records
// before it decodes any (decodeRecords).

// storeFile writes a workbook's entry. The file is stored as read, before
// any DropRows: the codec leaves out unexported fields, and those are what
// DropRows keeps the row counts in once the rows are gone.
func storeFile(file string, f *ledger.File) {
	head := f.StripRecords()
	hb, err := codec.Append(nil, &head)
	if err != nil {
		return
	}
	recs := f.Records()
	b := append(binary.AppendUvarint(nil, uint64(len(hb))), hb...)
	if b, err = codec.Append(b, &recs); err != nil {
		return
	}
	write(file, b)
}

// splitEntry decodes the head of a workbook's entry, which must be the
// file read under name, and returns the encoding of its records.
func splitEntry(b []byte, name string) (*ledger.File, []byte, bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, nil, false
	}
	var f ledger.File
	if codec.Decode(b[k:k+int(n)], &f) != nil || f.Name != name {
		return nil, nil, false
	}
	return &f, b[k+int(n):], true
}

// decodeRecords decodes a cached file's records into w, room laid out for
// exactly as many as the file has rows, and gives them to the file.
func decodeRecords(f *ledger.File, recs []byte, w ledger.Records) error {
	if err := codec.DecodeInto(recs, &w); err != nil {
		return err
	}
	return f.SetRecords(w)
}

// testHookParse, when not nil, runs on a cache miss between hashing the
// file at path and parsing it: the tests save the file again there.
var testHookParse func(path string)

// sameVersion reports whether two looks at a file saw the same version of
// it: the same file (a save that replaces the file makes a new one), size
// and modification time.
func sameVersion(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// Get reads what Put stored of kind (a folder of the cache: "months",
// "briefings") under key into v, and reports whether there was such an
// entry. A missing, damaged or foreign entry is none: the caller computes
// the value again.
func Get[T any](c *Cache, kind string, key fingerprint.Sum, v *T) bool {
	if c == nil {
		return false
	}
	b, err := os.ReadFile(c.entryPath(kind, key))
	if err != nil {
		return false
	}
	var e entry[T]
	if codec.Decode(b, &e) != nil || e.Key != key {
		return false
	}
	*v = e.V
	return true
}

// Put keeps v, computed from inputs that key fingerprints, for Get. Keys
// made from the cache's own keys (Result.Key and what is chained from it)
// cover the program, so a new version of tuijin never reads an old entry.
func Put[T any](c *Cache, kind string, key fingerprint.Sum, v T) {
	if c == nil {
		return
	}
	store(c.entryPath(kind, key), &entry[T]{Key: key, V: v})
}

// entry is what Put writes: the value with its key, so that a file moved or
// copied by hand is never taken for another key's.
type entry[T any] struct {
	Key fingerprint.Sum
	V   T
}

func (c *Cache) entryPath(kind string, key fingerprint.Sum) string {
	name := hex.EncodeToString(key[:])
	return filepath.Join(c.dir, kind, name[:2], name+".bin")
}

// store writes v to the cache file, atomically so that a reader sees all
// of it or nothing. Failing to store only costs a later build the work.
func store[T any](file string, v *T) {
	b, err := codec.Append(nil, v)
	if err != nil {
		return
	}
	write(file, b)
}

func write(file string, b []byte) {
	_ = os.MkdirAll(filepath.Dir(file), 0o755)
	tmp := file + ".tmp" + filepath.Base(file)[:8]
	if os.WriteFile(tmp, b, 0o644) == nil {
		_ = os.Rename(tmp, file)
	}
}

// hashFile hashes a file's content for its cache key, refusing files
// larger than a workbook may be on disk (the compressed size can never
// exceed the inflated limit by much), and tells what the file was when it
// was read. The content streams through one pooled buffer: a build hashes
// every workbook of every month, and reading each whole into memory only
// to hash it was a hundred megabytes of garbage at twelve months.
func hashFile(path string, lim xlsx.Limits) (sum [sha256.Size]byte, fi os.FileInfo, err error) {
	max := lim.MaxTotalSize
	if max == 0 {
		max = xlsx.DefaultLimits().MaxTotalSize
	}
	// Looked at before it is opened: opening a FIFO would block.
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() || st.Size() > max {
		return sum, nil, errNotCacheable
	}
	fh, err := os.Open(path)
	if err != nil {
		return sum, nil, err
	}
	defer fh.Close()
	fi, err = fh.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > max {
		return sum, nil, errNotCacheable
	}
	buf := hashBuffers.Get().(*[]byte)
	defer hashBuffers.Put(buf)
	h := sha256.New()
	// Through a LimitedReader, which has no WriteTo: io.CopyBuffer would
	// otherwise let the file copy itself with a buffer of its own.
	n, err := io.CopyBuffer(h, io.LimitReader(fh, max+1), *buf)
	if err != nil {
		return sum, nil, err
	}
	if n > max {
		return sum, nil, errNotCacheable
	}
	h.Sum(sum[:0])
	return sum, fi, nil
}

var errNotCacheable = errors.New("not cacheable")

var hashBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}
