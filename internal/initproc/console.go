package initproc

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/console"
	"github.com/cell-runtime/cell/internal/handshake"
)

// setupConsole makes a pty, sends its master to the parent, and makes the
// slave our stdio and controlling terminal. For a new container the slave
// is also bound at /dev/console, and nothing else is there (CVE-2025-52565).
func setupConsole(conn *handshake.Conn, devConsole bool) error {
	master, slave, err := console.OpenPty()
	if err != nil {
		return err
	}
	defer master.Close()
	defer slave.Close()
	if devConsole {
		if err := bindConsole(slave); err != nil {
			return err
		}
	}
	if err := conn.Send(handshake.KindConsole, nil, int(master.Fd())); err != nil {
		return err
	}
	for fd := 0; fd < 3; fd++ {
		if err := unix.Dup3(int(slave.Fd()), fd, 0); err != nil {
			return fmt.Errorf("console: dup to fd %d: %w", fd, err)
		}
	}
	// Only a session leader may take a controlling terminal. The parent
	// asks for a new session at clone time, but after joining a pid
	// namespace the nsenter constructor forked: the child leads nothing.
	if sid, _ := unix.Getsid(0); sid != unix.Getpid() {
		if _, err := unix.Setsid(); err != nil {
			return fmt.Errorf("console: new session: %w", err)
		}
	}
	if err := unix.IoctlSetInt(0, unix.TIOCSCTTY, 0); err != nil {
		return fmt.Errorf("console: set controlling terminal: %w", err)
	}
	return nil
}

func bindConsole(slave *os.File) error {
	const path = "/dev/console"
	fi, err := os.Lstat(path)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		// Whatever the rootfs put there (a device, a symlink), replace it
		// with an empty file to bind onto.
		if err := os.Remove(path); err != nil {
			return fmt.Errorf("console: remove %s: %w", path, err)
		}
		fallthrough
	case os.IsNotExist(err):
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return fmt.Errorf("console: create %s: %w", path, err)
		}
		f.Close()
	case err != nil:
		return fmt.Errorf("console: %w", err)
	}
	src := fmt.Sprintf("/proc/self/fd/%d", slave.Fd())
	if err := unix.Mount(src, path, "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("console: bind pty at %s: %w", path, err)
	}
	return nil
}
