package cgroups

import (
	"errors"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
)

// FieldError is a linux.resources value the host cannot honour; Field is the
// spec path, e.g. "linux.resources.memory.swap".
type FieldError = cgfile.FieldError

var (
	// ErrSystemdPath is returned for "slice:prefix:name" cgroup paths.
	ErrSystemdPath = errors.New("systemd cgroup paths need --systemd-cgroup")
	// ErrBadPath is returned for cgroup paths with ".." components.
	ErrBadPath = errors.New("cgroup path must not contain \"..\"")
	// ErrNoCgroups is returned when /proc/self/mountinfo shows no cgroup mount.
	ErrNoCgroups = errors.New("no cgroup filesystem mounted")
)
