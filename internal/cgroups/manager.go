package cgroups

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"

	v1 "github.com/cell-runtime/cell/internal/cgroups/v1"
	v2 "github.com/cell-runtime/cell/internal/cgroups/v2"
	"golang.org/x/sys/unix"
)

// manager is the one Manager implementation: a v1 group, a v2 group, or
// both on hybrid hosts. Each field of linux.resources goes to the v1
// hierarchy of its controller when there is one, else to v2.
type manager struct {
	h *host
	// path is the checked cgroupsPath ("" when rebuilt by FromPaths).
	path string
	v1   *v1.Group
	v2   *v2.Group
	// pureV2 is set when there is no v1 hierarchy at all; Apply then
	// enables every available controller, as the unified layout expects.
	pureV2 bool
}

// Apply creates the group in every hierarchy and moves pid into it.
func (m *manager) Apply(pid int) error {
	if m.v1 != nil {
		if err := m.v1.Create(); err != nil {
			return err
		}
	}
	if m.v2 != nil {
		if err := m.applyV2(); err != nil {
			return err
		}
	}
	return m.Enter(pid)
}

// applyV2 creates the v2 directory; on pure v2 hosts it also enables every
// controller the root offers. On hybrid hosts controllers are enabled only
// when Set needs one, so that merely creating a group never writes to
// cgroups above it.
func (m *manager) applyV2() error {
	if err := m.v2.Create(); err != nil {
		return err
	}
	if !m.pureV2 {
		return nil
	}
	avail, err := m.v2.Available()
	if err != nil {
		return err
	}
	return m.v2.Enable(avail...)
}

// Enter moves pid into every hierarchy.
func (m *manager) Enter(pid int) error {
	if m.v1 != nil {
		if err := m.v1.Enter(pid); err != nil {
			return err
		}
	}
	if m.v2 != nil {
		return m.v2.Enter(pid)
	}
	return nil
}

// CloneFD opens the v2 directory for CLONE_INTO_CGROUP; -1 when v1
// hierarchies need the pid too.
func (m *manager) CloneFD() (int, error) {
	if !m.BornInside() {
		return -1, nil
	}
	fd, err := unix.Open(m.v2.Dir, unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("open cgroup for clone: %w", err)
	}
	return fd, nil
}

// BornInside is true when the container has a v2 group and no v1 one.
func (m *manager) BornInside() bool {
	return m.v2 != nil && (m.v1 == nil || len(m.v1.Paths) == 0)
}

// Pids lists the processes of every hierarchy, sub-groups included.
func (m *manager) Pids() ([]int, error) {
	var pids []int
	if m.v1 != nil {
		p, err := m.v1.Pids()
		if err != nil {
			return nil, err
		}
		pids = append(pids, p...)
	}
	if m.v2 != nil {
		p, err := m.v2.Pids()
		if err != nil {
			return nil, err
		}
		pids = append(pids, p...)
	}
	slices.Sort(pids)
	return slices.Compact(pids), nil
}

// Destroy removes the group everywhere, then the parent "cell" directory
// cell keeps default groups in, if that is now empty.
func (m *manager) Destroy() error {
	var errs []error
	if m.v1 != nil {
		errs = append(errs, m.v1.Destroy())
	}
	if m.v2 != nil {
		errs = append(errs, m.v2.Destroy())
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, d := range m.Paths() {
		if parent := filepath.Dir(d); filepath.Base(parent) == "cell" {
			_ = unix.Rmdir(parent) // fails harmlessly while other groups live there
		}
	}
	return nil
}

// Paths maps controllers to directories; "" is the v2 directory.
func (m *manager) Paths() map[string]string {
	p := map[string]string{}
	if m.v1 != nil {
		maps.Copy(p, m.v1.Paths)
	}
	if m.v2 != nil {
		p[""] = m.v2.Dir
	}
	return p
}
