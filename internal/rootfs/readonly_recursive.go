package rootfs

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// readonlyRecursive makes f's mount and every mount below it read-only
// with mount_setattr(2); a kernel without it (before 5.12) leaves the
// submounts as they are.
func readonlyRecursive(f *os.File) error {
	attr := unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY}
	err := unix.MountSetattr(int(f.Fd()), "", unix.AT_EMPTY_PATH|unix.AT_RECURSIVE, &attr)
	if err != nil && !errors.Is(err, unix.ENOSYS) {
		return fmt.Errorf("set recursive read-only: %w", err)
	}
	return nil
}
