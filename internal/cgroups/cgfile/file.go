package cgfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Interface files are read and written with plain open/read/write/close
// rather than through os.File, which registers every kernfs file with the
// runtime's poller (two more system calls each) and stats it before
// reading: a create or a delete touches dozens of them.

// Write writes value to the interface file name in dir, in one write(2)
// as the kernel expects. The error names the file and the value.
func Write(dir, name, value string) error {
	path := filepath.Join(dir, name)
	fd, err := open(path, unix.O_WRONLY|unix.O_TRUNC)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = retry(func() error { _, err := unix.Write(fd, []byte(value)); return err })
	unix.Close(fd)
	if err != nil {
		return fmt.Errorf("write %q to %s: %w", value, path, &os.PathError{Op: "write", Path: path, Err: err})
	}
	return nil
}

// Read returns the content of the interface file name in dir with the
// trailing newline removed.
func Read(dir, name string) (string, error) {
	path := filepath.Join(dir, name)
	fd, err := open(path, unix.O_RDONLY)
	if err != nil {
		return "", fmt.Errorf("read cgroup file: %w", err)
	}
	defer unix.Close(fd)
	b := make([]byte, 0, 512)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		var n int
		err := retry(func() (err error) { n, err = unix.Read(fd, b[len(b):cap(b)]); return err })
		if err != nil {
			return "", fmt.Errorf("read cgroup file: %w", &os.PathError{Op: "read", Path: path, Err: err})
		}
		if n == 0 {
			return strings.TrimRight(string(b), "\n"), nil
		}
		b = b[:len(b)+n]
	}
}

// open opens path with flags, close-on-exec; errors are *os.PathError, as
// os.Open gives them.
func open(path string, flags int) (int, error) {
	var fd int
	err := retry(func() (err error) { fd, err = unix.Open(path, flags|unix.O_CLOEXEC, 0); return err })
	if err != nil {
		return -1, &os.PathError{Op: "open", Path: path, Err: err}
	}
	return fd, nil
}

// retry runs a system call again when a signal interrupted it (the Go
// runtime preempts goroutines with SIGURG).
func retry(call func() error) error {
	for {
		if err := call(); err != unix.EINTR {
			return err
		}
	}
}

// Exists reports whether the interface file name exists in dir.
func Exists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

// IsNotExist reports whether err says a file or directory is missing.
func IsNotExist(err error) bool {
	return errors.Is(err, os.ErrNotExist)
}
