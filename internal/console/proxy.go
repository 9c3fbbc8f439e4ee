package console

import (
	"io"
	"os"
	"os/signal"
	"time"

	"golang.org/x/sys/unix"
)

// Proxy relays a person's terminal to a container's pty master, as runc
// does for `runc exec -t` without --console-socket: the terminal is put in
// raw mode (keys such as ^C reach the container's line discipline), input
// is copied to the master, output to out, and the window size follows the
// terminal's now and on every SIGWINCH.
type Proxy struct {
	master  *os.File
	in      *os.File
	saved   *unix.Termios // nil when in is not a terminal
	winch   chan os.Signal
	outDone chan struct{}
}

// StartProxy starts relaying between in (a terminal, or any file) and out
// and master; it takes ownership of master. It does not block.
func StartProxy(master, in, out *os.File) *Proxy {
	p := &Proxy{master: master, in: in, winch: make(chan os.Signal, 1), outDone: make(chan struct{})}
	if t, err := unix.IoctlGetTermios(int(in.Fd()), unix.TCGETS); err == nil {
		p.saved = t
		raw := *t
		makeRaw(&raw)
		_ = unix.IoctlSetTermios(int(in.Fd()), unix.TCSETS, &raw)
		p.resize()
		signal.Notify(p.winch, unix.SIGWINCH)
		go func() {
			for range p.winch {
				p.resize()
			}
		}()
	}
	go func() { _, _ = io.Copy(master, in) }()
	go func() { _, _ = io.Copy(out, master); close(p.outDone) }() // EIO once every slave fd is closed
	return p
}

// Stop waits briefly for the last output, restores the terminal and closes
// the master.
func (p *Proxy) Stop() {
	select {
	case <-p.outDone:
	case <-time.After(time.Second):
	}
	signal.Stop(p.winch)
	close(p.winch)
	if p.saved != nil {
		_ = unix.IoctlSetTermios(int(p.in.Fd()), unix.TCSETS, p.saved)
	}
	p.master.Close()
}

// resize copies the terminal's window size to the pty.
func (p *Proxy) resize() {
	if ws, err := unix.IoctlGetWinsize(int(p.in.Fd()), unix.TIOCGWINSZ); err == nil {
		_ = unix.IoctlSetWinsize(int(p.master.Fd()), unix.TIOCSWINSZ, ws)
	}
}

// makeRaw is cfmakeraw(3).
func makeRaw(t *unix.Termios) {
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
}
