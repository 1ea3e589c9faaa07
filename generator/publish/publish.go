package publish

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Errors returned by this package, for errors.Is.
var (
	// ErrUnsafeOut means the output folder is one this package refuses to
	// replace; the wrapping error says which and why.
	ErrUnsafeOut = errors.New("unsafe output folder")
	// ErrInvalidPath means a file name given to WriteFile is not a clean
	// relative slash-separated path.
	ErrInvalidPath = errors.New("invalid path")
	// ErrDone means the Staging was already committed or aborted.
	ErrDone = errors.New("staging already committed or aborted")
)

const (
	dirPerm  = 0o755
	filePerm = 0o644

	tmpTag   = ".tmp-"
	oldTag   = ".old-"
	spareTag = ".spare-"
	// suffixLen is the number of hex digits after a tag; cleanup matches
	// it exactly so that nothing a person named by hand is removed.
	suffixLen = 16
)

// Staging is a folder being filled with a new site. Its methods are safe
// for concurrent use; WriteFile calls run in parallel, while Commit and
// Abort wait for writes in progress and make later ones fail.
type Staging struct {
	out string // absolute, cleaned
	dir string // absolute staging folder, in filepath.Dir(out)

	// mu is held shared by WriteFile and exclusively by Commit and Abort,
	// so no write can land in the folder while it is being swapped in.
	mu   sync.RWMutex
	done bool

	dirs  sync.Map // folders of the staging folder known to exist
	carry *carry   // nil unless Track was called

	// adopted lists the folders of a spare adopted by Track, for Commit
	// to remove those its pruning leaves empty; nil without a spare.
	// spareDir is where that spare was, for Abort to put it back.
	adopted  []string
	spareDir string
	// broken, when set, is why this staging folder must not be committed.
	broken error
	// shared is set once a file of the staging folder may be a hard link
	// to a published file: from then on a name is removed before it is
	// written, never opened for writing, so the published file keeps its
	// bytes.
	shared atomic.Bool

	// What Carry did: files kept where they stood in an adopted spare,
	// files hard-linked from the published site.
	kept, linked atomic.Int64
}

// mkdirs creates a folder of the staging folder and its parents, once:
// tens of thousands of pages share a few folders.
func (s *Staging) mkdirs(dir string) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	err := os.MkdirAll(dir, dirPerm)
	if err != nil && s.adopted != nil {
		// An adopted spare may hold a file where this site has a folder.
		err = s.clearFiles(dir)
		if err == nil {
			err = os.MkdirAll(dir, dirPerm)
		}
	}
	if err != nil {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// prepare makes the file name of the staging folder ready to be created:
// its folder exists and, if the folder may hold hard links to the
// published site, nothing is at name any more.
func (s *Staging) prepare(name string) error {
	if err := s.mkdirs(filepath.Dir(name)); err != nil {
		return err
	}
	if s.shared.Load() {
		return os.RemoveAll(name)
	}
	return nil
}

// Stage prepares the replacement of the folder out, creating its parent
// folders if needed. Before creating the staging folder it repairs what an
// earlier build killed mid-way may have left next to out: a previous site
// set aside by an interrupted Commit is put back if out is missing, and
// stale staging and old-site folders for out are removed.
//
// Stage refuses (ErrUnsafeOut) an out that is the file system root, the
// current folder or one of its ancestors, a symbolic link, or anything
// other than a folder. A symbolic link is refused rather than followed or
// replaced: replacing would turn the link into a plain folder behind the
// user's back, and following would swap a folder this package was not
// pointed at; point the build at the link's target instead.
func Stage(out string) (*Staging, error) {
	abs, err := checkOut(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, dirPerm); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := recoverLeftovers(abs); err != nil {
		return nil, err
	}
	dir, err := makeUnique(abs, tmpTag)
	if err != nil {
		return nil, err
	}
	return &Staging{out: abs, dir: dir}, nil
}

// Dir returns the staging folder. Files written there directly rather than
// through WriteFile are published too, but get none of its checks or
// locking; and they must be new names, created afresh, that are not also
// written through the Staging. A file already in the staging folder may
// be a hard link to a file of the published site, so opening it for
// writing would change the published site. After Track adopted a spare,
// the only files left in it are those of its manifest, which the Staging
// replaces or removes itself, so a file written directly (the briefing's
// PDF) is always created anew.
func (s *Staging) Dir() string { return s.dir }

// Out returns the absolute path of the folder that Commit replaces.
func (s *Staging) Out() string { return s.out }

// WriteFile writes data to the file rel of the new site, creating parent
// folders as needed (mode 0o755, files 0o644, both less the umask). rel is
// slash-separated and relative: it is rejected (ErrInvalidPath) if it is
// empty or absolute, has empty, "." or ".." segments, a trailing slash, a
// backslash, a colon or a NUL, or names a reserved device on Windows. The
// same rel written twice keeps the last data. Whatever was at rel in the
// staging folder (a file of an adopted spare, a file Carry linked) is
// replaced by a new file, never written through.
func (s *Staging) WriteFile(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.done {
		return fmt.Errorf("publish: write %s: %w", rel, ErrDone)
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.prepare(name); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if s.carry != nil {
		s.carry.wrote(rel)
	}
	if err := writeFile(name, data, filePerm); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// CopyFS writes every regular file of fsys under the folder rel of the new
// site ("" or "." for its root), through WriteFile. It exists for embedded
// assets; os.CopyFS would bypass the checks and locking and keep the
// executable bits of the source.
func (s *Staging) CopyFS(rel string, fsys fs.FS) error {
	if rel != "" && rel != "." {
		if err := checkRel(rel); err != nil {
			return err
		}
	}
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if rel != "" && rel != "." {
			p = rel + "/" + p
		}
		return s.WriteFile(p, data)
	})
}

// Commit makes the staged folder the output folder. If out exists it is
// renamed aside, the staging folder is renamed to out, and the old site is
// then removed; if the second rename fails the old site is renamed back.
//
// A staging folder adopted from a spare is first pruned of the spare's
// files that this build neither kept nor wrote, and of the folders that
// leaves empty, so the site holds exactly what this build wrote or
// carried. And when Track was given the previous site's manifest, the old
// site is not removed but kept as the spare, and Manifest names it; any
// other spare of out is removed, so an untracked build leaves none.
//
// A failure to remove the old site is not reported: the new site is in
// place, and the next Stage removes the leftover. out is checked again as
// in Stage, since it may have changed during the build. After an error the
// Staging is still open: call Abort to remove it.
func (s *Staging) Commit() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return fmt.Errorf("publish: commit: %w", ErrDone)
	}
	if s.broken != nil {
		return fmt.Errorf("publish: commit: %w", s.broken)
	}
	if _, err := checkOut(s.out); err != nil {
		return err
	}
	// Checked before out is touched: a staging folder removed under us (by
	// a second build's Stage) must not cost the published site a rename.
	fi, err := os.Lstat(s.dir)
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("%s is not a folder", s.dir)
	}
	if err != nil {
		return fmt.Errorf("publish: commit: staging folder: %w", err)
	}
	if err := s.prune(); err != nil {
		return fmt.Errorf("publish: commit: %w", err)
	}

	var spare *Spare
	_, err = os.Lstat(s.out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(s.dir, s.out); err != nil {
			return fmt.Errorf("publish: commit: %w", err)
		}
	case err != nil:
		return fmt.Errorf("publish: commit: %w", err)
	default:
		// The old site goes aside under the name Stage restores and
		// only then, with the new site in place, becomes the spare: a
		// spare is never taken for the published site.
		old, err := reserveName(s.out, oldTag)
		if err != nil {
			return err
		}
		if err := os.Rename(s.out, old); err != nil {
			return fmt.Errorf("publish: commit: set previous site aside: %w", err)
		}
		if err := os.Rename(s.dir, s.out); err != nil {
			if rerr := os.Rename(old, s.out); rerr != nil {
				return fmt.Errorf("publish: commit: %w; previous site left at %s: %w", err, old, rerr)
			}
			return fmt.Errorf("publish: commit: %w", err)
		}
		spare = s.keepSpare(old)
		if spare == nil {
			_ = os.RemoveAll(old)
		}
	}
	s.done = true
	if s.carry != nil {
		s.carry.mu.Lock()
		s.carry.kept = spare
		s.carry.mu.Unlock()
	}
	removeSpares(s.out, spare)
	return nil
}

// Abort removes the staging folder, leaving out untouched; a staging
// folder adopted from a spare is put back as that spare instead. It is a
// no-op after Commit or an earlier Abort, so it can be deferred
// unconditionally.
func (s *Staging) Abort() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return nil
	}
	s.done = true
	// A spare adopted by a build that then failed goes back where it was
	// rather than being removed: the manifest in the cache still names
	// it, Carry checks each of its files before keeping one (so what this
	// build wrote into it is never taken for what the manifest lists, and
	// the next adoption prunes what it does not list), and the next build
	// would otherwise link every page again.
	if s.spareDir != "" && os.Rename(s.dir, s.spareDir) == nil {
		return nil
	}
	if err := os.RemoveAll(s.dir); err != nil {
		return fmt.Errorf("publish: abort: %w", err)
	}
	return nil
}

// checkOut returns out as a cleaned absolute path, or ErrUnsafeOut if it is
// not a folder this package may replace.
func checkOut(out string) (string, error) {
	if out == "" {
		return "", fmt.Errorf("publish: empty output folder: %w", ErrUnsafeOut)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	refuse := func(why string) (string, error) {
		return "", fmt.Errorf("publish: output folder %s %s: %w", out, why, ErrUnsafeOut)
	}
	if filepath.Dir(abs) == abs {
		return refuse("is the file system root")
	}
	if wd, err := os.Getwd(); err == nil && within(wd, abs) {
		// Renaming the folder the process (and likely its user's shell)
		// stands in would leave it in the deleted old site.
		return refuse("is the current folder or contains it")
	}
	fi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return abs, nil
	case err != nil:
		return "", fmt.Errorf("publish: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		return refuse("is a symbolic link (use its target)")
	case !fi.IsDir():
		return refuse("is not a folder")
	}
	return abs, nil
}

// within reports whether path is dir or inside it; both are absolute and
// cleaned, and dir is not a root.
func within(path, dir string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

func checkRel(rel string) error {
	invalid := func(why string) error {
		return &fs.PathError{Op: "publish: write", Path: rel, Err: fmt.Errorf("%w: %s", ErrInvalidPath, why)}
	}
	switch {
	case rel == "" || rel == ".":
		return invalid("empty")
	case strings.ContainsAny(rel, "\\"):
		return invalid("backslash")
	case strings.ContainsRune(rel, 0):
		return invalid("NUL byte")
	case strings.ContainsRune(rel, ':'):
		// A drive letter or an NTFS alternate data stream on Windows.
		return invalid("colon")
	case !fs.ValidPath(rel):
		return invalid("not a clean relative path")
	case !filepath.IsLocal(filepath.FromSlash(rel)):
		return invalid("not a local path on this system")
	}
	return nil
}

// leftoverPrefix returns the start of the names used beside out for tag.
func leftoverPrefix(out, tag string) string {
	return "." + filepath.Base(out) + tag
}

// isLeftover reports whether name is exactly leftoverPrefix(out, tag)
// followed by suffixLen lowercase hex digits.
func isLeftover(name, out, tag string) bool {
	suffix, ok := strings.CutPrefix(name, leftoverPrefix(out, tag))
	if !ok || len(suffix) != suffixLen {
		return false
	}
	for _, c := range suffix {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// recoverLeftovers puts back a previous site that a killed Commit had set
// aside, then removes the other leftovers of earlier builds into out. Of
// the spares, only the newest is kept: normally there is one, and more
// only when a build was killed between making a spare and removing the
// one before. A spare is never put back as the site; it is only ever
// adopted by Track, whose manifest says what it holds.
func recoverLeftovers(out string) error {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	var tmps, olds, spares []fs.FileInfo
	for _, e := range entries {
		var list *[]fs.FileInfo
		switch {
		case isLeftover(e.Name(), out, tmpTag):
			list = &tmps
		case isLeftover(e.Name(), out, oldTag):
			list = &olds
		case isLeftover(e.Name(), out, spareTag):
			list = &spares
		}
		if list == nil || !e.IsDir() {
			continue // also skips symlinks, which are never ours
		}
		fi, err := e.Info()
		if err != nil {
			continue // gone meanwhile
		}
		*list = append(*list, fi)
	}

	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) && len(olds) > 0 {
		// Killed between the two renames of Commit. Several old sites
		// only exist if removals failed before; the newest is the site
		// that was published last.
		newest := newestOf(olds)
		if err := os.Rename(filepath.Join(parent, olds[newest].Name()), out); err != nil {
			return fmt.Errorf("publish: restore previous site: %w", err)
		}
		olds = slices.Delete(olds, newest, newest+1)
	}
	if len(spares) > 0 {
		newest := newestOf(spares)
		spares = slices.Delete(spares, newest, newest+1)
	}

	// Removal failures are left for the next build: they cost disk space,
	// not correctness, since the names are never reused.
	for _, fi := range slices.Concat(tmps, olds, spares) {
		_ = os.RemoveAll(filepath.Join(parent, fi.Name()))
	}
	return nil
}

// newestOf returns the index of the most recently modified of fis.
func newestOf(fis []fs.FileInfo) int {
	newest := 0
	for i, fi := range fis {
		if fi.ModTime().After(fis[newest].ModTime()) {
			newest = i
		}
	}
	return newest
}

// makeUnique creates a new folder beside out named for tag. It is not
// os.MkdirTemp because that creates mode 0o700, which the published site
// would keep, and its suffix is not the fixed form cleanup matches.
func makeUnique(out, tag string) (string, error) {
	for range 10 {
		name, err := reserveName(out, tag)
		if err != nil {
			return "", err
		}
		err = os.Mkdir(name, dirPerm)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("publish: %w", err)
		}
	}
	return "", fmt.Errorf("publish: no free staging name beside %s", out)
}

// reserveName returns a fresh path beside out named for tag. Nothing is
// created: rename onto it fails or replaces only an empty folder if another
// process took it meanwhile, which 64 random bits make moot.
func reserveName(out, tag string) (string, error) {
	var b [suffixLen / 2]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	return filepath.Join(filepath.Dir(out), leftoverPrefix(out, tag)+hex.EncodeToString(b[:])), nil
}
