// Package cgroups places containers in control groups, applies their
// resource limits and reads back what they use, on cgroup v1, v2 and hybrid
// hosts. The layout is detected at run time from /proc/self/mountinfo; v1
// and v2 are sibling implementations of one Manager interface, chosen by New.
//
// It does not decide where a container's cgroup lives beyond turning
// linux.cgroupsPath (or a default) into paths, and it never touches cgroups
// it did not create.
package cgroups

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// FreezerState is a cgroup's freezer state.
type FreezerState string

const (
	Thawed FreezerState = "THAWED"
	Frozen FreezerState = "FROZEN"
)

// Manager manages one container's cgroup, in every hierarchy the host has.
type Manager interface {
	// Apply creates the cgroup (in every hierarchy) and moves pid into it.
	// pid 0 only creates it.
	Apply(pid int) error
	// Made reports whether Apply made every directory of the group itself,
	// none being there before: then the group holds no process and is not
	// frozen.
	Made() bool
	// Set applies resources; nil fields change nothing. A value the host
	// cannot honour is an error naming the field.
	Set(r *specs.LinuxResources) error
	// OpenEntry opens what a new process needs to start inside the
	// cgroup: see Entry.
	OpenEntry() (*Entry, error)
	// Split returns the group's v2 part, which a new process is cloned
	// into, and its v1 part, which the process's main thread enters by
	// itself (see Entry), so that the v1 part, slower to make, can be made
	// while the process starts. A part the host lacks is empty: it makes
	// nothing and holds no process.
	Split() (v2, v1 Manager)
	// Pids lists every process in the container's cgroup.
	Pids() ([]int, error)
	// Freeze freezes or thaws every process in the cgroup and waits until
	// the kernel reports the new state.
	Freeze(state FreezerState) error
	// FreezerState reports whether the cgroup is frozen.
	FreezerState() (FreezerState, error)
	// Stats reads the usage figures of every controller.
	Stats() (*Stats, error)
	// OOMKillCount is the number of processes the kernel OOM-killed in the cgroup.
	OOMKillCount() (uint64, error)
	// Destroy kills nothing: it removes the (empty) cgroup directories,
	// retrying briefly while the kernel reaps the last tasks.
	Destroy() error
	// Paths maps each controller name to its directory ("" for the v2
	// unified directory).
	Paths() map[string]string
}
