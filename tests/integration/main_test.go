// Package integration runs the cell binary against the real kernel: real
// containers on a rootfs the tests build themselves (tests/testrootfs),
// looked at from inside and outside. Every test needs root and skips
// without it.
package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
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
	cellBin = filepath.Join(dir, "cell")
	if err := buildCell(cellBin); err != nil {
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

// buildCell builds the repository's cell binary, static, at bin.
func buildCell(bin string) error {
	root, err := testrootfs.RepoRoot()
	if err != nil {
		return err
	}
	build := exec.Command("go", "build", "-tags", "netgo,osusergo",
		"-ldflags", "-linkmode external -extldflags -static", "-o", bin, "./cmd/cell")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build cell: %w\n%s", err, out)
	}
	return nil
}

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
	t.Cleanup(func() {
		ids, _ := os.ReadDir(e.root)
		for _, id := range ids {
			e.cell("delete", "--force", id.Name())
		}
		// The default network of a root keeps its bridge (cell-HASH) after
		// its last container, as docker0 does: it goes with the root.
		if _, err := os.Stat(filepath.Join(e.root, "network", "networks", "cell.json")); err == nil {
			e.cell("network", "rm", "cell")
		}
	})
	return e
}

// cell runs the binary and returns stdout, stderr and the exit status.
func (e *env) cell(args ...string) (string, string, int) {
	e.t.Helper()
	cmd := exec.Command(cellBin, append([]string{"--root", e.root}, args...)...)
	// Files, not pipes: a created container keeps cell's stdio open, and a
	// pipe would never reach EOF.
	out, errb := tempFile(e.t), tempFile(e.t)
	cmd.Stdout, cmd.Stderr = out, errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("cell %v: %v", args, err)
	}
	return readAll(out), readAll(errb), code
}

func tempFile(t *testing.T) *os.File {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func readAll(f *os.File) string {
	b, _ := os.ReadFile(f.Name())
	return string(b)
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
