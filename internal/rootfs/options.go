package rootfs

// Options tunes Prepare and Enter. The zero value pivots the root, sets no
// console and bind-mounts cgroups from /proc/self/cgroup.
type Options struct {
	// NoPivot makes Enter move the rootfs onto / and chroot instead of
	// calling pivot_root (runc's --no-pivot, for ramfs roots).
	NoPivot bool
	// ConsolePath is the host path of the pty slave to bind at
	// /dev/console; "" sets up no console.
	ConsolePath string
	// CgroupPaths maps a controller ("memory", "cpu,cpuacct", "" for
	// cgroup2) to the container's group: its directory on the host (as
	// cgroups.Manager.Paths gives it) or its path in the hierarchy (as
	// /proc/self/cgroup shows it). It is used for "cgroup"
	// mounts on v1 and hybrid hosts; nil reads /proc/self/cgroup of the
	// calling process, which is right only without a cgroup namespace.
	CgroupPaths map[string]string
}
