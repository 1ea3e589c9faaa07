//go:build unix

package asnobody

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childEnv marks the child process, which must not run the test again.
const childEnv = "TUIJIN_TEST_AS_NOBODY"

// nobody is the conventional unprivileged user and group id.
const nobody = 65534

// Rerun reports whether the test was run in a child process as nobody, in
// which case the caller returns at once: the child's result is the test's.
// It does nothing and returns false when the tests do not run as root, or
// in the child itself (where it fails the test if the process is still
// root).
func Rerun(t *testing.T) bool {
	t.Helper()
	if os.Getenv(childEnv) != "" {
		if os.Geteuid() == 0 {
			t.Fatal("the child meant to run as nobody runs as root")
		}
		return false
	}
	if os.Geteuid() != 0 {
		return false
	}
	// The test binary sits in a folder only root may enter: nobody runs a
	// copy, in a folder of its own where it may also make its temporary
	// folders.
	// Not t.TempDir, whose parent folder only root may enter.
	dir, err := os.MkdirTemp("", "tuijin-as-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	// Mkdir's mode is cut by the umask; these must be exactly so.
	for name, mode := range map[string]os.FileMode{dir: 0o755, tmp: 0o777} {
		if err := os.Chmod(name, mode); err != nil {
			t.Fatal(err)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, filepath.Base(exe))
	if err := copyFile(bin, exe); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// A checkout in root's home folder, or a temporary folder only root
	// may enter, keeps nobody out whatever the test does: say so rather
	// than fail for it.
	for _, d := range []string{wd, dir} {
		if blocked := closedTo(d); blocked != "" {
			t.Skipf("the user nobody cannot enter %s, so this test of permissions cannot run without root's", blocked)
		}
	}
	ctx := t.Context()
	args := []string{"-test.run", "^" + t.Name() + "$", "-test.v", "-test.count", "1"}
	if deadline, ok := t.Deadline(); ok {
		var cancel func()
		ctx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
		// The child stops itself too, should this process be killed first.
		args = append(args, "-test.timeout", time.Until(deadline).Round(time.Second).String())
	}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = wd // the package's folder, which the test may read (testdata)
	cmd.Env = append(os.Environ(), childEnv+"=1", "TMPDIR="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the test as nobody: %v\n%s", err, out)
	}
	// A child that skipped the test, or ran none, proves nothing either.
	if !strings.Contains(string(out), "--- PASS: "+t.Name()+" ") {
		t.Fatalf("the test as nobody did not pass:\n%s", out)
	}
	return true
}

// closedTo returns the first folder on the way to dir, dir included, that
// other users may not enter (or, for dir, read), or "" when there is none.
func closedTo(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return d
		}
		need := os.FileMode(0o001)
		if d == dir {
			need = 0o005
		}
		if fi.Mode().Perm()&need != need {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
