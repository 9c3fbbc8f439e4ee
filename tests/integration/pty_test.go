package integration

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/console"
)

// term is a person at a terminal: cell runs with the slave of a pty pair
// as its stdio and controlling terminal; the test types into the master
// and reads what appears there.
type term struct {
	t             *testing.T
	master, slave *os.File
	cmd           *exec.Cmd
	mu            sync.Mutex
	out           strings.Builder
}

// startOnTerm starts cell with args on a new terminal of the given size.
func (e *env) startOnTerm(size console.Size, args ...string) *term {
	e.t.Helper()
	master, slave, err := console.OpenPty()
	if err != nil {
		e.t.Fatal(err)
	}
	tm := watch(e.t, master)
	tm.slave = slave
	if err := console.SetSize(master, size); err != nil {
		e.t.Fatal(err)
	}
	tm.cmd = exec.Command(cellBin, append([]string{"--root", e.root}, args...)...)
	tm.cmd.Stdin, tm.cmd.Stdout, tm.cmd.Stderr = slave, slave, slave
	tm.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := tm.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() {
		_ = tm.cmd.Process.Kill()
		_ = tm.cmd.Wait()
		slave.Close()
	})
	return tm
}

// watch starts reading what appears on master (a pty master) and closes
// it when the test ends.
func watch(t *testing.T, master *os.File) *term {
	tm := &term{t: t, master: master}
	go tm.read()
	t.Cleanup(func() { master.Close() })
	return tm
}

func (tm *term) read() {
	buf := make([]byte, 4096)
	for {
		n, err := tm.master.Read(buf)
		tm.mu.Lock()
		tm.out.Write(buf[:n])
		tm.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (tm *term) output() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.out.String()
}

// typeLine writes line and a newline to the terminal.
func (tm *term) typeLine(line string) {
	tm.t.Helper()
	if _, err := tm.master.Write([]byte(line + "\n")); err != nil {
		tm.t.Fatal(err)
	}
}

// expect waits until the output holds want, failing the test if cell ends
// or 20 seconds pass first.
func (tm *term) expect(want string) {
	tm.t.Helper()
	if !eventually(func() bool { return strings.Contains(tm.output(), want) }) {
		tm.t.Fatalf("terminal never showed %q; it shows:\n%s", want, tm.output())
	}
}

// eventually polls cond until it holds or 20 seconds pass.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

// termios reads the slave's mode, which cell changes while it relays.
func (tm *term) termios() unix.Termios {
	tm.t.Helper()
	tio, err := unix.IoctlGetTermios(int(tm.slave.Fd()), unix.TCGETS)
	if err != nil {
		tm.t.Fatal(err)
	}
	return *tio
}

func (tm *term) isRaw() bool { return tm.termios().Lflag&unix.ICANON == 0 }

// wait waits for cell and returns its exit status.
func (tm *term) wait() int {
	tm.t.Helper()
	err := tm.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		tm.t.Fatal(err)
	}
	return 0
}

func sameMode(a, b unix.Termios) bool {
	return a.Iflag == b.Iflag && a.Oflag == b.Oflag && a.Cflag == b.Cflag && a.Lflag == b.Lflag && a.Cc == b.Cc
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
