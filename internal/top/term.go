package top

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// terminal is a tty in raw mode on the alternate screen.
type terminal struct {
	in, out *os.File
	saved   *unix.Termios
}

// errNotTerminal is returned when stdin or stdout is not a tty.
var errNotTerminal = errors.New("top needs a terminal on stdin and stdout")

// openTerminal puts in into raw mode and out on the alternate screen with
// the cursor hidden. restore undoes both.
func openTerminal(in, out *os.File) (*terminal, error) {
	saved, err := unix.IoctlGetTermios(int(in.Fd()), unix.TCGETS)
	if err != nil {
		return nil, errNotTerminal
	}
	if _, err := unix.IoctlGetWinsize(int(out.Fd()), unix.TIOCGWINSZ); err != nil {
		return nil, errNotTerminal
	}
	raw := *saved
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	raw.Oflag &^= unix.OPOST
	raw.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	raw.Cflag = raw.Cflag&^(unix.CSIZE|unix.PARENB) | unix.CS8
	raw.Cc[unix.VMIN], raw.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(int(in.Fd()), unix.TCSETS, &raw); err != nil {
		return nil, fmt.Errorf("top: raw mode: %w", err)
	}
	t := &terminal{in: in, out: out, saved: saved}
	t.write("\033[?1049h\033[?25l\033[2J")
	return t, nil
}

// restore shows the cursor, leaves the alternate screen and puts the tty
// modes back as they were.
func (t *terminal) restore() {
	t.write("\033[0m\033[?25h\033[?1049l")
	_ = unix.IoctlSetTermios(int(t.in.Fd()), unix.TCSETS, t.saved)
}

// size is the window's width and height.
func (t *terminal) size() (int, int) {
	ws, err := unix.IoctlGetWinsize(int(t.out.Fd()), unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 || ws.Row == 0 {
		return 80, 24
	}
	return int(ws.Col), int(ws.Row)
}

// draw replaces the screen with lines.
func (t *terminal) draw(lines []string) {
	var b []byte
	b = append(b, "\033[H"...)
	for i, l := range lines {
		if i > 0 {
			b = append(b, "\r\n"...)
		}
		b = append(b, l...)
		b = append(b, "\033[K"...)
	}
	b = append(b, "\033[J"...)
	t.write(string(b))
}

func (t *terminal) write(s string) { _, _ = t.out.WriteString(s) }

// readKeys sends every key read from the terminal until reading fails.
func (t *terminal) readKeys(keys chan<- string) {
	buf := make([]byte, 64)
	for {
		n, err := t.in.Read(buf)
		if err != nil {
			close(keys)
			return
		}
		for _, k := range parseKeys(buf[:n]) {
			keys <- k
		}
	}
}

// parseKeys names the keys in one read: arrows arrive as ESC [ A..D.
func parseKeys(b []byte) []string {
	var out []string
	for len(b) > 0 {
		switch {
		case len(b) >= 3 && b[0] == 0x1b && (b[1] == '[' || b[1] == 'O'):
			out = append(out, map[byte]string{'A': "up", 'B': "down", 'C': "right", 'D': "left"}[b[2]])
			b = b[3:]
			continue
		case b[0] == 0x1b:
			out = append(out, "esc")
		case b[0] == 3:
			out = append(out, "ctrl+c")
		case b[0] == '\r':
			out = append(out, "enter")
		default:
			out = append(out, string(b[0]))
		}
		b = b[1:]
	}
	return out
}
