package rootfs

import (
	"errors"
	"fmt"
	"path"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// mountCgroupTree mounts a tmpfs at the destination and binds each
// hierarchy's container group below it; it is read-only when m asks.
func mountCgroupTree(r *rootDir, m specs.Mount, mo mountOpts, cgs []mountInfo, paths map[string]string) error {
	tmpfsFlags := mo.flags &^ unix.MS_RDONLY
	if err := mountAt(r, m.Destination, false, "tmpfs", "tmpfs", tmpfsFlags, "mode=755"); err != nil {
		return err
	}
	for _, cg := range cgs {
		if err := bindHierarchy(r, m, cg, paths); err != nil {
			return err
		}
	}
	if mo.flags&unix.MS_RDONLY == 0 {
		return nil
	}
	f, err := r.reopen(m.Destination)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Mount("", fdPath(f), "", unix.MS_REMOUNT|tmpfsFlags|unix.MS_RDONLY, "mode=755")
}

// bindHierarchy binds the container's group of one hierarchy at
// <dst>/<host mountpoint base name>, with links for co-mounted controllers.
func bindHierarchy(r *rootDir, m specs.Mount, cg mountInfo, paths map[string]string) error {
	key, ok := cgroupKey(cg, paths)
	if !ok {
		return nil
	}
	src, ok := groupSource(cg, paths[key])
	if !ok {
		return nil // the group is not below this mount's root
	}
	name := path.Base(cg.mountpoint)
	bind := specs.Mount{
		Destination: path.Join(m.Destination, name),
		Source:      src,
		Options:     hierarchyOptions(m.Options),
	}
	if err := mountBind(r, bind, parseMountOptions(bind.Options)); err != nil {
		return fmt.Errorf("bind %s: %w", name, err)
	}
	return comountLinks(r, m.Destination, name)
}

// groupSource is the host directory of group p in hierarchy cg. p is
// either a directory below cg's mount point (as cgroups.Manager.Paths gives
// it) or a path in the hierarchy (as /proc/self/cgroup gives it), which
// must lie below the mount's root.
func groupSource(cg mountInfo, p string) (string, bool) {
	if p == cg.mountpoint || strings.HasPrefix(p, cg.mountpoint+"/") {
		return p, true
	}
	own, ok := strings.CutPrefix(p, strings.TrimSuffix(cg.root, "/"))
	if !ok {
		return "", false
	}
	return path.Join(cg.mountpoint, own), true
}

// hierarchyOptions are the bind options of one hierarchy: m's flags,
// without propagation, as a bind.
func hierarchyOptions(opts []string) []string {
	out := []string{"bind"}
	for _, o := range opts {
		if _, ok := flagOptions[o]; ok {
			out = append(out, o)
		}
	}
	return out
}

// comountLinks links each controller of a "cpu,cpuacct" directory to it.
func comountLinks(r *rootDir, dst, name string) error {
	ctrls := strings.Split(name, ",")
	if len(ctrls) < 2 {
		return nil
	}
	dir, err := r.target(dst, false)
	if err != nil {
		return err
	}
	defer dir.Close()
	for _, c := range ctrls {
		err := unix.Symlinkat(name, int(dir.Fd()), c)
		if err != nil && !errors.Is(err, unix.EEXIST) {
			return fmt.Errorf("link %s: %w", c, err)
		}
	}
	return nil
}
