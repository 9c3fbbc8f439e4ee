package events

import (
	"bytes"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// ExitStatus returns how the process behind pidfd (pid, started at start)
// ended, as a shell reports it. The kernel keeps the status for a pidfd
// once the process is reaped (PIDFD_INFO_EXIT, Linux 6.15); before that,
// a zombie's status is field 52 of /proc/PID/stat. -1 when neither knows.
func ExitStatus(pidfd, pid int, start uint64) int {
	for range 2 {
		info := unix.PidfdInfo{Mask: unix.PIDFD_INFO_EXIT}
		if unix.IoctlPidfdInfo(pidfd, &info) == nil && info.Mask&unix.PIDFD_INFO_EXIT != 0 {
			return shellStatus(unix.WaitStatus(info.Exit_code))
		}
		if st, ok := zombieStatus(pid, start); ok {
			return shellStatus(st)
		}
		// Reaped between the two reads: the pidfd knows now.
	}
	return -1
}

func shellStatus(ws unix.WaitStatus) int {
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// zombieStatus reads the wait status of pid if it is the zombie of the
// process that started at start.
func zombieStatus(pid int, start uint64) (unix.WaitStatus, bool) {
	f, err := statFields(pid)
	if err != nil || len(f) < 50 || f[0] != "Z" {
		return 0, false
	}
	if st, _ := strconv.ParseUint(f[19], 10, 64); start != 0 && st != start {
		return 0, false
	}
	code, err := strconv.Atoi(f[49])
	if err != nil {
		return 0, false
	}
	return unix.WaitStatus(code), true
}

// statFields returns the fields of /proc/PID/stat from field 3 (state) on.
func statFields(pid int) ([]string, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil, err
	}
	// The command name may hold spaces and parentheses: skip to the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	return toStrings(bytes.Fields(b[i+1:])), nil
}

func toStrings(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = string(b)
	}
	return out
}

// openInit opens a pidfd for a container's init and checks that pid still
// is that process (not a reused pid). A zombie counts: its status is
// still to be read.
func openInit(pid int, start uint64) (int, error) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return -1, fmt.Errorf("open pidfd of %d: %w", pid, err)
	}
	f, err := statFields(pid)
	if err == nil && len(f) > 19 && (start == 0 || f[19] == strconv.FormatUint(start, 10)) {
		return fd, nil
	}
	unix.Close(fd)
	return -1, fmt.Errorf("open pidfd of %d: the process is gone", pid)
}
