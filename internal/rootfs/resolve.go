package rootfs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	securejoin "github.com/cyphar/filepath-securejoin"
	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"golang.org/x/sys/unix"
)

// ResolveInRoot returns the host path of path inside root, following
// symlinks as if root were "/": the result never lies outside root. The
// file need not exist. Use it for process.cwd and similar look-ups before
// the root is entered.
func ResolveInRoot(root, path string) (string, error) {
	p, err := securejoin.SecureJoin(root, path)
	if err != nil {
		return "", fmt.Errorf("resolve %q in %q: %w", path, root, err)
	}
	return p, nil
}

// MkdirAllInRoot creates path and its parents inside root with mode, never
// following a symlink out of root.
func MkdirAllInRoot(root, path string, mode os.FileMode) error {
	if err := pathrs.MkdirAll(root, path, mode); err != nil {
		return fmt.Errorf("mkdir %q in %q: %w", path, root, err)
	}
	return nil
}

// rootDir is the rootfs: its symlink-free host path and an O_PATH handle.
type rootDir struct {
	path string
	f    *os.File
}

// openRoot opens the rootfs, resolving symlinks in its own host path.
func openRoot(path string) (*rootDir, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, fmt.Errorf("open rootfs: %w", err)
	}
	f, err := os.OpenFile(real, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open rootfs: %w", err)
	}
	return &rootDir{path: real, f: f}, nil
}

func (r *rootDir) Close() error { return r.f.Close() }

// join resolves dst inside the root and returns the host path and the path
// relative to the root.
func (r *rootDir) join(dst string) (hostPath, rel string, err error) {
	hostPath, err = securejoin.SecureJoin(r.path, dst)
	if err != nil {
		return "", "", fmt.Errorf("resolve %q: %w", dst, err)
	}
	rel, err = filepath.Rel(r.path, hostPath)
	if err != nil {
		return "", "", fmt.Errorf("resolve %q: %w", dst, err)
	}
	return hostPath, rel, nil
}

// target resolves dst inside the root, creates it (a directory, or an empty
// file when file is true) and returns an O_PATH handle checked to be at the
// resolved host path.
func (r *rootDir) target(dst string, file bool) (*os.File, error) {
	if !file {
		if f, ok := r.quickDir(dst); ok {
			return f, nil
		}
	}
	hostPath, rel, err := r.join(dst)
	if err != nil {
		return nil, err
	}
	var f *os.File
	if file {
		f, err = r.createFile(rel)
	} else {
		f, err = pathrs.MkdirAllHandle(r.f, rel, 0o755)
	}
	if err != nil {
		return nil, fmt.Errorf("create %q: %w", dst, err)
	}
	if err := checkFdPath(f, hostPath); err != nil {
		f.Close()
		return nil, fmt.Errorf("create %q: %w", dst, err)
	}
	return f, nil
}

// quickDir is target's common case in a few system calls: a directory dst
// that exists, or whose parent exists and which it makes, found by the
// kernel with openat2(RESOLVE_IN_ROOT), which confines the look-up,
// symlinks and ".." included, to the root. Anything else (missing parents,
// a last component that changes under it, a kernel without openat2) it
// leaves to the full, userspace walk, reporting false.
func (r *rootDir) quickDir(dst string) (*os.File, bool) {
	rel := strings.TrimPrefix(cleanDest(dst), "/")
	if rel == "" {
		return nil, false
	}
	if f, err := r.openDirInRoot(int(r.f.Fd()), rel, unix.RESOLVE_IN_ROOT); err == nil {
		return f, true
	} else if !errors.Is(err, unix.ENOENT) {
		return nil, false
	}
	parent, base := filepath.Split(rel)
	if parent == "" {
		parent = "."
	}
	dir, err := r.openDirInRoot(int(r.f.Fd()), parent, unix.RESOLVE_IN_ROOT)
	if err != nil {
		return nil, false
	}
	defer dir.Close()
	if err := unix.Mkdirat(int(dir.Fd()), base, 0o755); err != nil {
		return nil, false
	}
	// Just made: it must be that directory, not whatever replaced it.
	f, err := r.openDirInRoot(int(dir.Fd()), base, unix.RESOLVE_BENEATH|unix.RESOLVE_NO_SYMLINKS|unix.RESOLVE_NO_XDEV)
	if err != nil {
		return nil, false
	}
	return f, true
}

// openDirInRoot opens the directory rel below dirfd as O_PATH with the
// openat2 resolve flags given (no magic links ever), and checks that the
// kernel's path of the result lies in the root.
func (r *rootDir) openDirInRoot(dirfd int, rel string, resolve uint64) (*os.File, error) {
	fd, err := unix.Openat2(dirfd, rel, &unix.OpenHow{
		Flags:   unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC,
		Resolve: resolve | unix.RESOLVE_NO_MAGICLINKS,
	})
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), filepath.Join(r.path, rel))
	got, err := os.Readlink(fdPath(f))
	if err != nil || !strings.HasPrefix(got, r.path+"/") {
		f.Close()
		return nil, fmt.Errorf("%w: %q is at %q", ErrEscaped, rel, got)
	}
	return f, nil
}

// reopen opens dst again after a mount landed on it, so the handle points
// at the new mount, and checks it is still where it was resolved to.
//
// A path with no symlink on it resolves to root/dst, whoever resolves it:
// one openat2 that refuses symlinks opens it, as the kernel walked it. Only
// a path with a symlink takes the full walk (SecureJoin, then pathrs,
// which mounts a private procfs the first time: a third of the cost of the
// container's cgroup mount).
func (r *rootDir) reopen(dst string) (*os.File, error) {
	if rel := strings.TrimPrefix(cleanDest(dst), "/"); rel != "" {
		fd, err := unix.Openat2(int(r.f.Fd()), rel, &unix.OpenHow{
			Flags:   unix.O_PATH | unix.O_CLOEXEC,
			Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
		})
		if err == nil {
			want := filepath.Join(r.path, rel)
			f := os.NewFile(uintptr(fd), want)
			if checkFdPath(f, want) == nil {
				return f, nil
			}
			f.Close()
		}
	}
	hostPath, rel, err := r.join(dst)
	if err != nil {
		return nil, err
	}
	f, err := pathrs.OpenatInRoot(r.f, rel)
	if err != nil {
		return nil, fmt.Errorf("reopen %q: %w", dst, err)
	}
	if err := checkFdPath(f, hostPath); err != nil {
		f.Close()
		return nil, fmt.Errorf("reopen %q: %w", dst, err)
	}
	return f, nil
}

// createFile makes the parents of rel and an empty file at rel (kept if it
// exists), refusing a symlink as the last component.
func (r *rootDir) createFile(rel string) (*os.File, error) {
	dir, err := pathrs.MkdirAllHandle(r.f, filepath.Dir(rel), 0o755)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	base := filepath.Base(rel)
	fd, err := unix.Openat(int(dir.Fd()), base, unix.O_CREAT|unix.O_NOFOLLOW|unix.O_RDONLY|unix.O_CLOEXEC, 0o644)
	if err == nil {
		unix.Close(fd)
	} else if !errors.Is(err, unix.EISDIR) {
		return nil, symlinkErr(err)
	}
	return openPathAt(dir, base)
}

// openPathAt opens name in dir as O_PATH without following a symlink.
func openPathAt(dir *os.File, name string) (*os.File, error) {
	fd, err := unix.Openat(int(dir.Fd()), name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), filepath.Join(dir.Name(), name)), nil
}

// symlinkErr turns the ELOOP of O_NOFOLLOW into ErrSymlink.
func symlinkErr(err error) error {
	if errors.Is(err, unix.ELOOP) {
		return ErrSymlink
	}
	return err
}

// fdPath is the magic link through which mount(2) reaches f's file.
func fdPath(f *os.File) string {
	return "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
}

// checkFdPath fails unless f's file is at want.
func checkFdPath(f *os.File, want string) error {
	got, err := os.Readlink(fdPath(f))
	if err != nil {
		return fmt.Errorf("check fd path: %w", err)
	}
	if got != want {
		return fmt.Errorf("%w: %q is now %q", ErrEscaped, want, got)
	}
	return nil
}

// cleanDest makes a mount destination absolute and clean.
func cleanDest(dst string) string {
	return filepath.Clean("/" + strings.TrimPrefix(dst, "/"))
}
