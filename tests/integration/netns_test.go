package integration

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// run runs a host command and returns its combined output and whether it
// exited 0.
func run(t *testing.T, name string, args ...string) (string, bool) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("%s: %v", name, err)
	}
	return string(out), err == nil
}

// listed reports whether a `netns list` output names ns.
func listed(out, ns string) bool {
	for _, l := range strings.Split(out, "\n") {
		if l == ns || strings.HasPrefix(l, ns+" (id: ") {
			return true
		}
	}
	return false
}

// netnsNames returns unique namespace names, deleted at cleanup; it also
// undoes the shared /run/netns mount that cell and ip make on first use when
// the test was the one to make it.
func netnsNames(t *testing.T, n int) []string {
	wasMount := isMount("/run/netns")
	var names []string
	for i := 0; i < n; i++ {
		names = append(names, fmt.Sprintf("celltest-net%d-%d", os.Getpid(), i))
	}
	t.Cleanup(func() {
		for _, ns := range names {
			exec.Command("ip", "netns", "delete", ns).Run()
		}
		if ents, _ := os.ReadDir("/run/netns"); !wasMount && isMount("/run/netns") && len(ents) == 0 {
			unix.Unmount("/run/netns", unix.MNT_DETACH)
		}
	})
	return names
}

// isMount asks util-linux whether dir is a mount point.
func isMount(dir string) bool { return exec.Command("mountpoint", "-q", dir).Run() == nil }

func TestNetnsInteropWithIP(t *testing.T) {
	e := newEnv(t)
	ns := netnsNames(t, 2)
	a, b := ns[0], ns[1]

	e.ok("netns", "add", a)
	if out, _ := run(t, "ip", "netns", "list"); !listed(out, a) {
		t.Errorf("ip netns list after cell netns add: %q", out)
	}
	if out, ok := run(t, "ip", "netns", "exec", a, "ip", "-o", "link"); !ok || strings.Count(out, "\n") != 1 || !strings.Contains(out, "lo:") {
		t.Errorf("ip netns exec in cell's namespace: %q", out)
	}
	if out, ok := run(t, "ip", "netns", "delete", a); !ok {
		t.Errorf("ip netns delete of cell's namespace: %s", out)
	}
	if out := e.ok("netns", "list"); listed(out, a) {
		t.Errorf("cell netns list after ip netns delete: %q", out)
	}

	if out, ok := run(t, "ip", "netns", "add", b); !ok {
		t.Fatal(out)
	}
	if out := e.ok("netns", "list"); !listed(out, b) {
		t.Errorf("cell netns list after ip netns add: %q", out)
	}
	if out := e.ok("netns", "exec", b, "ip", "-o", "link"); strings.Count(out, "\n") != 1 || !strings.Contains(out, "lo:") {
		t.Errorf("cell netns exec in ip's namespace: %q", out)
	}
	e.ok("netns", "delete", b)
	if out, _ := run(t, "ip", "netns", "list"); listed(out, b) {
		t.Errorf("ip netns list after cell netns delete: %q", out)
	}
}

// TestNetnsExecEtc checks that both tools bind /etc/netns/NAME/* over /etc.
// It runs in a private mount namespace whose /etc is a tmpfs, so the host's
// /etc is not touched.
func TestNetnsExecEtc(t *testing.T) {
	e := newEnv(t)
	name := netnsNames(t, 1)[0]
	e.ok("netns", "add", name)
	script := `set -e
mount -t tmpfs cell-test /etc
mkdir -p /etc/netns/$NS
echo "127.0.0.1 outside" >/etc/hosts
echo "192.0.2.9 inside" >/etc/netns/$NS/hosts
echo "ip: $(ip netns exec $NS cat /etc/hosts)"
echo "cell: $($CELL --root $ROOT netns exec $NS cat /etc/hosts)"
echo "host: $(cat /etc/hosts)"`
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script)
	cmd.Env = append(os.Environ(), "NS="+name, "CELL="+cellBin, "ROOT="+e.root)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := "ip: 192.0.2.9 inside\ncell: 192.0.2.9 inside\nhost: 127.0.0.1 outside\n"
	if string(out) != want {
		t.Errorf("/etc/hosts seen by netns exec:\n%s\nwant:\n%s", out, want)
	}
}

func TestNetnsDeleteInUse(t *testing.T) {
	e := newEnv(t)
	name := netnsNames(t, 1)[0]
	e.ok("netns", "add", name)
	sleeper := exec.Command("ip", "netns", "exec", name, "sleep", "30")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sleeper.Process.Kill(); sleeper.Wait() })
	pid := fmt.Sprint(sleeper.Process.Pid)
	for i := 0; i < 100 && strings.TrimSpace(e.ok("netns", "pids", name)) != pid; i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if out := strings.TrimSpace(e.ok("netns", "identify", pid)); out != name {
		t.Errorf("cell netns identify %s = %q", pid, out)
	}
	_, errs, code := e.cell("netns", "delete", name)
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("%q is in use by pid(s) [%s]", name, pid)) {
		t.Errorf("cell netns delete of a busy namespace: exit %d, %q", code, errs)
	}
	if out, _ := run(t, "ip", "netns", "list"); !listed(out, name) {
		t.Fatal("the busy namespace was deleted")
	}
	sleeper.Process.Kill()
	sleeper.Wait()
	e.ok("netns", "delete", name)
	if out, _ := run(t, "ip", "netns", "list"); listed(out, name) {
		t.Errorf("ip netns list after cell netns delete: %q", out)
	}
}
