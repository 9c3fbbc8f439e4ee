package initproc

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// pseudoRootIno is the inode number of the root of every procfs and
// sysfs.
const pseudoRootIno = 1

// pseudoRoot is a checked handle on the root of the container's procfs
// or sysfs. Someone sharing the rootfs can rename a directory of fake
// files to /proc or /sys at any moment (CVE-2025-52881); the handle, once
// checked, stays on the real filesystem whatever is renamed later, so
// what is reached through it is the filesystem the container will see.
type pseudoRoot struct {
	fd    int
	dir   string // "/proc" or "/sys"
	magic int64  // its statfs type
}

// openPseudoRoot opens dir without following a symlink and checks it is
// the root of a filesystem of type magic.
func openPseudoRoot(dir string, magic int64) (*pseudoRoot, error) {
	how := unix.OpenHow{
		Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	fd, err := unix.Openat2(unix.AT_FDCWD, dir, &how)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	var fs unix.Statfs_t
	var st unix.Stat_t
	if err := unix.Fstatfs(fd, &fs); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if fs.Type != magic || st.Ino != pseudoRootIno {
		unix.Close(fd)
		return nil, fmt.Errorf("open %s: not the root of its filesystem (type %#x, inode %d)", dir, fs.Type, st.Ino)
	}
	return &pseudoRoot{fd: fd, dir: dir, magic: magic}, nil
}

// openProcRoot opens the container's /proc as a pseudoRoot.
func openProcRoot() (*pseudoRoot, error) { return openPseudoRoot("/proc", unix.PROC_SUPER_MAGIC) }

// openSysRoot opens the container's /sys as a pseudoRoot when the spec
// mounts sysfs there, and returns nil when it does not.
func openSysRoot(s *specs.Spec) (*pseudoRoot, error) {
	for _, m := range s.Mounts {
		if m.Type == "sysfs" && filepath.Clean(m.Destination) == "/sys" {
			return openPseudoRoot("/sys", unix.SYSFS_MAGIC)
		}
	}
	return nil, nil
}

// close closes the handle; a nil root has none.
func (r *pseudoRoot) close() {
	if r != nil {
		unix.Close(r.fd)
	}
}

// checkPaths checks, through the handle, that every masked path below
// r.dir is hidden and every read-only one is read-only on the filesystem
// the container will see. rootfs.Finish reaches them by path, and a dir
// swapped while it ran would have taken its mounts to the fake.
func (r *pseudoRoot) checkPaths(masked, readonly []string) error {
	if r == nil {
		return nil
	}
	for _, p := range masked {
		fs, ok, err := r.stat(p)
		if err != nil {
			return err
		}
		if ok && fs.Type == r.magic {
			return fmt.Errorf("masked path %q: not masked on %s (it changed while being set up)", p, r.dir)
		}
	}
	for _, p := range readonly {
		fs, ok, err := r.stat(p)
		if err != nil {
			return err
		}
		if ok && fs.Flags&unix.ST_RDONLY == 0 {
			return fmt.Errorf("read-only path %q: writable on %s (it changed while being set up)", p, r.dir)
		}
	}
	return nil
}

// stat statfs's p through the handle when p is below r.dir; ok is false
// for other paths, for paths this kernel lacks and for symlinks.
func (r *pseudoRoot) stat(p string) (fs unix.Statfs_t, ok bool, err error) {
	rel, below := strings.CutPrefix(filepath.Clean(p), r.dir+"/")
	if !below {
		return fs, false, nil
	}
	fd, err := unix.Openat(r.fd, rel, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
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
		// A symlink such as /proc/mounts: masking went to what it leads
		// to, which the link itself cannot show.
		return fs, false, nil
	}
	if err := unix.Fstatfs(fd, &fs); err != nil {
		return fs, false, fmt.Errorf("check %q: %w", p, err)
	}
	return fs, true, nil
}
