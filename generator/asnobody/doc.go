// Package asnobody lets a test of file permissions run where the tests run
// as root, as they do in CI: root reads and writes every folder whatever
// its mode, so a test that takes a folder's permissions away would prove
// nothing there, and skipping it would leave the messages a clerk sees for
// an unreadable folder untested on every CI run. Rerun runs the test again
// in a child process as the unprivileged user nobody.
//
// It is for tests only; nothing in tuijin itself imports it.
package asnobody
