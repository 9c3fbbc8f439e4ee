package testrootfs

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestRepoRoot(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, payloadPkg, "main.go")); err != nil {
		t.Errorf("repo root %s has no payload: %v", root, err)
	}
}

func TestSourceHashStable(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	a, err1 := sourceHash(root)
	b, err2 := sourceHash(root)
	if err1 != nil || err2 != nil || a != b || len(a) != 16 {
		t.Errorf("sourceHash = %q %v, %q %v", a, err1, b, err2)
	}
}

func TestBuild(t *testing.T) {
	rootfs := Build(t)
	t.Run("layout", func(t *testing.T) { checkLayout(t, rootfs) })
	t.Run("links", func(t *testing.T) { checkLinks(t, rootfs) })
	t.Run("busybox", func(t *testing.T) { checkBusybox(t, rootfs) })
	t.Run("runs", func(t *testing.T) { checkRuns(t, rootfs) })
}

func checkLayout(t *testing.T, rootfs string) {
	tests := []struct {
		path string
		mode os.FileMode
	}{
		{"bin/payload", 0o755},
		{"proc", os.ModeDir | 0o555},
		{"sys", os.ModeDir | 0o555},
		{"dev", os.ModeDir | 0o755},
		{"tmp", os.ModeDir | os.ModeSticky | 0o777},
		{"etc/passwd", 0o644},
		{"etc/group", 0o644},
	}
	for _, tt := range tests {
		st, err := os.Lstat(filepath.Join(rootfs, tt.path))
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		if st.Mode() != tt.mode {
			t.Errorf("%s: mode %v, want %v", tt.path, st.Mode(), tt.mode)
		}
	}
	passwd, _ := os.ReadFile(filepath.Join(rootfs, "etc/passwd"))
	if !strings.Contains(string(passwd), "root:x:0:0:") || !strings.Contains(string(passwd), ":1000:1000:") {
		t.Errorf("passwd lacks root or user 1000:\n%s", passwd)
	}
}

func checkLinks(t *testing.T, rootfs string) {
	for _, name := range []string{"true", "caps", "sleep", "ls", "cat", "hostname", "sigwait"} {
		target, err := os.Readlink(filepath.Join(rootfs, "bin", name))
		if err != nil || target != "payload" {
			t.Errorf("bin/%s -> %q, %v; want payload", name, target, err)
		}
	}
}

func checkBusybox(t *testing.T, rootfs string) {
	if !isFile(HostBusybox) {
		t.Skip("no " + HostBusybox + " on this host (Debian: busybox-static)")
	}
	for _, name := range []string{"sh", "ps", "mount"} {
		target, err := os.Readlink(filepath.Join(rootfs, "bin", name))
		if err != nil || target != "busybox" {
			t.Errorf("bin/%s -> %q, %v; want busybox", name, target, err)
		}
	}
}

func checkRuns(t *testing.T, rootfs string) {
	if err := exec.Command(filepath.Join(rootfs, "bin/true")).Run(); err != nil {
		t.Errorf("bin/true: %v", err)
	}
	out, err := exec.Command(filepath.Join(rootfs, "bin/echo"), "hi").Output()
	if err != nil || string(out) != "hi\n" {
		t.Errorf("bin/echo hi = %q, %v", out, err)
	}
}

func TestBundle(t *testing.T) {
	dir := Bundle(t, func(s *specs.Spec) { s.Process.Args = []string{"/bin/payload", "caps"} })
	data, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s specs.Spec
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("config.json: %v", err)
	}
	if got := strings.Join(s.Process.Args, " "); got != "/bin/payload caps" {
		t.Errorf("args = %q, cfg not applied", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "rootfs/bin/payload")); err != nil {
		t.Errorf("bundle rootfs: %v", err)
	}
}

func TestWriteBundleNeedsRoot(t *testing.T) {
	s := DefaultSpec()
	s.Root = nil
	if err := WriteBundle(t.TempDir(), s); err == nil {
		t.Error("WriteBundle without a root: no error")
	}
}
