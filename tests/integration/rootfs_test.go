package integration

import (
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestRootfsInside checks the root filesystem's protections and sysctls
// from inside.
func TestRootfsInside(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	hostForward, err := os.ReadFile("/proc/sys/net/ipv4/ip_forward")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, id string
		cfg      func(*specs.Spec)
		want     []string
	}{
		{"readonly root", "core-fs1", sh("payload write /x y; payload write /tmp/x y; payload write /dev/shm/x y"),
			[]string{"read-only file system\nread-only file system\nok\n"}},
		{"writable root", "core-fs2", with(func(s *specs.Spec) { s.Root.Readonly = false }, sh("payload write /x y")),
			[]string{"ok"}},
		{"masked paths", "core-fs3", sh("payload cat /proc/kcore | wc -c; payload ls /sys/firmware | wc -l"),
			[]string{"0\n0\n"}},
		{"readonly paths", "core-fs4", sh(`payload write /proc/sys/kernel/hostname x 2>&1; awk '$5=="/proc/fs" {print "fs", $6}' /proc/self/mountinfo`),
			[]string{"read-only file system\nfs ro,"}},
		{"sysctl in a new netns", "core-fs5", with(args("/bin/payload", "cat", "/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/msgmax"),
			func(s *specs.Spec) {
				s.Linux.Sysctl = map[string]string{"net.ipv4.ip_forward": "1", "kernel.msgmax": "4242"}
			}), []string{"1\n4242\n"}},
		{"no-pivot", "core-fs6", args("/bin/payload", "hostname"), []string{"cell"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := []string{"run", "-b", testrootfs.Bundle(t, c.cfg), c.id}
			if c.id == "core-fs6" {
				cmd = append([]string{"run", "--no-pivot"}, cmd[1:]...)
			}
			out, errs, _ := e.cell(cmd...)
			for _, w := range c.want {
				if !strings.Contains(out+errs, w) {
					t.Errorf("want %q in:\n%s%s", w, out, errs)
				}
			}
			assertGone(t, e, c.id)
		})
	}
	if after, _ := os.ReadFile("/proc/sys/net/ipv4/ip_forward"); string(after) != string(hostForward) {
		t.Errorf("host's ip_forward changed from %q to %q", hostForward, after)
	}
}

// TestCgroupMountInside checks the "cgroup" mount: on this v1 (or hybrid)
// host a tree of the container's own groups, one per hierarchy.
func TestCgroupMountInside(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	limit := int64(64 << 20)
	script := "ls /sys/fs/cgroup; echo procs $(cat /sys/fs/cgroup/pids/cgroup.procs); cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
	want := []string{"memory\n", "pids\n", "cpu\n", "devices\n", "procs 1 ", "\n67108864\n"}
	if v1, _ := cgroupMounts(t); !v1 { // pure v2: one cgroup2 mount, the container's own group
		script = "ls /sys/fs/cgroup; echo procs $(cat /sys/fs/cgroup/cgroup.procs); cat /sys/fs/cgroup/memory.max"
		want = []string{"memory.max\n", "pids.max\n", "cgroup.procs\n", "procs 1 ", "\n67108864\n"}
	}
	out := e.runOut("core-cgmnt", with(func(s *specs.Spec) {
		s.Linux.Resources.Memory = &specs.LinuxMemory{Limit: &limit}
	}, sh(script)))
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("want %q in:\n%s", w, out)
		}
	}
}
