package handshake

import specs "github.com/opencontainers/runtime-spec/specs-go"

// Config is what the parent tells init: the whole validated spec plus the
// runtime's own choices for this container.
type Config struct {
	ID     string      `json:"id"`
	Spec   *specs.Spec `json:"spec"`
	Bundle string      `json:"bundle"`
	// Exec is set for a process joining a running container: init then
	// skips every namespace and rootfs step and runs Process.
	Exec    bool           `json:"exec,omitempty"`
	Process *specs.Process `json:"process,omitempty"`
	// NoPivot uses chroot instead of pivot_root (a rootfs on a ramfs).
	NoPivot bool `json:"noPivot,omitempty"`
	// NoNewKeyring keeps the caller's session keyring.
	NoNewKeyring bool `json:"noNewKeyring,omitempty"`
	// The exec fifo (exec.fifo in the state directory, which init blocks
	// opening for writing until `cell start` reads it) is not named here:
	// it travels as the first fd of a new container's Config message, so
	// that an init whose root is an unprivileged host uid needs no access
	// to the state directory.
	// ListenFDs is how many fds after stdio are socket activation fds:
	// init sets LISTEN_FDS and LISTEN_PID for them.
	ListenFDs int `json:"listenFds,omitempty"`
	// PreserveFDs is how many further fds pass into the container.
	PreserveFDs int `json:"preserveFds,omitempty"`
	// CgroupPaths are the container's cgroup directories per controller,
	// for the cgroup mount inside the container.
	CgroupPaths map[string]string `json:"cgroupPaths,omitempty"`
	// CgroupTasks is how many of the message's fds, the last ones, are the
	// tasks files of the cgroup v1 hierarchies (see cgroups.Entry): the
	// init writes "0" to each on its main thread, which execs the
	// container's process, before it does anything but decode the Config.
	CgroupTasks int `json:"cgroupTasks,omitempty"`
}
