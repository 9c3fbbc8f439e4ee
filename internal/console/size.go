package console

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Size is a terminal's window size in characters.
type Size struct {
	Rows, Cols uint16
}

// GetSize reads the window size of the terminal f (TIOCGWINSZ).
func GetSize(f *os.File) (Size, error) {
	var ws *unix.Winsize
	err := control(f, func(fd int) error {
		var err error
		ws, err = unix.IoctlGetWinsize(fd, unix.TIOCGWINSZ)
		return err
	})
	if err != nil {
		return Size{}, fmt.Errorf("get window size: %w", err)
	}
	return Size{Rows: ws.Row, Cols: ws.Col}, nil
}

// SetSize sets the window size of the terminal f (TIOCSWINSZ). On a pty
// master the kernel then sends SIGWINCH to the foreground process group of
// the slave, when the size changed.
func SetSize(f *os.File, s Size) error {
	ws := &unix.Winsize{Row: s.Rows, Col: s.Cols}
	err := control(f, func(fd int) error { return unix.IoctlSetWinsize(fd, unix.TIOCSWINSZ, ws) })
	if err != nil {
		return fmt.Errorf("set window size: %w", err)
	}
	return nil
}

// CopySize sets the window size of the terminal to to that of from; when
// from is not a terminal it does nothing.
func CopySize(from, to *os.File) error {
	s, err := GetSize(from)
	if err != nil {
		return nil
	}
	return SetSize(to, s)
}
