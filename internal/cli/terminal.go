package cli

import (
	"os"

	"github.com/cell-runtime/cell/internal/console"
	"github.com/cell-runtime/cell/internal/container"
)

// terminalIO is cell's stdio for a process, plus, unless a console socket
// takes the pty, a place to keep the pty master when the process has a
// terminal, for wait to connect to ours.
type terminalIO struct {
	io     container.IO
	master *os.File
}

func newTerminalIO(consoleSocket string, preserveFDs int) *terminalIO {
	t := &terminalIO{io: container.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		ConsoleSocket: consoleSocket, PreserveFDs: preserveFDs}}
	if consoleSocket == "" {
		t.io.Console = func(m *os.File) { t.master = m }
	}
	return t
}

// wait waits for pid, a child of cell, and returns its exit status,
// relaying cell's signals to it and, if it has a terminal, that terminal to
// cell's own stdin and stdout. Signals are relayed before the terminal goes
// raw, so that a signalled cell still restores it.
func (t *terminalIO) wait(pid int) (int, error) {
	stop := container.ForwardSignals(pid)
	defer stop()
	if t.master == nil {
		return container.WaitPid(pid), nil
	}
	return console.Relay(t.master, os.Stdin, os.Stdout, func() int { return container.WaitPid(pid) })
}

// close drops the pty master when the process will not be waited for.
func (t *terminalIO) close() {
	if t.master != nil {
		t.master.Close()
	}
}
