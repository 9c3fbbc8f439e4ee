package integration

import (
	"strings"
	"testing"
)

// TestPeopleExitStatus: the exit status of a container, detached or not,
// is kept: `cell ps -a` shows "Exited (N) ... ago" and `cell wait` prints
// N, as docker's do.
func TestPeopleExitStatus(t *testing.T) {
	e := newEnv(t)
	e.people("-d", "--name", "rl-exit3", "--", "sh", "-c", "sleep 0.2; exit 3")
	if out := e.ok("wait", "rl-exit3"); out != "3\n" {
		t.Errorf("wait of a detached container that exits 3: %q", out)
	}
	if _, _, code := e.cell("run", "--net", "none", "--name", "rl-exit5", "--", "sh", "-c", "exit 5"); code != 5 {
		t.Errorf("run exit 5: status %d", code)
	}
	if out := e.ok("wait", "rl-exit5"); out != "5\n" {
		t.Errorf("wait of a stopped foreground container that exited 5: %q", out)
	}
	e.people("-d", "-t", "--name", "rl-exitt", "--", "sh", "-c", "exit 4")
	if out := e.ok("wait", "rl-exitt"); out != "4\n" {
		t.Errorf("wait of a -t -d container that exits 4: %q", out)
	}
	// sh as PID 1 ignores SIGTERM; stop once it runs.
	e.people("-d", "--name", "rl-exitk", "--", "sh", "-c", "echo up; while :; do sleep 1; done")
	mustWait(t, func() bool { return e.ok("logs", "rl-exitk") == "up\n" })
	e.ok("stop", "-t", "0", "rl-exitk")
	if out := e.ok("wait", "rl-exitk"); out != "137\n" {
		t.Errorf("wait of a killed container: %q, want 137 (SIGKILL)", out)
	}
	ps := e.ok("ps", "-a")
	for _, want := range []string{"Exited (3) ", "Exited (5) ", "Exited (4) ", "Exited (137) ", " ago"} {
		if !strings.Contains(ps, want) {
			t.Errorf("ps -a lacks %q:\n%s", want, ps)
		}
	}
	if _, errs, code := e.cell("wait", "rl-nosuch"); code == 0 || !strings.Contains(errs, "rl-nosuch") {
		t.Errorf("wait of no container: exit %d, %q", code, errs)
	}
}

// TestPeopleExecFailure: as in docker, a command that does not exist
// exits 127 and one that cannot be executed 126, with the reason.
func TestPeopleExecFailure(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		cmd  string
		code int
	}{{"rl-no-such-command", 127}, {"/rl-no-such-path", 127}, {"/etc/os-release", 126}, {"/etc", 126}} {
		_, errs, code := e.cell("run", "--net", "none", "--rm", "--", c.cmd)
		if code != c.code || !strings.Contains(errs, c.cmd) {
			t.Errorf("run %s: exit %d, %q; want %d naming it", c.cmd, code, errs, c.code)
		}
	}
	assertEmptyRoot(t, e)
}
