//go:build !unix

package hugemem

func minorFaults() int64 { return 0 }
