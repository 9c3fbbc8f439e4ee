package people

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/console"
	"github.com/cell-runtime/cell/internal/container"
)

// holdMaster returns the engine's Console callback for a foreground
// `cell run -t`: it keeps the pty master for waitTerminal and gives it
// our window size before the process runs, so that it never sees 0x0.
func (s *stdio) holdMaster() func(*os.File) {
	return func(master *os.File) {
		s.master = master
		if console.CopySize(s.Stdin, master) != nil {
			_ = console.CopySize(s.Stdout, master)
		}
	}
}

// logTerminal returns the Console callback for `cell run -t -d`: the log
// relay keeps the pty master and copies what the container writes to its
// terminal into the log, as docker does. args are the relay's flags.
func (s *stdio) logTerminal(path string, args []string) func(*os.File) {
	return func(master *os.File) {
		defer master.Close()
		s.consoleErr = startRelay(master, s.pidR, s.hold, path, args)
	}
}

// waitTerminal waits for c's init and returns its exit status, relaying
// cell's terminal to the container's (raw mode, window size, signals) as
// `cell run -t` of a bundle does.
func (s *stdio) waitTerminal(c *container.Container) (int, error) {
	stop := container.ForwardSignals(c.Pid)
	defer stop()
	code, err := console.Relay(s.master, s.Stdin, s.Stdout, func() int { return container.WaitPid(c.Pid) })
	if err != nil {
		_ = unix.Kill(c.Pid, unix.SIGKILL)
		container.WaitPid(c.Pid)
		return 0, fmt.Errorf("terminal: %w", err)
	}
	return code, nil
}
