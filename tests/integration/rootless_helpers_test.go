package integration

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cell-runtime/cell/tests/harness"
)

// rlUID is the uid and gid of rl-user, the unprivileged user the rootless
// tests run cell as.
const rlUID = 23456

// rlSetup runs as root in a private mount namespace: it lays an overlay
// over /etc (its upper layer in the test's directory $1), adds rl-user to
// that copy, gives it a /dev/net/tun it may open (a new node on a tmpfs:
// the host's may be root's only; slirp4netns opens it), and runs the script $3 as rl-user with $CELL (=$2), HOME and
// XDG_RUNTIME_DIR set; $4 is its uid. With $5 = 1 rl-user has 65536
// subordinate ids from $6 in /etc/subuid and /etc/subgid, else none. The host's /etc is never written.
const rlSetup = `d=$1
mkdir -p "$d/etc-up" "$d/etc-work"
if [ -e /dev/net/tun ]; then
	mount -t tmpfs rl-dev-net /dev/net
	mknod -m 666 /dev/net/tun c 10 200
fi
mount -t overlay rl-etc -o "lowerdir=/etc,upperdir=$d/etc-up,workdir=$d/etc-work" /etc
id rl-user >/dev/null 2>&1 || useradd -u "$4" -U -M -d "$d/home" rl-user
for f in /etc/subuid /etc/subgid; do
	[ ! -f $f ] || sed -i '/^rl-user:/d' $f
	[ "$5" != 1 ] || echo "rl-user:$6:65536" >> $f
done
exec setpriv --reuid rl-user --regid rl-user --init-groups \
	env -i PATH="$PATH" HOME="$d/home" XDG_RUNTIME_DIR="$d/xdg" CELL="$2" VOL="$d/vol" sh -c "$3"`

// rlUser is rl-user as seen by a test: dir holds its home, its runtime
// directory xdg (where cell keeps state by default) and vol, a directory
// it owns for volumes.
type rlUser struct {
	t   *testing.T
	dir string
	// subIDs gives rl-user the range rlSubIDs in /etc/subuid and
	// /etc/subgid.
	subIDs bool
}

// rlSubIDs is the first of rl-user's subordinate ids, when it has them.
const rlSubIDs = 300000

// newRootless skips unless the tools the rootless tests need are here,
// and prepares rl-user's directories, reachable by it.
func newRootless(t *testing.T) *rlUser {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a user in a private mount namespace")
	}
	for _, tool := range []string{"unshare", "useradd", "setpriv"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s", tool)
		}
	}
	u := &rlUser{t: t, dir: t.TempDir()}
	for _, d := range []string{filepath.Dir(cellBin), u.dir, filepath.Dir(u.dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"home", "xdg", "vol"} {
		p := filepath.Join(u.dir, d)
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(p, rlUID, rlUID); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(u.removeAll)
	return u
}

// run runs script (sh) as rl-user and returns its stdout, stderr and exit
// status.
func (u *rlUser) run(script string) (string, string, int) {
	u.t.Helper()
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-ec", rlSetup, "rl",
		u.dir, cellBin, script, itoa(rlUID), map[bool]string{true: "1"}[u.subIDs], itoa(rlSubIDs))
	out, errs := harness.TempFile(u.t), harness.TempFile(u.t)
	cmd.Stdout, cmd.Stderr = out, errs
	return harness.Finish(u.t, cmd, cmd.Run(), out, errs)
}

// ok runs script as rl-user and fails the test unless it exits 0.
func (u *rlUser) ok(script string) string {
	u.t.Helper()
	out, errs, code := u.run(script)
	if code != 0 {
		u.t.Fatalf("as rl-user: %s: exit %d: %s%s", script, code, out, errs)
	}
	return out
}

// stateRoot is where cell keeps rl-user's containers by default.
func (u *rlUser) stateRoot() string { return filepath.Join(u.dir, "xdg", "cell") }

// pid is the init pid of rl-user's container id, from its state.
func (u *rlUser) pid(id string) int {
	u.t.Helper()
	b, err := os.ReadFile(filepath.Join(u.stateRoot(), id, "state.json"))
	if err != nil {
		u.t.Fatal(err)
	}
	var st struct{ Pid int }
	if err := json.Unmarshal(b, &st); err != nil {
		u.t.Fatal(err)
	}
	return st.Pid
}

// entries lists what is under rl-user's state root.
func (u *rlUser) entries() []string {
	ents, _ := os.ReadDir(u.stateRoot())
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// removeAll removes, as root, whatever containers rl-user left.
func (u *rlUser) removeAll() {
	for _, id := range u.entries() {
		if id == ".run" {
			continue
		}
		_ = exec.Command(cellBin, "--root", u.stateRoot(), "rm", "-f", id).Run()
	}
}
