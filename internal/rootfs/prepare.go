package rootfs

import (
	"fmt"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Prepare sets up the mounts of rootfs before the root is entered: the
// mount tree's propagation (linux.rootfsPropagation, default rslave),
// rootfs bound onto itself, every mounts[] entry in order, the /dev
// devices and links, and the console. Host paths are still visible, so
// bind sources are host paths; destinations are resolved inside rootfs.
func Prepare(s *specs.Spec, rootfs string, opts Options) error {
	rootfs, err := filepath.EvalSymlinks(rootfs)
	if err != nil {
		return fmt.Errorf("resolve rootfs: %w", err)
	}
	if err := setRootPropagation(s, rootfs); err != nil {
		return err
	}
	// Open the root only now: a handle opened before the self-bind would
	// walk the covered directory, and mounts through it would be hidden.
	r, err := openRoot(rootfs)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, m := range s.Mounts {
		if err := mountEntry(r, m, opts); err != nil {
			return err
		}
	}
	if !devIsBound(s.Mounts) {
		if err := setupDev(r, s); err != nil {
			return err
		}
	}
	if opts.ConsolePath != "" {
		if err := bindConsole(r, opts.ConsolePath); err != nil {
			return err
		}
	}
	return nil
}

// mountEntry performs one mounts[] entry.
func mountEntry(r *rootDir, m specs.Mount, opts Options) error {
	m.Destination = cleanDest(m.Destination)
	mo := parseMountOptions(m.Options)
	fstype := m.Type
	if mo.bind {
		fstype = ""
	}
	if err := checkProcDest(m.Destination, fstype); err != nil {
		return err
	}
	var err error
	switch {
	case mo.bind:
		err = mountBind(r, m, mo)
	case m.Type == "proc" || m.Type == "sysfs":
		err = mountPseudo(r, m, mo)
	case m.Type == "cgroup":
		err = mountCgroup(r, m, mo, opts)
	default:
		err = mountFresh(r, m, mo)
	}
	if err != nil {
		return fmt.Errorf("mount %q at %q: %w", m.Type, m.Destination, err)
	}
	return nil
}
