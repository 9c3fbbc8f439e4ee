package image

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"golang.org/x/sys/unix"
)

// extractor writes the entries of one layer tar below a root directory.
// Every entry is created through a handle on its parent directory, which is
// resolved (and created) inside the root, so nothing escapes it.
type extractor struct {
	root     *os.File // the layer directory, opened O_PATH
	chown    bool     // apply tar owners (only as root)
	size     int64    // regular-file bytes written
	dirTimes []dirTime
}

// dirTime is a directory's timestamps, applied after all entries are
// written, since writing entries changes them.
type dirTime struct {
	path         string
	atime, mtime time.Time
}

// extract unpacks the tar stream r into dir, which must exist, converting
// OCI whiteouts to overlay whiteouts. It returns the number of regular-file
// bytes written. On error, dir holds a partial layer the caller discards.
func extract(r io.Reader, dir string) (int64, error) {
	root, err := os.OpenFile(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, fmt.Errorf("extract layer: %w", err)
	}
	defer root.Close()
	x := &extractor{root: root, chown: os.Geteuid() == 0}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return x.size, fmt.Errorf("read layer tar: %w", err)
		}
		if err := x.entry(hdr, tr); err != nil {
			return x.size, fmt.Errorf("extract %q: %w", hdr.Name, err)
		}
	}
	x.restoreDirTimes()
	return x.size, nil
}

// entryPath returns the clean form of a tar entry name relative to the
// layer root: a leading "/" is dropped (absolute names are made relative),
// and any ".." component is rejected with ErrUnsafePath. The root itself is
// ".".
func entryPath(name string) (string, error) {
	if strings.ContainsRune(name, 0) {
		return "", ErrUnsafePath
	}
	rel := strings.TrimLeft(name, "/")
	for _, c := range strings.Split(rel, "/") {
		if c == ".." {
			return "", ErrUnsafePath
		}
	}
	return path.Clean("./" + rel), nil
}

// entry writes one tar entry.
func (x *extractor) entry(hdr *tar.Header, r io.Reader) error {
	p, err := entryPath(hdr.Name)
	if err != nil {
		return err
	}
	if p == "." {
		if hdr.Typeflag == tar.TypeDir {
			return nil
		}
		return ErrUnsafePath
	}
	dir, base := path.Dir(p), path.Base(p)
	if strings.HasPrefix(base, whiteoutPrefix) {
		return x.whiteout(dir, base)
	}
	parent, err := x.parent(dir)
	if err != nil {
		return err
	}
	defer parent.Close()
	return x.create(parent, base, p, hdr, r)
}

// create dispatches on the entry type; unknown types are skipped.
func (x *extractor) create(parent *os.File, base, p string, hdr *tar.Header, r io.Reader) error {
	switch hdr.Typeflag {
	case tar.TypeDir:
		return x.mkdir(parent, base, p, hdr)
	case tar.TypeReg:
		if isSparse(hdr) {
			return errSparse
		}
		return x.file(parent, base, hdr, r)
	case tar.TypeGNUSparse:
		return errSparse
	case tar.TypeSymlink:
		return x.symlink(parent, base, hdr)
	case tar.TypeLink:
		return x.hardlink(parent, base, hdr)
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		return x.device(parent, base, hdr)
	}
	return nil
}

// parent returns an O_PATH handle on dir inside the root, creating missing
// directories (mode 0755). Symlinks on the way resolve inside the root.
func (x *extractor) parent(dir string) (*os.File, error) {
	if dir == "." {
		return x.reopenRoot()
	}
	f, err := pathrs.MkdirAllHandle(x.root, dir, 0o755)
	if err != nil {
		return nil, fmt.Errorf("parent directory %q: %w", dir, err)
	}
	return f, nil
}

// lookup returns an O_PATH handle on an existing dir inside the root.
func (x *extractor) lookup(dir string) (*os.File, error) {
	if dir == "." {
		return x.reopenRoot()
	}
	return pathrs.OpenatInRoot(x.root, dir)
}

func (x *extractor) reopenRoot() (*os.File, error) {
	fd, err := unix.Openat(int(x.root.Fd()), ".", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open layer root: %w", err)
	}
	return os.NewFile(uintptr(fd), "."), nil
}

// restoreDirTimes applies the recorded directory times, deepest last
// written first. It is best effort: a directory replaced by a later entry
// is skipped.
func (x *extractor) restoreDirTimes() {
	for i := len(x.dirTimes) - 1; i >= 0; i-- {
		d := x.dirTimes[i]
		parent, err := x.lookup(path.Dir(d.path))
		if err != nil {
			continue
		}
		_ = setTimes(parent, path.Base(d.path), d.atime, d.mtime)
		parent.Close()
	}
}

// makeRoom makes room for a new entry called name in parent. It reports
// whether an existing directory was kept (only when keepDir is set).
func makeRoom(parent *os.File, name string, keepDir bool) (bool, error) {
	var st unix.Stat_t
	err := unix.Fstatat(int(parent.Fd()), name, &st, unix.AT_SYMLINK_NOFOLLOW)
	if errors.Is(err, unix.ENOENT) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("stat %q: %w", name, err)
	}
	if keepDir && st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return true, nil
	}
	return false, removeAllAt(int(parent.Fd()), name)
}

// removeAllAt removes name in dirfd and, for a directory, everything
// below it, never following symlinks.
func removeAllAt(dirfd int, name string) error {
	err := unix.Unlinkat(dirfd, name, 0)
	if err == nil || errors.Is(err, unix.ENOENT) {
		return nil
	}
	if !errors.Is(err, unix.EISDIR) {
		return fmt.Errorf("remove %q: %w", name, err)
	}
	fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("remove %q: %w", name, err)
	}
	d := os.NewFile(uintptr(fd), name)
	names, err := d.Readdirnames(-1)
	for _, n := range names {
		if err == nil {
			err = removeAllAt(fd, n)
		}
	}
	d.Close()
	if err != nil {
		return err
	}
	return unix.Unlinkat(dirfd, name, unix.AT_REMOVEDIR)
}

// errSparse refuses sparse entries: their holes would be written out as
// zeros, and a few bytes of header can claim terabytes. Image layers do not
// use them.
var errSparse = fmt.Errorf("sparse files are not supported: %w", ErrFormat)

func isSparse(hdr *tar.Header) bool {
	for k := range hdr.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}
