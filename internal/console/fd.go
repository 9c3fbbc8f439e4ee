package console

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// control runs fn on f's descriptor without File.Fd, which would switch a
// pollable file back to blocking mode.
func control(f *os.File, fn func(fd int) error) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ferr error
	if err := rc.Control(func(fd uintptr) { ferr = fn(int(fd)) }); err != nil {
		return err
	}
	return ferr
}

// pollable returns a non-blocking duplicate of f, which Go's poller
// serves, so that reads on it honour deadlines.
func pollable(f *os.File) (*os.File, error) {
	var nfd int
	err := control(f, func(fd int) error {
		var err error
		nfd, err = unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("dup pty master: %w", err)
	}
	if err := unix.SetNonblock(nfd, true); err != nil {
		unix.Close(nfd)
		return nil, fmt.Errorf("pty master: set non-blocking: %w", err)
	}
	return os.NewFile(uintptr(nfd), f.Name()), nil
}
