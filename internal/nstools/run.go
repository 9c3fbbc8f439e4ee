package nstools

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"syscall"
)

// Stdio are the standard streams of the program that is run; nil means the
// caller's own.
type Stdio struct {
	In       io.Reader
	Out, Err io.Writer
}

func (s Stdio) apply(cmd *exec.Cmd) {
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s.In, s.Out, s.Err
	if s.In == nil {
		cmd.Stdin = os.Stdin
	}
	if s.Out == nil {
		cmd.Stdout = os.Stdout
	}
	if s.Err == nil {
		cmd.Stderr = os.Stderr
	}
}

// SelfExe is the cell binary that is re-executed to finish work inside new
// or joined namespaces.
const SelfExe = "/proc/self/exe"

// ChildCommand is the hidden first argument of a re-executed cell; the
// command line must route it to Child.
const ChildCommand = "nstools-child"

// exitStatus turns the result of waiting for a program into its exit status
// as a shell reports it (128+N when killed by signal N).
func exitStatus(err error) (int, error) {
	if err == nil {
		return 0, nil
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return -1, err
	}
	return waitStatus(ee.Sys().(syscall.WaitStatus)), nil
}

func waitStatus(ws syscall.WaitStatus) int {
	if ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ws.ExitStatus()
}

// defaultArgv returns argv, or the user's shell when argv is empty, as
// util-linux does.
func defaultArgv(argv []string) []string {
	if len(argv) > 0 {
		return argv
	}
	if sh := os.Getenv("SHELL"); sh != "" {
		return []string{sh}
	}
	return []string{"/bin/sh"}
}
