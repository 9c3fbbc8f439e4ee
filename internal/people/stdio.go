package people

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"github.com/cell-runtime/cell/internal/container"
)

// stdio is how a container's process is wired to cell: the IO handed to
// the engine, the files cell must close once the engine has passed them
// on, and, with -t, the pty master (foreground) or the error of handing it
// to the log relay (detached).
type stdio struct {
	container.IO
	owned      []*os.File
	master     *os.File
	consoleErr error
	// pidR and pidW carry the init's pid to a detached container's log
	// relay, which records its exit status; the relay also holds hold.
	pidR, pidW, hold *os.File
}

// containerIO wires a foreground container to cell's stdio (stdin only
// with -i, a terminal relay with -t) and a detached one to a log relay
// (which, with -t, reads the pty).
func containerIO(bundle string, o *Options) (*stdio, error) {
	s := &stdio{}
	if o.Detach {
		return s, s.detached(logPath(bundle), o)
	}
	s.Stdin, s.Stdout, s.Stderr = pick(o.Stdin, os.Stdin), pick(o.Stdout, os.Stdout), pick(o.Stderr, os.Stderr)
	if !o.Interactive {
		null, err := os.Open(os.DevNull)
		if err != nil {
			return nil, fmt.Errorf("stdin: %w", err)
		}
		s.Stdin = null
		s.owned = append(s.owned, null)
	}
	if o.Spec.Terminal {
		s.Console = s.holdMaster()
	}
	return s, nil
}

func pick(f, def *os.File) *os.File {
	if f != nil {
		return f
	}
	return def
}

// detached wires a detached container to a log relay: its stdout and
// stderr, or with -t its terminal.
func (s *stdio) detached(path string, o *Options) error {
	// The log exists once `cell run -d` returns, for `cell logs`.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("log: %w", err)
	}
	f.Close()
	if s.pidR, s.pidW, err = os.Pipe(); err != nil {
		return fmt.Errorf("pid pipe: %w", err)
	}
	s.owned = append(s.owned, s.pidR, s.pidW)
	if o.slirp != nil {
		s.hold = o.slirp.exitW
	}
	if o.Spec.Terminal {
		s.Console = s.logTerminal(path, o.relayArgs)
		return s.nullStdio()
	}
	return s.toLog(path, o.relayArgs)
}

// sendPid tells a detached container's log relay the init's pid.
func (s *stdio) sendPid(pid int) {
	if s.pidW != nil {
		_, _ = fmt.Fprintf(s.pidW, "%d\n", pid)
	}
}

// toLog starts a log relay and points the container's stdout and stderr
// at it.
func (s *stdio) toLog(path string, args []string) error {
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("log pipe: %w", err)
	}
	defer r.Close()
	s.owned = append(s.owned, w)
	if err := s.nullStdio(); err != nil {
		return err
	}
	if err := startRelay(r, s.pidR, s.hold, path, args); err != nil {
		return err
	}
	s.Stdout, s.Stderr = w, w
	return nil
}

// nullStdio points the container's stdio at /dev/null.
func (s *stdio) nullStdio() error {
	null, err := os.Open(os.DevNull)
	if err != nil {
		return fmt.Errorf("stdin: %w", err)
	}
	s.owned = append(s.owned, null)
	s.Stdin, s.Stdout, s.Stderr = null, null, null
	return nil
}

// startRelay starts a log relay (cell re-executed as `cell log-relay
// FILE`) reading in, in its own session; it outlives this cell and ends
// when in does (the container's last writer exited) and the process has
// exited. args are its flags (Run's relayArgs); pids is its fd 3; hold,
// when not nil, its fd 4, kept open until it ends.
func startRelay(in, pids, hold *os.File, path string, args []string) error {
	cmd := exec.Command("/proc/self/exe", append(append([]string{RelayCommand}, args...), path)...)
	cmd.Stdin = in
	cmd.ExtraFiles = []*os.File{pids}
	if hold != nil {
		cmd.ExtraFiles = append(cmd.ExtraFiles, hold) // slirp4netns's exit pipe, held until the relay ends
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start log relay: %w", err)
	}
	go func() { _ = cmd.Wait() }()
	return nil
}

// close closes cell's copies of the files it made for the container.
func (s *stdio) close() {
	for _, f := range s.owned {
		f.Close()
	}
	s.owned = nil
}
