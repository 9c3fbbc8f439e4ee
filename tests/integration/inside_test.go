package integration

import (
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// sh makes the process a busybox shell script.
func sh(script string) func(*specs.Spec) {
	return func(s *specs.Spec) { s.Process.Args = []string{"/bin/sh", "-c", script} }
}

// with applies several spec changes in order.
func with(cfgs ...func(*specs.Spec)) func(*specs.Spec) {
	return func(s *specs.Spec) {
		for _, c := range cfgs {
			c(s)
		}
	}
}

// runOut runs a container made by cfg to its end and returns its stdout,
// failing the test unless it exits 0.
func (e *env) runOut(id string, cfg func(*specs.Spec)) string {
	e.t.Helper()
	b := testrootfs.Bundle(e.t, cfg)
	return e.ok("run", "-b", b, id)
}

// lines splits output into trimmed lines.
func lines(out string) []string {
	return strings.Split(strings.TrimSpace(out), "\n")
}

// TestDevInside checks /dev as every container gets it: the default
// devices with their numbers, ptmx and pts, shm and mqueue, and the fd
// links; the default device rules let them work and deny the rest.
func TestDevInside(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	out := e.runOut("core-dev1", sh(`payload ls -l /dev; for l in fd stdin stdout stderr ptmx; do echo "$l -> $(readlink /dev/$l)"; done`))
	want := []string{
		"crw-rw-rw- 0 0 1:3 null", "crw-rw-rw- 0 0 1:5 zero", "crw-rw-rw- 0 0 1:7 full",
		"crw-rw-rw- 0 0 1:8 random", "crw-rw-rw- 0 0 1:9 urandom", "crw-rw-rw- 0 0 5:0 tty",
		"d", " pts\n", " shm\n", " mqueue\n",
		"fd -> /proc/self/fd\n", "stdin -> /proc/self/fd/0\n", "stdout -> /proc/self/fd/1\n",
		"stderr -> /proc/self/fd/2\n", "ptmx -> pts/ptmx\n",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("/dev lacks %q:\n%s", w, out)
		}
	}
	// The default rules allow the default devices; a device node the
	// spec does not allow cannot be opened even though CAP_MKNOD makes it.
	out = e.runOut("core-dev2", with(func(s *specs.Spec) { s.Root.Readonly = false }, sh(`
		payload write /dev/null x; payload cat /dev/zero | head -c 4 | wc -c; payload write /dev/full x 2>&1
		payload mknod /tmp/sda b 8 0 && payload open /tmp/sda
		payload mknod /tmp/mem c 1 1 && payload open /tmp/mem; true`)))
	for _, w := range []string{"ok\n4\n", "no space left on device", "EPERM"} {
		if !strings.Contains(out, w) {
			t.Errorf("device access: want %q in:\n%s", w, out)
		}
	}
	if strings.Count(out, "EPERM") != 2 {
		t.Errorf("opening /dev/sda and /dev/mem nodes: want EPERM twice:\n%s", out)
	}
}

// TestDefaultDeviceRules reads the device cgroup of a running container
// from the host: only the default devices are allowed.
func TestDefaultDeviceRules(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "inf"))
	e.ok("run", "-d", "-b", b, "core-dev3")
	list, err := os.ReadFile("/sys/fs/cgroup/devices/cell-core-dev3/devices.list")
	if err != nil {
		t.Skipf("no devices cgroup v1 here: %v", err)
	}
	got := string(list)
	for _, w := range []string{"c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 5:2 rwm", "c 136:* rwm"} {
		if !strings.Contains(got, w+"\n") {
			t.Errorf("devices.list lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "a *:* rwm") || strings.Contains(got, "b ") {
		t.Errorf("devices.list allows more than the defaults:\n%s", got)
	}
	e.ok("delete", "--force", "core-dev3")
	assertGone(t, e, "core-dev3")
}
