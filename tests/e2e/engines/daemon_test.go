package engines

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// workDir makes a short private directory for an engine (unix socket paths
// are limited to 108 bytes) and removes it, and whatever is mounted below
// it, at the end of the test.
func workDir(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ce2e-"+name+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		unmountUnder(t, dir)
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("remove %s: %v", dir, err)
		}
	})
	return dir
}

// startDaemon starts argv in sandbox sb with its output in dir/NAME.log,
// waits for socket to appear, and stops it at the end of the test (SIGTERM,
// then SIGKILL), killing what it left running below dir (shims, conmon).
func startDaemon(t *testing.T, sb *sandbox, dir, socket string, env []string, argv ...string) {
	t.Helper()
	logPath := filepath.Join(dir, filepath.Base(argv[0])+".log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	wrapped := sb.wrap(argv...)
	cmd := exec.Command(wrapped[0], wrapped[1:]...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", argv[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); logf.Close() }()
	t.Cleanup(func() {
		stopDaemon(t, cmd, exited)
		killUnder(dir)
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("%s log (last 3000 bytes):\n%s", argv[0], tail(string(b), 3000))
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(socket); err == nil {
			return
		}
		select {
		case err := <-exited:
			exited <- err
			b, _ := os.ReadFile(logPath)
			t.Fatalf("%s exited before listening: %v\n%s", argv[0], err, tail(string(b), 3000))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no socket %s after 60s", argv[0], socket)
		}
	}
}

func stopDaemon(t *testing.T, cmd *exec.Cmd, exited chan error) {
	_ = cmd.Process.Signal(unix.SIGTERM)
	select {
	case <-exited:
	case <-time.After(20 * time.Second):
		t.Errorf("%s did not stop on SIGTERM within 20s; killing it", cmd.Path)
		_ = cmd.Process.Kill()
		<-exited
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// killUnder kills the processes whose command line names dir: what an
// engine started and left behind (its shims, conmon).
func killUnder(dir string) {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && strings.Contains(string(b), dir) {
			_ = unix.Kill(pid, unix.SIGKILL)
		}
	}
}

// unmountUnder detaches every mount at or below dir, deepest first.
func unmountUnder(t *testing.T, dir string) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return
	}
	defer f.Close()
	var points []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && (fields[4] == dir || strings.HasPrefix(fields[4], dir+"/")) {
			points = append(points, fields[4])
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(points)))
	for _, p := range points {
		if err := unix.Unmount(p, unix.MNT_DETACH); err != nil && err != unix.EINVAL {
			t.Errorf("unmount %s: %v", p, err)
		}
	}
}

// cgroupRoots are the hierarchies engines may make cgroups in.
var cgroupRoots = []string{
	"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/cpuset",
	"/sys/fs/cgroup/memory", "/sys/fs/cgroup/devices", "/sys/fs/cgroup/freezer",
	"/sys/fs/cgroup/blkio", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/systemd",
	"/sys/fs/cgroup/unified", "/sys/fs/cgroup/net_cls,net_prio", "/sys/fs/cgroup/perf_event",
	"/sys/fs/cgroup/hugetlb", "/sys/fs/cgroup/rdma", "/sys/fs/cgroup/misc",
	"/run/cell/cgroup/net_cls,net_prio",
}

// removeCgroups removes the cgroup NAME (a path below each hierarchy's
// root, private to one test) and everything below it, in every hierarchy,
// at the end of the test.
func removeCgroups(t *testing.T, name string) {
	t.Cleanup(func() {
		for _, r := range cgroupRoots {
			if err := rmdirTree(filepath.Join(r, name)); err != nil {
				t.Errorf("remove cgroup %s: %v", filepath.Join(r, name), err)
			}
		}
		// The net_cls,net_prio hierarchy the daemons saw, from a private
		// mount namespace of our own.
		script := `grep -q net_cls /proc/self/mountinfo || mount -t cgroup -o net_cls,net_prio cgroup "$0" || exit 1
			find "$0/$1" -depth -type d -exec rmdir {} + 2>/dev/null; test ! -e "$0/$1"`
		out, err := exec.Command("unshare", "--mount", "--propagation", "private", "--",
			"/bin/sh", "-c", script, netMountDir, name).CombinedOutput()
		if err != nil {
			t.Errorf("remove net_cls cgroup %s: %v %s", name, err, out)
		}
	})
}

// rmdirTree removes a cgroup directory tree bottom-up; a cgroup still
// holding processes fails with EBUSY.
func rmdirTree(dir string) error {
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	for _, e := range ents {
		if e.IsDir() {
			if err := rmdirTree(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := unix.Rmdir(dir); err != nil && err != unix.ENOENT {
		return err
	}
	return nil
}

// run runs a client command with a time limit and returns its combined
// output and exit status (-1 when it could not run or timed out).
func run(t *testing.T, env []string, argv ...string) (string, int) {
	t.Helper()
	return runInput(t, env, "", argv...)
}

// runInput is run with input on the command's stdin.
func runInput(t *testing.T, env []string, input string, argv ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(input)
	cmd.WaitDelay = 5 * time.Second // detached containers may keep our pipes
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return string(out) + "\n(timed out)", -1
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		return fmt.Sprintf("%s: %v", argv[0], err), -1
	}
	return string(out), 0
}

// ok is run that fails the test unless the command exits 0.
func ok(t *testing.T, env []string, argv ...string) string {
	t.Helper()
	out, code := run(t, env, argv...)
	if code != 0 {
		t.Fatalf("%s: exit %d:\n%s", strings.Join(argv, " "), code, out)
	}
	return out
}

// cleanCell deletes, forcibly, every container left in a cell state root
// or in the roots one level below it (containerd's shim adds the
// namespace to the root it is given).
func cleanCell(t *testing.T, root string) {
	t.Cleanup(func() { deleteAll(t, root, 1) })
}

func deleteAll(t *testing.T, root string, depth int) {
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		if _, err := os.Stat(filepath.Join(root, e.Name(), "state.json")); err != nil {
			if depth > 0 && e.IsDir() {
				deleteAll(t, filepath.Join(root, e.Name()), depth-1)
			}
			continue
		}
		t.Errorf("container %s left in %s; deleting it", e.Name(), root)
		if out, code := run(t, nil, cellBin, "--root", root, "delete", "--force", e.Name()); code != 0 {
			t.Errorf("cell delete --force %s: %s", e.Name(), out)
		}
	}
}

// eventually retries cond for up to 20s.
func eventually(t *testing.T, what string, cond func() (bool, string)) {
	t.Helper()
	var last string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var done bool
		if done, last = cond(); done {
			return
		}
	}
	t.Fatalf("%s: still not so after 20s; last: %s", what, last)
}

// ranByCell fails t unless cell's state root holds container id, running:
// the engine really ran it with cell. (cell reads no pid from a runc
// state.json.)
func ranByCell(t *testing.T, root, id string) {
	t.Helper()
	if reference {
		return
	}
	out, code := run(t, nil, cellBin, "--root", root, "state", id)
	if code != 0 || !strings.Contains(out, `"status": "running"`) {
		t.Errorf("container %s is not running in cell's state root %s: %s", id, root, out)
	}
}
