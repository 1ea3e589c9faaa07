//go:build !linux

package hugemem

import "unsafe"

// Elsewhere the system backs memory as it does, and Make pads nothing.
const supported = false

func advise(unsafe.Pointer, uintptr) {}
