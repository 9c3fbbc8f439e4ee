package integration

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPeopleDetachLogsStopRm(t *testing.T) {
	e := newEnv(t)
	id := strings.TrimSpace(e.people("-d", "--name", "pp-det", "--", "sh", "-c",
		`echo to-out; echo to-err >&2; trap 'echo got-term; exit 5' TERM; while :; do sleep 0.1; done`))
	if id != "pp-det" {
		t.Fatalf("run -d printed %q, want the name", id)
	}
	var rows []struct{ Name, Image, Status string }
	if err := json.Unmarshal([]byte(e.ok("ps", "--format", "json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Name != "pp-det" || rows[0].Image != "default" || rows[0].Status != "running" {
		t.Fatalf("ps: %+v", rows)
	}
	mustWait(t, func() bool { return strings.Contains(e.ok("logs", "pp-det"), "to-err") })
	e.ok("stop", "pp-det")
	// The relay may write the last line just after the container exits.
	mustWait(t, func() bool { return e.ok("logs", "pp-det") == "to-out\nto-err\ngot-term\n" })
	if out := e.ok("ps"); strings.Contains(out, "pp-det") {
		t.Errorf("ps lists a stopped container:\n%s", out)
	}
	e.ok("rm", "pp-det")
	assertEmptyRoot(t, e)
}

func TestPeopleStopKillsAfterTimeout(t *testing.T) {
	e := newEnv(t)
	// sleep as PID 1 has no SIGTERM handler, so the kernel ignores SIGTERM.
	e.people("-d", "--name", "pp-kill", "--", "sleep", "1000")
	e.ok("stop", "-t", "1", "pp-kill")
	// The log relay records the status just after the container exits.
	mustWait(t, func() bool { return strings.Contains(e.ok("ps", "-a"), "Exited (137) ") })
	if _, errs, code := e.cell("rm", "pp-nonexistent"); code == 0 || !strings.Contains(errs, "pp-nonexistent") {
		t.Errorf("rm of an unknown name: exit %d %s", code, errs)
	}
	e.ok("rm", "pp-kill")
	assertEmptyRoot(t, e)
}

func TestPeopleLogsFollow(t *testing.T) {
	e := newEnv(t)
	e.people("-d", "--name", "pp-follow", "--", "sh", "-c", `for i in 1 2 3; do echo line$i; sleep 0.2; done`)
	if out := e.ok("logs", "-f", "pp-follow"); out != "line1\nline2\nline3\n" {
		t.Errorf("logs -f: %q", out)
	}
	e.people("-d", "--name", "pp-running", "--", "sleep", "1000")
	if _, errs, code := e.cell("rm", "pp-running"); code == 0 || !strings.Contains(errs, "running") {
		t.Errorf("rm of a running container: exit %d %s", code, errs)
	}
	e.ok("rm", "-f", "pp-running", "pp-follow")
	assertEmptyRoot(t, e)
}

// mustWait fails the test unless cond holds within 10 s.
func mustWait(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
	}
}

func TestPeopleDetachRm(t *testing.T) {
	e := newEnv(t)
	e.people("-d", "--rm", "--name", "pp-detrm", "--", "sh", "-c", "sleep 0.2")
	mustWait(t, func() bool {
		ents, _ := os.ReadDir(e.root)
		return len(ents) == 0
	})
}
