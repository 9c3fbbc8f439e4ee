package security

import (
	"os"
	"path/filepath"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
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
