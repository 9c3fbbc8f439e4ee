package testrootfs

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestBundleRunsUnderRunc checks that DefaultSpec and the root filesystem
// make a container a reference runtime accepts, and that the payload sees
// Docker's default capabilities inside it.
func TestBundleRunsUnderRunc(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run containers")
	}
	runc, err := exec.LookPath("runc")
	if err != nil {
		t.Skip("runc not installed (Debian: apt-get install runc)")
	}
	bundle := Bundle(t, func(s *specs.Spec) { s.Process.Args = []string{"/bin/payload", "caps"} })
	root := filepath.Join(t.TempDir(), "runc")
	id := "testrootfs-" + filepath.Base(filepath.Dir(bundle))
	t.Cleanup(func() { exec.Command(runc, "--root", root, "delete", "--force", id).Run() })
	out, err := exec.Command(runc, "--root", root, "run", "--bundle", bundle, id).CombinedOutput()
	if err != nil {
		t.Fatalf("runc run: %v\n%s", err, out)
	}
	const dockerCaps = "00000000a80425fb"
	for _, want := range []string{"CapBnd:\t" + dockerCaps, "CapEff:\t" + dockerCaps, "CapAmb:\t0000000000000000"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("caps inside runc lack %q:\n%s", want, out)
		}
	}
}
