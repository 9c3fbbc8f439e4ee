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
func (c *Container) Wait() int { return WaitRelay(c.Pid) }

// WaitRelay is WaitPid relaying the signals cell receives to pid, as runc
// does for the processes it waits for (run, and exec without --detach).
func WaitRelay(pid int) int {
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, unix.SIGTERM, unix.SIGINT, unix.SIGHUP, unix.SIGQUIT, unix.SIGUSR1, unix.SIGUSR2, unix.SIGWINCH)
	defer signal.Stop(sigs)
	go func() {
		for s := range sigs {
			_ = unix.Kill(pid, s.(unix.Signal))
		}
	}()
	return WaitPid(pid)
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
