package engines

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestContainerdCtr runs containers with `ctr run --runc-binary cell`
// through containerd's runc shim (io.containerd.runc.v2).
func TestContainerdCtr(t *testing.T) {
	need(t, "containerd", "ctr", "containerd-shim-runc-v2")
	dir := workDir(t, "ctr")
	sb := newSandbox(t, dir)
	cellRoot := filepath.Join(dir, "cell")
	ns := filepath.Base(dir)
	removeCgroups(t, ns)
	cleanCell(t, cellRoot)
	c := startContainerd(t, sb, dir, `disabled_plugins = ["io.containerd.grpc.v1.cri"]`)
	c.ctrOK(t, "images", "import", imageFile)
	runArgs := []string{"run", "--runc-binary", cellBin, "--runc-root", cellRoot}

	t.Run("run --rm", func(t *testing.T) {
		out := c.ctrOK(t, append(runArgs, "--rm", imageName, "eng-ctr-rm", "/bin/payload", "echo", "hello from cell")...)
		if !strings.Contains(out, "hello from cell") {
			t.Errorf("output %q", out)
		}
		if out, code := c.ctr(t, append(runArgs, "--rm", imageName, "eng-ctr-rm", "/bin/payload", "exit", "3")...); code != 3 {
			t.Errorf("exit status %d, want 3: %s", code, out)
		}
	})
	t.Run("a failing create shows cell's error", func(t *testing.T) {
		out, code := c.ctr(t, append(runArgs, "--rm", imageName, "eng-ctr-bad", "/bin/nosuch")...)
		if code == 0 || !strings.Contains(out, "/bin/nosuch") {
			t.Errorf("exit %d, output %q; want an error naming /bin/nosuch", code, out)
		}
		t.Logf("ctr says: %s", out)
		c.ctr(t, "containers", "rm", "eng-ctr-bad")
		for _, p := range []string{filepath.Join(cellRoot, ns, "eng-ctr-bad"), filepath.Join("/sys/fs/cgroup/pids", ns, "eng-ctr-bad")} {
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				t.Errorf("%s left after a failed create", p)
			}
		}
	})
	t.Run("tty", func(t *testing.T) {
		out := withPty(t, sb.wrap(append([]string{"ctr", "--address", c.sock, "--namespace", c.ns},
			append(runArgs, "--rm", "-t", imageName, "eng-ctr-t", "/bin/payload", "tty")...)...)...)
		if !strings.Contains(out, `"isatty":true`) {
			t.Errorf("payload tty under ctr run -t: %q", out)
		}
	})
	t.Run("detached", func(t *testing.T) {
		const id = "eng-ctr-d"
		c.ctrOK(t, append(runArgs, "-d", "--memory-limit", "67108864", imageName, id, "/bin/payload", "sleep", "300")...)
		ranByCell(t, filepath.Join(cellRoot, ns), id)
		limit, _ := os.ReadFile(filepath.Join("/sys/fs/cgroup/memory", ns, id, "memory.limit_in_bytes"))
		if strings.TrimSpace(string(limit)) != "67108864" {
			t.Errorf("memory.limit_in_bytes seen from the host: %q, want 67108864", limit)
		}
		if out := c.ctrOK(t, "task", "exec", "--exec-id", "e1", id, "/bin/payload", "echo", "in exec"); !strings.Contains(out, "in exec") {
			t.Errorf("exec output %q", out)
		}
		if _, code := c.ctr(t, "task", "exec", "--exec-id", "e2", id, "/bin/payload", "exit", "7"); code != 7 {
			t.Errorf("exec exit status %d, want 7", code)
		}
		out := withPty(t, sb.wrap("ctr", "--address", c.sock, "--namespace", c.ns, "task", "exec", "-t", "--exec-id", "e3", id, "/bin/payload", "tty")...)
		if !strings.Contains(out, `"isatty":true`) {
			t.Errorf("payload tty under ctr task exec -t: %q", out)
		}
		if out := c.ctrOK(t, "task", "ps", id); !containsPid(out, taskPid(t, c, id)) {
			t.Errorf("task ps %s does not list the task's pid:\n%s", id, out)
		}
		c.ctrOK(t, "task", "pause", id)
		freezer, _ := os.ReadFile(filepath.Join("/sys/fs/cgroup/freezer", ns, id, "freezer.state"))
		if st := taskStatus(t, c, id); st != "PAUSED" || strings.TrimSpace(string(freezer)) != "FROZEN" {
			t.Errorf("after pause: task %s, freezer %q", st, freezer)
		}
		c.ctrOK(t, "task", "resume", id)
		if st := taskStatus(t, c, id); st != "RUNNING" {
			t.Errorf("after resume: task %s", st)
		}
		if out := c.ctrOK(t, "task", "metrics", id); !strings.Contains(out, "memory.usage_in_bytes") {
			t.Errorf("metrics:\n%s", out)
		}
		c.ctrOK(t, "task", "kill", "--signal", "SIGKILL", id)
		eventually(t, "task stopped after kill", func() (bool, string) {
			st := taskStatus(t, c, id)
			return st == "STOPPED", st
		})
		c.ctrOK(t, "task", "delete", id)
		c.ctrOK(t, "containers", "delete", id)
		if _, err := os.Stat(filepath.Join("/sys/fs/cgroup/memory", ns, id)); !os.IsNotExist(err) {
			t.Errorf("memory cgroup of %s left after delete", id)
		}
		if ents, _ := os.ReadDir(filepath.Join(cellRoot, ns)); len(ents) != 0 {
			t.Errorf("cell state left after delete: %v", ents)
		}
	})
}

// taskStatus returns the STATUS column of `ctr task ls` for id.
func taskStatus(t *testing.T, c *containerd, id string) string {
	for _, line := range strings.Split(c.ctrOK(t, "task", "ls"), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == id {
			return f[2]
		}
	}
	return "(none)"
}

// taskPid returns the PID column of `ctr task ls` for id.
func taskPid(t *testing.T, c *containerd, id string) int {
	for _, line := range strings.Split(c.ctrOK(t, "task", "ls"), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == id {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	return 0
}

func containsPid(out string, pid int) bool {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == strconv.Itoa(pid) {
			return true
		}
	}
	return false
}
