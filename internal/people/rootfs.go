package people

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// hostDirs are the host directories the default root filesystem shares,
// read-only. On a merged-/usr host /bin, /lib* and /sbin are symlinks into
// /usr; those are recreated as the same symlinks instead of bound.
var hostDirs = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}

// mountPoints are made in a fresh root so the engine can mount there even
// when the root is read-only.
var mountPoints = []string{"proc", "dev", "sys", "tmp", "etc", "root", "run", "var/tmp"}

// defaultRoot lays out the default root filesystem in dir and returns the
// host directories to bind read-only at the same paths.
func defaultRoot(dir string) ([]string, error) {
	var binds []string
	for _, d := range hostDirs {
		fi, err := os.Lstat(d)
		switch {
		case errors.Is(err, os.ErrNotExist):
			continue
		case err != nil:
			return nil, fmt.Errorf("default root: %w", err)
		case fi.Mode()&os.ModeSymlink != 0:
			if err := copyLink(d, filepath.Join(dir, d)); err != nil {
				return nil, err
			}
		case fi.IsDir():
			if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
				return nil, fmt.Errorf("default root: %w", err)
			}
			binds = append(binds, d)
		}
	}
	for _, d := range mountPoints {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, fmt.Errorf("default root: %w", err)
		}
	}
	return binds, os.Chmod(filepath.Join(dir, "tmp"), os.ModeSticky|0o777)
}

// copyLink recreates the host symlink src at dst. A link leading outside
// the shared directories (not into /usr) still resolves inside the
// container's root, never on the host.
func copyLink(src, dst string) error {
	target, err := os.Readlink(src)
	if err != nil {
		return fmt.Errorf("default root: %w", err)
	}
	if err := os.Symlink(target, dst); err != nil {
		return fmt.Errorf("default root: %w", err)
	}
	return nil
}
