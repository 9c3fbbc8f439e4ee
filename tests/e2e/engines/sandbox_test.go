package engines

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// sandboxScript makes the mount namespace an engine test runs in. Engines
// write outside the directories they are given (a trust key in
// /etc/docker, caches in /var/lib/containers and /var/lib/cni, shim
// sockets and fifos in /run/containerd, network files in /etc/cni): here
// /etc and /var/lib are overlays whose changes land in $0/ovl, and those
// /run directories are fresh tmpfs, so the host sees none of it. It also
// mounts the net_cls,net_prio hierarchy where cell mounts it when the host
// has not: this host lists that hierarchy in /proc/PID/cgroup without
// mounting it, and containerd's cgroup v1 library (task metrics, docker
// stats) fails on a listed hierarchy it cannot find, with runc too.
const sandboxScript = `set -e
grep -q net_cls /proc/self/mountinfo || {
	mkdir -p "$1" && mount -t cgroup -o net_cls,net_prio cgroup "$1"
}
for d in /etc /var/lib; do
	mkdir -p "$0/ovl$d/upper" "$0/ovl$d/work"
	mount -t overlay overlay -o "lowerdir=$d,upperdir=$0/ovl$d/upper,workdir=$0/ovl$d/work" "$d"
done
shift
for d in "$@"; do mount -t tmpfs -o mode=0711 tmpfs "$d"; done
echo ready
exec sleep 1000000`

// netMountDir is where cell mounts the net_cls,net_prio hierarchy when the
// host has not (internal/cgroups.NetMountDir).
const netMountDir = "/run/cell/cgroup/net_cls,net_prio"

// sandboxRunDirs are the /run directories each sandbox hides under a tmpfs.
var sandboxRunDirs = []string{"/run/containerd", "/run/docker", "/run/containers", "/run/libpod", "/run/netns"}

// sandbox is a private mount namespace, held open by a sleeping process,
// that an engine, its clients and all they start share.
type sandbox struct{ ns string }

// newSandbox makes a sandbox keeping its overlays in dir and removes it at
// the end of the test, with the /run directories it had to create, after
// killing what still runs naming dir (conmon, shims).
func newSandbox(t *testing.T, dir string) *sandbox {
	t.Helper()
	var made []string
	for _, d := range sandboxRunDirs {
		if err := os.Mkdir(d, 0o711); err == nil {
			made = append(made, d)
		}
	}
	cmd := exec.Command("unshare", append([]string{"--mount", "--propagation", "private", "--",
		"/bin/sh", "-c", sandboxScript, dir, netMountDir}, sandboxRunDirs...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb strings.Builder
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sandbox: %v", err)
	}
	t.Cleanup(func() {
		killUnder(dir)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		for _, d := range made {
			_ = os.Remove(d)
		}
	})
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("sandbox: %q %s", line, errb.String())
	}
	return &sandbox{ns: "/proc/" + strconv.Itoa(cmd.Process.Pid) + "/ns/mnt"}
}

// wrap makes argv run inside the sandbox.
func (s *sandbox) wrap(argv ...string) []string {
	return append([]string{"nsenter", "--mount=" + s.ns, "--"}, argv...)
}
