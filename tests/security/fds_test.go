package security

import (
	"fmt"
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/harness"
)

// fdNumbers returns the numbers `payload fds` printed, and fails the test
// if any fd points at something of the runtime's (its state directory, a
// memfd, a socket or pipe we did not pass).
func fdNumbers(t *testing.T, out string) []string {
	t.Helper()
	var nums []string
	for _, l := range lines(out) {
		num, target, _ := strings.Cut(l, " ")
		nums = append(nums, num)
		if strings.Contains(target, "memfd:") || strings.Contains(target, "exec.fifo") {
			t.Errorf("runtime fd leaked into the container: %s", l)
		}
	}
	return nums
}

// runWithFiles runs cell with extra files at fds 3, 4, ...
func (e *env) runWithFiles(extra []*os.File, args ...string) (string, string, int) {
	e.t.Helper()
	cmd, out, errb := e.command(args...)
	cmd.ExtraFiles = extra
	return harness.Finish(e.t, cmd, cmd.Run(), out, errb)
}

// CVE-2024-21626 and fd hygiene: the container's process sees fds 0-2
// and the preserved ones, nothing else, for run and for exec; a cwd of
// /proc/self/fd/N is refused or stays inside.
func TestSecNoFdLeaks(t *testing.T) {
	e := newEnv(t)
	extra := []*os.File{harness.TempFile(t), harness.TempFile(t)}
	for _, tc := range []struct {
		name     string
		preserve int
		want     string
	}{
		{"run", 0, "0 1 2"},
		{"run preserving two", 2, "0 1 2 3 4"},
	} {
		b := bundle(t, args("/bin/payload", "fds"))
		out, errs, code := e.runWithFiles(extra, "run", "--preserve-fds", fmt.Sprint(tc.preserve), "-b", b, "sec-fd-run")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errs)
		}
		if got := strings.Join(fdNumbers(t, out), " "); got != tc.want {
			t.Errorf("%s: fds %q, want %q:\n%s", tc.name, got, tc.want, out)
		}
	}
	b := bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "sec-fd-exec")
	for _, tc := range []struct {
		preserve int
		want     string
	}{{0, "0 1 2"}, {2, "0 1 2 3 4"}} {
		out, errs, code := e.runWithFiles(extra, "exec", "--preserve-fds", fmt.Sprint(tc.preserve), "sec-fd-exec", "/bin/payload", "fds")
		if code != 0 {
			t.Fatalf("exec: exit %d: %s", code, errs)
		}
		if got := strings.Join(fdNumbers(t, out), " "); got != tc.want {
			t.Errorf("exec preserving %d: fds %q, want %q:\n%s", tc.preserve, got, tc.want, out)
		}
	}
}

// CVE-2024-21626: a process.cwd (or exec --cwd) of /proc/self/fd/N, aimed
// at an fd the runtime might hold open on a host directory, is refused
// or, if the fd is the container's own, stays inside the container.
func TestSecCwdProcSelfFd(t *testing.T) {
	e := newEnv(t)
	b := bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "sec-21626")
	for fd := 3; fd < 12; fd++ {
		cwd := fmt.Sprintf("/proc/self/fd/%d", fd)
		rb := bundle(t, func(s *specs.Spec) {
			s.Process.Args = []string{"/bin/payload", "ls", "."}
			s.Process.Cwd = cwd
		})
		out, errs, code := e.cell("run", "-b", rb, "sec-21626-run")
		checkCwd(t, "run cwd "+cwd, out, errs, code)
		e.assertGone("sec-21626-run")
		out, errs, code = e.cell("exec", "--cwd", cwd, "sec-21626", "/bin/payload", "ls", ".")
		checkCwd(t, "exec --cwd "+cwd, out, errs, code)
	}
}

// checkCwd accepts a refusal naming the cwd, or a listing of a directory
// that is not the host's (the host's state root or cgroup tree would show
// names such as "cell" or a container id).
func checkCwd(t *testing.T, what, out, errs string, code int) {
	t.Helper()
	if code != 0 {
		if !strings.Contains(errs, "cwd") {
			t.Errorf("%s: refused without naming the cwd: %q", what, errs)
		}
		return
	}
	for _, name := range lines(out) {
		if strings.HasPrefix(name, "sec-") || name == "cgroup.procs" || name == "state.json" {
			t.Errorf("%s: the process's cwd is outside the container (it lists %q)", what, name)
		}
	}
}
