package publish

import (
	"path"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// spareAsWrittenAll returns which of files, the spare's (or the published
// site's, for prelink), are still in dir as written (asWritten), for
// LookAhead. Each folder is opened once and
// its files looked at relative to it (fstatat), rather than each by its
// full name: a large site's spare is 20,000 files in one folder, and
// walking the same five folders of the path again for each, and making
// each path, was most of what looking at them cost (0.09 s of CPU of a
// city's rebuild, beside the reading).
func spareAsWrittenAll(dir string, files map[string]Entry) map[string]bool {
	byDir := map[string][]string{}
	for rel := range files {
		if checkRel(rel) == nil {
			d := path.Dir(rel)
			byDir[d] = append(byDir[d], rel)
		}
	}
	fine := make(map[string]bool, len(files))
	for d, rels := range byDir {
		fd, err := openDir(filepath.Join(dir, filepath.FromSlash(d)))
		if err != nil {
			continue // none of them is there as written
		}
		var st unix.Stat_t
		for _, rel := range rels {
			e := files[rel]
			if fstatat(fd, path.Base(rel), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG &&
				st.Size == e.Size && st.Mtim.Sec*1e9+st.Mtim.Nsec == e.ModTime {
				fine[rel] = true
			}
		}
		unix.Close(fd)
	}
	return fine
}

func openDir(name string) (int, error) {
	for {
		fd, err := unix.Open(name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// fstatat looks at name in the folder fd without following a link.
func fstatat(fd int, name string, st *unix.Stat_t) error {
	for {
		err := unix.Fstatat(fd, name, st, unix.AT_SYMLINK_NOFOLLOW)
		if err != unix.EINTR {
			return err
		}
	}
}
