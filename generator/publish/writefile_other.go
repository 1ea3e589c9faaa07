//go:build !unix

package publish

import (
	"io/fs"
	"os"
)

func writeFile(name string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(name, data, perm)
}
