package container

import (
	"errors"
	"fmt"
	"io/fs"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/internal/cgroups"
)

// ErrNoCgroup is returned when a spec asks for resource limits but the
// caller, unprivileged, may not create a cgroup (none is delegated to it).
var ErrNoCgroup = errors.New("resource limits need a cgroup this user may create (a delegated cgroup v2 subtree); none is writable")

// makeCgroup creates the container's cgroup and applies its limits. When
// the caller is unprivileged (not root, or root of a user namespace, as
// inside a container) and may not create one, the container runs in the
// caller's cgroup instead, as runc's rootless mode does; unless the spec
// asks for limits, which is then an error naming them.
func (c *Container) makeCgroup() (cgroups.Manager, error) {
	cg, err := c.Cgroup()
	if err == nil {
		err = cg.Apply(0)
	}
	if err != nil {
		if !unprivileged() || !cgroupDenied(err) {
			return nil, err
		}
		if cg != nil {
			_ = cg.Destroy() // what Apply made before it was refused
		}
		if f := limitsAsked(c.Spec.Linux.Resources); f != "" {
			return nil, fmt.Errorf("%s: %w (%v)", f, ErrNoCgroup, err)
		}
		c.cg = cgroups.None()
		return c.cg, nil
	}
	if err := claimCgroup(cg); err != nil {
		return nil, err
	}
	return cg, cg.Set(withDefaultDevices(c.Spec.Linux.Resources))
}

// cgroupDenied reports whether err means the caller may not create a
// cgroup, or the host shows none.
func cgroupDenied(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, unix.EROFS) ||
		errors.Is(err, cgroups.ErrNoCgroups)
}

// limitsAsked names the first part of r that needs a cgroup, or "".
// Device rules do not: without a cgroup the container's devices are what
// its user namespace lets it open.
func limitsAsked(r *specs.LinuxResources) string {
	if r == nil {
		return ""
	}
	c := r.CPU
	switch {
	case r.Memory != nil:
		return "linux.resources.memory"
	case c != nil && (c.Shares != nil || c.Quota != nil || c.Period != nil || c.Burst != nil ||
		c.RealtimeRuntime != nil || c.RealtimePeriod != nil || c.Idle != nil || c.Cpus != "" || c.Mems != ""):
		return "linux.resources.cpu"
	case r.Pids != nil:
		return "linux.resources.pids"
	case r.BlockIO != nil:
		return "linux.resources.blockIO"
	case len(r.HugepageLimits) > 0:
		return "linux.resources.hugepageLimits"
	case r.Network != nil:
		return "linux.resources.network"
	case len(r.Rdma) > 0:
		return "linux.resources.rdma"
	case len(r.Unified) > 0:
		return "linux.resources.unified"
	}
	return ""
}
