// Package harness is what the suites that run the cell binary share
// (tests/integration, tests/security, tests/e2e/engines): building it from
// the repository, running it on a private state root, and cleaning that
// root. Assertions stay in the suites.
package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// Build builds the repository's cell binary, static as the Makefile
// builds it but with symbols, at dir/cell and returns its path.
func Build(dir string) (string, error) {
	root, err := testrootfs.RepoRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "cell")
	build := exec.Command("go", "build", "-tags", "netgo,osusergo",
		"-ldflags", "-linkmode external -extldflags -static", "-o", bin, "./cmd/cell")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if _, err := exec.LookPath("musl-gcc"); err == nil && os.Getenv("CC") == "" {
		build.Env = append(build.Env, "CC=musl-gcc") // as the Makefile does
	}
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build cell: %w\n%s", err, out)
	}
	return bin, nil
}

// Command returns bin run with --root root and args, its stdout and stderr
// going to files: a created container keeps cell's stdio open, so a pipe
// would never reach EOF.
func Command(t *testing.T, bin, root string, args ...string) (cmd *exec.Cmd, stdout, stderr *os.File) {
	cmd = exec.Command(bin, append([]string{"--root", root}, args...)...)
	stdout, stderr = TempFile(t), TempFile(t)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd, stdout, stderr
}

// Finish turns the outcome err of cmd, whose output went to out and errb,
// into stdout, stderr and exit status. Any error but an exit status fails
// t.
func Finish(t *testing.T, cmd *exec.Cmd, err error, out, errb *os.File) (string, string, int) {
	t.Helper()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", cmd.Args, err)
	}
	return ReadAll(out), ReadAll(errb), code
}

// Clean deletes, with --force, every container under root, and the root's
// default network, whose bridge (cell-HASH) outlives its last container as
// docker0 does.
func Clean(bin, root string) {
	ids, _ := os.ReadDir(root)
	for _, id := range ids {
		_ = exec.Command(bin, "--root", root, "delete", "--force", id.Name()).Run()
	}
	if _, err := os.Stat(filepath.Join(root, "network", "networks", "cell.json")); err == nil {
		_ = exec.Command(bin, "--root", root, "network", "rm", "cell").Run()
	}
}

// TempFile is a new file in t's temporary directory, closed at the end.
func TempFile(t *testing.T) *os.File {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// ReadAll returns what f's file holds now.
func ReadAll(f *os.File) string {
	b, _ := os.ReadFile(f.Name())
	return string(b)
}
