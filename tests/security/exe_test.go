package security

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/tests/harness"
)

// background starts cell with args and returns a function that waits for
// it and returns stdout, stderr and the exit status.
func (e *env) background(args ...string) func() (string, string, int) {
	e.t.Helper()
	cmd, out, errb := e.command(args...)
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	return func() (string, string, int) { return harness.Finish(e.t, cmd, cmd.Wait(), out, errb) }
}

// hunt runs a container whose process is `payload exe-hunt` for four
// seconds, calls during while it runs, and returns what the hunter saw.
func (e *env) hunt(id string, cfg func(*specs.Spec), during func(st specs.State)) []string {
	e.t.Helper()
	b := bundle(e.t, both(args("/bin/payload", "exe-hunt", "4"), cfg))
	wait := e.background("run", "-b", b, id)
	during(e.waitStatus(id, specs.StateRunning))
	out, errs, code := wait()
	if code != 0 {
		e.t.Fatalf("hunter: exit %d: %s", code, errs)
	}
	saw := lines(out)
	for _, l := range saw {
		if strings.Contains(l, "WROTE") {
			e.t.Errorf("the container overwrote a binary: %s", l)
		}
	}
	assertBinaryIntact(e.t)
	return saw
}

// sawRuntime returns the observations of a process running cell's binary.
func sawRuntime(saw []string) []string {
	var out []string
	for _, l := range saw {
		// The init and exec run from a read-only overlay of the slim init
		// cell embeds (seen as /cell-init-SUM) or of the binary itself
		// (seen as /cell), or from a sealed memfd where overlay is refused.
		overlay := "EXE=/" + filepath.Base(cellBin) + " "
		if strings.Contains(l, "memfd:cell") || strings.Contains(l, overlay) || strings.Contains(l, "EXE=/cell-init-") || strings.Contains(l, cellBin) {
			out = append(out, l)
		}
	}
	return out
}

// CVE-2019-5736, exec: a container holding every capability watches for
// `cell exec` joining it and tries to overwrite the binary it runs, also
// after it exited. It must only ever reach the sealed copy.
func TestSecExeOverwriteDuringExec(t *testing.T) {
	e := newEnv(t)
	saw := e.hunt("sec-5736-exec", allCaps(t), func(specs.State) {
		for i := 0; i < 15; i++ {
			e.cell("exec", "sec-5736-exec", "/bin/payload", "true")
		}
	})
	rt := sawRuntime(saw)
	if len(rt) == 0 {
		t.Fatalf("the hunter never saw cell's exec process; it saw:\n%s", strings.Join(saw, "\n"))
	}
	for _, l := range rt {
		if strings.Contains(l, cellBin) {
			t.Errorf("the host's binary was reachable from the container: %s", l)
		}
	}
	t.Logf("runtime processes seen:\n%s", strings.Join(rt, "\n"))
}

// CVE-2019-5736, run: a second container created in the hunter's pid
// namespace runs "#!/proc/self/exe" as its program, which makes its init
// re-execute the runtime's own binary inside the container. The hunter
// sees that init and that program and must not write to either.
func TestSecExeOverwriteDuringRun(t *testing.T) {
	e := newEnv(t)
	saw := e.hunt("sec-5736-run", allCaps(t), func(st specs.State) {
		b := bundle(t, func(s *specs.Spec) {
			s.Process.Args = []string{"/evil"}
			for i, ns := range s.Linux.Namespaces {
				if ns.Type == specs.PIDNamespace {
					s.Linux.Namespaces[i].Path = fmt.Sprintf("/proc/%d/ns/pid", st.Pid)
				}
			}
		})
		evil := filepath.Join(b, "rootfs", "evil")
		if err := os.WriteFile(evil, []byte("#!/proc/self/exe\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 5; i++ {
			// The re-executed binary is the slim init, which refuses to
			// run unless cell started it; cell itself would refuse /evil.
			_, errs, code := e.cell("run", "-b", b, fmt.Sprintf("sec-5736-run%d", i))
			if code == 0 || !containsAny(errs, "not started by cell", "/evil") {
				t.Errorf("the re-executed runtime: exit %d, %q; want it refusing to run", code, errs)
			}
		}
	})
	if len(sawRuntime(saw)) == 0 {
		t.Fatalf("the hunter never saw the runtime; it saw:\n%s", strings.Join(saw, "\n"))
	}
	for _, l := range sawRuntime(saw) {
		if strings.Contains(l, cellBin) {
			t.Errorf("the host's binary was reachable from the container: %s", l)
		}
	}
}

// CVE-2016-9962: the process `cell exec` starts joins the container's
// user namespace, where the container's root holds CAP_SYS_PTRACE; until
// it execve's the user's program it must be non-dumpable, so that root
// cannot open its /proc/PID/exe, fds or memory.
func TestSecExecJoinerNotDumpable(t *testing.T) {
	e := newEnv(t)
	var execs int
	saw := e.hunt("sec-9962", both(allCaps(t), userns), func(specs.State) {
		for i := 0; i < 15; i++ {
			if _, _, code := e.cell("exec", "sec-9962", "/bin/payload", "true"); code == 0 {
				execs++
			}
		}
	})
	if execs == 0 {
		t.Fatal("no exec into the user-namespaced container succeeded")
	}
	var joiner int
	for _, l := range saw {
		switch {
		case strings.Contains(l, "EXE=EACCES"):
			joiner++
		case len(sawRuntime([]string{l})) > 0:
			t.Errorf("the exec process was reachable before execve: %s", l)
		}
	}
	if joiner == 0 {
		t.Fatalf("the hunter never saw an exec process before execve; it saw:\n%s", strings.Join(saw, "\n"))
	}
}
