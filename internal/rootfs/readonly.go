package rootfs

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// ReadonlyPaths makes each path of the current root, and every mount
// below it, read-only by binding it onto itself and remounting. Missing
// paths are skipped.
func ReadonlyPaths(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	root, err := openSlash()
	if err != nil {
		return err
	}
	defer root.Close()
	for _, p := range paths {
		if err := readonlyPath(root, p); err != nil {
			return fmt.Errorf("make %q read-only: %w", p, err)
		}
	}
	return nil
}

// readonlyPath binds p onto itself, then remounts the new mount.
func readonlyPath(root *os.File, p string) error {
	f, err := openInRoot(root, p)
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err != nil {
		return err
	}
	err = unix.Mount(fdPath(f), fdPath(f), "", unix.MS_BIND|unix.MS_REC, "")
	f.Close()
	if err != nil {
		return fmt.Errorf("bind: %w", err)
	}
	top, err := openInRoot(root, p) // the handle now reaches the new mount
	if err != nil {
		return err
	}
	defer top.Close()
	if err := remountReadonly(top); err != nil {
		return err
	}
	return readonlyRecursive(top)
}

// remountReadonly remounts f's mount read-only, keeping the flags a user
// namespace locks when the kernel insists.
func remountReadonly(f *os.File) error {
	flags := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY)
	err := unix.Mount("", fdPath(f), "", flags, "")
	if errors.Is(err, unix.EPERM) {
		err = unix.Mount("", fdPath(f), "", flags|lockedFlags(f, flags), "")
	}
	if err != nil {
		return fmt.Errorf("remount read-only: %w", err)
	}
	return nil
}

// readonlyRoot remounts / read-only (root.readonly); mounts below it keep
// their own flags.
func readonlyRoot() error {
	root, err := openSlash()
	if err != nil {
		return err
	}
	defer root.Close()
	if err := remountReadonly(root); err != nil {
		return fmt.Errorf("root: %w", err)
	}
	return nil
}
