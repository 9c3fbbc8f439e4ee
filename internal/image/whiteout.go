package image

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

const (
	// whiteoutPrefix marks an OCI whiteout entry ".wh.NAME".
	whiteoutPrefix = ".wh."
	// whiteoutMeta prefixes AUFS metadata entries, which are skipped.
	whiteoutMeta = ".wh..wh."
	// opaqueMarker makes its directory opaque.
	opaqueMarker = ".wh..wh..opq"
	// opaqueXattr is overlayfs's opaque-directory attribute.
	opaqueXattr = "trusted.overlay.opaque"
)

// whiteout converts the OCI whiteout base (in directory dir) to its overlay
// form: ".wh..wh..opq" sets trusted.overlay.opaque=y on dir, ".wh.NAME"
// creates the character device 0:0 NAME. A whiteout for a name this layer
// already holds is ignored: OCI whiteouts only hide lower layers.
func (x *extractor) whiteout(dir, base string) error {
	parent, err := x.parent(dir)
	if err != nil {
		return err
	}
	defer parent.Close()
	if base == opaqueMarker {
		return markOpaque(parent)
	}
	if strings.HasPrefix(base, whiteoutMeta) {
		return nil
	}
	name := base[len(whiteoutPrefix):]
	if name == "" || name == "." || name == ".." {
		return ErrUnsafePath
	}
	var st unix.Stat_t
	if unix.Fstatat(int(parent.Fd()), name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil {
		return nil
	}
	if err := unix.Mknodat(int(parent.Fd()), name, unix.S_IFCHR, 0); err != nil {
		return fmt.Errorf("create whiteout %q: %w", name, err)
	}
	return nil
}

// markOpaque sets the overlay opaque xattr on the directory parent.
func markOpaque(parent *os.File) error {
	fd, err := unix.Openat(int(parent.Fd()), ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("open opaque directory: %w", err)
	}
	defer unix.Close(fd)
	if err := unix.Fsetxattr(fd, opaqueXattr, []byte("y"), 0); err != nil {
		return fmt.Errorf("mark directory opaque: %w", err)
	}
	return nil
}
