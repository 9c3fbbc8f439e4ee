package rootfs

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// MaskPaths hides each path of the current root: a file gets /dev/null
// bound over it, a directory an empty read-only tmpfs. Missing paths are
// skipped. The /dev/null used must be the character device 1:3
// (CVE-2025-31133: a container could otherwise swap it for a symlink or
// another file and have the runtime bind that instead).
func MaskPaths(paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	root, err := openSlash()
	if err != nil {
		return err
	}
	defer root.Close()
	null, err := openDevNull(root)
	if err != nil {
		return err
	}
	defer null.Close()
	for _, p := range paths {
		if err := maskPath(root, null, p); err != nil {
			return fmt.Errorf("mask %q: %w", p, err)
		}
	}
	return nil
}

// openDevNull opens /dev/null without following any symlink and checks it
// is the null device.
func openDevNull(root *os.File) (*os.File, error) {
	how := unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: beneath}
	fd, err := unix.Openat2(int(root.Fd()), "dev/null", &how)
	if err != nil {
		return nil, fmt.Errorf("open /dev/null: %w", symlinkErr(err))
	}
	f := os.NewFile(uintptr(fd), "/dev/null")
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		f.Close()
		return nil, fmt.Errorf("stat /dev/null: %w", err)
	}
	if st.Mode&unix.S_IFMT != unix.S_IFCHR || st.Rdev != unix.Mkdev(1, 3) {
		f.Close()
		return nil, fmt.Errorf("%w (mode %#o, rdev %#x)", ErrNotDevNull, st.Mode, st.Rdev)
	}
	return f, nil
}

// maskPath masks one path through its file descriptor.
func maskPath(root, null *os.File, p string) error {
	f, err := openInRoot(root, p)
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	var st unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return unix.Mount("tmpfs", fdPath(f), "tmpfs", unix.MS_RDONLY, "")
	}
	return unix.Mount(fdPath(null), fdPath(f), "", unix.MS_BIND, "")
}
