package initproc

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// procRootIno is the inode number of every procfs root.
const procRootIno = 1

// openProcRoot opens the container's /proc without following a symlink
// and checks it is the root of a procfs. Someone sharing the rootfs can
// rename a directory of fake files to /proc at any moment
// (CVE-2025-52881); the handle, once checked, stays on the real procfs
// whatever is renamed later, so files reached through it are procfs's.
func openProcRoot() (int, error) {
	how := unix.OpenHow{
		Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	fd, err := unix.Openat2(unix.AT_FDCWD, "/proc", &how)
	if err != nil {
		return -1, fmt.Errorf("open /proc: %w", err)
	}
	var fs unix.Statfs_t
	var st unix.Stat_t
	if err := unix.Fstatfs(fd, &fs); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("open /proc: %w", err)
	}
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return -1, fmt.Errorf("open /proc: %w", err)
	}
	if fs.Type != unix.PROC_SUPER_MAGIC || st.Ino != procRootIno {
		unix.Close(fd)
		return -1, fmt.Errorf("open /proc: not the root of a procfs (type %#x, inode %d)", fs.Type, st.Ino)
	}
	return fd, nil
}

// checkProcPaths checks, through proc (openProcRoot's handle), that on
// the procfs the container will see every masked path below /proc is
// hidden and every read-only one is read-only. rootfs.Finish reaches them
// by path, and a /proc swapped while it ran would have taken its mounts
// to the fake; the handle cannot be swapped.
func checkProcPaths(proc int, masked, readonly []string) error {
	for _, p := range masked {
		fs, ok, err := statProcPath(proc, p)
		if err != nil {
			return err
		}
		if ok && fs.Type == unix.PROC_SUPER_MAGIC {
			return fmt.Errorf("masked path %q: not masked on /proc (it changed while being set up)", p)
		}
	}
	for _, p := range readonly {
		fs, ok, err := statProcPath(proc, p)
		if err != nil {
			return err
		}
		if ok && fs.Flags&unix.ST_RDONLY == 0 {
			return fmt.Errorf("read-only path %q: writable on /proc (it changed while being set up)", p)
		}
	}
	return nil
}

// statProcPath statfs's p below proc when p is below /proc; ok is false
// for other paths, for paths this kernel lacks and for symlinks.
func statProcPath(proc int, p string) (fs unix.Statfs_t, ok bool, err error) {
	rel, below := strings.CutPrefix(filepath.Clean(p), "/proc/")
	if !below {
		return fs, false, nil
	}
	fd, err := unix.Openat(proc, rel, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ENOENT) {
		return fs, false, nil
	}
	if err != nil {
		return fs, false, fmt.Errorf("check %q: %w", p, err)
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fs, false, fmt.Errorf("check %q: %w", p, err)
	}
	if st.Mode&unix.S_IFMT == unix.S_IFLNK {
		// A procfs symlink such as /proc/mounts: masking went to what it
		// leads to, which the link itself cannot show.
		return fs, false, nil
	}
	if err := unix.Fstatfs(fd, &fs); err != nil {
		return fs, false, fmt.Errorf("check %q: %w", p, err)
	}
	return fs, true, nil
}
