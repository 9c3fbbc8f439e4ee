package rootfs

import (
	"errors"
	"fmt"
	"os"
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
	dir, err := r.reopen(m.Destination)
	if err != nil {
		return err
	}
	defer dir.Close()
	attrs := mountAttrs(mo.flags)
	for _, cg := range cgs {
		if err := bindHierarchy(dir, cg, paths, attrs); err != nil {
			return err
		}
	}
	if mo.flags&unix.MS_RDONLY == 0 {
		return nil
	}
	return unix.Mount("", fdPath(dir), "", unix.MS_REMOUNT|tmpfsFlags|unix.MS_RDONLY, "mode=755")
}

// bindHierarchy binds the container's group of one hierarchy at <dir>/<host
// mountpoint base name>, with links for co-mounted controllers. dir is the
// tmpfs mountCgroupTree just made: nothing else can have put a symlink in
// it, so the names need no resolution inside the root.
func bindHierarchy(dir *os.File, cg mountInfo, paths map[string]string, attrs uint64) error {
	key, ok := cgroupKey(cg, paths)
	if !ok {
		return nil
	}
	src, ok := groupDir(cg, paths[key])
	if !ok {
		return nil // the group is not below this mount's root
	}
	name := path.Base(cg.mountpoint)
	if name == "." || name == ".." || name == "/" {
		return nil
	}
	if err := attachBind(dir, name, src, attrs); err != nil {
		return fmt.Errorf("bind %s: %w", name, err)
	}
	return comountLinks(dir, name)
}

// attachBind binds the host directory src at dir/name, a new directory,
// with the mount attributes attrs, as a detached copy (open_tree) that is
// given its attributes before it is attached (move_mount): no window in
// which the bind is writable, and no path to resolve again.
func attachBind(dir *os.File, name, src string, attrs uint64) error {
	if err := unix.Mkdirat(int(dir.Fd()), name, 0o755); err != nil {
		return fmt.Errorf("make mountpoint: %w", err)
	}
	tree, err := unix.OpenTree(unix.AT_FDCWD, src, unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC)
	if err != nil {
		return fmt.Errorf("clone %s: %w", src, err)
	}
	defer unix.Close(tree)
	if attrs != 0 {
		attr := &unix.MountAttr{Attr_set: attrs}
		if err := unix.MountSetattr(tree, "", unix.AT_EMPTY_PATH, attr); err != nil {
			return fmt.Errorf("set mount attributes %#x: %w", attrs, err)
		}
	}
	if err := unix.MoveMount(tree, "", int(dir.Fd()), name, unix.MOVE_MOUNT_F_EMPTY_PATH); err != nil {
		return fmt.Errorf("attach: %w", err)
	}
	return nil
}

// mountAttrs turns the MS_ flags of a cgroup mount into the MOUNT_ATTR_
// flags of each hierarchy's bind (access-time flags stay the host's).
func mountAttrs(flags uintptr) uint64 {
	var a uint64
	for ms, attr := range map[uintptr]uint64{
		unix.MS_RDONLY: unix.MOUNT_ATTR_RDONLY, unix.MS_NOSUID: unix.MOUNT_ATTR_NOSUID,
		unix.MS_NODEV: unix.MOUNT_ATTR_NODEV, unix.MS_NOEXEC: unix.MOUNT_ATTR_NOEXEC,
		unix.MS_NODIRATIME: unix.MOUNT_ATTR_NODIRATIME,
	} {
		if flags&ms != 0 {
			a |= attr
		}
	}
	return a
}

// groupDir is the directory of group p in hierarchy cg: p is either that
// directory already (cgroups.Manager.Paths) or a path in the hierarchy as
// /proc/self/cgroup shows it. ok is false when the group is not below the
// mount's root.
func groupDir(cg mountInfo, p string) (dir string, ok bool) {
	if p == cg.mountpoint || strings.HasPrefix(p, cg.mountpoint+"/") {
		return p, true
	}
	own, ok := strings.CutPrefix(p, strings.TrimSuffix(cg.root, "/"))
	return path.Join(cg.mountpoint, own), ok
}

// comountLinks links each controller of a "cpu,cpuacct" directory in dir
// to it.
func comountLinks(dir *os.File, name string) error {
	ctrls := strings.Split(name, ",")
	if len(ctrls) < 2 {
		return nil
	}
	for _, c := range ctrls {
		err := unix.Symlinkat(name, int(dir.Fd()), c)
		if err != nil && !errors.Is(err, unix.EEXIST) {
			return fmt.Errorf("link %s: %w", c, err)
		}
	}
	return nil
}
