package security

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// swapper exchanges two paths with RENAME_EXCHANGE as fast as it can
// until stopped: a hostile process sharing the rootfs that turns a mount
// target into a symlink and back while cell resolves it.
func swapper(t *testing.T, a, b string) (stop func()) {
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			default:
				unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// mountinfoEntry is one line of /proc/PID/mountinfo: the root of the
// mount inside its filesystem, where it is mounted, and the fs type.
type mountinfoEntry struct{ root, point, fstype string }

func parseMountinfo(s string) []mountinfoEntry {
	var out []mountinfoEntry
	for _, l := range lines(s) {
		f := strings.Fields(l)
		_, post, ok := strings.Cut(l, " - ")
		if !ok || len(f) < 5 {
			continue
		}
		out = append(out, mountinfoEntry{root: f[3], point: f[4], fstype: strings.Fields(post)[0]})
	}
	return out
}

// CVE-2021-30465 and CVE-2024-45310: while containers are created, the
// target of a volume is swapped again and again between a directory and
// a symlink (to /proc, to a host path). Every container either is
// refused or has the volume inside the rootfs, nowhere over /proc, /sys
// or /dev, and a real procfs at /proc; nothing is created on the host
// outside the rootfs and no mount reaches the host.
func TestSecMountTargetSwapRace(t *testing.T) {
	e := newEnv(t)
	vol, outside := t.TempDir(), t.TempDir()
	for _, tc := range []struct{ name, link string }{
		{"symlink to /proc", "/proc"},
		{"symlink to a host path", outside},
		{"relative symlink out", "../../../../../../../../" + outside},
	} {
		b := bundle(t, both(args("/bin/payload", "mounts"),
			mountAt(specs.Mount{Destination: "/vol/link", Type: "bind", Source: vol, Options: []string{"rbind"}})))
		rootfs := filepath.Join(b, "rootfs")
		os.MkdirAll(filepath.Join(rootfs, "vol", "link"), 0o755)
		os.Symlink(tc.link, filepath.Join(rootfs, "vol", "swap"))
		stop := swapper(t, filepath.Join(rootfs, "vol", "link"), filepath.Join(rootfs, "vol", "swap"))
		var ran, refused int
		for i := 0; i < 15; i++ {
			out, errs, code := e.cell("run", "-b", b, "sec-30465")
			e.assertGone("sec-30465")
			if code != 0 {
				refused++
				// Refused while mounting the volume, not later by luck
				// (a volume over /proc fails masking further on).
				if !strings.Contains(errs, `"/vol/link"`) {
					t.Errorf("%s: not refused at the volume: %q", tc.name, errs)
				}
				continue
			}
			ran++
			checkVolumeInPlace(t, tc.name, out, vol)
		}
		stop()
		t.Logf("%s: %d ran, %d refused", tc.name, ran, refused)
	}
	if names, _ := os.ReadDir(outside); len(names) != 0 {
		t.Errorf("something was created on the host in %s: %v", outside, names)
	}
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	if strings.Contains(string(mi), outside) {
		t.Errorf("a mount landed on the host at %s", outside)
	}
}

// checkVolumeInPlace checks a container's mountinfo: the volume (a mount
// whose root is vol) is not over /proc, /sys or /dev, where it would hide
// or fake what the runtime set up, and /proc is procfs. (It may be at
// /vol/link, at /vol/swap when the swapper renamed the directory after the
// mount, or where the symlink leads inside the rootfs: all the
// container's own.)
func checkVolumeInPlace(t *testing.T, name, mountinfo, vol string) {
	t.Helper()
	sawProc := false
	for _, m := range parseMountinfo(mountinfo) {
		if m.root == vol && (underAny(m.point, "/proc", "/sys", "/dev") || m.point == "/") {
			t.Errorf("%s: the volume landed at %s", name, m.point)
		}
		if m.point == "/proc" {
			sawProc = true
			if m.fstype != "proc" {
				t.Errorf("%s: %s mounted over /proc", name, m.fstype)
			}
		}
	}
	if !sawProc {
		t.Errorf("%s: no /proc in the container:\n%s", name, mountinfo)
	}
}

// underAny reports whether p is one of dirs or below one.
func underAny(p string, dirs ...string) bool {
	for _, d := range dirs {
		if p == d || strings.HasPrefix(p, d+"/") {
			return true
		}
	}
	return false
}

// A /dev in the rootfs that is a symlink out of it is refused, and
// nothing is created where it points.
func TestSecDevSymlinkOut(t *testing.T) {
	e := newEnv(t)
	outside := t.TempDir()
	for _, link := range []string{outside, "../../../../../../../../" + outside} {
		b := bundle(t, nil)
		inRootfs(t, b, func(r string) error {
			os.RemoveAll(filepath.Join(r, "dev"))
			return os.Symlink(link, filepath.Join(r, "dev"))
		})
		e.refused("sec-devlink", "/dev", "run", "-b", b, "sec-devlink")
	}
	if names, _ := os.ReadDir(outside); len(names) != 0 {
		t.Errorf("devices were created on the host in %s: %v", outside, names)
	}
}
