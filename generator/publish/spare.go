package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// adopt makes the spare sp the staging folder, if it is one this build may
// trust to be what sp says: named like a spare of this output folder, for
// this output folder, and a real folder. It then removes every file that
// sp.Files does not list, and anything that is neither a regular file nor
// a folder (a symbolic link would let a write land outside the staging
// folder). The files that sp.Files lists stay whatever they are: Carry
// looks at each before keeping it, and Commit removes those not kept.
// Called with s.mu held, before anything was written.
func (s *Staging) adopt(sp *Spare) {
	if sp.Out != s.out || !isLeftover(sp.Dir, s.out, spareTag) || sp.Files == nil {
		return
	}
	name := filepath.Join(filepath.Dir(s.out), sp.Dir)
	if fi, err := os.Lstat(name); err != nil || !fi.IsDir() {
		return // gone, or replaced by a file or a symbolic link: never ours
	}
	if err := os.Rename(name, s.dir); err != nil {
		// Some systems do not rename onto a folder, even an empty one.
		if os.Remove(s.dir) != nil {
			return
		}
		if err := os.Rename(name, s.dir); err != nil {
			if err := os.Mkdir(s.dir, dirPerm); err != nil {
				s.broken = err
			}
			return
		}
	}
	dirs, err := pruneUnlisted(s.dir, sp.Files)
	if err != nil {
		s.discard(err)
		return
	}
	s.adopted = dirs
	s.spareDir = name
	s.shared.Store(true)
	s.carry.spare = sp.Files
	s.carry.looked = make(chan struct{})
	s.carry.written = map[string]bool{}
}

// pruneUnlisted removes from dir every entry that is neither a folder nor
// a regular file listed in files, and returns the folders (relative, "."
// left out) that are left.
func pruneUnlisted(dir string, files map[string]Entry) ([]string, error) {
	// Checked again after the rename: only a real folder is walked, so
	// the removals below stay inside it.
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "lstat", Path: dir, Err: syscall.ENOTDIR}
	}
	dirs := []string{}
	var walk func(rel string) error
	walk = func(rel string) error {
		name := filepath.Join(dir, filepath.FromSlash(rel))
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		// Unsorted, unlike os.ReadDir: a site folder holds tens of
		// thousands of pages, and the order does not matter here.
		entries, err := f.ReadDir(-1)
		f.Close()
		if err != nil {
			return err
		}
		for _, e := range entries {
			p := e.Name()
			if rel != "" {
				p = rel + "/" + p
			}
			switch {
			case e.IsDir():
				dirs = append(dirs, p)
				if err := walk(p); err != nil {
					return err
				}
				continue
			case e.Type().IsRegular():
				if _, listed := files[p]; listed {
					continue
				}
			}
			if err := os.Remove(filepath.Join(name, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	}
	return dirs, walk("")
}

// discard gives up an adopted spare that could not be pruned: it is moved
// out of the way and removed, and the build starts from an empty staging
// folder, as without a spare.
func (s *Staging) discard(why error) {
	junk, err := reserveName(s.out, tmpTag)
	if err == nil {
		err = os.Rename(s.dir, junk)
	}
	if err != nil {
		s.broken = errors.Join(why, err)
		return
	}
	// Left to the next Stage if this fails: the name is a leftover's.
	_ = os.RemoveAll(junk)
	if err := os.Mkdir(s.dir, dirPerm); err != nil {
		s.broken = err
	}
}

// clearFiles removes a file of the staging folder standing where dir (in
// it) or one of its parents must be a folder: an adopted spare's file
// whose name this site uses for a folder.
func (s *Staging) clearFiles(dir string) error {
	rel, err := filepath.Rel(s.dir, dir)
	if err != nil {
		return err
	}
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("%s 不在临时文件夹 %s 中", dir, s.dir)
	}
	p := s.dir
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		p = filepath.Join(p, part)
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			return nil
		}
	}
	return nil
}

// prune removes from an adopted spare the files of its manifest that this
// build neither kept nor wrote, then the folders that leaves empty, so
// that the staging folder holds this build's files and nothing else.
// Called by Commit with s.mu held.
func (s *Staging) prune() error {
	if s.adopted == nil {
		return nil
	}
	c := s.carry
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.spare {
		if _, ok := c.next.Files[p]; ok || c.written[p] {
			continue
		}
		name := filepath.Join(s.dir, filepath.FromSlash(p))
		err := os.Remove(name)
		if err == nil || gone(err) {
			continue
		}
		if fi, lerr := os.Lstat(name); gone(lerr) || lerr == nil && fi.IsDir() {
			continue // a folder of this site now, where the spare had a file
		}
		return err
	}
	// Children sort after their parents, so in reverse a folder comes
	// before the folder that holds it.
	dirs := slices.Clone(s.adopted)
	slices.Sort(dirs)
	for _, d := range slices.Backward(dirs) {
		name := filepath.Join(s.dir, filepath.FromSlash(d))
		// Only a folder, and only when empty: this build may have written
		// a file where the spare had a folder.
		if fi, err := os.Lstat(name); err == nil && fi.IsDir() {
			_ = os.Remove(name)
		}
	}
	return nil
}

// gone reports whether err says a name does not exist, also because one
// of its parents is now a file: this site's file where the spare had a
// folder.
func gone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// keepSpare turns the old site, just replaced by the new one, into the
// spare when this build knew what it holds (the previous manifest), and
// returns it; nil when it did not, and the caller removes old.
func (s *Staging) keepSpare(old string) *Spare {
	if s.carry == nil || s.carry.prev == nil {
		return nil
	}
	name, err := reserveName(s.out, spareTag)
	if err != nil || os.Rename(old, name) != nil {
		return nil
	}
	return &Spare{Out: s.out, Dir: filepath.Base(name), Files: s.carry.prev.Files, sorted: s.carry.prevSorted}
}

// makeSpare makes a spare of the site Commit just published when it kept
// none (the build had no previous manifest, or there was no site before
// it): a folder of hard links to every file the new manifest lists, so
// that the next build updates it in place like any spare instead of
// linking the site into a new folder itself (prelink). The links cost
// this build what they would cost the next one, but here they are never
// in the way of pages waiting to be written, and a site's second build is
// as fast as every later one. Nil when none could be made; the next
// build then makes do without. Called by Commit with s.mu held.
func (s *Staging) makeSpare() *Spare {
	name, err := reserveName(s.out, spareTag)
	if err != nil || os.Mkdir(name, dirPerm) != nil {
		return nil
	}
	c := s.carry
	c.mu.Lock()
	files := sortedEntries(c.next.Files)
	c.mu.Unlock()
	linked := linkEvery(s.out, name, files, func(rel string) error {
		return os.MkdirAll(filepath.Join(name, filepath.FromSlash(rel)), dirPerm)
	})
	if len(linked) == 0 {
		_ = os.RemoveAll(name)
		return nil
	}
	sp := &Spare{Out: s.out, Dir: filepath.Base(name), Files: linked}
	if len(linked) == len(files) {
		sp.sorted = func() []pathEntry { return files }
	}
	return sp
}

// removeSpares removes the spares of out other than keep (nil: all of
// them). Failures are left for the next Stage.
func removeSpares(out string, keep *Spare) {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !isLeftover(e.Name(), out, spareTag) || keep != nil && e.Name() == keep.Dir {
			continue
		}
		_ = os.RemoveAll(filepath.Join(parent, e.Name()))
	}
}
