// Package engines runs real container engines against the cell binary:
// containerd through ctr and through its CRI plugin with crictl, podman,
// and dockerd. Each test starts its engine privately (state, sockets and
// configuration in a temporary directory), loads a local image built from
// the test root filesystem (no registry is reachable), points the engine at
// cell, and removes everything it made at the end: daemons, shims,
// containers, cgroups, mounts and network namespaces.
//
// Every test needs root and skips, saying why, when it is not root or when
// its engine's binaries are not installed.
package engines

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

var (
	cellBin   string // the cell binary under test
	imageFile string // a docker-save archive of the test root filesystem
)

func TestMain(m *testing.M) {
	if os.Geteuid() != 0 {
		fmt.Println("engine tests need root; skipping")
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "cell-e2e-")
	if err != nil {
		panic(err)
	}
	code := 1
	if err := setup(dir); err != nil {
		fmt.Println(err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// setup builds cell and the image archive into dir.
func setup(dir string) error {
	root, err := testrootfs.RepoRoot()
	if err != nil {
		return err
	}
	cellBin = filepath.Join(dir, "cell")
	build := exec.Command("go", "build", "-tags", "netgo,osusergo",
		"-ldflags", "-linkmode external -extldflags -static", "-o", cellBin, "./cmd/cell")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build cell: %v\n%s", err, out)
	}
	imageFile = filepath.Join(dir, "image.tar")
	if err := writeImage(imageFile); err != nil {
		return fmt.Errorf("write test image: %w", err)
	}
	return nil
}

// need skips t unless it runs as root and every binary is installed.
func need(t *testing.T, bins ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	for _, b := range bins {
		if _, err := exec.LookPath(b); err != nil {
			t.Skipf("%s is not installed (apt-get install the engine to run this test)", b)
		}
	}
}
