package rootfs

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// bindConsole binds the pty slave at consolePath over /dev/console,
// refusing a /dev or /dev/console that is a symlink.
func bindConsole(r *rootDir, consolePath string) error {
	dev, err := openDev(r)
	if err != nil {
		return fmt.Errorf("bind console: %w", err)
	}
	defer dev.Close()
	f, err := createEmpty(dev, "console")
	if err != nil {
		return fmt.Errorf("bind console: %w", err)
	}
	defer f.Close()
	if err := unix.Mount(consolePath, fdPath(f), "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind console %q: %w", consolePath, err)
	}
	return nil
}
