//go:build !windows

package load

var fsSystemReasons []struct {
	err  error
	text string
}

func fsIsSystemNotDir(error) bool { return false }
