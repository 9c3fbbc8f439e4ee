package cli

import (
	"os"
	"runtime"

	"github.com/cell-runtime/cell/internal/initproc"
)

// initCommand is the hidden argument with which cell re-executes itself as
// a container's init.
const initCommand = "init"

func init() {
	// The init's namespaces, credentials and seccomp filter are per-thread
	// until execve: keep main on one thread from the start.
	if len(os.Args) > 1 && os.Args[1] == initCommand {
		runtime.LockOSThread()
	}
}

func runInit() int { return initproc.Main() }
