package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestRootless runs cell as rl-user, a user other than root: its
// containers get a private user namespace with the user as root, state
// under $XDG_RUNTIME_DIR/cell, no cgroup and no network of their own.
func TestRootless(t *testing.T) {
	u := newRootless(t)
	out := u.ok(`$CELL run --rm -- sh -c 'id -u; id -g; cat /proc/self/uid_map; echo hi > /tmp/x && cat /tmp/x'`)
	if f := strings.Fields(out); len(f) != 6 || f[0] != "0" || f[1] != "0" || f[3] != itoa(rlUID) || f[5] != "hi" {
		t.Fatalf("want root inside, mapped to rl-user (%d):\n%s", rlUID, out)
	}
	if left := u.entries(); len(left) != 0 {
		t.Errorf("--rm left %v under $XDG_RUNTIME_DIR/cell", left)
	}

	u.ok(`$CELL run -d --name rl-sleep -- sleep 100`)
	if got := hostStatus(t, u.pid("rl-sleep"), "Uid"); !strings.HasPrefix(got, itoa(rlUID)+" ") {
		t.Errorf("the container's process belongs to %q on the host, want rl-user %d", got, rlUID)
	}
	if ps := u.ok(`$CELL ps`); !strings.Contains(ps, "rl-sleep") {
		t.Errorf("ps as rl-user lacks rl-sleep:\n%s", ps)
	}
	u.ok(`$CELL rm -f rl-sleep`)

	out = u.ok(`$CELL run -d --name rl-exit -- sh -c 'exit 3'; $CELL wait rl-exit; $CELL ps -a; $CELL rm rl-exit`)
	if !strings.Contains(out, "\n3\n") || !strings.Contains(out, "Exited (3)") {
		t.Errorf("exit status of a detached rootless container:\n%s", out)
	}
	if out := u.ok(`$CELL run --rm --net host -- sh -c 'id -u; ls /sys/class/net'`); !strings.HasPrefix(out, "0\n") || !strings.Contains(out, "lo\n") {
		t.Errorf("--net host, rootless:\n%s", out)
	}
	if left := u.entries(); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}

func TestRootlessVolume(t *testing.T) {
	u := newRootless(t)
	u.ok(`$CELL run --rm -v "$VOL:/data" -- sh -c 'echo hi > /data/f'`)
	fi, err := os.Stat(filepath.Join(u.dir, "vol", "f"))
	if err != nil {
		t.Fatal(err)
	}
	if uid := fi.Sys().(*syscall.Stat_t).Uid; uid != rlUID {
		t.Errorf("a file the container wrote to a volume belongs to uid %d on the host, want rl-user %d", uid, rlUID)
	}
}

// TestRootlessRefusals: what a user other than root cannot have is a
// one-line error naming the flag, and leaves nothing behind. A user made
// by the test has no cgroup delegated to it.
func TestRootlessRefusals(t *testing.T) {
	u := newRootless(t)
	for _, c := range []struct{ flags, want string }{
		{"-m 64m", "--memory"},
		{"--cpus 0.5 --pids-limit 9", "--cpus, --pids-limit"},
		{"--net bridge", "--net bridge"},
		{"--userns host", "--userns host"},
	} {
		_, errs, code := u.run(`$CELL run --rm ` + c.flags + ` -- true`)
		if code == 0 || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("run %s as rl-user: exit %d, %q; want one line naming %s", c.flags, code, errs, c.want)
		}
		if left := u.entries(); len(left) != 0 {
			t.Errorf("run %s left %v", c.flags, left)
		}
	}
}

// TestRootlessSubIDs: with ranges in /etc/subuid and /etc/subgid (and
// newuidmap), rl-user's containers have ids 1 and up too, mapped there.
func TestRootlessSubIDs(t *testing.T) {
	u := newRootless(t)
	for _, tool := range []string{"newuidmap", "newgidmap"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s (package uidmap)", tool)
		}
	}
	u.subIDs = true
	vol := filepath.Join(u.dir, "vol")
	if err := os.Chmod(vol, 0o777); err != nil {
		t.Fatal(err)
	}
	out := u.ok(`$CELL run --rm -- cat /proc/self/uid_map /proc/self/gid_map`)
	want := []string{"0", itoa(rlUID), "1", "1", itoa(rlSubIDs), "65536"}
	if f := strings.Fields(out); len(f) != 12 || !slices.Equal(f[:6], want) || !slices.Equal(f[6:], want) {
		t.Fatalf("uid and gid maps:\n%s\nwant each %v", out, want)
	}
	u.ok(`$CELL run --rm -u 1000:1000 -v "$VOL:/data" -- sh -c 'echo hi > /data/f'`)
	fi, err := os.Stat(filepath.Join(vol, "f"))
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != rlSubIDs+999 || st.Gid != rlSubIDs+999 {
		t.Errorf("a file uid 1000 wrote belongs to %d:%d on the host, want %d", st.Uid, st.Gid, rlSubIDs+999)
	}
	if left := u.entries(); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}

// TestRootlessRootfsAndImage: rl-user runs a ROOTFS directory; an image,
// whose overlay would be mounted on the host, is refused with the reason
// and leaves nothing.
func TestRootlessRootfsAndImage(t *testing.T) {
	u := newRootless(t)
	rfs := filepath.Join(u.dir, "rfs")
	if err := testrootfs.Populate(rfs); err != nil {
		t.Fatal(err)
	}
	if out := u.ok(`$CELL run --rm --hostname rl-h ` + rfs + ` -- /bin/payload hostname`); out != "rl-h\n" {
		t.Errorf("run ROOTFS as rl-user: %q", out)
	}
	archive, err := os.ReadFile(dockerArchive(t, "rl-img:1", map[string]any{}, tarTree(t, rfs)))
	if err != nil {
		t.Fatal(err)
	}
	tar := filepath.Join(u.dir, "vol", "img.tar")
	if err := os.WriteFile(tar, archive, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := u.run(`$CELL image import ` + tar + ` rl-img && $CELL run --rm rl-img -- /bin/payload hostname`)
	if code == 0 || !strings.Contains(errs, "rootless") {
		t.Errorf("an image as rl-user: exit %d, %q; want a refusal saying why", code, errs)
	}
	if left := u.entries(); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}

// TestRootlessSlirp: with --net slirp4netns rl-user's container has a
// private network, tap0 with a default route to slirp's gateway, and DNS
// at slirp's forwarder; slirp4netns ends with the container, detached or
// not. No packet leaves the container.
func TestRootlessSlirp(t *testing.T) {
	u := newRootless(t)
	if _, err := exec.LookPath("slirp4netns"); err != nil {
		t.Skip("needs slirp4netns")
	}
	out := u.ok(`$CELL run --rm --net slirp4netns -- sh -c 'cat /proc/net/route /etc/resolv.conf'`)
	if !strings.Contains(out, "tap0\t00000000\t0202000A") || !strings.Contains(out, "nameserver 10.0.2.3") {
		t.Errorf("--net slirp4netns: want a default route via 10.0.2.2 on tap0 and DNS 10.0.2.3:\n%s", out)
	}
	out = u.ok(`$CELL run -d --name rl-slirp --net slirp4netns -- sh -c 'grep -c tap0 /proc/net/route; sleep 0.3' >/dev/null; ` +
		`$CELL wait rl-slirp; $CELL logs rl-slirp; $CELL rm rl-slirp`)
	if out != "0\n2\n" {
		t.Errorf("detached on slirp4netns: %q, want exit 0 and tap0's two routes", out)
	}
	ours := func() bool {
		b, _ := exec.Command("pgrep", "-f", "slirp4netns --configure --mtu=65520 --disable-host-loopback --exit-fd").Output()
		return len(b) == 0
	}
	if !eventually(ours) {
		t.Errorf("slirp4netns still runs after its containers ended")
	}
	if left := u.entries(); len(left) != 0 {
		t.Errorf("left %v", left)
	}
}
