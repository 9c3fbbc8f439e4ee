package container

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// startTime reads the start time of pid (field 22 of /proc/PID/stat), which
// with the pid identifies a process across pid reuse. A zombie counts as
// gone: 0 is returned.
func startTime(pid int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces and parentheses: skip past the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	fields := bytes.Fields(b[i+1:])
	// fields[0] is field 3 (state); starttime is field 22.
	if len(fields) < 20 || fields[0][0] == 'Z' || fields[0][0] == 'X' {
		return 0
	}
	v, _ := strconv.ParseUint(string(fields[19]), 10, 64)
	return v
}

// alive reports whether pid is still the process that started at start.
func alive(pid int, start uint64) bool {
	if pid <= 0 {
		return false
	}
	st := startTime(pid)
	return st != 0 && (start == 0 || st == start)
}

// waitGone waits up to timeout for pid to exit (or become a zombie).
func waitGone(pid int, start uint64, timeout time.Duration) bool {
	fd, err := unix.PidfdOpen(pid, 0)
	if err == nil {
		defer unix.Close(fd)
		if !alive(pid, start) {
			return true
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		_, _ = unix.Poll(fds, int(timeout.Milliseconds()))
		return !alive(pid, start)
	}
	deadline := time.Now().Add(timeout)
	for alive(pid, start) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
