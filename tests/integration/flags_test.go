package integration

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// command is cell with this test's state root, not yet started.
func (e *env) command(args ...string) *exec.Cmd {
	return exec.Command(cellBin, append([]string{"--root", e.root}, args...)...)
}

// pipes returns n pipes; the test closes them when it ends.
func pipes(t *testing.T, n int) (r, w []*os.File) {
	t.Helper()
	for i := 0; i < n; i++ {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pr.Close(); pw.Close() })
		r, w = append(r, pr), append(w, pw)
	}
	return r, w
}

// runWithFiles runs cmd with extra as its fds 3.., then closes the test's
// copies of extra, and returns cmd's combined output.
func runWithFiles(t *testing.T, cmd *exec.Cmd, extra []*os.File) string {
	t.Helper()
	cmd.ExtraFiles = extra
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	for _, f := range extra {
		f.Close()
	}
	return string(out)
}

func readPipe(t *testing.T, r *os.File) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPreserveFDs passes one of two extra fds into the container.
func TestPreserveFDs(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	r, w := pipes(t, 2)
	b := testrootfs.Bundle(t, sh("echo through-3 >&3; payload fds"))
	out := runWithFiles(t, e.command("run", "--preserve-fds", "1", "-b", b, "core-fds1"), w)
	if !strings.Contains(out, "\n3 pipe:") || strings.Contains(out, "\n4 ") {
		t.Errorf("want fd 3 (a pipe) and no fd 4 inside:\n%s", out)
	}
	if got := readPipe(t, r[0]); got != "through-3\n" {
		t.Errorf("fd 3 carried %q", got)
	}
	assertGone(t, e, "core-fds1")
}

// TestListenFDs starts cell as socket activation does: LISTEN_FDS=2 with
// LISTEN_PID naming cell; the two fds reach the container's process with
// LISTEN_FDS=2 and LISTEN_PID=1 (its pid in its pid namespace).
func TestListenFDs(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	r, w := pipes(t, 2)
	b := testrootfs.Bundle(t, sh(`echo a >&3; echo b >&4; echo "env $LISTEN_FDS $LISTEN_PID"`))
	// exec keeps the shell's pid, so $$ is cell's pid.
	script := `exec env LISTEN_FDS=2 LISTEN_PID=$$ "$@"`
	cmd := exec.Command("/bin/sh", "-c", script, "sh", cellBin, "--root", e.root, "run", "-b", b, "core-listen1")
	out := runWithFiles(t, cmd, w)
	if !strings.Contains(out, "env 2 1\n") {
		t.Errorf("want LISTEN_FDS=2 LISTEN_PID=1 inside:\n%s", out)
	}
	if a, bb := readPipe(t, r[0]), readPipe(t, r[1]); a != "a\n" || bb != "b\n" {
		t.Errorf("fds 3 and 4 carried %q and %q", a, bb)
	}
	// LISTEN_PID naming another process: the fds are not for cell.
	_, w = pipes(t, 1)
	b = testrootfs.Bundle(t, sh(`echo "env $LISTEN_FDS"; payload fds`))
	cmd = exec.Command(cellBin, "--root", e.root, "run", "-b", b, "core-listen2")
	cmd.Env = append(os.Environ(), "LISTEN_FDS=1", "LISTEN_PID=1")
	out = runWithFiles(t, cmd, w)
	if !strings.Contains(out, "env \n") || strings.Contains(out, "\n3 ") {
		t.Errorf("fds for another pid reached the container:\n%s", out)
	}
}

func TestPidFile(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "inf"))
	dir := t.TempDir()
	e.ok("create", "--pid-file", filepath.Join(dir, "create.pid"), "-b", b, "core-pid1")
	e.ok("run", "-d", "--pid-file", filepath.Join(dir, "run.pid"), "-b", b, "core-pid2")
	for file, id := range map[string]string{"create.pid": "core-pid1", "run.pid": "core-pid2"} {
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if want := strconv.Itoa(statePid(t, e, id)); string(got) != want {
			t.Errorf("%s holds %q, state says pid %s", file, got, want)
		}
	}
	e.ok("delete", "--force", "core-pid1")
	e.ok("delete", "--force", "core-pid2")
}

// TestKillAll runs a container without its own pid namespace, whose shell
// leaves two children: killing the init leaves them, kill --all ends them.
func TestKillAll(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	b := testrootfs.Bundle(t, with(sh("payload sleep inf & payload sleep inf & wait"), func(s *specs.Spec) {
		var ns []specs.LinuxNamespace
		for _, n := range s.Linux.Namespaces {
			if n.Type != specs.PIDNamespace {
				ns = append(ns, n)
			}
		}
		s.Linux.Namespaces = ns
	}))
	e.ok("run", "-d", "-b", b, "core-killall")
	procs := func() []string {
		b, _ := os.ReadFile("/sys/fs/cgroup/pids/cell-core-killall/cgroup.procs")
		return strings.Fields(string(b))
	}
	if !eventually(func() bool { return len(procs()) == 3 }) {
		t.Fatalf("want the shell and two children in the cgroup: %v", procs())
	}
	e.ok("kill", "core-killall", "KILL")
	if !eventually(func() bool { return len(procs()) == 2 }) {
		t.Fatalf("after killing the init: %v, want the two children", procs())
	}
	if _, _, code := e.cell("kill", "core-killall", "KILL"); code == 0 {
		t.Error("kill without --all of a stopped container succeeded")
	}
	e.ok("kill", "--all", "core-killall", "KILL")
	if !eventually(func() bool { return len(procs()) == 0 }) {
		t.Fatalf("after kill --all: %v left", procs())
	}
	e.ok("delete", "core-killall")
	assertGone(t, e, "core-killall")
}
