// Package harness is what the suites that run the cell binary share
// (tests/integration, tests/security, tests/e2e/engines): building it from
// the repository, running it on a private state root, and cleaning that
// root. Assertions stay in the suites.
package harness

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/internal/atomicfile"
	"github.com/cell-runtime/cell/tests/testrootfs"
)

// Build builds the repository's cell binary as the Makefile does, with its
// slim init embedded (cmd/cell-init, see internal/initbin), static but with
// symbols, at dir/cell and returns its path.
func Build(dir string) (string, error) {
	root, err := testrootfs.RepoRoot()
	if err != nil {
		return "", err
	}
	env := append(os.Environ(), "CGO_ENABLED=1")
	if _, err := exec.LookPath("musl-gcc"); err == nil && os.Getenv("CC") == "" {
		env = append(env, "CC=musl-gcc") // as the Makefile does
	}
	build := func(out, pkg, tags string) error {
		cmd := exec.Command("go", "build", "-tags", tags,
			"-ldflags", "-linkmode external -extldflags -static", "-o", out, pkg)
		cmd.Dir, cmd.Env = root, env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %w\n%s", pkg, err, out)
		}
		return nil
	}
	init := filepath.Join(dir, "cell-init")
	if err := build(init, "./cmd/cell-init", "netgo,osusergo"); err != nil {
		return "", err
	}
	if err := installInit(init, filepath.Join(root, "internal", "initbin")); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "cell")
	if err := build(bin, "./cmd/cell", "netgo,osusergo,cellinit"); err != nil {
		return "", err
	}
	return bin, nil
}

// installInit puts the init binary at path into dir as cell-init, with its
// SHA-256 in cell-init.sha256, each renamed into place: the suites build
// at the same time, from the same sources.
func installInit(path, dir string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	for name, data := range map[string][]byte{"cell-init": b, "cell-init.sha256": []byte(hex.EncodeToString(sum[:]) + "\n")} {
		if err := atomicfile.Write(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("install init: %w", err)
		}
	}
	return nil
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
