package rootfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// scenario is one container run: setup returns the request (Spec, Options,
// PreSub) and the wanted probe results; wantErr, when set, must appear in
// the child's error instead; check looks at the host afterwards.
type scenario struct {
	name    string
	setup   func(t *testing.T, dir, rootfs string) (childRequest, map[string]string)
	wantErr string
	check   func(t *testing.T, dir, rootfs string)
}

func TestContainerRoot(t *testing.T) { runScenarios(t, scenarios) }

func runScenarios(t *testing.T, list []scenario) {
	needRoot(t)
	for _, sc := range list {
		t.Run(sc.name, func(t *testing.T) {
			dir, rootfs := testRoot(t)
			req, want := sc.setup(t, dir, rootfs)
			req.Rootfs = rootfs
			req.Probes = probesOf(want)
			rep := runInChild(t, req, dir)
			if sc.wantErr != "" {
				if !strings.Contains(rep.Err, sc.wantErr) {
					t.Fatalf("child error %q, want %q", rep.Err, sc.wantErr)
				}
			} else {
				expect(t, rep, want)
			}
			if sc.check != nil {
				sc.check(t, dir, rootfs)
			}
		})
	}
}

var scenarios = []scenario{
	{name: "devices and pseudo filesystems", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		mode := os.FileMode(0o600)
		uid := uint32(1000)
		s.Linux.Devices = []specs.LinuxDevice{{Path: "/dev/net/tun", Type: "c", Major: 10, Minor: 200, FileMode: &mode, UID: &uid}}
		return childRequest{Spec: s}, map[string]string{
			"stat /dev/null":         "ok mode=20666 rdev=1:3",
			"stat /dev/urandom":      "ok mode=20666 rdev=1:9",
			"stat /dev/tty":          "ok mode=20666 rdev=5:0",
			"stat /dev/net/tun":      "ok mode=20600 rdev=10:200 uid=1000",
			"readlink /dev/ptmx":     "ok pts/ptmx",
			"readlink /dev/fd":       "ok /proc/self/fd",
			"readlink /dev/stderr":   "ok /proc/self/fd/2",
			"openrw /dev/ptmx":       "ok",
			"stat /dev/pts/ptmx":     "ok mode=20666 rdev=5:2",
			"read /proc/self/stat":   "ok 1 (",
			"mountpoint /proc":       "ok proc",
			"mountpoint /dev/pts":    "ok devpts",
			"mountpoint /dev/mqueue": "ok mqueue",
			"write /sys/x":           "err EROFS",
			"statfs /dev":            "ok type=0x1021994 size=67108864",
		}
	}},
	{name: "tmpfs size", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		s.Mounts = append(s.Mounts, specs.Mount{Destination: "/small", Type: "tmpfs", Source: "tmpfs", Options: []string{"size=1m", "mode=700"}})
		return childRequest{Spec: s}, map[string]string{
			"statfs /small":  "ok type=0x1021994 size=1048576 ro=false",
			"stat /small":    "ok mode=40700",
			"write /small/f": "ok",
		}
	}},
	{name: "ro bind and rbind", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		src := filepath.Join(dir, "src")
		mustWrite(t, filepath.Join(src, "hello"), "hi")
		mustMkdir(t, filepath.Join(src, "sub"))
		file := filepath.Join(dir, "file.txt")
		mustWrite(t, file, "filebind")
		s := baseSpec()
		s.Mounts = append(s.Mounts,
			specs.Mount{Destination: "/mnt/ro", Type: "bind", Source: src, Options: []string{"bind", "ro", "nosuid"}},
			specs.Mount{Destination: "/mnt/rrw", Type: "bind", Source: src, Options: []string{"rbind"}},
			specs.Mount{Destination: "/mnt/rro", Type: "bind", Source: src, Options: []string{"rbind", "ro", "rprivate"}},
			specs.Mount{Destination: "/etc/one/file.txt", Type: "bind", Source: file, Options: []string{"bind", "ro"}},
		)
		return childRequest{Spec: s, PreSub: filepath.Join(src, "sub")}, map[string]string{
			"read /mnt/ro/hello":      "ok hi",
			"write /mnt/ro/new":       "err EROFS",
			"ls /mnt/ro/sub":          "=ok ",
			"read /mnt/rrw/sub/f":     "ok sub",
			"write /mnt/rrw/sub/g":    "ok",
			"read /mnt/rro/sub/f":     "ok sub",
			"write /mnt/rro/sub/g":    "err EROFS",
			"write /mnt/rro/new":      "err EROFS",
			"read /etc/one/file.txt":  "ok filebind",
			"write /etc/one/file.txt": "err EROFS",
		}
	}, check: func(t *testing.T, dir, rootfs string) {
		if _, err := os.Stat(filepath.Join(dir, "src/new")); err == nil {
			t.Error("write through ro bind reached the host")
		}
	}},
	{name: "masked and readonly paths", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		s.Linux.MaskedPaths = []string{"/etc/secret", "/secretdir", "/proc/interrupts", "/proc/driver", "/does/not/exist"}
		s.Linux.ReadonlyPaths = []string{"/rodir", "/proc/sys", "/missing"}
		return childRequest{Spec: s}, map[string]string{
			"read /etc/secret":              "=ok ",
			"ls /secretdir":                 "=ok ",
			"write /secretdir/x":            "err EROFS",
			"read /proc/interrupts":         "=ok ",
			"ls /proc/driver":               "=ok ",
			"write /rodir/x":                "err EROFS",
			"write /proc/sys/kernel/shmmax": "err EROFS",
			"write /tmp/x":                  "ok",
		}
	}, check: func(t *testing.T, dir, rootfs string) {
		if b, _ := os.ReadFile(filepath.Join(rootfs, "etc/secret")); string(b) != "top secret" {
			t.Errorf("masked file changed on disk: %q", b)
		}
	}},
	{name: "root readonly", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		s := baseSpec()
		s.Root.Readonly = true
		return childRequest{Spec: s}, map[string]string{
			"write /newfile":       "err EROFS",
			"write /dev/shm/x":     "ok",
			"read /proc/self/comm": "ok",
		}
	}},
	{name: "console", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		console := filepath.Join(dir, "console")
		mustWrite(t, console, "console!")
		return childRequest{Spec: baseSpec(), Options: Options{ConsolePath: console}}, map[string]string{
			"read /dev/console": "ok console!",
		}
	}},
	{name: "no pivot", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		return childRequest{Spec: baseSpec(), Options: Options{NoPivot: true}}, map[string]string{
			"read /etc/secret": "ok top secret",
			"stat /dev/zero":   "ok mode=20666 rdev=1:5",
		}
	}},
	{name: "user namespace binds devices and keeps locked flags", setup: func(t *testing.T, dir, rootfs string) (childRequest, map[string]string) {
		src := filepath.Join(dir, "src")
		mustWrite(t, filepath.Join(src, "hello"), "hi")
		s := baseSpec()
		s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.UserNamespace})
		s.Mounts = append(s.Mounts,
			// Flags of mounts inherited from the parent (here relatime)
			// are locked in the user namespace; the ro remount keeps them.
			specs.Mount{Destination: "/mnt/shm", Type: "bind", Source: "/dev/shm", Options: []string{"rbind", "ro"}},
			specs.Mount{Destination: "/mnt/src", Type: "bind", Source: src, Options: []string{"bind", "ro"}},
		)
		s.Linux.Sysctl = map[string]string{"kernel.shmmni": "1234"}
		s.Linux.MaskedPaths = []string{"/etc/secret"}
		return childRequest{Spec: s, UserNS: true}, map[string]string{
			"stat /dev/null":               "ok mode=20666 rdev=1:3",
			"mountpoint /dev/null":         "ok devtmpfs",
			"read /etc/secret":             "=ok ",
			"write /mnt/shm/x":             "err EROFS",
			"read /mnt/src/hello":          "ok hi",
			"write /mnt/src/x":             "err EROFS",
			"read /proc/sys/kernel/shmmni": "=ok 1234",
			"ro /sys":                      "=ok true",
		}
	}},
}
