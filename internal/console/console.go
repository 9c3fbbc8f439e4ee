// Package console makes pseudo-terminals for containers and hands their
// master side to whoever asked: over a --console-socket as runc does
// (SCM_RIGHTS), or to `cell run -t`, which relays it to the user's terminal.
//
// It does not decide whether a container gets a terminal (process.terminal).
package console

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// OpenPty opens a new pty pair from /dev/ptmx of the calling process's root
// (inside the container, the container's own devpts instance).
func OpenPty() (master, slave *os.File, err error) {
	m, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open /dev/ptmx: %w", err)
	}
	if err := unix.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0); err != nil {
		unix.Close(m)
		return nil, nil, fmt.Errorf("unlock pty: %w", err)
	}
	// TIOCGPTPEER opens the slave through the master, never by a path that
	// the container could have replaced.
	s, err := ptyPeer(m)
	if err != nil {
		unix.Close(m)
		return nil, nil, fmt.Errorf("open pty slave: %w", err)
	}
	n, err := unix.IoctlGetInt(m, unix.TIOCGPTN)
	if err != nil {
		unix.Close(m)
		unix.Close(s)
		return nil, nil, fmt.Errorf("pty number: %w", err)
	}
	return os.NewFile(uintptr(m), "/dev/ptmx"), os.NewFile(uintptr(s), fmt.Sprintf("/dev/pts/%d", n)), nil
}

// ptyPeer opens the slave of master for reading and writing (the flags of
// TIOCGPTPEER are open(2)'s: none would give a read-only slave).
func ptyPeer(master int) (int, error) {
	fd, _, e := unix.Syscall(unix.SYS_IOCTL, uintptr(master), unix.TIOCGPTPEER, unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC)
	if e != 0 {
		return -1, e
	}
	return int(fd), nil
}

// SendToSocket connects to the unix socket at path and sends master over
// it with SCM_RIGHTS, the protocol of runc's --console-socket: one message
// whose data is the file's name and whose control message holds the fd.
func SendToSocket(path string, master *os.File) error {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("console socket %s: %w", path, err)
	}
	defer unix.Close(fd)
	if err := unix.Connect(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		return fmt.Errorf("console socket %s: %w", path, err)
	}
	oob := unix.UnixRights(int(master.Fd()))
	if err := unix.Sendmsg(fd, []byte(master.Name()), oob, nil, 0); err != nil {
		return fmt.Errorf("console socket %s: send pty: %w", path, err)
	}
	return nil
}
