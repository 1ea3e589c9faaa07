//go:build !unix

package asnobody

import "testing"

// Rerun reports false: only Unix tests run as root and can run as nobody.
func Rerun(t *testing.T) bool { return false }
