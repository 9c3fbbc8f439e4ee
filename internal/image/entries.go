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

	"golang.org/x/sys/unix"
)

// mkdir creates (or keeps) the directory base in parent and applies the
// entry's owner, mode and xattrs; times are applied at the end.
func (x *extractor) mkdir(parent *os.File, base, p string, hdr *tar.Header) error {
	keep, err := makeRoom(parent, base, true)
	if err != nil {
		return err
	}
	if !keep {
		if err := unix.Mkdirat(int(parent.Fd()), base, 0o700); err != nil {
			return fmt.Errorf("mkdir: %w", err)
		}
	}
	fd, err := unix.Openat(int(parent.Fd()), base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open directory: %w", err)
	}
	f := os.NewFile(uintptr(fd), base)
	defer f.Close()
	x.dirTimes = append(x.dirTimes, dirTime{p, hdr.AccessTime, hdr.ModTime})
	return x.setMeta(f, hdr)
}

// file writes a regular file with the entry's content and metadata.
func (x *extractor) file(parent *os.File, base string, hdr *tar.Header, r io.Reader) error {
	if _, err := makeRoom(parent, base, false); err != nil {
		return err
	}
	flags := unix.O_WRONLY | unix.O_CREAT | unix.O_EXCL | unix.O_NOFOLLOW | unix.O_CLOEXEC
	fd, err := unix.Openat(int(parent.Fd()), base, flags, 0o600)
	if err != nil {
		return fmt.Errorf("create file: %w", err)
	}
	f := os.NewFile(uintptr(fd), base)
	n, err := io.Copy(f, r)
	x.size += n
	if err == nil {
		err = x.setMeta(f, hdr)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write file: %w", err)
	}
	return setTimes(parent, base, hdr.AccessTime, hdr.ModTime)
}

// symlink creates a symlink; its target is stored as is and never
// followed while extracting.
func (x *extractor) symlink(parent *os.File, base string, hdr *tar.Header) error {
	if _, err := makeRoom(parent, base, false); err != nil {
		return err
	}
	if err := unix.Symlinkat(hdr.Linkname, int(parent.Fd()), base); err != nil {
		return fmt.Errorf("symlink: %w", err)
	}
	if err := x.chownAt(parent, base, hdr); err != nil {
		return err
	}
	return setTimes(parent, base, hdr.AccessTime, hdr.ModTime)
}

// hardlink links base to an existing non-directory inside the layer. The
// target is resolved like an entry name: ".." is refused, absolute names are
// relative to the layer root, symlinks in its parents stay inside the root.
func (x *extractor) hardlink(parent *os.File, base string, hdr *tar.Header) error {
	target, err := entryPath(hdr.Linkname)
	if err != nil || target == "." {
		return fmt.Errorf("hardlink target %q: %w", hdr.Linkname, ErrUnsafePath)
	}
	tdir, err := x.lookup(path.Dir(target))
	if err != nil {
		return fmt.Errorf("hardlink target %q not in layer: %w", hdr.Linkname, ErrUnsafePath)
	}
	defer tdir.Close()
	if _, err := makeRoom(parent, base, false); err != nil {
		return err
	}
	err = unix.Linkat(int(tdir.Fd()), path.Base(target), int(parent.Fd()), base, 0)
	if errors.Is(err, unix.ENOENT) {
		return fmt.Errorf("hardlink target %q not in layer: %w", hdr.Linkname, ErrUnsafePath)
	}
	if err != nil {
		return fmt.Errorf("hardlink: %w", err)
	}
	return nil
}

// device creates a character or block device or a FIFO.
func (x *extractor) device(parent *os.File, base string, hdr *tar.Header) error {
	if _, err := makeRoom(parent, base, false); err != nil {
		return err
	}
	typ := map[byte]uint32{tar.TypeChar: unix.S_IFCHR, tar.TypeBlock: unix.S_IFBLK, tar.TypeFifo: unix.S_IFIFO}[hdr.Typeflag]
	dev := unix.Mkdev(uint32(hdr.Devmajor), uint32(hdr.Devminor))
	if err := unix.Mknodat(int(parent.Fd()), base, typ|entryMode(hdr), int(dev)); err != nil {
		return fmt.Errorf("mknod: %w", err)
	}
	if err := x.chownAt(parent, base, hdr); err != nil {
		return err
	}
	if err := unix.Fchmodat(int(parent.Fd()), base, entryMode(hdr), 0); err != nil {
		return fmt.Errorf("chmod: %w", err)
	}
	return setTimes(parent, base, hdr.AccessTime, hdr.ModTime)
}

// setMeta applies owner (first, since chown clears set-id bits), mode and
// xattrs to an open file or directory.
func (x *extractor) setMeta(f *os.File, hdr *tar.Header) error {
	if x.chown {
		if err := f.Chown(hdr.Uid, hdr.Gid); err != nil {
			return fmt.Errorf("chown: %w", err)
		}
	}
	if err := unix.Fchmod(int(f.Fd()), entryMode(hdr)); err != nil {
		return fmt.Errorf("chmod: %w", err)
	}
	return setXattrs(f, hdr)
}

func (x *extractor) chownAt(parent *os.File, base string, hdr *tar.Header) error {
	if !x.chown {
		return nil
	}
	if err := unix.Fchownat(int(parent.Fd()), base, hdr.Uid, hdr.Gid, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("chown: %w", err)
	}
	return nil
}

// setXattrs applies the entry's user.* and security.* xattrs. Others, and
// overlay's own (user.overlay.*), are dropped: an archive must not forge
// overlay metadata. Filesystems without xattr support are tolerated.
func setXattrs(f *os.File, hdr *tar.Header) error {
	for k, v := range hdr.PAXRecords {
		name, ok := strings.CutPrefix(k, "SCHILY.xattr.")
		if !ok || !allowedXattr(name) {
			continue
		}
		err := unix.Fsetxattr(int(f.Fd()), name, []byte(v), 0)
		if err != nil && !errors.Is(err, unix.ENOTSUP) {
			return fmt.Errorf("set xattr %s: %w", name, err)
		}
	}
	return nil
}

func allowedXattr(name string) bool {
	if strings.HasPrefix(name, "user.overlay.") {
		return false
	}
	return strings.HasPrefix(name, "user.") || strings.HasPrefix(name, "security.")
}

func entryMode(hdr *tar.Header) uint32 {
	return uint32(hdr.Mode) & 0o7777
}

// setTimes sets the times of name in parent without following symlinks. A
// zero access time takes the modification time.
func setTimes(parent *os.File, name string, atime, mtime time.Time) error {
	if atime.IsZero() {
		atime = mtime
	}
	ts := []unix.Timespec{unix.NsecToTimespec(atime.UnixNano()), unix.NsecToTimespec(mtime.UnixNano())}
	if err := unix.UtimesNanoAt(int(parent.Fd()), name, ts, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("set times: %w", err)
	}
	return nil
}
