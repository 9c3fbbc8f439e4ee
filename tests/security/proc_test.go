package security

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/harness"
)

// mountAt appends a mount.
func mountAt(m specs.Mount) func(*specs.Spec) {
	return func(s *specs.Spec) { s.Mounts = append(s.Mounts, m) }
}

// inRootfs runs make on the bundle's rootfs before the test uses it.
func inRootfs(t *testing.T, b string, make func(rootfs string) error) string {
	t.Helper()
	if err := make(filepath.Join(b, "rootfs")); err != nil {
		t.Fatal(err)
	}
	return b
}

// CVE-2019-16884 family: nothing but a fresh procfs may be mounted at
// /proc (a volume there would fake the files cell writes and hide masked
// paths), no mount may land below /proc outside the allow list, also
// through a symlink in the rootfs, and a /proc that is a symlink is
// refused.
func TestSecProcMountRefused(t *testing.T) {
	e := newEnv(t)
	vol := t.TempDir()
	cases := []struct {
		name   string
		bundle func() string
	}{
		{"volume at /proc", func() string {
			return bundle(t, mountAt(specs.Mount{Destination: "/proc", Type: "bind", Source: vol, Options: []string{"rbind"}}))
		}},
		{"tmpfs at /proc", func() string {
			return bundle(t, mountAt(specs.Mount{Destination: "/proc", Type: "tmpfs", Source: "tmpfs"}))
		}},
		{"volume at /proc/self/attr", func() string {
			return bundle(t, mountAt(specs.Mount{Destination: "/proc/self/attr", Type: "bind", Source: vol, Options: []string{"rbind"}}))
		}},
		{"volume through a symlink to /proc", func() string {
			b := bundle(t, mountAt(specs.Mount{Destination: "/vol", Type: "bind", Source: vol, Options: []string{"rbind"}}))
			return inRootfs(t, b, func(r string) error { return os.Symlink("/proc", filepath.Join(r, "vol")) })
		}},
		{"volume through a symlink below /proc", func() string {
			b := bundle(t, mountAt(specs.Mount{Destination: "/vol/kernel", Type: "bind", Source: vol, Options: []string{"rbind"}}))
			return inRootfs(t, b, func(r string) error { return os.Symlink("../proc/sys", filepath.Join(r, "vol")) })
		}},
		{"/proc a symlink", func() string {
			b := bundle(t, nil)
			return inRootfs(t, b, func(r string) error {
				p := filepath.Join(r, "proc")
				if err := os.RemoveAll(p); err != nil {
					return err
				}
				return os.Symlink("/tmp", p)
			})
		}},
	}
	for _, tc := range cases {
		b := tc.bundle()
		_, errs, code := e.cell("run", "-b", b, "sec-16884")
		if code == 0 {
			t.Errorf("%s: the container ran", tc.name)
		}
		if !containsAny(errs, "/proc") {
			t.Errorf("%s: error does not name /proc: %q", tc.name, errs)
		}
		e.assertGone("sec-16884")
	}
}

// CVE-2025-52881: what cell writes to procfs (sysctls) and the masks it
// puts over procfs files go to files on a real procfs, never through
// symlinks or files the container placed. Here the bundle mounts no
// procfs, so /proc is whatever the rootfs holds.
func TestSecProcfsWritesNotRedirected(t *testing.T) {
	e := newEnv(t)
	target, check := hostTarget(t)
	noProc := func(s *specs.Spec) {
		var mounts []specs.Mount
		for _, m := range s.Mounts {
			if m.Type != "proc" {
				mounts = append(mounts, m)
			}
		}
		s.Mounts = mounts
		s.Linux.Sysctl = map[string]string{"net.ipv4.ip_forward": "1"}
	}
	hostSys := filepath.Join(t.TempDir(), "sys")
	os.MkdirAll(filepath.Join(hostSys, "net", "ipv4"), 0o755)
	os.Symlink(target, filepath.Join(hostSys, "net", "ipv4", "ip_forward"))
	for _, tc := range []struct {
		name string
		make func(proc string) error
	}{
		{"sysctl file a symlink to a host file", func(proc string) error {
			d := filepath.Join(proc, "sys", "net", "ipv4")
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			return os.Symlink(target, filepath.Join(d, "ip_forward"))
		}},
		{"/proc/sys a symlink to a host dir", func(proc string) error {
			return os.Symlink(hostSys, filepath.Join(proc, "sys"))
		}},
		{"/proc/sys a plain directory", func(proc string) error {
			d := filepath.Join(proc, "sys", "net", "ipv4")
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(d, "ip_forward"), []byte("0"), 0o644)
		}},
	} {
		b := bundle(t, noProc)
		inRootfs(t, b, func(r string) error { return tc.make(filepath.Join(r, "proc")) })
		_, errs, code := e.cell("run", "-b", b, "sec-52881")
		if code == 0 || !containsAny(errs, "sysctl", "/proc") {
			t.Errorf("%s: exit %d, %q; want a refusal naming the sysctl or /proc", tc.name, code, errs)
		}
		check()
		e.assertGone("sec-52881")
	}
}

// procCanaries are the files a fake /proc holds in place of those cell
// writes (sysctls, oom_score_adj, LSM attributes, setgroups and the id
// maps): a write that lands there changes "canary".
var procCanaries = []string{
	"sys/net/ipv4/ip_forward", "sys/kernel/shmmax", "self/oom_score_adj", "self/attr/exec",
	"self/attr/apparmor/exec", "self/setgroups", "self/uid_map", "self/gid_map",
}

// fakeProc fills dir with procCanaries and returns a check that they are
// unchanged.
func fakeProc(t *testing.T, dir string) (check func(what string)) {
	t.Helper()
	for _, f := range procCanaries {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("canary"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return func(what string) {
		t.Helper()
		for _, f := range procCanaries {
			if b, err := os.ReadFile(filepath.Join(dir, f)); err != nil || string(b) != "canary" {
				t.Errorf("%s: a write meant for procfs landed in %s: %q, %v", what, filepath.Join(dir, f), b, err)
			}
		}
	}
}

// procCheck runs in a container made during the race: for the two names
// /proc and the fake could have, it prints each path with the type of
// filesystem it is on and, for read-only paths, what opening it for
// writing gave.
const procCheck = `for d in /proc /fakeproc; do
  for f in sys/kernel/shmmax sysrq-trigger; do echo "ro $d/$f $(stat -f -c %T $d/$f 2>/dev/null) $(/bin/payload open $d/$f wronly 2>&1)"; done
  for f in kcore keys timer_list; do echo "masked $d/$f $(stat -f -c %T $d/$f 2>/dev/null)"; done
done
echo "victim $(cat /proc/self/mountinfo /fakeproc/self/mountinfo 2>/dev/null | grep -c ' /victim ')"`

// CVE-2025-52881, raced: while containers with sysctls and an
// oom_score_adj are created, /proc in their rootfs is swapped again and
// again (RENAME_EXCHANGE) with a plain directory of fake proc files, or
// with a symlink to a host directory of them, as a neighbour sharing the
// rootfs would. Every create either succeeds or is refused with a
// one-line error; no write ever lands in a fake file, in a user namespace
// too (setgroups and the id maps); and in a container that was made, a
// procfs wherever it ended up (/proc or the fake's name) has its masked
// paths masked and its read-only paths read-only: the masks and read-only
// binds were not redirected. (No LSM runs on the test host, so the attr
// files are only canaries here; the same procfs check guards them.)
func TestSecProcfsWritesRaced(t *testing.T) {
	e := newEnv(t)
	hostDir := t.TempDir()
	checkHost := fakeProc(t, hostDir)
	adj := 500
	procWrites := func(s *specs.Spec) {
		s.Linux.Sysctl = map[string]string{"net.ipv4.ip_forward": "1", "kernel.shmmax": "65536"}
		s.Process.OOMScoreAdj = &adj
	}
	for _, tc := range []struct {
		name   string
		cfg    func(*specs.Spec)
		symlnk bool
	}{
		{"plain directory", procWrites, false},
		{"symlink to a host directory", procWrites, true},
		{"plain directory, user namespace", both(procWrites, userns), false},
		{"plain directory, masks only", noChange, false},
	} {
		b := bundle(t, both(args("/bin/sh", "-c", procCheck), tc.cfg))
		rootfs := filepath.Join(b, "rootfs")
		other := filepath.Join(rootfs, "fakeproc")
		checkFake := func(string) {}
		if tc.symlnk {
			if err := os.Symlink(hostDir, other); err != nil {
				t.Fatal(err)
			}
		} else {
			checkFake = fakeProc(t, other)
			fakeFds(t, other)
		}
		var ran, refused int
		for i := 0; i < 15; i++ {
			stop := swapper(t, filepath.Join(rootfs, "proc"), other)
			cmd, out, errb := e.command("create", "-b", b, "sec-52881r")
			_, errs, code := harness.Finish(t, cmd, cmd.Run(), out, errb)
			stop()
			switch {
			case code == 0:
				ran++
				e.ok("start", "sec-52881r")
				e.waitStatus("sec-52881r", "stopped")
				checkProcInside(t, tc.name, harness.ReadAll(out))
				e.ok("delete", "sec-52881r")
			case code == 1 && strings.Count(strings.TrimSpace(errs), "\n") == 0 && !strings.Contains(errs, "panic"):
				// Where the swap makes it fail depends on timing: at
				// /proc, at a sysctl, or at a mask that needs procfs.
				refused++
			default:
				t.Errorf("%s: exit %d, %q; want a container or a one-line refusal", tc.name, code, errs)
			}
			e.assertGone("sec-52881r")
		}
		if _, err := os.Stat(filepath.Join(other, "self")); err != nil {
			// An odd number of swaps: the fake is at /proc.
			unix.Renameat2(unix.AT_FDCWD, filepath.Join(rootfs, "proc"), unix.AT_FDCWD, other, unix.RENAME_EXCHANGE)
		}
		t.Logf("%s: %d made, %d refused", tc.name, ran, refused)
		checkFake(tc.name)
		checkHost(tc.name)
	}
}

// fakeFds fills the fake proc's self/fd with symlinks to /victim, so a
// mount cell makes through /proc/self/fd/N of a handle would land there
// if it went through the fake.
func fakeFds(t *testing.T, dir string) {
	t.Helper()
	fds := filepath.Join(dir, "self", "fd")
	if err := os.MkdirAll(fds, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "victim"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for n := 0; n < 64; n++ {
		if err := os.Symlink("/victim", filepath.Join(fds, strconv.Itoa(n))); err != nil {
			t.Fatal(err)
		}
	}
}

// checkProcInside checks procCheck's output: on procfs or sysfs,
// read-only paths refuse writing and masked paths are not procfs or sysfs
// files (they are /dev/null or an empty tmpfs).
func checkProcInside(t *testing.T, name, out string) {
	t.Helper()
	for _, l := range lines(out) {
		f := strings.Fields(l)
		if len(f) == 2 && f[0] == "victim" && f[1] != "0" {
			t.Errorf("%s: something was mounted on /victim, where the fake /proc/self/fd led", name)
		}
		if len(f) < 3 || f[2] != "proc" && f[2] != "sysfs" {
			continue
		}
		if f[0] == "masked" || f[0] == "ro" && (len(f) < 4 || f[3] == "ok") {
			t.Errorf("%s: %s is on %s and not %s: %q", name, f[1], f[2], map[string]string{"ro": "read-only", "masked": "masked"}[f[0]], l)
		}
	}
}

// The same race on /sys: while containers are created, /sys in their
// rootfs is swapped again and again with a plain directory holding a
// firmware directory. In every container made, sysfs, wherever it ended
// up (/sys or the fake's name), has /sys/firmware masked.
func TestSecSysMasksRaced(t *testing.T) {
	e := newEnv(t)
	check := `for d in /sys /fakesys; do echo "masked $d/firmware $(stat -f -c %T $d/firmware 2>/dev/null)"; done`
	b := bundle(t, args("/bin/sh", "-c", check))
	rootfs := filepath.Join(b, "rootfs")
	other := filepath.Join(rootfs, "fakesys")
	if err := os.MkdirAll(filepath.Join(other, "firmware"), 0o755); err != nil {
		t.Fatal(err)
	}
	var made, refused int
	for i := 0; i < 30; i++ {
		stop := swapper(t, filepath.Join(rootfs, "sys"), other)
		cmd, out, errb := e.command("create", "-b", b, "sec-sysrace")
		_, errs, code := harness.Finish(t, cmd, cmd.Run(), out, errb)
		stop()
		switch {
		case code == 0:
			made++
			e.ok("start", "sec-sysrace")
			e.waitStatus("sec-sysrace", "stopped")
			checkProcInside(t, "/sys swapped", harness.ReadAll(out))
			e.ok("delete", "sec-sysrace")
		case code == 1 && strings.Count(strings.TrimSpace(errs), "\n") == 0:
			refused++
		default:
			t.Errorf("exit %d, %q; want a container or a one-line refusal", code, errs)
		}
		e.assertGone("sec-sysrace")
	}
	t.Logf("%d made, %d refused", made, refused)
}
