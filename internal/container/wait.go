package container

import (
	"os"
	"os/signal"
	"sync"

	"golang.org/x/sys/unix"
)

// Wait waits for the init, which must be a child of this process (as after
// Create in the same process), relaying the signals cell receives to it.
// It returns the exit status as a shell reports it: 128+N when killed by
// signal N.
func (c *Container) Wait() int { return CatchSignals().Wait(c.Pid) }

// Relay holds the signals cell receives, to pass them to a process it
// waits for, as runc does (run, and exec without --detach). Catch them
// before starting the process, so that none arriving meanwhile kills cell.
type Relay struct {
	sigs chan os.Signal
	once sync.Once
}

// CatchSignals starts holding the signals a Relay passes on.
func CatchSignals() *Relay {
	r := &Relay{sigs: make(chan os.Signal, 8)}
	signal.Notify(r.sigs, unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH)
	return r
}

// Wait passes held and further signals to pid while waiting for it, as
// WaitPid, then stops holding them.
func (r *Relay) Wait(pid int) int {
	go func() {
		for s := range r.sigs {
			_ = unix.Kill(pid, s.(unix.Signal))
		}
	}()
	defer r.Stop()
	return WaitPid(pid)
}

// Stop stops holding signals; their default actions apply again. Later
// calls do nothing.
func (r *Relay) Stop() {
	r.once.Do(func() {
		signal.Stop(r.sigs)
		close(r.sigs)
	})
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
