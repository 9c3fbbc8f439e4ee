package security

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// hostDev makes a directory on the host that the bundle binds over /dev
// (the runtime then leaves /dev alone) and drops the mounts below /dev.
// make fills it.
func hostDev(t *testing.T, make func(dir string)) func(*specs.Spec) {
	dir := t.TempDir()
	make(dir)
	return func(s *specs.Spec) {
		var mounts []specs.Mount
		for _, m := range s.Mounts {
			if m.Destination != "/dev" && !strings.HasPrefix(m.Destination, "/dev/") {
				mounts = append(mounts, m)
			}
		}
		s.Mounts = append(mounts, specs.Mount{Destination: "/dev", Type: "bind", Source: dir, Options: []string{"rbind"}})
	}
}

// hostTarget is a host file an attack would like to write or bind over;
// check fails the test if it changed.
func hostTarget(t *testing.T) (path string, check func()) {
	path = filepath.Join(t.TempDir(), "host-secret")
	if err := os.WriteFile(path, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, func() {
		t.Helper()
		if b, err := os.ReadFile(path); err != nil || string(b) != "secret" {
			t.Errorf("host file changed: %q, %v", b, err)
		}
	}
}

// CVE-2025-31133: the /dev/null cell binds over masked paths must be the
// real 1:3 device; one in the container's /dev that is a symlink (to a
// host file, which would then be bound over masked paths), a regular file or another device is refused.
func TestSecDevNullMaskSource(t *testing.T) {
	e := newEnv(t)
	target, check := hostTarget(t)
	for _, tc := range []struct {
		name string
		make func(null string) error
		ok   bool
	}{
		{"symlink to host file", func(null string) error { return os.Symlink(target, null) }, false},
		{"relative symlink", func(null string) error { return os.Symlink("../../../../"+target, null) }, false},
		{"regular file", func(null string) error { return os.WriteFile(null, nil, 0o666) }, false},
		{"zero device", func(null string) error { return unix.Mknod(null, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 5))) }, false},
		{"real null", func(null string) error { return unix.Mknod(null, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))) }, true},
	} {
		func() {
			b := bundle(t, both(args("/bin/payload", "cat", "/proc/timer_list"), hostDev(t, func(dir string) {
				if err := tc.make(filepath.Join(dir, "null")); err != nil {
					t.Fatal(err)
				}
			})))
			if tc.ok {
				if out := e.ok("run", "-b", b, "sec-31133"); out != "" {
					t.Errorf("%s: masked /proc/timer_list reads %q", tc.name, out)
				}
			} else {
				e.refused("sec-31133", "/dev/null", "run", "-b", b, "sec-31133")
			}
			check()
		}()
	}
}
