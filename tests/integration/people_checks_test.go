package integration

import (
	"os"
	"strconv"
	"testing"
)

// TestPeopleIssueChecks runs the two commands issue #5 checks, as typed
// (on the default bridge network), and removes that network after.
func TestPeopleIssueChecks(t *testing.T) {
	e := newEnv(t)
	t.Cleanup(func() { e.cell("network", "rm", "cell") })
	host, err := os.ReadFile("/etc/os-release")
	if err != nil {
		t.Skip("the host has no /etc/os-release")
	}
	if out := e.ok("run", "--rm", "--", "cat", "/etc/os-release"); out != string(host) {
		t.Errorf("cat /etc/os-release: %q, want the host's %q", out, host)
	}
	out := e.ok("run", "--rm", "--hostname", "web", "-m", "64m", "--cpus", "0.5", "--", "sh", "-c",
		"hostname; cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes")
	if want := "web\n" + strconv.Itoa(64<<20) + "\n"; out != want {
		t.Errorf("hostname and memory limit: %q, want %q", out, want)
	}
	if ents, _ := os.ReadDir(e.root); len(ents) > 1 || len(ents) == 1 && ents[0].Name() != "network" {
		t.Errorf("left under the state root: %v", ents)
	}
}
