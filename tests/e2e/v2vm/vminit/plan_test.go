package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRunPlan(t *testing.T) {
	cases := []struct {
		name, plan          string
		noPlan              bool
		wantFailed, wantRun int
	}{
		{"all pass", "/bin/true\n\n# a comment\n/bin/sh -c true\n", false, 0, 2},
		{"one fails", "/bin/true\n/bin/false\n/bin/sh -c false\n", false, 2, 3},
		{"missing command", "/nonexistent/cmd\n", false, 1, 1},
		{"no plan", "", true, 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			plan, env := filepath.Join(dir, "plan"), filepath.Join(dir, "env")
			if !c.noPlan {
				os.WriteFile(plan, []byte(c.plan), 0o644)
			}
			os.WriteFile(env, []byte("PATH=/bin:/usr/bin\n"), 0o644)
			failed, total := runPlan(plan, env)
			if failed != c.wantFailed || total != c.wantRun {
				t.Errorf("runPlan = %d failed of %d, want %d of %d", failed, total, c.wantFailed, c.wantRun)
			}
		})
	}
}

func TestCheckCgroupsGone(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "cgroup.procs"), nil, 0o644)
	left := t.TempDir()
	os.Mkdir(filepath.Join(left, "cell"), 0o755)
	cases := []struct {
		name, dir string
		want      bool
	}{
		{"only files", empty, true},
		{"a child cgroup", left, false},
		{"unreadable root", filepath.Join(empty, "missing"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := checkCgroupsGone(c.dir); got != c.want {
				t.Errorf("checkCgroupsGone = %v, want %v", got, c.want)
			}
		})
	}
}
