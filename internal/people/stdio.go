package people

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"

	"github.com/cell-runtime/cell/internal/container"
)

// stdio is how a container's process is wired to cell: the IO handed to
// the engine, the files cell must close once the engine has passed them
// on, and a wait for the output relays to finish.
type stdio struct {
	container.IO
	owned []*os.File
	relay sync.WaitGroup
}

// containerIO wires a foreground container to cell's stdio (stdin only
// with -i, a terminal relay with -t) and a detached one to a log relay.
func containerIO(bundle string, o *Options) (*stdio, error) {
	s := &stdio{}
	if o.Detach {
		return s, s.toLog(logPath(bundle), o.removeWith)
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
		s.Console = relayTerminal(s.Stdin, s.Stdout, &s.relay)
	}
	return s, nil
}

func pick(f, def *os.File) *os.File {
	if f != nil {
		return f
	}
	return def
}

// toLog starts a log relay (cell re-executed as `cell log-relay FILE`) in
// its own session and points the container's stdout and stderr at it; it
// outlives this cell and ends when the container's last writer exits.
// With rm (`--root ROOT --rm ID`) it then removes the container (-d --rm).
func (s *stdio) toLog(path string, rm []string) error {
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("log pipe: %w", err)
	}
	defer r.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		w.Close()
		return fmt.Errorf("stdin: %w", err)
	}
	s.owned = append(s.owned, w, null)
	cmd := exec.Command("/proc/self/exe", append(append([]string{RelayCommand}, rm...), path)...)
	cmd.Stdin = r
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start log relay: %w", err)
	}
	go func() { _ = cmd.Wait() }()
	s.Stdin, s.Stdout, s.Stderr = null, w, w
	return nil
}

// close closes cell's copies of the files it made for the container.
func (s *stdio) close() {
	for _, f := range s.owned {
		f.Close()
	}
	s.owned = nil
}
