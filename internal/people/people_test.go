package people

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestRelayRotates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	in := bytes.Repeat(chunk, 20) // 20 MiB through an 8 MiB bound
	if err := Relay(bytes.NewReader(append(in, "tail\n"...)), path); err != nil {
		t.Fatal(err)
	}
	cur, _ := os.Stat(path)
	old, _ := os.Stat(path + ".1")
	if cur == nil || old == nil || cur.Size() > MaxLog || old.Size() > MaxLog {
		t.Fatalf("log %v, log.1 %v: want both present and within %d bytes", cur, old, MaxLog)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasSuffix(string(b), "tail\n") {
		t.Errorf("the newest output is not at the end of the log")
	}
}

func TestDefaultRootLayout(t *testing.T) {
	dir := t.TempDir()
	binds, err := defaultRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range hostDirs {
		fi, err := os.Lstat(d)
		if err != nil {
			continue
		}
		inside, err := os.Lstat(filepath.Join(dir, d))
		if err != nil {
			t.Errorf("%s missing in the root", d)
			continue
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			want, _ := os.Readlink(d)
			got, _ := os.Readlink(filepath.Join(dir, d))
			if got != want || contains(binds, d) {
				t.Errorf("%s: link %q (host %q), bound %v", d, got, want, contains(binds, d))
			}
		} else if !inside.IsDir() || !contains(binds, d) {
			t.Errorf("%s: a host directory should be a bound mount point", d)
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "tmp")); err != nil || fi.Mode()&os.ModeSticky == 0 {
		t.Errorf("/tmp: %v %v", fi, err)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestResolveUser(t *testing.T) {
	rfs := t.TempDir()
	os.Mkdir(filepath.Join(rfs, "etc"), 0o755)
	os.WriteFile(filepath.Join(rfs, "etc/passwd"), []byte("root:x:0:0::/:/bin/sh\napp:x:1234:4321::/:/bin/sh\n"), 0o644)
	os.WriteFile(filepath.Join(rfs, "etc/group"), []byte("root:x:0:\nstaff:x:50:\n"), 0o644)
	for _, c := range []struct{ in, want string }{
		{"app", "1234:4321"}, {"app:staff", "1234:50"}, {"1000", "1000:0"}, {"7:staff", "7:50"},
	} {
		got, err := resolveUser(rfs, c.in)
		if err != nil || got != c.want {
			t.Errorf("resolveUser(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := resolveUser(rfs, "ghost"); err == nil {
		t.Errorf("an unknown user resolved")
	}
	// /etc/passwd as a symlink out of the root is read inside the root.
	os.Remove(filepath.Join(rfs, "etc/passwd"))
	os.Symlink("/etc/passwd", filepath.Join(rfs, "etc/passwd"))
	if _, err := resolveUser(rfs, "root"); err == nil {
		t.Errorf("followed a symlink out of the root")
	}
}

func TestSubRange(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "subuid")
	os.WriteFile(f, []byte("alice:100000:65536\nroot:200000:1000\n"), 0o644)
	if r, ok, err := subRange(f, "root", "0"); err != nil || !ok || r.HostID != 200000 || r.Size != 1000 {
		t.Errorf("subRange = %+v, %v, %v", r, ok, err)
	}
	if r, ok, _ := subRange(f, "bob", "1002"); ok || r != defaultRange {
		t.Errorf("no entry: %+v, %v", r, ok)
	}
	if r, ok, _ := subRange(filepath.Join(dir, "missing"), "root"); ok || r != defaultRange {
		t.Errorf("missing file: %+v", r)
	}
	os.WriteFile(f, []byte("root:x:1\n"), 0o644)
	if _, _, err := subRange(f, "root"); err == nil {
		t.Errorf("a bad entry was accepted")
	}
}

func TestNestedRange(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		uidMap string
		want   specs.LinuxIDMapping
		ok     bool
	}{
		{"         0          0 4294967295\n", specs.LinuxIDMapping{}, false},
		{"         0     100000      65536\n", specs.LinuxIDMapping{HostID: 32768, Size: 32768}, true},
		{"         0       1001          1\n", specs.LinuxIDMapping{Size: 1}, true},
		{"         0       1001          1\n         1     300000      65535\n", specs.LinuxIDMapping{HostID: 32768, Size: 32768}, true},
	} {
		f := filepath.Join(dir, "uid_map")
		os.WriteFile(f, []byte(c.uidMap), 0o644)
		if got, ok := nestedRange(f); got != c.want || ok != c.ok {
			t.Errorf("nestedRange(%q) = %+v, %v; want %+v, %v", c.uidMap, got, ok, c.want, c.ok)
		}
	}
}
