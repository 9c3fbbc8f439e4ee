package console

import (
	"io"
	"os"
	"os/signal"
	"time"

	"golang.org/x/sys/unix"
)

// drainGrace bounds how long Relay keeps copying output after the process
// ended while something else (a background child of an exec) still holds
// the pty's slave open.
const drainGrace = time.Second

// Relay connects a person's terminal to a container's pty master for as
// long as the container's process runs, and returns the process's exit
// status as wait reports it. Callers: `cell run -t` and `cell exec -t`
// without --console-socket, and the people's `cell run -t`.
//
// in and out are the person's side, usually os.Stdin and os.Stdout. When in
// is a terminal, Relay puts it in raw mode, gives master its window size
// and does so again on every SIGWINCH; in's mode is restored before Relay
// returns. wait must return once the process has ended, and should relay
// the signals cell gets (SIGTERM, SIGHUP, ...) to the process, as
// container.WaitForwarding does: then a signalled cell ends the process,
// and Relay still restores the terminal. Keys such as ^C travel as bytes
// and the container's terminal turns them into signals. Start relaying
// signals before calling Relay, so that none ends cell while in is raw.
//
// After wait returns, Relay copies what the process left in the pty until
// the kernel reports every slave fd closed, or for at most a second when a
// slave outlives the process. Relay closes master. An error means the
// relay could not be set up; the process is left running. The goroutine
// copying in to master may outlive Relay, blocked in a read of in: Relay
// is meant to end a command.
func Relay(master, in, out *os.File, wait func() int) (int, error) {
	m, err := pollable(master)
	master.Close()
	if err != nil {
		return 0, err
	}
	defer m.Close()
	if IsTerminal(in) {
		restore, err := MakeRaw(in)
		if err != nil {
			return 0, err
		}
		defer restore()
		_ = CopySize(in, m)
		defer followResize(in, m)()
	}
	go func() { _, _ = io.Copy(plainWriter{m}, plainReader{in}) }()
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(plainWriter{out}, plainReader{m})
		close(done)
	}()
	code := wait()
	_ = m.SetReadDeadline(time.Now().Add(drainGrace))
	<-done
	return code, nil
}

// followResize gives master the size of in on every SIGWINCH until the
// returned stop is called.
func followResize(in, master *os.File) (stop func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, unix.SIGWINCH)
	go func() {
		for range ch {
			_ = CopySize(in, master)
		}
	}()
	return func() {
		signal.Stop(ch)
		close(ch)
	}
}

// plainReader and plainWriter hide os.File's ReadFrom and WriteTo, so that
// io.Copy uses read and write, which work on terminals, instead of trying
// splice or copy_file_range.
type plainReader struct{ io.Reader }
type plainWriter struct{ io.Writer }
