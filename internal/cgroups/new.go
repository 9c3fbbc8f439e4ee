package cgroups

import (
	"fmt"

	v1 "github.com/cell-runtime/cell/internal/cgroups/v1"
	v2 "github.com/cell-runtime/cell/internal/cgroups/v2"
)

// New returns the Manager of the cgroup named by cgroupsPath for container
// id, on whatever layout the host has. It creates nothing; Apply does.
//
// cgroupsPath "" means "cell-<id>". A relative path is taken below the
// calling process's own cgroup in each v1 hierarchy (/proc/self/cgroup) and
// below the root of the v2 hierarchy: the caller's own v2 cgroup holds the
// caller, and v2 enables no domain controller (memory, pids, ...) below a
// non-root cgroup that holds processes. An absolute path is taken from each
// hierarchy's root. Paths with ".." and systemd "slice:prefix:name" paths
// are errors.
func New(cgroupsPath, id string) (Manager, error) {
	return defaultHost().newManager(cgroupsPath, id)
}

// FromPaths rebuilds the Manager of an existing cgroup from the map its
// Paths returned, so that later commands (update, delete) reach the same
// directories whatever cgroup they themselves run in.
func FromPaths(paths map[string]string) (Manager, error) {
	h := defaultHost()
	l, err := h.layout()
	if err != nil {
		return nil, err
	}
	m := &manager{h: h}
	for c, d := range paths {
		if c == "" {
			if l.V2 == nil {
				return nil, fmt.Errorf("cgroup %s: %w", d, ErrNoCgroups)
			}
			m.v2 = &v2.Group{Dir: d, Root: l.V2.Dir}
			continue
		}
		if m.v1 == nil {
			m.v1 = &v1.Group{Paths: map[string]string{}}
		}
		m.v1.Paths[c] = d
	}
	m.pureV2 = m.v1 == nil && m.v2 != nil
	return m, nil
}

// newManager resolves cgroupsPath in every hierarchy h shows.
func (h *host) newManager(cgroupsPath, id string) (*manager, error) {
	p, err := CheckPath(cgroupsPath, id)
	if err != nil {
		return nil, err
	}
	l, err := h.layout()
	if err != nil {
		return nil, err
	}
	if _, err := l.Mode(); err != nil {
		return nil, err
	}
	own, err := readProcCgroup(h.procCgroup)
	if err != nil {
		return nil, err
	}
	m := &manager{h: h, path: p}
	if len(l.V1) > 0 {
		m.v1 = &v1.Group{Paths: map[string]string{}}
		for c, mt := range l.V1 {
			m.v1.Paths[c] = dirIn(mt, own[c], p)
		}
	}
	if l.V2 != nil {
		m.v2 = &v2.Group{Dir: dirIn(*l.V2, "/", p), Root: l.V2.Dir}
		m.pureV2 = len(l.V1) == 0
	}
	return m, nil
}
