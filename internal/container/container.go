// Package container is cell's lifecycle engine: it creates, starts, signals,
// execs into, pauses, updates and deletes containers described by an OCI
// spec, keeping their state in a store. Every front end (the runc-style
// commands, `cell run`) ends here.
//
// It does not parse flags or config files (package spec does) and does not
// run inside the container (package initproc does).
package container

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/store"
)

// Status is a container's OCI status, plus "paused".
type Status string

const (
	Creating Status = "creating"
	Created  Status = "created"
	Running  Status = "running"
	Paused   Status = "paused"
	Stopped  Status = "stopped"
)

// fifoName is the file in the state directory that a created init blocks on.
const fifoName = "exec.fifo"

// State is what state.json holds for one container.
type State struct {
	ID          string            `json:"id"`
	Bundle      string            `json:"bundle"`
	Rootfs      string            `json:"rootfs"`
	Pid         int               `json:"pid"`
	InitStart   uint64            `json:"initStart"` // /proc/PID/stat starttime, to detect pid reuse
	Created     time.Time         `json:"created"`
	Status      Status            `json:"status"` // creating or created, as create left it; Status() asks the kernel
	Spec        *specs.Spec       `json:"spec"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Owner       string            `json:"owner,omitempty"`
	// CgroupPaths are the cgroup directories as create resolved them; later
	// commands may run from another cgroup and must not resolve again.
	// Empty (not null) means the container has no cgroup of its own
	// (cgroups.None: rootless, where the caller may not create one).
	CgroupPaths map[string]string `json:"cgroupPaths"`
}

// Container is one container in a store.
type Container struct {
	State
	store store.Store
	cg    cgroups.Manager
}

// Load reads container id from the store.
func Load(st store.Store, id string) (*Container, error) {
	c := &Container{store: st}
	if err := st.Load(id, &c.State); err != nil {
		if errors.Is(err, store.ErrNotExist) {
			return nil, fmt.Errorf("container %s does not exist", id)
		}
		return nil, err
	}
	return c, nil
}

// List loads every container in the store, skipping ones whose state is
// missing (a create in progress or a crashed one).
func List(st store.Store) ([]*Container, error) {
	ids, err := st.List()
	if err != nil {
		return nil, err
	}
	var out []*Container
	for _, id := range ids {
		c, err := Load(st, id)
		if err != nil {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

func (c *Container) dir() string      { return c.store.Dir(c.ID) }
func (c *Container) fifoPath() string { return filepath.Join(c.dir(), fifoName) }

// Cgroup returns the container's cgroup manager.
func (c *Container) Cgroup() (cgroups.Manager, error) {
	if c.cg != nil {
		return c.cg, nil
	}
	var m cgroups.Manager
	var err error
	if c.CgroupPaths != nil {
		m, err = cgroups.FromPaths(c.CgroupPaths)
	} else {
		m, err = cgroups.New(c.Spec.Linux.CgroupsPath, c.ID)
	}
	if err != nil {
		return nil, err
	}
	c.cg = m
	return m, nil
}

// Status asks the kernel what state the container is in now.
func (c *Container) Status() Status {
	if c.State.Status == Creating || c.Pid == 0 {
		return c.State.Status
	}
	if !alive(c.Pid, c.InitStart) {
		return Stopped
	}
	if _, err := os.Stat(c.fifoPath()); err == nil {
		return Created
	}
	if m, err := c.Cgroup(); err == nil {
		if fs, err := m.FreezerState(); err == nil && fs == cgroups.Frozen {
			return Paused
		}
	}
	return Running
}

// OCIState is the state as the OCI runtime spec defines it.
func (c *Container) OCIState() *specs.State {
	st := &specs.State{
		Version:     specs.Version,
		ID:          c.ID,
		Status:      specs.ContainerState(c.Status()),
		Bundle:      c.Bundle,
		Annotations: c.Annotations,
	}
	if st.Status != specs.StateStopped {
		st.Pid = c.Pid
	}
	return st
}

func (c *Container) save() error { return c.store.Save(c.ID, &c.State) }
