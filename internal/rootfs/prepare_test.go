package rootfs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// testRoot builds a small rootfs in a temporary directory: a few
// directories, /etc/secret, /secretdir/file, /rodir, and busybox when the
// host has a static one.
func testRoot(t *testing.T) (dir, rootfs string) {
	t.Helper()
	dir = t.TempDir()
	rootfs = filepath.Join(dir, "rootfs")
	for _, d := range []string{"proc", "sys", "dev", "etc", "bin", "tmp", "secretdir", "rodir"} {
		mustMkdir(t, filepath.Join(rootfs, d))
	}
	mustWrite(t, filepath.Join(rootfs, "etc/secret"), "top secret")
	mustWrite(t, filepath.Join(rootfs, "secretdir/file"), "hidden")
	if b, err := os.ReadFile("/bin/busybox"); err == nil {
		mustWrite(t, filepath.Join(rootfs, "bin/busybox"), string(b))
	}
	return dir, rootfs
}

func mustMkdir(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(t *testing.T, p, s string) {
	t.Helper()
	mustMkdir(t, filepath.Dir(p))
	if err := os.WriteFile(p, []byte(s), 0o755); err != nil {
		t.Fatal(err)
	}
}

// baseSpec mounts proc, a tmpfs /dev with devpts, and sysfs, in new
// mount, pid, ipc and uts namespaces.
func baseSpec() *specs.Spec {
	return &specs.Spec{
		Root: &specs.Root{Path: "rootfs"},
		Mounts: []specs.Mount{
			{Destination: "/proc", Type: "proc", Source: "proc"},
			{Destination: "/dev", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "strictatime", "mode=755", "size=65536k"}},
			{Destination: "/dev/pts", Type: "devpts", Source: "devpts", Options: []string{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"}},
			{Destination: "/dev/shm", Type: "tmpfs", Source: "shm", Options: []string{"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}},
			{Destination: "/dev/mqueue", Type: "mqueue", Source: "mqueue", Options: []string{"nosuid", "noexec", "nodev"}},
			{Destination: "/sys", Type: "sysfs", Source: "sysfs", Options: []string{"nosuid", "noexec", "nodev", "ro"}},
		},
		Linux: &specs.Linux{Namespaces: []specs.LinuxNamespace{
			{Type: specs.MountNamespace}, {Type: specs.PIDNamespace}, {Type: specs.IPCNamespace}, {Type: specs.UTSNamespace},
		}},
	}
}

// expect checks each probe's result starts with the wanted text, or
// equals it when the wanted text starts with "=".
func expect(t *testing.T, rep childReport, want map[string]string) {
	t.Helper()
	if rep.Err != "" {
		t.Fatalf("child failed: %s", rep.Err)
	}
	for p, w := range want {
		got := rep.Results[p]
		if exact, ok := strings.CutPrefix(w, "="); ok && got != exact {
			t.Errorf("%s: got %q, want %q", p, got, exact)
		} else if !ok && !strings.HasPrefix(got, w) {
			t.Errorf("%s: got %q, want prefix %q", p, got, w)
		}
	}
}

func probesOf(want map[string]string) []string {
	var out []string
	for p := range want {
		out = append(out, p)
	}
	return out
}
