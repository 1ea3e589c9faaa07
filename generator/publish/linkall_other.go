//go:build !linux

package publish

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// linkAll hard-links each of entries (paths checked by checkRel) from the
// folder from to the same name in the folder to, making each folder with
// mkdir (given its slash-separated path, "." for the root) first, and
// returns those it linked. A file gone since it was looked at is left
// out; any other failure (a file system without links, a full disk) ends
// it there.
func linkAll(from, to string, entries []pathEntry, mkdir func(rel string) error) map[string]Entry {
	linked := make(map[string]Entry, len(entries))
	made := "" // the folder made last: entries in path order share it in runs
	for _, e := range entries {
		if d := path.Dir(e.path); d != made {
			if mkdir(d) != nil {
				break
			}
			made = d
		}
		rel := filepath.FromSlash(e.path)
		err := os.Link(filepath.Join(from, rel), filepath.Join(to, rel))
		if err == nil {
			linked[e.path] = e.Entry
		} else if !errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	return linked
}
