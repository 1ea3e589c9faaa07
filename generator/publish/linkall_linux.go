package publish

import (
	"maps"
	"path"
	"path/filepath"
	"slices"

	"golang.org/x/sys/unix"
)

// linkAll hard-links each of entries (paths checked by checkRel) from the
// folder from to the same name in the folder to, making each folder with
// mkdir (given its slash-separated path, "." for the root) before its
// files, and returns those it linked. Each folder is opened once on both
// sides and its files linked relative to the two (linkat), rather than by
// their full names: the same five folders walked again for each of 20,000
// pages. A file gone since it was looked at is left out; any other
// failure (a file system without links, a full disk) ends it there.
func linkAll(from, to string, entries []pathEntry, mkdir func(rel string) error) map[string]Entry {
	byDir := map[string][]pathEntry{}
	for _, e := range entries {
		d := path.Dir(e.path)
		byDir[d] = append(byDir[d], e)
	}
	linked := make(map[string]Entry, len(entries))
	for _, d := range slices.Sorted(maps.Keys(byDir)) {
		if !linkDir(from, to, d, byDir[d], mkdir, linked) {
			break
		}
	}
	return linked
}

// linkDir links the files of the folder d for linkAll; false ends it.
func linkDir(from, to, d string, files []pathEntry, mkdir func(string) error, linked map[string]Entry) bool {
	if mkdir(d) != nil {
		return false
	}
	src, err := openDir(filepath.Join(from, filepath.FromSlash(d)))
	if err != nil {
		return true // none of its files is there any more
	}
	defer unix.Close(src)
	dst, err := openDir(filepath.Join(to, filepath.FromSlash(d)))
	if err != nil {
		return false
	}
	defer unix.Close(dst)
	for _, e := range files {
		base := path.Base(e.path)
		err := linkat(src, base, dst, base)
		switch {
		case err == nil:
			linked[e.path] = e.Entry
		case err != unix.ENOENT:
			return false
		}
	}
	return true
}

// linkat links name in the folder src to the same name in dst, without
// following a symbolic link.
func linkat(src int, oldName string, dst int, newName string) error {
	for {
		err := unix.Linkat(src, oldName, dst, newName, 0)
		if err != unix.EINTR {
			return err
		}
	}
}
