package rootfs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// devIsBound reports whether mounts[] binds something over /dev, in which
// case the runtime leaves /dev alone.
func devIsBound(mounts []specs.Mount) bool {
	for _, m := range mounts {
		if cleanDest(m.Destination) == "/dev" && parseMountOptions(m.Options).bind {
			return true
		}
	}
	return false
}

// beneath resolves only below the directory and through no symlink.
const beneath = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS

// openDev opens the rootfs's /dev, creating it, and refuses a symlink.
func openDev(r *rootDir) (*os.File, error) {
	return mkdirBeneath(r.f, "dev")
}

// mkdirBeneath creates each component of rel below dir (keeping existing
// directories) and opens the last, never following a symlink.
func mkdirBeneath(dir *os.File, rel string) (*os.File, error) {
	how := unix.OpenHow{Flags: unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: beneath}
	cur := dir
	for _, c := range strings.Split(filepath.Clean(rel), "/") {
		if err := unix.Mkdirat(int(cur.Fd()), c, 0o755); err != nil && !errors.Is(err, unix.EEXIST) {
			return nil, fmt.Errorf("mkdir %q: %w", c, err)
		}
		fd, err := unix.Openat2(int(cur.Fd()), c, &how)
		if cur != dir {
			cur.Close()
		}
		if err != nil {
			return nil, fmt.Errorf("open %q: %w", c, symlinkErr(err))
		}
		cur = os.NewFile(uintptr(fd), filepath.Join(cur.Name(), c))
	}
	return cur, nil
}

// devParent opens the directory holding the device at path (below /dev)
// and returns it with the device's base name.
func devParent(dev *os.File, path string) (*os.File, string, error) {
	rel, ok := strings.CutPrefix(filepath.Clean(path), "/dev/")
	if !ok || rel == "" {
		return nil, "", fmt.Errorf("device %q: not below /dev", path)
	}
	if filepath.Dir(rel) == "." {
		f, err := unix.Dup(int(dev.Fd()))
		if err != nil {
			return nil, "", err
		}
		return os.NewFile(uintptr(f), dev.Name()), rel, nil
	}
	dir, err := mkdirBeneath(dev, filepath.Dir(rel))
	return dir, filepath.Base(rel), err
}
