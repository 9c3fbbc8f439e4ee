package container

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// overlayOpen opens file name of dir through an overlay filesystem that
// has no upper layer, so it is read-only by construction: writes fail with
// EROFS whatever the caller's privileges. The overlay is never attached to
// any mount namespace (fsopen/fsmount give a detached mount, reachable only
// through its fd), so the host's mount table does not change, and it goes
// away with the last process running from it. Its layers are dir and an
// empty detached tmpfs (overlay wants two layers when it has no upper
// one). The file must be size bytes long.
func overlayOpen(dir, name string, size int64) (*os.File, error) {
	empty, err := detachedMount("tmpfs", unix.MOUNT_ATTR_RDONLY)
	if err != nil {
		return nil, err
	}
	defer unix.Close(empty)
	ovl, err := detachedMount("overlay", unix.MOUNT_ATTR_RDONLY|unix.MOUNT_ATTR_NODEV|unix.MOUNT_ATTR_NOSUID,
		dir, fmt.Sprintf("/proc/self/fd/%d", empty))
	if err != nil {
		return nil, err
	}
	defer unix.Close(ovl)
	fd, err := unix.Openat(ovl, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open %s in overlay: %w", name, err)
	}
	f := os.NewFile(uintptr(fd), name)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != size {
		f.Close()
		return nil, fmt.Errorf("open %s in overlay: not the %d-byte file expected", name, size)
	}
	return f, nil
}

// detachedMount makes a new mount of fstype, not attached anywhere, with
// lowers as its "lowerdir+" layers, and returns its fd.
func detachedMount(fstype string, attrs int, lowers ...string) (int, error) {
	fs, err := unix.Fsopen(fstype, unix.FSOPEN_CLOEXEC)
	if err != nil {
		return -1, fmt.Errorf("fsopen %s: %w", fstype, err)
	}
	defer unix.Close(fs)
	for _, l := range lowers {
		if err := unix.FsconfigSetString(fs, "lowerdir+", l); err != nil {
			return -1, fmt.Errorf("%s lowerdir %s: %w", fstype, l, err)
		}
	}
	if err := unix.FsconfigCreate(fs); err != nil {
		return -1, fmt.Errorf("create %s: %w", fstype, err)
	}
	m, err := unix.Fsmount(fs, unix.FSMOUNT_CLOEXEC, attrs)
	if err != nil {
		return -1, fmt.Errorf("fsmount %s: %w", fstype, err)
	}
	return m, nil
}

// sameFile checks that f has the size and times of b, the stat of the
// binary we run: the one on disk may have been replaced since we started.
func sameFile(f *os.File, b *unix.Stat_t) error {
	var a unix.Stat_t
	if err := unix.Fstat(int(f.Fd()), &a); err != nil {
		return fmt.Errorf("stat overlay binary: %w", err)
	}
	if a.Size != b.Size || a.Mtim != b.Mtim || a.Ctim != b.Ctim {
		return errors.New("own binary changed on disk")
	}
	return nil
}
