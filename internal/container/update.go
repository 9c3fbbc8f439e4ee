package container

import (
	"errors"
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Update changes the resource limits of a created, running or paused
// container, as `runc update` does. Set fields of r replace the saved spec's
// linux.resources values; nil and zero fields keep them (zero quota, period,
// shares, pids limit and blkio weight mean "unchanged", as in runc). A memory
// limit of -1 means no limit. Devices are never updated: they keep what
// create set (containerd sends them back unchanged with every update).
//
// The new values are checked first; an error names the field. Unless r says
// otherwise, a memory limit below what the container uses now is refused
// (checkBeforeUpdate). The parts are then written to the cgroup one by one;
// if the kernel refuses one, the parts already written get their old values
// back and the saved state is left as it was. The caller holds the lock
// (Locked).
func (c *Container) Update(r *specs.LinuxResources) error {
	if s := c.Status(); s == Stopped || s == Creating {
		return fmt.Errorf("cannot update a container that is %s", s)
	}
	if r == nil {
		return nil
	}
	old := resourcesOf(c.Spec)
	delta := normalizeUpdate(r, old)
	merged := mergeResources(old, delta)
	if err := checkUpdate(delta, merged); err != nil {
		return err
	}
	if err := c.applyUpdate(writeSet(delta, merged), old); err != nil {
		return err
	}
	c.Spec.Linux.Resources = merged
	return c.save()
}

// applyUpdate writes each part of w in turn; when one fails, every part
// written so far (the failing one too: it may be half written) is set back
// to its old value.
func (c *Container) applyUpdate(w *specs.LinuxResources, old *specs.LinuxResources) error {
	cg, err := c.Cgroup()
	if err != nil {
		return err
	}
	parts := splitParts(w)
	for i, p := range parts {
		if err := cg.Set(p); err != nil {
			var errs []error
			for j := i; j >= 0; j-- {
				errs = append(errs, cg.Set(restoreOf(parts[j], old)))
			}
			if rerr := errors.Join(errs...); rerr != nil {
				return fmt.Errorf("%w (and restoring the old limits failed: %v)", err, rerr)
			}
			return err
		}
	}
	return nil
}

// resourcesOf returns the spec's resources, never nil.
func resourcesOf(s *specs.Spec) *specs.LinuxResources {
	if s == nil || s.Linux == nil || s.Linux.Resources == nil {
		return &specs.LinuxResources{}
	}
	return s.Linux.Resources
}
