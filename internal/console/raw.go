package console

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// IsTerminal reports whether f is a terminal.
func IsTerminal(f *os.File) bool {
	return control(f, func(fd int) error {
		_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		return err
	}) == nil
}

// MakeRaw puts the terminal f into raw mode, as cfmakeraw(3) does: no
// echo, no line editing, no signals from keys (^C reaches the container
// as a byte, and its own terminal turns it into SIGINT), no output
// processing. The returned restore puts the mode back as it was; it may be
// called more than once.
func MakeRaw(f *os.File) (restore func() error, err error) {
	var saved *unix.Termios
	err = control(f, func(fd int) error {
		saved, err = unix.IoctlGetTermios(fd, unix.TCGETS)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("raw mode: get termios: %w", err)
	}
	raw := *saved
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	raw.Oflag &^= unix.OPOST
	raw.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	raw.Cflag &^= unix.CSIZE | unix.PARENB
	raw.Cflag |= unix.CS8
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	if err := setTermios(f, &raw); err != nil {
		return nil, fmt.Errorf("raw mode: set termios: %w", err)
	}
	return func() error {
		if err := setTermios(f, saved); err != nil {
			return fmt.Errorf("restore terminal mode: %w", err)
		}
		return nil
	}, nil
}

func setTermios(f *os.File, t *unix.Termios) error {
	return control(f, func(fd int) error { return unix.IoctlSetTermios(fd, unix.TCSETS, t) })
}
