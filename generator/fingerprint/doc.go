// Package fingerprint tells whether two things are the same without
// comparing them: the running program, and a Go value with everything it
// points to. A rebuild uses both to reuse what an earlier build made from
// the same inputs with the same code, instead of making it again.
//
// A fingerprint is a SHA-256 sum. Equal fingerprints mean equal inputs; a
// fingerprint is never reused across programs, because the program's own
// fingerprint is part of every key built from one.
package fingerprint
