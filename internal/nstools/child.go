package nstools

import (
	"fmt"
	"syscall"

	"golang.org/x/sys/unix"
)

// Child runs in a re-executed cell (args follow ChildCommand): it finishes
// the work of Unshare or Nsenter inside the namespaces and executes the
// program. It returns only on failure.
func Child(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("nstools child: no mode")
	}
	switch args[0] {
	case "unshare":
		return childUnshare(args[1:])
	case "nsenter":
		return childNsenter(args[1:])
	}
	return fmt.Errorf("nstools child: unknown mode %q", args[0])
}

func syscallStatus(ws unix.WaitStatus) syscall.WaitStatus { return syscall.WaitStatus(ws) }
