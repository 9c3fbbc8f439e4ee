package rootfs

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestSafety(t *testing.T) { runScenarios(t, safetyScenarios) }

// readHost reads a host file the test must leave unchanged.
func readHost(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var hostShmmax, hostCorePattern string

var safetyScenarios = []scenario{
	{name: "symlinked destination stays inside the rootfs", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		target := filepath.Join(dir, "host-target-dir")
		mustMkdir(t, target)
		if err := os.Symlink(target, filepath.Join(rootfs, "evil")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink("../../../../../../"+target, filepath.Join(rootfs, "evil2")); err != nil {
			t.Fatal(err)
		}
		s := baseSpec()
		s.Mounts = append(s.Mounts,
			specs.Mount{Destination: "/evil/sub", Type: "tmpfs", Source: "tmpfs"},
			specs.Mount{Destination: "/evil2/other", Type: "tmpfs", Source: "tmpfs"},
		)
		return childRequest{Spec: s}, map[string]string{
			"mountpoint " + target + "/sub":   "ok tmpfs",
			"mountpoint " + target + "/other": "ok tmpfs",
			"write /evil/sub/x":               "ok",
		}
	}, check: func(t *testing.T, dir, rootfs string) {
		ents, err := os.ReadDir(filepath.Join(dir, "host-target-dir"))
		if err != nil || len(ents) != 0 {
			t.Errorf("host target dir touched: %v %v", ents, err)
		}
		if _, err := os.Stat(filepath.Join(rootfs, dir, "host-target-dir/sub")); err != nil {
			t.Errorf("destination not created inside the rootfs: %v", err)
		}
	}},
	{name: "symlinked /dev/null refused", wantErr: ErrSymlink.Error(), setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		hostFile := filepath.Join(dir, "hostnull")
		mustWrite(t, hostFile, "keep")
		if err := os.Symlink(hostFile, filepath.Join(rootfs, "dev/null")); err != nil {
			t.Fatal(err)
		}
		s := baseSpec()
		s.Mounts = s.Mounts[:1] // proc only: the rootfs's own /dev is used
		return childRequest{Spec: s}, nil
	}, check: func(t *testing.T, dir, rootfs string) {
		if b, _ := os.ReadFile(filepath.Join(dir, "hostnull")); string(b) != "keep" {
			t.Errorf("host file changed: %q", b)
		}
	}},
	{name: "symlinked /dev refused", wantErr: ErrSymlink.Error(), setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		mustMkdir(t, filepath.Join(dir, "hostdev"))
		os.Remove(filepath.Join(rootfs, "dev"))
		if err := os.Symlink(filepath.Join(dir, "hostdev"), filepath.Join(rootfs, "dev")); err != nil {
			t.Fatal(err)
		}
		s := baseSpec()
		s.Mounts = s.Mounts[:1]
		return childRequest{Spec: s}, nil
	}},
	{name: "symlinked proc destination refused", wantErr: ErrSymlink.Error(), setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		os.Remove(filepath.Join(rootfs, "proc"))
		if err := os.Symlink("tmp", filepath.Join(rootfs, "proc")); err != nil {
			t.Fatal(err)
		}
		return childRequest{Spec: baseSpec()}, nil
	}},
	{name: "mount below /proc refused", wantErr: ErrProcDestination.Error(), setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		s.Mounts = append(s.Mounts, specs.Mount{Destination: "/proc/sys/kernel", Type: "tmpfs", Source: "tmpfs"})
		return childRequest{Spec: s}, nil
	}},
	{name: "masked path with a fake /dev/null refused", wantErr: ErrNotDevNull.Error(), setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		// A character device, but /dev/zero's numbers.
		s.Linux.Devices = []specs.LinuxDevice{{Path: "/dev/null", Type: "c", Major: 1, Minor: 5}}
		s.Linux.MaskedPaths = []string{"/etc/secret"}
		return childRequest{Spec: s}, nil
	}},
	{name: "ipc sysctl set inside only", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		hostShmmax = readHost(t, "/proc/sys/kernel/shmmax")
		s := baseSpec()
		s.Linux.Sysctl = map[string]string{"kernel.shmmax": "123456789", "kernel/msgmax": "4321"}
		return childRequest{Spec: s}, map[string]string{
			"read /proc/sys/kernel/shmmax": "=ok 123456789",
			"read /proc/sys/kernel/msgmax": "=ok 4321",
		}
	}, check: func(t *testing.T, dir, rootfs string) {
		if got := readHost(t, "/proc/sys/kernel/shmmax"); got != hostShmmax {
			t.Errorf("host kernel.shmmax changed: %q -> %q", hostShmmax, got)
		}
	}},
	{name: "host sysctl refused unwritten", wantErr: "not namespaced", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		hostCorePattern = readHost(t, "/proc/sys/kernel/core_pattern")
		s := baseSpec()
		s.Linux.Sysctl = map[string]string{"kernel.core_pattern": "|/tmp/evil", "kernel.shmmax": "1"}
		return childRequest{Spec: s}, nil
	}, check: func(t *testing.T, dir, rootfs string) {
		if got := readHost(t, "/proc/sys/kernel/core_pattern"); got != hostCorePattern {
			t.Errorf("host kernel.core_pattern changed: %q -> %q", hostCorePattern, got)
		}
	}},
	{name: "net sysctl needs a network namespace", wantErr: "needs a network namespace", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		s.Linux.Sysctl = map[string]string{"net.ipv4.ip_forward": "1"}
		return childRequest{Spec: s}, nil
	}},
	{name: "cgroup mount shows the own group read-only", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		s.Mounts = append(s.Mounts, specs.Mount{Destination: "/sys/fs/cgroup", Type: "cgroup", Source: "cgroup", Options: []string{"nosuid", "noexec", "nodev", "relatime", "ro"}})
		return childRequest{Spec: s}, cgroupWant(t)
	}},
}

// cgroupWant expects, on a v1 or hybrid host, a read-only tmpfs holding
// one read-only bind per host hierarchy, rooted at this process's group;
// on a pure v2 host, a cgroup2 mount.
func cgroupWant(t *testing.T) map[string]string {
	mounts, err := readMountinfo()
	if err != nil {
		t.Fatal(err)
	}
	cgs := cgroupMounts(mounts)
	if len(cgs) == 1 && cgs[0].fstype == "cgroup2" {
		return map[string]string{"mountpoint /sys/fs/cgroup": "ok cgroup2", "write /sys/fs/cgroup/x": "err EROFS"}
	}
	own, err := containerCgroups(Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"mountpoint /sys/fs/cgroup": "ok tmpfs", "write /sys/fs/cgroup/x": "err EROFS"}
	var names []string
	for _, cg := range cgs {
		key, ok := cgroupKey(cg, own)
		if !ok {
			continue
		}
		name := filepath.Base(cg.mountpoint)
		names = append(names, name)
		if ctrls := strings.Split(name, ","); len(ctrls) > 1 {
			names = append(names, ctrls...) // links to the co-mounted directory
		}
		want["mountpoint /sys/fs/cgroup/"+name] = "=ok " + cg.fstype + " " + own[key]
		want["ro /sys/fs/cgroup/"+name] = "=ok true" // never write to a host cgroup
	}
	sort.Strings(names)
	want["ls /sys/fs/cgroup"] = "=ok " + strings.Join(names, ",")
	return want
}
