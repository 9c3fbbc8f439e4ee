package container

import (
	"os"
	"os/signal"

	"golang.org/x/sys/unix"
)

// Wait waits for the init, which must be a child of this process (as after
// Create in the same process), relaying the signals cell receives to it.
// It returns the exit status as a shell reports it: 128+N when killed by
// signal N.
func (c *Container) Wait() int { return WaitForwarding(c.Pid) }

// WaitForwarding waits for pid, a child of this process, as WaitPid does,
// and meanwhile relays to it the signals cell receives (see
// ForwardSignals).
func WaitForwarding(pid int) int {
	stop := ForwardSignals(pid)
	defer stop()
	return WaitPid(pid)
}

// ForwardSignals relays to pid the signals cell receives (SIGTERM, SIGINT,
// SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH) until stop is called, so
// that they reach the process instead of ending cell and leaving the
// process behind.
func ForwardSignals(pid int) (stop func()) {
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH)
	go func() {
		for s := range sigs {
			_ = unix.Kill(pid, s.(unix.Signal))
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(sigs)
	}
}

// WaitPid waits for pid, a child of this process, and returns its exit
// status as a shell reports it: 128+N when killed by signal N.
func WaitPid(pid int) int {
	var ws unix.WaitStatus
	for {
		if _, err := unix.Wait4(pid, &ws, 0, nil); err != unix.EINTR {
			break
		}
	}
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}
