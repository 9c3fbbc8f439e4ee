package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

func args(a ...string) func(*specs.Spec) {
	return func(s *specs.Spec) { s.Process.Args = a }
}

func TestRunSeesItsOwnNamespaces(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"hostname", []string{"/bin/payload", "hostname"}, "cell"},
		{"pid 1", []string{"/bin/payload", "pid"}, "1"},
		{"exit status", []string{"/bin/payload", "exit", "3"}, ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := testrootfs.Bundle(t, args(c.args...))
			out, errs, code := e.cell("run", "-b", b, fmt.Sprintf("run%d", i))
			if c.name == "exit status" {
				if code != 3 {
					t.Fatalf("exit status %d, want 3 (%s)", code, errs)
				}
				return
			}
			if code != 0 || !strings.Contains(out, c.want) {
				t.Fatalf("got %q (exit %d, %s), want %q", out, code, errs, c.want)
			}
		})
	}
}

func TestNamespacesDifferFromHost(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "ns"))
	out := e.ok("run", "-b", b, "ns1")
	var inside map[string]string
	if err := json.Unmarshal([]byte(out), &inside); err != nil {
		t.Fatalf("ns output %q: %v", out, err)
	}
	for _, ns := range []string{"pid", "net", "ipc", "uts", "mnt", "cgroup"} {
		host, _ := os.Readlink("/proc/self/ns/" + ns)
		if inside[ns] == "" || inside[ns] == host {
			t.Errorf("%s namespace inside %q, host %q: want a new one", ns, inside[ns], host)
		}
	}
}

func TestLifecycleStates(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("create", "-b", b, "life")
	status := func() string {
		var st specs.State
		if err := json.Unmarshal([]byte(e.ok("state", "life")), &st); err != nil {
			t.Fatal(err)
		}
		return string(st.Status)
	}
	if s := status(); s != "created" {
		t.Fatalf("after create: %s", s)
	}
	e.ok("start", "life")
	if s := status(); s != "running" {
		t.Fatalf("after start: %s", s)
	}
	if _, _, code := e.cell("delete", "life"); code == 0 {
		t.Fatal("delete of a running container succeeded without --force")
	}
	e.ok("pause", "life")
	if s := status(); s != "paused" {
		t.Fatalf("after pause: %s", s)
	}
	e.ok("resume", "life")
	e.ok("kill", "life", "KILL")
	for i := 0; i < 100 && status() != "stopped"; i++ {
		e.ok("list")
	}
	if s := status(); s != "stopped" {
		t.Fatalf("after kill: %s", s)
	}
	if _, _, code := e.cell("start", "life"); code == 0 {
		t.Fatal("start of a stopped container succeeded")
	}
	e.ok("delete", "life")
	assertGone(t, e, "life")
}

func assertGone(t *testing.T, e *env, id string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(e.root, id)); !os.IsNotExist(err) {
		t.Errorf("state of %s left behind", id)
	}
	for _, h := range []string{"pids", "cpu", "devices", "freezer", "unified", ""} { // "": pure v2
		if _, err := os.Stat(filepath.Join("/sys/fs/cgroup", h, "cell-"+id)); !os.IsNotExist(err) {
			t.Errorf("cgroup %s:/cell-%s left behind", h, id)
		}
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t)
	good := testrootfs.Bundle(t, args("/bin/payload", "true"))
	empty := t.TempDir()
	malformed := t.TempDir()
	os.WriteFile(filepath.Join(malformed, "config.json"), []byte("{not json"), 0o644)
	badNS := testrootfs.Bundle(t, func(s *specs.Spec) {
		s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: "bogus"})
	})
	noRoot := testrootfs.Bundle(t, nil)
	os.RemoveAll(filepath.Join(noRoot, "rootfs"))
	cases := []struct {
		name, bundle, id, want string
	}{
		{"no config", empty, "bad1", "no config.json"},
		{"malformed", malformed, "bad2", "malformed JSON"},
		{"unknown namespace", badNS, "bad3", "unknown namespace type"},
		{"missing rootfs", noRoot, "bad4", "root.path"},
		{"slash in id", good, "a/b", "invalid character"},
		{"dotdot id", good, "..", "not allowed"},
		{"empty id", good, "", "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := e.cell("create", "-b", c.bundle, c.id)
			if code == 0 || !strings.Contains(errs, c.want) {
				t.Fatalf("exit %d, stderr %q; want failure mentioning %q", code, errs, c.want)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("error is not one line: %q", errs)
			}
			if ids, _ := os.ReadDir(e.root); len(ids) != 0 {
				t.Errorf("state left behind: %v", ids)
			}
		})
	}
	e.ok("create", "-b", good, "dup")
	if _, errs, code := e.cell("create", "-b", good, "dup"); code == 0 || !strings.Contains(errs, "already exists") {
		t.Fatalf("duplicate create: exit %d, %q", code, errs)
	}
	e.ok("delete", "dup")
	assertGone(t, e, "dup")
}

func TestMountSymlinkStaysInside(t *testing.T) {
	e := newEnv(t)
	outside := t.TempDir()
	b := testrootfs.Bundle(t, func(s *specs.Spec) {
		s.Process.Args = []string{"/bin/payload", "true"}
		s.Mounts = append(s.Mounts, specs.Mount{Destination: "/evil", Type: "tmpfs", Source: "tmpfs"})
	})
	if err := os.Symlink(outside, filepath.Join(b, "rootfs", "evil")); err != nil {
		t.Fatal(err)
	}
	e.cell("run", "-b", b, "evil")
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("mount escaped the rootfs: %v", entries)
	}
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	if strings.Contains(string(mi), outside) {
		t.Fatalf("host mount table has %s", outside)
	}
}

// TestSharedCgroupRefused: a second state root creating the same id would
// share the first container's cgroup (cell-<id>); it is refused with a
// line naming linux.cgroupsPath, and the first container keeps running.
func TestSharedCgroupRefused(t *testing.T) {
	e, other := newEnv(t), newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "lc-shared")
	_, errs, code := other.cell("create", "-b", b, "lc-shared")
	if code == 0 || !strings.Contains(errs, "linux.cgroupsPath") {
		t.Fatalf("create in another root: exit %d, %q", code, errs)
	}
	if ids, _ := os.ReadDir(other.root); len(ids) != 0 {
		t.Errorf("state left behind: %v", ids)
	}
	if st := e.ok("state", "lc-shared"); !strings.Contains(st, `"running"`) {
		t.Errorf("first container after the refused create: %s", st)
	}
	e.ok("delete", "--force", "lc-shared")
	assertGone(t, e, "lc-shared")
}

// TestDeleteKillsProcessMovedIn: a delete of a stopped container relies on
// the kernel having killed its pid namespace with its init, and does not
// list the cgroup; a process someone moved into the cgroup from outside
// must still be killed and the cgroup still removed.
func TestDeleteKillsProcessMovedIn(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "life-moved")
	procs := "/sys/fs/cgroup/pids/cell-life-moved/cgroup.procs"
	if _, err := os.Stat(procs); err != nil {
		procs = "/sys/fs/cgroup/cell-life-moved/cgroup.procs" // pure v2
	}
	stray := exec.Command("sleep", "60")
	if err := stray.Start(); err != nil {
		t.Fatal(err)
	}
	defer stray.Process.Kill()
	if err := os.WriteFile(procs, []byte(strconv.Itoa(stray.Process.Pid)), 0o644); err != nil {
		t.Fatalf("move a process into %s: %v", procs, err)
	}
	e.ok("kill", "life-moved", "KILL")
	waitStatus(t, e, "life-moved", "stopped")
	e.ok("delete", "life-moved")
	done := make(chan error, 1)
	go func() { done <- stray.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("the process moved into the container's cgroup outlived its delete")
	}
	assertGone(t, e, "life-moved")
}
