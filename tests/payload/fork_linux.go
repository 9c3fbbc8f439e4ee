package main

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// forkSleeper forks a child that is a single task: right after the raw
// clone it asks to die with its parent and then pauses for ever, using only
// raw system calls so the copied Go runtime never runs in it. The child
// costs exactly one pid, unlike a re-executed Go program.
//
//go:norace
func forkSleeper() (int, error) {
	syscall.ForkLock.Lock()
	pid, _, errno := unix.RawSyscall6(unix.SYS_CLONE, uintptr(unix.SIGCHLD), 0, 0, 0, 0, 0)
	if errno != 0 {
		syscall.ForkLock.Unlock()
		return 0, errno
	}
	if pid == 0 {
		unix.RawSyscall(unix.SYS_PRCTL, unix.PR_SET_PDEATHSIG, uintptr(unix.SIGKILL), 0)
		for {
			unix.RawSyscall(unix.SYS_PAUSE, 0, 0, 0)
		}
	}
	syscall.ForkLock.Unlock()
	return int(pid), nil
}
