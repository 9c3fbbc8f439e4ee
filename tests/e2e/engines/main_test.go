// Package engines runs real container engines against the cell binary:
// containerd through ctr and through its CRI plugin with crictl, podman,
// and dockerd. Each test starts its engine privately (state, sockets and
// configuration in a temporary directory), loads a local image built from
// the test root filesystem (no registry is reachable), points the engine at
// cell, and removes everything it made at the end: daemons, shims,
// containers, cgroups, mounts and network namespaces.
//
// Every test needs root and skips, saying why, when it is not root or when
// its engine's binaries are not installed. CELL_E2E_RUNTIME=/usr/sbin/runc
// runs the same checks against runc, the reference: all pass with it but
// one that asks more than runc gives (an error naming RLIMIT_NOFILE where
// runc says "rlimit type 7").
package engines

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/tests/harness"
)

var (
	cellBin   string // the cell binary under test
	imageFile string // a docker-save archive of the test root filesystem
	// reference is set when CELL_E2E_RUNTIME names another runtime (runc)
	// to run the same checks against, to tell cell's bugs from the test's
	// or the host's; checks of cell's own state are then left out.
	reference bool
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

// setup writes the image archive into dir and builds cell there, unless
// CELL_E2E_RUNTIME gives a reference runtime to test instead.
func setup(dir string) error {
	imageFile = filepath.Join(dir, "image.tar")
	if err := writeImage(imageFile); err != nil {
		return fmt.Errorf("write test image: %w", err)
	}
	if rt := os.Getenv("CELL_E2E_RUNTIME"); rt != "" {
		cellBin, reference = rt, true
		return nil
	}
	var err error
	cellBin, err = harness.Build(dir)
	return err
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
