package security

import (
	"os"
	"path/filepath"
	"strings"
)

// assertGone checks that container id left nothing on the host: no state
// directory, no cgroup directory in any hierarchy, no process in such a
// cgroup, and no mount below the state root.
func (e *env) assertGone(id string) {
	e.t.Helper()
	if _, err := os.Stat(filepath.Join(e.root, id)); !os.IsNotExist(err) {
		e.t.Errorf("state of %s left behind", id)
	}
	for _, pattern := range []string{"/sys/fs/cgroup/*/cell-" + id, "/run/cell/cgroup/*/cell-" + id} {
		left, _ := filepath.Glob(pattern)
		for _, dir := range left {
			e.t.Errorf("cgroup %s left behind", dir)
		}
	}
	for _, pid := range processesInCgroup("/cell-" + id) {
		e.t.Errorf("process %s of %s left behind", pid, id)
	}
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	for _, line := range strings.Split(string(mi), "\n") {
		if strings.Contains(line, e.root+"/") {
			e.t.Errorf("mount left behind: %s", line)
		}
	}
}

// processesInCgroup lists the pids whose /proc/PID/cgroup names a path
// ending in suffix (or below it).
func processesInCgroup(suffix string) []string {
	var out []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		b, err := os.ReadFile("/proc/" + e.Name() + "/cgroup")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasSuffix(line, suffix) || strings.Contains(line, suffix+"/") {
				out = append(out, e.Name())
				break
			}
		}
	}
	return out
}
