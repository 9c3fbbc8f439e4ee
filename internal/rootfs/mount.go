package rootfs

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// mountFresh mounts a new filesystem (tmpfs, devpts, mqueue, any other
// type) at the destination, passing unknown options as data.
func mountFresh(r *rootDir, m specs.Mount, mo mountOpts) error {
	src := m.Source
	if src == "" {
		src = m.Type
	}
	err := mountAt(r, m.Destination, false, src, m.Type, mo.flags, mo.dataString())
	if errors.Is(err, unix.EINVAL) && m.Type == "devpts" && slices.ContainsFunc(mo.data, isGIDOption) {
		// gid=5 names a group the user namespace does not map (rootless,
		// or nested in a container): new ptys then get the creator's gid.
		mo.data = slices.DeleteFunc(slices.Clone(mo.data), isGIDOption)
		err = mountAt(r, m.Destination, false, src, m.Type, mo.flags, mo.dataString())
	}
	if err != nil {
		return err
	}
	return applyPropagation(r, m.Destination, mo)
}

func isGIDOption(o string) bool { return strings.HasPrefix(o, "gid=") }

// mountBind binds the host path m.Source, then remounts it when flags
// such as ro or nosuid were asked for: the first MS_BIND call ignores them.
func mountBind(r *rootDir, m specs.Mount, mo mountOpts) error {
	st, err := os.Stat(m.Source)
	if err != nil {
		return fmt.Errorf("bind source: %w", err)
	}
	bindFlags := mo.flags & (unix.MS_BIND | unix.MS_REC)
	if err := mountAt(r, m.Destination, !st.IsDir(), m.Source, "", bindFlags, ""); err != nil {
		return err
	}
	if mo.remountFlags() != 0 {
		if err := remountBind(r, m.Destination, mo); err != nil {
			return err
		}
	}
	return applyPropagation(r, m.Destination, mo)
}

// remountBind applies mo's flags to the bind now on dst. A mount made in a
// user namespace has its nosuid, nodev, noexec, ro and atime flags locked;
// when the kernel refuses, the flags the mount already has are kept.
func remountBind(r *rootDir, dst string, mo mountOpts) error {
	f, err := r.reopen(dst)
	if err != nil {
		return err
	}
	defer f.Close()
	flags := unix.MS_BIND | unix.MS_REMOUNT | mo.remountFlags()
	err = unix.Mount("", fdPath(f), "", flags, "")
	if errors.Is(err, unix.EPERM) {
		err = unix.Mount("", fdPath(f), "", flags|lockedFlags(f, flags), "")
	}
	if err != nil {
		return fmt.Errorf("remount %#x: %w", flags, err)
	}
	if mo.flags&unix.MS_REC != 0 && mo.flags&unix.MS_RDONLY != 0 {
		return readonlyRecursive(f)
	}
	return nil
}

// lockedFlags returns the flags of f's mount that a remount must keep.
func lockedFlags(f *os.File, asked uintptr) uintptr {
	var st unix.Statfs_t
	if unix.Fstatfs(int(f.Fd()), &st) != nil {
		return 0
	}
	var out uintptr
	for stFlag, ms := range map[int64]uintptr{
		unix.ST_NOSUID: unix.MS_NOSUID, unix.ST_NODEV: unix.MS_NODEV,
		unix.ST_NOEXEC: unix.MS_NOEXEC, unix.ST_RDONLY: unix.MS_RDONLY,
	} {
		if st.Flags&stFlag != 0 {
			out |= ms
		}
	}
	const atime = unix.MS_NOATIME | unix.MS_RELATIME | unix.MS_STRICTATIME
	if asked&atime == 0 {
		out |= statfsAtime(st.Flags)
	}
	return out
}

// statfsAtime maps statfs atime flags to mount flags.
func statfsAtime(f int64) uintptr {
	switch {
	case f&unix.ST_NOATIME != 0:
		return unix.MS_NOATIME
	case f&unix.ST_RELATIME != 0:
		return unix.MS_RELATIME
	}
	return 0
}

// applyPropagation sets each propagation option on the mount at dst.
func applyPropagation(r *rootDir, dst string, mo mountOpts) error {
	if len(mo.propagation) == 0 {
		return nil
	}
	f, err := r.reopen(dst)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range mo.propagation {
		if err := unix.Mount("", fdPath(f), "", p, ""); err != nil {
			return fmt.Errorf("set propagation %#x: %w", p, err)
		}
	}
	return nil
}

// mountAt creates dst inside the root (a file when file is true) and
// mounts onto it through its checked file descriptor, once the place that
// descriptor really is passes checkProcDest.
func mountAt(r *rootDir, dst string, file bool, src, fstype string, flags uintptr, data string) error {
	f, err := r.target(dst, file)
	if err != nil {
		return err
	}
	defer f.Close()
	if flags&unix.MS_BIND != 0 {
		fstype = ""
	}
	if err := checkResolvedDest(r, f, fstype); err != nil {
		return err
	}
	return unix.Mount(src, fdPath(f), fstype, flags, data)
}
