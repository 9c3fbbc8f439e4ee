package integration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/console"
	"github.com/cell-runtime/cell/tests/testrootfs"
)

// hostBase is where root of a user-namespaced test container lives on the
// host: an unprivileged uid and gid no one uses.
const hostBase = 200000

func userNS(s *specs.Spec) {
	s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.UserNamespace})
	s.Linux.UIDMappings = []specs.LinuxIDMapping{{ContainerID: 0, HostID: hostBase, Size: 65536}}
	s.Linux.GIDMappings = []specs.LinuxIDMapping{{ContainerID: 0, HostID: hostBase, Size: 65536}}
}

// userNSBundle makes a bundle whose root user is hostBase on the host and
// lets that uid reach the root filesystem (t.TempDir's parent is 0700).
func userNSBundle(t *testing.T, cfg func(*specs.Spec)) string {
	t.Helper()
	b := testrootfs.Bundle(t, with(userNS, orNothing(cfg)))
	if err := os.Chmod(filepath.Dir(b), 0o755); err != nil {
		t.Fatal(err)
	}
	return b
}

func hostStatus(t *testing.T, pid int, field string) string {
	t.Helper()
	b, err := os.ReadFile("/proc/" + itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}

// TestUserNamespace runs a container whose root is an unprivileged uid on
// the host, looks at it from both sides, and execs into it.
func TestUserNamespace(t *testing.T) {
	e := newEnv(t)
	b := userNSBundle(t, args("/bin/payload", "sleep", "inf"))
	e.ok("run", "-d", "-b", b, "core-userns1")
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", "core-userns1")), &st); err != nil {
		t.Fatal(err)
	}
	if got := hostStatus(t, st.Pid, "Uid"); got != "200000 200000 200000 200000" {
		t.Errorf("host sees the container's root as uid %q, want 200000", got)
	}
	if got := hostStatus(t, st.Pid, "Gid"); got != "200000 200000 200000 200000" {
		t.Errorf("host sees the container's root as gid %q, want 200000", got)
	}
	for file, want := range map[string]string{"uid_map": "0 200000 65536", "gid_map": "0 200000 65536"} {
		out := e.ok("exec", "core-userns1", "/bin/payload", "cat", "/proc/self/"+file)
		if strings.Join(strings.Fields(out), " ") != want {
			t.Errorf("%s inside: %q, want %q", file, out, want)
		}
	}
	// cell runs as root: like runc it leaves setgroups allowed, so that
	// additionalGids can be set inside.
	if out := e.ok("exec", "core-userns1", "/bin/payload", "cat", "/proc/self/setgroups"); strings.TrimSpace(out) != "allow" {
		t.Errorf("setgroups inside: %q", out)
	}
	if out := e.ok("exec", "core-userns1", "/bin/payload", "id"); !strings.HasPrefix(out, "uid=0 gid=0") {
		t.Errorf("exec id: %q, want root inside", out)
	}
	var inside map[string]string
	if err := json.Unmarshal([]byte(e.ok("exec", "core-userns1", "/bin/payload", "ns")), &inside); err != nil {
		t.Fatal(err)
	}
	hostUser, _ := os.Readlink("/proc/self/ns/user")
	initUser, _ := os.Readlink("/proc/" + itoa(st.Pid) + "/ns/user")
	if inside["user"] != initUser || initUser == hostUser {
		t.Errorf("exec's user namespace %q, init's %q, host's %q", inside["user"], initUser, hostUser)
	}
	// A terminal for an exec: the pty comes from the container's devpts,
	// which belongs to its user namespace.
	tm := e.startOnTerm(console.Size{Rows: 24, Cols: 80}, "exec", "-t", "core-userns1", "/bin/payload", "tty")
	tm.expect(`"isatty":true,"ttyname":"/dev/pts/0","rows":24,"cols":80`)
	if code := tm.wait(); code != 0 {
		t.Errorf("exec -t in a user namespace: exit %d:\n%s", code, tm.output())
	}
	e.ok("delete", "--force", "core-userns1")
	assertGone(t, e, "core-userns1")
}

// TestUserNamespaceFiles checks what root inside may do: it owns its
// files, and a file owned by an unmapped host uid shows as nobody.
func TestUserNamespaceFiles(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	b := userNSBundle(t, with(sh(`payload id; payload write /tmp/mine x && payload ls -l /tmp; payload ls -l /`),
		func(s *specs.Spec) {
			s.Root.Readonly = false
			s.Process.User.AdditionalGids = []uint32{10}
		}))
	if err := os.Chown(filepath.Join(b, "rootfs", "tmp"), hostBase, hostBase); err != nil {
		t.Fatal(err)
	}
	out := e.ok("run", "-b", b, "core-userns2")
	for _, w := range []string{"uid=0 gid=0 groups=10", " 0 0 0:0 mine", " 65534 65534 0:0 etc"} {
		if !strings.Contains(out, w) {
			t.Errorf("want %q in:\n%s", w, out)
		}
	}
	if fi, err := os.Stat(filepath.Join(b, "rootfs", "tmp", "mine")); err != nil || !ownedBy(fi, hostBase) {
		t.Errorf("a file root made inside is not owned by %d on the host (%v)", hostBase, err)
	}
}

func ownedBy(fi os.FileInfo, uid uint32) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Uid == uid
}
