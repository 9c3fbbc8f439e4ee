package people

import (
	"fmt"
	"io/fs"
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
		o.etcDir = filepath.Join(rfs, "etc")
		if err := writeEtc(rfs, hostname(o), o.Net == "host"); err != nil {
			return err
		}
		return chownToRoot(rfs, o)
	case IsDir(o.Target):
		abs, err := filepath.Abs(o.Target)
		if err != nil {
			return fmt.Errorf("root filesystem: %w", err)
		}
		o.Spec.Root = abs
	default:
		if err := prepareImage(bundle, o); err != nil {
			return err
		}
	}
	return bindNetFiles(bundle, o)
}

func hostname(o *Options) string {
	if o.Spec.Hostname != "" {
		return o.Spec.Hostname
	}
	return o.Spec.ID
}

// bindNetFiles writes the network files into <bundle>/etc and binds them
// over a ROOTFS's or image's own, as Docker does.
func bindNetFiles(bundle string, o *Options) error {
	dir := filepath.Join(bundle, "etc")
	o.etcDir = dir
	if err := writeNetFiles(dir, hostname(o), o.Net == "host"); err != nil {
		return err
	}
	for _, f := range netFiles {
		o.Spec.Mounts = append(o.Spec.Mounts, specs.Mount{Destination: "/etc/" + f, Type: "bind",
			Source: filepath.Join(dir, f), Options: []string{"bind", "nosuid", "nodev", "noexec"}})
	}
	return nil
}

// chownToRoot gives the default root filesystem's own files (not the host
// directories bound over it later) to the container's root when it runs
// in a user namespace, so that root inside can write to / as without one.
func chownToRoot(rfs string, o *Options) error {
	uid, gid, ok := mappedRoot(o.Spec.UIDMap, o.Spec.GIDMap)
	if !ok {
		return nil
	}
	return filepath.WalkDir(rfs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := os.Lchown(p, int(uid), int(gid)); err != nil {
			return fmt.Errorf("default root: %w", err)
		}
		return nil
	})
}

// mappedRoot returns the host ids of root in the given maps.
func mappedRoot(uids, gids []specs.LinuxIDMapping) (uid, gid uint32, ok bool) {
	for _, u := range uids {
		for _, g := range gids {
			if u.ContainerID == 0 && g.ContainerID == 0 && u.Size > 0 && g.Size > 0 {
				return u.HostID, g.HostID, true
			}
		}
	}
	return 0, 0, false
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
