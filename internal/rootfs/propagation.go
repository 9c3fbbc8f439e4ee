package rootfs

import (
	"fmt"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// rootPropagation is linux.rootfsPropagation as mount flags; "" is rslave.
func rootPropagation(s *specs.Spec) (uintptr, error) {
	if s.Linux == nil || s.Linux.RootfsPropagation == "" {
		return unix.MS_SLAVE | unix.MS_REC, nil
	}
	p, ok := propagationOptions[s.Linux.RootfsPropagation]
	if !ok {
		return 0, fmt.Errorf("rootfs propagation %q: unknown", s.Linux.RootfsPropagation)
	}
	return p, nil
}

// setRootPropagation applies rootfsPropagation to the whole tree, so no
// mount made later reaches the host, then makes the rootfs's parent mount
// private if it is shared (pivot_root refuses a shared parent), and binds
// rootfs onto itself so it is a mount point.
func setRootPropagation(s *specs.Spec, rootfs string) error {
	flags, err := rootPropagation(s)
	if err != nil {
		return err
	}
	if err := unix.Mount("", "/", "", flags, ""); err != nil {
		return fmt.Errorf("set / propagation: %w", err)
	}
	// After a recursive slave or private, no mount is shared any more.
	if flags&unix.MS_REC == 0 || flags&(unix.MS_SLAVE|unix.MS_PRIVATE) == 0 {
		if err := privateParent(rootfs); err != nil {
			return err
		}
	}
	if err := unix.Mount(rootfs, rootfs, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return fmt.Errorf("bind rootfs onto itself: %w", err)
	}
	return nil
}

// privateParent makes the mount holding rootfs private when it is shared.
func privateParent(rootfs string) error {
	mounts, err := readMountinfo()
	if err != nil {
		return err
	}
	parent, ok := mountContaining(mounts, rootfs)
	if !ok || !strings.Contains(parent.optional, "shared:") {
		return nil
	}
	if err := unix.Mount("", parent.mountpoint, "", unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make %q private: %w", parent.mountpoint, err)
	}
	return nil
}
