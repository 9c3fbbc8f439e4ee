package security

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// KeepCaps sets PR_SET_KEEPCAPS on the calling thread, so that a setuid
// from root to a non-root uid keeps the permitted set (the effective set
// is still cleared; ApplyCapSets restores it).
func KeepCaps() error {
	if err := unix.Prctl(unix.PR_SET_KEEPCAPS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("set keepcaps: %w", err)
	}
	return nil
}

// ClearKeepCaps clears PR_SET_KEEPCAPS (execve clears it too).
func ClearKeepCaps() error {
	if err := unix.Prctl(unix.PR_SET_KEEPCAPS, 0, 0, 0, 0); err != nil {
		return fmt.Errorf("clear keepcaps: %w", err)
	}
	return nil
}

// SetNoNewPrivs sets no_new_privs on the calling thread; it is inherited
// across fork and execve and cannot be unset.
func SetNoNewPrivs() error {
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("set no_new_privs: %w", err)
	}
	return nil
}

// SetDumpable sets the process's dumpable flag (PR_SET_DUMPABLE): false
// keeps other users of the same uid from ptracing it or reading its
// /proc files. execve resets it according to the new program.
func SetDumpable(on bool) error {
	v := uintptr(0)
	if on {
		v = 1
	}
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, v, 0, 0, 0); err != nil {
		return fmt.Errorf("set dumpable %v: %w", on, err)
	}
	return nil
}
