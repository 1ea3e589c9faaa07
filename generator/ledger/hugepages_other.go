//go:build !linux

package ledger

// adviseHuge is a Linux advice (hugepages_linux.go); elsewhere the system
// backs memory as it does.
func adviseHuge[T any](s []T) {}
