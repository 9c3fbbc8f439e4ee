package integration

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/console"
	"github.com/cell-runtime/cell/tests/testrootfs"
)

// TestExecTtyFromATerminal runs `cell exec -t` from a terminal, as a person
// does (no --console-socket): the process gets a terminal of the caller's
// window size, and input and output pass through.
func TestExecTtyFromATerminal(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "30"))
	e.ok("run", "-d", "-b", b, "eng-tty")
	// The size is set when the relay starts, which may be after the process
	// starts (the kernel then sends SIGWINCH); input can only arrive after.
	out := e.onTerminal("\r", "exec", "-t", "eng-tty", "/bin/sh", "-c", "read x; /bin/payload tty")
	if !strings.Contains(out, `"isatty":true`) || !strings.Contains(out, `"rows":30,"cols":100`) {
		t.Errorf("payload tty under cell exec -t: %q; want a 30x100 terminal", out)
	}
	out = e.onTerminal("hello\r", "exec", "-t", "eng-tty", "/bin/sh", "-c", "read x; echo got:$x")
	if !strings.Contains(out, "got:hello") {
		t.Errorf("input through cell exec -t: %q", out)
	}
	if _, errs, code := e.cell("exec", "-t", "-d", "eng-tty", "/bin/payload", "true"); code == 0 || !strings.Contains(errs, "--console-socket") {
		t.Errorf("exec -t -d without a console socket: exit %d, %q", code, errs)
	}
	e.ok("delete", "--force", "eng-tty")
}

// onTerminal runs cell on a new 30x100 terminal, types input, and returns
// what appeared on the terminal.
func (e *env) onTerminal(input string, args ...string) string {
	e.t.Helper()
	master, slave, err := console.OpenPty()
	if err != nil {
		e.t.Fatal(err)
	}
	defer master.Close()
	if err := unix.IoctlSetWinsize(int(master.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 30, Col: 100}); err != nil {
		e.t.Fatal(err)
	}
	cmd := exec.Command(cellBin, append([]string{"--root", e.root}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	slave.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = io.Copy(&out, master); close(done) }()
	if input != "" { // queued on the terminal until the relay reads it
		_, _ = io.WriteString(master, input)
	}
	if err := cmd.Wait(); err != nil {
		e.t.Errorf("cell %v: %v\n%s", args, err, out.String())
	}
	<-done
	return out.String()
}
