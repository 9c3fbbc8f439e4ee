package rootfs

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Enter makes rootfs the process's root: PivotRoot, or Chroot when
// opts.NoPivot is set.
func Enter(rootfs string, opts Options) error {
	if opts.NoPivot {
		return Chroot(rootfs)
	}
	return PivotRoot(rootfs)
}

// PivotRoot makes rootfs (a mount point: Prepare binds it onto itself) the
// root and detaches the old root, with pivot_root(".", "."): the old root
// ends up stacked on the new one, so no directory for it is needed. The old
// root is made rslave first so its unmount does not reach the host.
func PivotRoot(rootfs string) error {
	oldRoot, err := unix.Open("/", unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("pivot root: open old root: %w", err)
	}
	defer unix.Close(oldRoot)
	if err := unix.Chdir(rootfs); err != nil {
		return fmt.Errorf("pivot root: chdir %q: %w", rootfs, err)
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot root: %w", err)
	}
	if err := unix.Fchdir(oldRoot); err != nil {
		return fmt.Errorf("pivot root: chdir old root: %w", err)
	}
	if err := unix.Mount("", ".", "", unix.MS_SLAVE|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("pivot root: make old root rslave: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("pivot root: detach old root: %w", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return fmt.Errorf("pivot root: chdir /: %w", err)
	}
	return nil
}

// Chroot moves the rootfs mount onto / and chroots into it, for roots
// pivot_root cannot use (ramfs, initramfs). Host mounts stay reachable
// from the mount namespace, so prefer PivotRoot.
func Chroot(rootfs string) error {
	if err := unix.Chdir(rootfs); err != nil {
		return fmt.Errorf("chroot: chdir %q: %w", rootfs, err)
	}
	if err := unix.Mount(rootfs, "/", "", unix.MS_MOVE, ""); err != nil {
		return fmt.Errorf("chroot: move %q to /: %w", rootfs, err)
	}
	if err := unix.Chroot("."); err != nil {
		return fmt.Errorf("chroot: %w", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return fmt.Errorf("chroot: chdir /: %w", err)
	}
	return nil
}
