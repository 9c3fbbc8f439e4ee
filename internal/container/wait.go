package container

import (
	"os"
	"os/signal"
	"sync/atomic"

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
// process behind. After stop, such a signal has its default effect on
// cell again.
//
// stop does not call signal.Stop: that hands each signal, one at a time,
// to the runtime's signal-mask thread and waits for it, about 0.3 ms at
// the end of every `cell run`. Until a signal comes, nothing needs undoing;
// when one does, the relay stops listening and raises it again.
func ForwardSignals(pid int) (stop func()) {
	sigs := make(chan os.Signal, 8)
	forwarded := []os.Signal{unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH}
	signal.Notify(sigs, forwarded...)
	var stopped atomic.Bool
	go func() {
		for s := range sigs {
			if !stopped.Load() {
				_ = unix.Kill(pid, s.(unix.Signal))
				continue
			}
			signal.Stop(sigs)
			_ = unix.Kill(os.Getpid(), s.(unix.Signal))
			return
		}
	}()
	return func() { stopped.Store(true) }
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
