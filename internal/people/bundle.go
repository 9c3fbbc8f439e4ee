package people

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// bundlesDir is the directory under the state root holding the bundles of
// `cell run` containers; it has no state.json, so the store does not list
// it as a container.
const bundlesDir = ".run"

// BundleDir is the bundle directory of container id under state root.
func BundleDir(root, id string) string { return filepath.Join(root, bundlesDir, id) }

func rootfsDir(bundle string) string { return filepath.Join(bundle, "rootfs") }

// makeBundle creates the bundle directory of a new container; it fails if
// one exists already.
func makeBundle(root, id string) (string, error) {
	dir := BundleDir(root, id)
	err := os.ErrNotExist
	// A concurrent RemoveBundle may take an empty .run away between the
	// two steps; try again then.
	for try := 0; try < 3 && errors.Is(err, os.ErrNotExist); try++ {
		if err = os.MkdirAll(filepath.Dir(dir), 0o711); err == nil {
			err = os.Mkdir(dir, 0o711)
		}
	}
	if err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	if err := os.Mkdir(rootfsDir(dir), 0o755); err != nil {
		return "", fmt.Errorf("bundle: %w", err)
	}
	return dir, nil
}

// RemoveBundle releases container id's bridge network, unmounts an image
// overlay, if any, and deletes the bundle directory of container id. A
// missing bundle is not an error, so it is safe for containers `cell run`
// did not make.
func RemoveBundle(root, id string) error {
	dir := BundleDir(root, id)
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		// A run killed between making .run and its bundle left .run empty.
		_ = os.Remove(filepath.Dir(dir))
		return nil
	}
	netErr := detachBridge(root, id)
	rfs := rootfsDir(dir)
	for {
		err := unix.Unmount(rfs, unix.MNT_DETACH|unix.UMOUNT_NOFOLLOW)
		if err != nil {
			break
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return errors.Join(netErr, fmt.Errorf("remove bundle: %w", err))
	}
	_ = os.Remove(filepath.Dir(dir)) // the last bundle takes .run with it
	return netErr
}
