package integration

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

func TestPeopleInit(t *testing.T) {
	e := newEnv(t)
	// An orphaned sleep must be reaped (no zombie), the command's status
	// passed on, and the reaper's binary read-only.
	out, errs, code := e.cell("run", "--net", "none", "--rm", "--init", "--", "sh", "-c",
		`cat /proc/1/comm; sh -c 'sleep 0.1 &'; sleep 0.5; ps -o stat= | grep -c Z; echo x > /dev/.cell-init 2>/dev/null && echo init-writable; exit 4`)
	if code != 4 {
		t.Fatalf("exit %d, want 4 (%s)", code, errs)
	}
	if !strings.HasPrefix(out, ".cell-init\n0\n") || strings.Contains(out, "init-writable") {
		t.Errorf("--init: want the reaper as PID 1, no zombies, a read-only binary:\n%s", out)
	}
	// sleep, not PID 1, dies of the SIGTERM the reaper forwards: stop
	// returns well before its 20 s timeout and no SIGKILL is needed.
	e.people("-d", "--init", "--name", "pp-init", "--", "sleep", "1000")
	e.ok("stop", "-t", "20", "pp-init")
	e.ok("rm", "pp-init")
	assertEmptyRoot(t, e)
}

func TestPeopleUserns(t *testing.T) {
	e := newEnv(t)
	// Root of the container is an unprivileged uid on the host: it must be
	// able to reach the root filesystem under the state root.
	for _, d := range []string{e.root, filepath.Dir(e.root)} {
		if err := os.Chmod(d, 0o711); err != nil {
			t.Fatal(err)
		}
	}
	vol := t.TempDir()
	if err := os.Chmod(vol, 0o777); err != nil {
		t.Fatal(err)
	}
	out := e.people("--rm", "--userns", "private", "-v", vol+":/vol", "--", "sh", "-c",
		`id -u; cat /proc/self/uid_map; touch /root-ok && echo root-writable; echo hi > /vol/f`)
	fields := strings.Fields(out)
	if len(fields) < 5 || fields[0] != "0" || fields[1] != "0" || fields[2] == "0" || fields[4] != "root-writable" {
		t.Fatalf("--userns private: want root inside mapped to a non-root range, / writable:\n%s", out)
	}
	fi, err := os.Stat(filepath.Join(vol, "f"))
	if err != nil {
		t.Fatal(err)
	}
	if uid := fi.Sys().(*syscall.Stat_t).Uid; strconv.Itoa(int(uid)) != fields[2] {
		t.Errorf("a file root wrote to a volume belongs to %d on the host, want %s", uid, fields[2])
	}
	assertEmptyRoot(t, e)
}
