// Package security attacks cell the way a hostile container, a hostile
// bundle or a crashing host would, and asserts what must hold: the known
// container escapes (CVE-2019-5736, CVE-2024-21626, CVE-2025-31133, ...)
// stay closed, bad input is refused cleanly, and a runtime killed at any
// point leaves nothing that `delete --force` cannot clean. Every test
// needs root and skips without it. Container ids start with "sec-".
package security

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/harness"
	"github.com/cell-runtime/cell/tests/testrootfs"
)

// cellBin is the cell binary the tests run; cellSum its sha256 when built,
// which an escape through /proc/PID/exe would change.
var cellBin, cellSum string

func TestMain(m *testing.M) {
	if os.Geteuid() != 0 {
		fmt.Println("security tests need root; skipping")
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "cell-sec-")
	if err != nil {
		panic(err)
	}
	os.Chmod(dir, 0o755)
	if err := buildCell(dir); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func buildCell(dir string) (err error) {
	if cellBin, err = harness.Build(dir); err != nil {
		return err
	}
	cellSum, err = fileSum(cellBin)
	return err
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// assertBinaryIntact fails the test if the host's cell binary changed.
func assertBinaryIntact(t *testing.T) {
	t.Helper()
	if sum, err := fileSum(cellBin); err != nil || sum != cellSum {
		t.Fatalf("the host's cell binary changed (sha256 %s, was %s, %v)", sum, cellSum, err)
	}
}

// env is one test's cell: a private state root, cleaned at the end.
type env struct {
	t    *testing.T
	root string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	e := &env{t: t, root: t.TempDir()}
	// Like cell's own default root: a user-namespaced init must pass it.
	os.Chmod(e.root, 0o711)
	t.Cleanup(func() { harness.Clean(cellBin, e.root) })
	return e
}

// command returns cell with args on a private root, its stdout and stderr
// going to files (a created container keeps cell's stdio open, so a pipe
// would never reach EOF).
func (e *env) command(args ...string) (cmd *exec.Cmd, stdout, stderr *os.File) {
	return harness.Command(e.t, cellBin, e.root, args...)
}

// cell runs the binary and returns stdout, stderr and the exit status.
func (e *env) cell(args ...string) (string, string, int) {
	e.t.Helper()
	cmd, out, errb := e.command(args...)
	return harness.Finish(e.t, cmd, cmd.Run(), out, errb)
}

// ok runs cell and fails the test unless it exits 0.
func (e *env) ok(args ...string) string {
	e.t.Helper()
	out, errs, code := e.cell(args...)
	if code != 0 {
		e.t.Fatalf("cell %s: exit %d: %s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// refused runs cell, expects a failure whose stderr mentions want, and
// checks that the container id left nothing behind.
func (e *env) refused(id, want string, args ...string) {
	e.t.Helper()
	out, errs, code := e.cell(args...)
	if code == 0 || !strings.Contains(errs, want) {
		e.t.Errorf("cell %s: exit %d, stdout %q, stderr %q; want a failure naming %q",
			strings.Join(args, " "), code, out, errs, want)
	}
	if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
		e.t.Errorf("cell %s: want a one-line error, got %q", strings.Join(args, " "), errs)
	}
	e.assertGone(id)
}

// bundle makes a bundle from the test spec changed by cfg and opens the
// directories above it, so a user-namespaced root can reach it.
func bundle(t *testing.T, cfg func(*specs.Spec)) string {
	t.Helper()
	b := testrootfs.Bundle(t, cfg)
	for d := filepath.Dir(b); d != "/" && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	return b
}

// args returns a bundle change setting the process's arguments.
func args(a ...string) func(*specs.Spec) {
	return func(s *specs.Spec) { s.Process.Args = a }
}
