package people

import (
	"fmt"
	"os"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// prepareRoot sets o.Spec.Root: the default root filesystem, a directory
// given as ROOTFS, or an image's overlay.
func prepareRoot(bundle string, o *Options) error {
	rfs := rootfsDir(bundle)
	switch {
	case o.Target == "":
		binds, err := defaultRoot(rfs)
		if err != nil {
			return err
		}
		o.Spec.Root, o.Spec.RootBinds = rfs, binds
		hn := o.Spec.Hostname
		if hn == "" {
			hn = o.Spec.ID
		}
		return writeEtc(rfs, hn, o.Net == "host")
	case IsDir(o.Target):
		abs, err := filepath.Abs(o.Target)
		if err != nil {
			return fmt.Errorf("root filesystem: %w", err)
		}
		o.Spec.Root = abs
		return nil
	default:
		return prepareImage(bundle, o)
	}
}

// IsDir reports whether path names a directory.
func IsDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// lookupDevice describes the device node at a host path.
func lookupDevice(path string) (specs.LinuxDevice, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return specs.LinuxDevice{}, fmt.Errorf("device %s: %w", path, err)
	}
	d := specs.LinuxDevice{Path: path, Major: int64(unix.Major(st.Rdev)), Minor: int64(unix.Minor(st.Rdev))}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFCHR:
		d.Type = "c"
	case unix.S_IFBLK:
		d.Type = "b"
	default:
		return specs.LinuxDevice{}, fmt.Errorf("device %s: not a device node", path)
	}
	mode := os.FileMode(st.Mode & 0o777)
	d.FileMode = &mode
	uid, gid := st.Uid, st.Gid
	d.UID, d.GID = &uid, &gid
	return d, nil
}
