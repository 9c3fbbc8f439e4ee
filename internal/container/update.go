package container

import (
	"errors"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Update applies r to the cgroups of a created, running or paused
// container. Only the parts of r that are set change; the spec kept in the
// state is not rewritten.
func (c *Container) Update(r *specs.LinuxResources) error {
	if c.Status() == Stopped {
		return errors.New("container not running")
	}
	cg, err := c.Cgroup()
	if err != nil {
		return err
	}
	return cg.Set(r)
}
