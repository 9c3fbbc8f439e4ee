package cgroups

import (
	"errors"
	"fmt"
	"maps"
	"os"
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
	return m.enter(pid)
}

func (m *manager) Made() bool {
	return (m.v1 == nil || m.v1.Made) && (m.v2 == nil || m.v2.Made)
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

// enter moves pid into every hierarchy.
func (m *manager) enter(pid int) error {
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

// Entry is what a new process needs to start inside a cgroup without a
// move that stalls it: moving another process in takes a lock whose write
// side waits for an RCU grace period (10-15 ms on a HZ=250 kernel), and
// holds cgroup_mutex meanwhile. A v2 group is entered at clone time; each
// v1 hierarchy by a thread writing "0" to its tasks file, which moves that
// thread alone and takes no such lock: the main thread of cell's init, which
// later execs the container's process (execve ends the other threads).
type Entry struct {
	// Dir is the v2 directory, opened for CLONE_INTO_CGROUP, or -1.
	Dir int
	// Tasks are the tasks files of the v1 hierarchies, opened for writing.
	Tasks []*os.File
}

// Close closes what OpenEntry opened.
func (e *Entry) Close() {
	if e.Dir >= 0 {
		unix.Close(e.Dir)
	}
	for _, f := range e.Tasks {
		f.Close()
	}
}

// OpenEntry opens the v2 directory and the v1 tasks files.
func (m *manager) OpenEntry() (*Entry, error) {
	e := &Entry{Dir: -1}
	if m.v2 != nil {
		fd, err := unix.Open(m.v2.Dir, unix.O_DIRECTORY|unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return nil, fmt.Errorf("open cgroup for clone: %w", err)
		}
		e.Dir = fd
	}
	if m.v1 != nil {
		for _, d := range m.v1.Dirs() {
			path := filepath.Join(d, "tasks")
			fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CLOEXEC, 0)
			if err != nil {
				e.Close()
				return nil, fmt.Errorf("open cgroup for entry: %w", err)
			}
			e.Tasks = append(e.Tasks, os.NewFile(uintptr(fd), path))
		}
	}
	return e, nil
}

// Split returns managers of the v2 and of the v1 part of the group. The v1
// one shares the group, so that hierarchies Set adds (net_cls) show in it.
func (m *manager) Split() (v2, v1 Manager) {
	return &manager{h: m.h, path: m.path, v2: m.v2, pureV2: m.pureV2},
		&manager{h: m.h, path: m.path, v1: m.v1}
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

// Destroy removes the group everywhere.
func (m *manager) Destroy() error {
	var errs []error
	if m.v1 != nil {
		errs = append(errs, m.v1.Destroy())
	}
	if m.v2 != nil {
		errs = append(errs, m.v2.Destroy())
	}
	return errors.Join(errs...)
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
