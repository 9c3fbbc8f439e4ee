// Package integration runs the cell binary against the real kernel: real
// containers on a rootfs the tests build themselves (tests/testrootfs),
// looked at from inside and outside. Every test needs root and skips
// without it.
package integration

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/tests/harness"
)

var cellBin string

func TestMain(m *testing.M) {
	if os.Geteuid() != 0 {
		fmt.Println("integration tests need root; skipping")
		os.Exit(m.Run())
	}
	if cellBin = os.Getenv(cellBinaryEnv); cellBin != "" {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "cell-it-")
	if err != nil {
		panic(err)
	}
	if cellBin, err = harness.Build(dir); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cellBinaryEnv names a prebuilt cell binary to test instead of building
// one from the repository (the pure cgroup v2 VM has no Go toolchain).
const cellBinaryEnv = "CELL_BINARY"

// env is one test's cell: a private state root.
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
	t.Cleanup(func() { harness.Clean(cellBin, e.root) })
	return e
}

// cell runs the binary and returns stdout, stderr and the exit status.
func (e *env) cell(args ...string) (string, string, int) {
	e.t.Helper()
	cmd, out, errb := harness.Command(e.t, cellBin, e.root, args...)
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
