package nstools

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// PivotRoot moves the root mount of the caller's mount namespace to putOld
// and makes newRoot the root, like util-linux pivot_root: it is the system
// call and nothing else (no chdir, no unmount of putOld).
func PivotRoot(newRoot, putOld string) error {
	if err := unix.PivotRoot(newRoot, putOld); err != nil {
		return fmt.Errorf("pivot_root %s %s: %w", newRoot, putOld, err)
	}
	return nil
}
