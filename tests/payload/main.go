//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command payload is the one program inside the test root filesystem.
//
// It is a static multi-call binary in the spirit of crun's tests/init.c:
// invoked as "payload <cmd> [args]" or through a symlink whose basename is a
// command name ("true", "caps", ...), it runs one small probe or load
// generator and prints machine-readable output (plain lines or JSON) on
// stdout. Integration tests run it inside containers and read what it saw
// from the inside: ids, mounts, capabilities, namespaces, limits.
//
// Exit status: 0 when the command ran and its probe succeeded; 1 when the
// probe reported a failure on stdout (an errno name, an error string) or
// the command failed (message on stderr); 2 for a usage error. "exit N"
// and "false" exit with their own status.
//
// It deliberately does no setup of its own (no mounts, no namespace
// changes that outlive it) and needs no libc: build with CGO_ENABLED=0.
// The go:debug lines keep the Go runtime from opening cgroup files to size
// GOMAXPROCS, so the fds command sees only what the runtime under test
// passed in.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	os.Exit(run(os.Stdout, os.Stderr, os.Args))
}

// run dispatches argv to a command and turns its error into an exit status.
func run(stdout, stderr io.Writer, argv []string) int {
	name, args := commandLine(argv)
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "payload: unknown command %q (try \"payload commands\")\n", name)
		return 2
	}
	return exitStatus(stderr, name, cmd.run(stdout, args))
}

// commandLine picks the command from argv[0]'s basename when it names a
// command, and from argv[1] otherwise.
func commandLine(argv []string) (string, []string) {
	if len(argv) == 0 {
		return "commands", nil
	}
	if _, ok := lookup(filepath.Base(argv[0])); ok {
		return filepath.Base(argv[0]), argv[1:]
	}
	if len(argv) < 2 {
		return "commands", nil
	}
	return argv[1], argv[2:]
}

// exitStatus maps a command's error to the process exit status.
func exitStatus(stderr io.Writer, name string, err error) int {
	var code exitCode
	var usage usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &code):
		return int(code)
	case errors.Is(err, errReported):
		return 1
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "payload: usage: %s %s\n", name, usage.usage)
		return 2
	default:
		fmt.Fprintf(stderr, "payload: %s: %v\n", name, err)
		return 1
	}
}
