package main

import (
	"fmt"
	"io"

	"golang.org/x/sys/unix"
)

func init() {
	register("keyring", "", keyring)
}

// keyring prints the serial and the description of the process's session
// keyring ("SERIAL TYPE;UID;GID;PERM;NAME"), creating none.
func keyring(out io.Writer, _ []string) error {
	id, err := unix.KeyctlGetKeyringID(unix.KEY_SPEC_SESSION_KEYRING, false)
	if err != nil {
		return fmt.Errorf("session keyring: %w", err)
	}
	desc, err := unix.KeyctlString(unix.KEYCTL_DESCRIBE, id)
	if err != nil {
		return fmt.Errorf("describe keyring %d: %w", id, err)
	}
	fmt.Fprintf(out, "%d %s\n", id, desc)
	return nil
}
