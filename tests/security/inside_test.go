package security

import (
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/harness"
)

// insideCase is one probe run as a container's whole process, and what
// its output must (or must not) contain.
type insideCase struct {
	name    string
	args    []string
	want    []string // every one must appear
	notWant []string // none may appear
}

func (e *env) runInside(id string, cfg func(*specs.Spec), cases []insideCase) {
	e.t.Helper()
	for _, tc := range cases {
		b := bundle(e.t, both(args(tc.args...), cfg))
		out, errs, _ := e.cell("run", "-b", b, id)
		got := out + errs
		e.t.Logf("%s: %q", tc.name, got)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				e.t.Errorf("%s: want %q in %q", tc.name, w, got)
			}
		}
		for _, w := range tc.notWant {
			if strings.Contains(got, w) {
				e.t.Errorf("%s: %q in %q", tc.name, w, got)
			}
		}
		e.assertGone(id)
	}
}

func noChange(*specs.Spec) {}

// Inside a default container /proc/sys, /proc/sysrq-trigger and /sys are
// read-only (opening for writing fails, nothing is written) and
// /proc/kcore, /proc/keys and /proc/timer_list read as empty.
func TestSecReadonlyAndMaskedPaths(t *testing.T) {
	e := newEnv(t)
	e.runInside("sec-ropaths", noChange, []insideCase{
		{"/proc/sys", []string{"/bin/payload", "open", "/proc/sys/kernel/hostname", "wronly"}, []string{"EROFS"}, nil},
		{"/proc/sys/vm", []string{"/bin/payload", "open", "/proc/sys/vm/drop_caches", "wronly"}, []string{"EROFS"}, nil},
		{"/proc/sysrq-trigger (read-only, or absent on this kernel)", []string{"/bin/payload", "open", "/proc/sysrq-trigger", "wronly"}, nil, []string{"ok"}},
		{"/sys", []string{"/bin/payload", "open", "/sys/kernel/rcu_expedited", "wronly"}, []string{"EROFS"}, nil},
		{"/sys/fs/cgroup", []string{"/bin/payload", "open", "/sys/fs/cgroup/sec-probe", "creat,wronly"}, []string{"EROFS"}, nil},
		{"/proc/keys", []string{"/bin/payload", "cat", "/proc/keys"}, nil, []string{"keyring", "user"}},
		{"/proc/timer_list", []string{"/bin/payload", "cat", "/proc/timer_list"}, nil, []string{"Timer List", "clock"}},
		{"/proc/kcore (masked, or absent on this kernel)", []string{"/bin/sh", "-c", "wc -c < /proc/kcore 2>/dev/null || echo 0"},
			[]string{"0"}, nil},
	})
}

// mknod of a device the spec does not declare fails, and a device node of
// the host the container got hold of (here bound in) cannot be opened.
func TestSecDevicesDenied(t *testing.T) {
	e := newEnv(t)
	kmsg := func(s *specs.Spec) {
		s.Mounts = append(s.Mounts, specs.Mount{Destination: "/kmsg", Type: "bind", Source: "/dev/kmsg", Options: []string{"bind"}})
	}
	e.runInside("sec-devices", kmsg, []insideCase{
		{"mknod block", []string{"/bin/payload", "mknod", "/dev/sdx", "b", "8", "0"}, []string{"EPERM"}, nil},
		{"mknod char", []string{"/bin/payload", "mknod", "/dev/mem2", "c", "1", "1"}, []string{"EPERM"}, nil},
		{"open undeclared", []string{"/bin/payload", "open", "/kmsg", "rdonly"}, []string{"EPERM"}, nil},
		{"open declared", []string{"/bin/payload", "open", "/dev/null", "rdwr"}, []string{"ok"}, nil},
	})
}

// A mount made inside a container (which holds CAP_SYS_ADMIN for it)
// never shows up in the host's mount table.
func TestSecMountsDoNotPropagate(t *testing.T) {
	e := newEnv(t)
	sysAdmin := func(s *specs.Spec) {
		c := s.Process.Capabilities
		for _, set := range []*[]string{&c.Bounding, &c.Effective, &c.Permitted} {
			*set = append(*set, "CAP_SYS_ADMIN")
		}
	}
	e.runInside("sec-prop", sysAdmin, []insideCase{
		{"tmpfs", []string{"/bin/sh", "-c", "mount -t tmpfs sec-prop-marker /dev/shm && grep -c sec-prop-marker /proc/self/mountinfo"}, []string{"1"}, nil},
		{"after making / rshared", []string{"/bin/sh", "-c", "mount --make-rshared / && mount -t tmpfs sec-prop-marker /dev/shm && echo mounted"}, []string{"mounted"}, nil},
	})
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	if strings.Contains(string(mi), "sec-prop-marker") {
		t.Errorf("a mount made inside the container reached the host")
	}
}

// CVE-2022-0492: a container cannot set a cgroup v1 release_agent (which
// the kernel runs as root on the host). It tries what the exploit does:
// writing its own cgroupfs; mounting a new named v1 hierarchy
// ("none,name=...") or the existing memory hierarchy, in its own
// namespaces and after entering new user, mount and cgroup namespaces;
// and writing release_agent there. It does so with the default
// capabilities, with every capability the host allows, and as root with
// every capability in a user namespace of its own. Every attempt must
// fail: the mount with EPERM (no CAP_SYS_ADMIN over the cgroup namespace;
// new hierarchies only in the initial cgroup namespace), or the write with
// EPERM (the kernel's fix) or ENOENT (the mount's root is the container's
// own cgroup, which has no release_agent). A new named hierarchy would be
// private to the attempt (the payload unmounts it); into the host's
// memory hierarchy the attempt writes the host's own value, so even a
// vulnerable kernel would see no change. (rdma and perf_event are not
// tried: on this host they belong to the unified hierarchy, and a v1 mount
// would take them away from it.)
func TestSecReleaseAgent(t *testing.T) {
	e := newEnv(t)
	const agent = "/sys/fs/cgroup/memory/release_agent"
	before, err := os.ReadFile(agent)
	if err != nil {
		t.Skipf("no cgroup v1 memory hierarchy: %v", err)
	}
	failed := []string{"mount EPERM", "write EPERM", "write ENOENT"}
	attempts := [][]string{
		{"own cgroupfs", "/bin/payload", "write", "/sys/fs/cgroup/release_agent", "/sec-0492-agent"},
	}
	for _, where := range []string{"here", "nested"} {
		attempts = append(attempts,
			[]string{where + ": new named hierarchy", "/bin/payload", "release-agent", where, "none,name=sec0492", "/sec-0492-agent"},
			[]string{where + ": memory hierarchy", "/bin/payload", "release-agent", where, "memory", string(before)})
	}
	for _, tc := range []struct {
		name string
		cfg  func(*specs.Spec)
	}{
		{"default capabilities", noChange},
		{"all host capabilities", allCaps(t)},
		{"root of a user namespace", both(userns, allCaps(t))},
	} {
		for _, a := range attempts {
			out, errs, _ := e.cell("run", "-b", bundle(t, both(args(a[1:]...), tc.cfg)), "sec-0492")
			got := out + errs
			t.Logf("%s, %s: %q", tc.name, a[0], got)
			// The user-namespaced container has no cgroupfs at all.
			if a[0] == "own cgroupfs" && !containsAny(got, "read-only file system", "no such file or directory") ||
				a[0] != "own cgroupfs" && !containsAny(got, failed...) {
				t.Errorf("%s, %s: the attempt did not fail as it must: %q", tc.name, a[0], got)
			}
			e.assertGone("sec-0492")
		}
	}
	after, _ := os.ReadFile(agent)
	if string(after) != string(before) {
		t.Errorf("the host's release_agent changed to %q", after)
	}
	if mi, _ := os.ReadFile("/proc/self/mountinfo"); strings.Contains(string(mi), "name=sec0492") {
		t.Errorf("a named hierarchy the container made is mounted on the host")
	}
}

// TIOCSTI on a terminal the container inherited (the caller's, passed as
// stdin without process.terminal) fails: the init is in a new session, so
// the terminal is not its controlling one.
func TestSecTiocstiOnInheritedTerminal(t *testing.T) {
	e := newEnv(t)
	master, slave := openPty(t)
	defer master.Close()
	defer slave.Close()
	b := bundle(t, args("/bin/payload", "ioctl-tiocsti"))
	cmd, out, errb := e.command("run", "-b", b, "sec-tiocsti")
	cmd.Stdin = slave
	stdout, _, _ := harness.Finish(t, cmd, cmd.Run(), out, errb)
	if strings.TrimSpace(stdout) == "ok" || !strings.Contains(stdout, "EPERM") {
		t.Errorf("TIOCSTI on the inherited terminal: %q, want EPERM", stdout)
	}
	e.assertGone("sec-tiocsti")
}

// openPty opens a pty pair on the host.
func openPty(t *testing.T) (master, slave *os.File) {
	m, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Skipf("no /dev/ptmx: %v", err)
	}
	if err := unix.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	r, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(m), unix.TIOCGPTPEER, unix.O_RDWR|unix.O_NOCTTY)
	if errno != 0 {
		t.Fatal(errno)
	}
	return os.NewFile(uintptr(m), "ptmx"), os.NewFile(r, "pts")
}
