package integration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPeopleVolumesAndTmpfs(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte("pp-vol\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := e.people("--rm", "-v", dir+":/ro:ro", "-v", dir+":/rw", "--tmpfs", "/cache:size=1m", "--", "sh", "-c",
		`cat /ro/f; touch /ro/x 2>/dev/null && echo ro-writable; echo w > /rw/from-inside && echo rw-ok; grep ' /cache ' /proc/self/mountinfo`)
	for _, want := range []string{"pp-vol\n", "rw-ok\n", "size=1024k"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "ro-writable") {
		t.Errorf("a :ro volume is writable:\n%s", out)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "from-inside")); err != nil || string(b) != "w\n" {
		t.Errorf("write through the rw volume: %q %v", b, err)
	}
}

func TestPeopleDevices(t *testing.T) {
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skip("needs /dev/fuse on the host")
	}
	e := newEnv(t)
	if out, _, _ := e.cell("run", "--net", "none", "--rm", "--", "ls", "/dev/fuse"); out != "" {
		t.Errorf("/dev/fuse inside without --device: %q", out)
	}
	out := e.people("--rm", "--device", "/dev/fuse:/dev/pp-fuse:r", "--", "sh", "-c",
		`ls -l /dev/pp-fuse; (exec 3</dev/pp-fuse) && echo read-open; (exec 4>/dev/pp-fuse) 2>/dev/null && echo write-open; true`)
	if !strings.Contains(out, "10, 229") || !strings.Contains(out, "read-open") || strings.Contains(out, "write-open") {
		t.Errorf("--device with r: want a readable, not writable 10:229 node:\n%s", out)
	}
}
