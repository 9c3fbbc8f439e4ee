package integration

import (
	"encoding/json"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestPsListsTheContainersProcesses checks `cell ps` as runc prints it: a
// JSON list of pids, and ps -ef rows (or the given ps arguments) for them.
func TestPsListsTheContainersProcesses(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "eng-ps1")
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", "eng-ps1")), &st); err != nil {
		t.Fatal(err)
	}
	var pids []int
	if err := json.Unmarshal([]byte(e.ok("ps", "--format", "json", "eng-ps1")), &pids); err != nil {
		t.Fatal(err)
	}
	if len(pids) != 1 || pids[0] != st.Pid {
		t.Errorf("ps --format json = %v, want [%d]", pids, st.Pid)
	}
	table := strings.Split(strings.TrimSpace(e.ok("ps", "eng-ps1")), "\n")
	if len(table) != 2 || !strings.Contains(table[0], "PID") || !strings.Contains(table[1], "sleep 30") {
		t.Errorf("ps table:\n%s", strings.Join(table, "\n"))
	}
	custom := e.ok("ps", "eng-ps1", "-o", "pid,comm")
	if !strings.HasPrefix(strings.TrimSpace(custom), "PID") || !strings.Contains(custom, itoa(st.Pid)) {
		t.Errorf("ps eng-ps1 -o pid,comm:\n%s", custom)
	}
	if _, errs, code := e.cell("ps", "--format", "yaml", "eng-ps1"); code == 0 || !strings.Contains(errs, "--format") {
		t.Errorf("ps --format yaml: exit %d, %q", code, errs)
	}
	if _, errs, code := e.cell("ps", "eng-nosuch"); code == 0 || !strings.Contains(errs, "does not exist") {
		t.Errorf("ps of a missing container: exit %d, %q", code, errs)
	}
	e.ok("delete", "--force", "eng-ps1")
	assertGone(t, e, "eng-ps1")
}
