package cgroups

// host names the files cell reads to find cgroups, so tests can point them
// at fake trees.
type host struct {
	// mountinfo is /proc/self/mountinfo.
	mountinfo string
	// procCgroup is /proc/self/cgroup.
	procCgroup string
	// netDir is where cell mounts a net_cls,net_prio hierarchy when the
	// host has none; "" disables mounting.
	netDir string
}

// NetMountDir is where cell mounts a net_cls,net_prio hierarchy when the
// host has not mounted one: a cell-owned directory, never inside
// /sys/fs/cgroup.
const NetMountDir = "/run/cell/cgroup/net_cls,net_prio"

// defaultHost is the running system.
func defaultHost() *host {
	return &host{
		mountinfo:  "/proc/self/mountinfo",
		procCgroup: "/proc/self/cgroup",
		netDir:     NetMountDir,
	}
}

// layout reads the current cgroup mounts.
func (h *host) layout() (*layout, error) {
	return readLayout(h.mountinfo)
}
