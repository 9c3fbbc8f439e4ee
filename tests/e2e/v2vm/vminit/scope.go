package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// testScope is the cgroup, below the cgroup2 root, that the tests run in:
// on a real host (systemd) the caller's cgroup is never the root but a
// scope or service holding the caller, where cgroup v2 refuses to enable
// controllers; running the tests there keeps cell honest about that.
const testScope = "/sys/fs/cgroup/tests.scope"

// enterScope creates testScope and moves this process into it, so that
// every test command starts there.
func enterScope() error {
	if err := os.Mkdir(testScope, 0o755); err != nil {
		return fmt.Errorf("test scope: %w", err)
	}
	return moveSelf(testScope)
}

// leaveScope moves this process back to the root cgroup and removes
// testScope; a test process still in it makes this fail.
func leaveScope() error {
	if err := moveSelf(filepath.Dir(testScope)); err != nil {
		return err
	}
	if err := os.Remove(testScope); err != nil {
		return fmt.Errorf("test scope: %w", err)
	}
	return nil
}

// moveSelf writes this process's pid to dir's cgroup.procs.
func moveSelf(dir string) error {
	pid := []byte(strconv.Itoa(os.Getpid()))
	if err := os.WriteFile(filepath.Join(dir, "cgroup.procs"), pid, 0o644); err != nil {
		return fmt.Errorf("move init to cgroup %s: %w", dir, err)
	}
	return nil
}
