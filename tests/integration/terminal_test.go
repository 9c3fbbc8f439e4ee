package integration

import (
	"fmt"
	"os"
	"regexp"
	"syscall"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/console"
	"github.com/cell-runtime/cell/tests/testrootfs"
)

func needBusybox(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(testrootfs.HostBusybox); err != nil {
		t.Skip("needs busybox-static for a shell inside the container")
	}
}

func terminal(a ...string) func(*specs.Spec) {
	return func(s *specs.Spec) {
		s.Process.Terminal = true
		s.Process.Args = a
	}
}

// checkShellOnTerminal drives a shell on tm: the terminal is raw while cell
// relays, the shell's terminal is ttyName with the outer size and follows
// a resize of the outer terminal, and exit 7 ends cell with status 7 and
// the outer mode restored.
func checkShellOnTerminal(t *testing.T, tm *term, before unix.Termios, ttyName string) {
	t.Helper()
	tm.typeLine("busybox tty; busybox stty size; echo T$((1+1))T")
	tm.expect("T2T")
	tm.expect(ttyName + "\r\n30 100\r\n")
	if !tm.isRaw() {
		t.Error("outer terminal is not in raw mode while cell relays")
	}
	if err := console.SetSize(tm.master, console.Size{Rows: 40, Cols: 120}); err != nil {
		t.Fatal(err)
	}
	// The shell may read a command before cell saw SIGWINCH: ask until an
	// answer (S, the product, S: never the typed line) shows the new size.
	answer := regexp.MustCompile(`S[0-9]+S 40 120`)
	n := 0
	resized := eventually(func() bool {
		n++
		tm.typeLine(fmt.Sprintf("echo S$((%d*3))S $(stty size)", n))
		return answer.MatchString(tm.output())
	})
	if !resized {
		t.Fatalf("inner terminal never took the outer size 40x120:\n%s", tm.output())
	}
	tm.typeLine("exit 7")
	if code := tm.wait(); code != 7 {
		t.Errorf("cell exit status %d, want 7", code)
	}
	if after := tm.termios(); !sameMode(before, after) {
		t.Errorf("outer terminal mode not restored: before %+v, after %+v", before, after)
	}
}

func TestTerminalRelayRun(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	b := testrootfs.Bundle(t, terminal("/bin/sh"))
	tm := e.startOnTerm(console.Size{Rows: 30, Cols: 100}, "run", "-b", b, "core-tty1")
	checkShellOnTerminal(t, tm, tm.termios(), "/dev/pts/0")
	assertGone(t, e, "core-tty1")
}

func TestTerminalRelayExec(t *testing.T) {
	needBusybox(t)
	e := newEnv(t)
	b := testrootfs.Bundle(t, args("/bin/payload", "sleep", "inf"))
	e.ok("run", "-d", "-b", b, "core-tty2")
	tm := e.startOnTerm(console.Size{Rows: 30, Cols: 100}, "exec", "-t", "core-tty2", "/bin/sh")
	checkShellOnTerminal(t, tm, tm.termios(), "/dev/pts/0")
	e.ok("delete", "--force", "core-tty2")
	assertGone(t, e, "core-tty2")
}

// A SIGTERM to cell reaches the container's process, and cell still puts
// the terminal back when the process ends.
func TestTerminalRelaySignal(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, terminal("/bin/payload", "sigwait"))
	tm := e.startOnTerm(console.Size{Rows: 24, Cols: 80}, "run", "-b", b, "core-tty3")
	before := tm.termios()
	tm.expect("ready")
	if !eventually(tm.isRaw) {
		t.Fatal("outer terminal never went raw")
	}
	if err := tm.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	tm.expect("SIGTERM")
	if code := tm.wait(); code != 0 {
		t.Errorf("cell exit status %d, want 0 (sigwait exits 0)", code)
	}
	if after := tm.termios(); !sameMode(before, after) {
		t.Errorf("outer terminal mode not restored after SIGTERM")
	}
	assertGone(t, e, "core-tty3")
}

func TestTerminalDetachNeedsConsoleSocket(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, terminal("/bin/payload", "true"))
	_, errs, code := e.cell("run", "-d", "-b", b, "core-tty4")
	if code == 0 || !containsAll(errs, "process.terminal", "--console-socket") {
		t.Fatalf("run -d of a terminal without --console-socket: exit %d, %q", code, errs)
	}
	assertGone(t, e, "core-tty4")
}
