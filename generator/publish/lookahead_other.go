//go:build !linux

package publish

import "path/filepath"

// spareAsWrittenAll returns which of files, the spare's (or the published
// site's, for prelink), are still in dir as written (asWritten), for
// LookAhead.
func spareAsWrittenAll(dir string, files map[string]Entry) map[string]bool {
	fine := make(map[string]bool, len(files))
	for rel, e := range files {
		if checkRel(rel) == nil && asWritten(filepath.Join(dir, filepath.FromSlash(rel)), e) {
			fine[rel] = true
		}
	}
	return fine
}
