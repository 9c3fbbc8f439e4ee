package v2

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/devices"
)

// Group is one container's directory in the unified hierarchy.
type Group struct {
	// Dir is the group's directory.
	Dir string
	// Root is the mount point of the unified hierarchy (or the top of the
	// part of it we can see); controllers are enabled from here down.
	Root string
	// Made is set by Create when it made Dir itself.
	Made bool
}

// Create makes the directory and its missing parents.
func (g *Group) Create() (err error) {
	g.Made, err = cgfile.MkdirAll(g.Dir)
	return err
}

// Available lists the controllers the hierarchy offers at its root, that
// is, the ones the group can have once enabled.
func (g *Group) Available() ([]string, error) {
	s, err := cgfile.Read(g.Root, "cgroup.controllers")
	if err != nil {
		return nil, fmt.Errorf("list v2 controllers: %w", err)
	}
	return strings.Fields(s), nil
}

// Has reports whether the hierarchy offers controller c.
func (g *Group) Has(c string) bool {
	avail, err := g.Available()
	return err == nil && slices.Contains(avail, c)
}

// Enable turns controllers on in cgroup.subtree_control of every directory
// from Root down to the group's parent, writing only where one is missing,
// so that the group gets their interface files.
func (g *Group) Enable(ctrls ...string) error {
	rel, err := filepath.Rel(g.Root, filepath.Dir(g.Dir))
	if err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("enable controllers: %s is not below %s", g.Dir, g.Root)
	}
	dir := g.Root
	if err := enableIn(dir, ctrls); err != nil {
		return err
	}
	if rel == "." {
		return nil
	}
	for _, elem := range strings.Split(rel, "/") {
		dir = filepath.Join(dir, elem)
		if err := enableIn(dir, ctrls); err != nil {
			return err
		}
	}
	return nil
}

// enableIn writes "+c" for each controller missing from dir's subtree_control.
func enableIn(dir string, ctrls []string) error {
	cur, err := cgfile.Read(dir, "cgroup.subtree_control")
	if err != nil {
		return fmt.Errorf("enable controllers: %w", err)
	}
	have := strings.Fields(cur)
	for _, c := range ctrls {
		if slices.Contains(have, c) {
			continue
		}
		if err := cgfile.Write(dir, "cgroup.subtree_control", "+"+c); err != nil {
			return fmt.Errorf("enable controller %s: %w", c, err)
		}
	}
	return nil
}

// Enter moves pid into the group. pid 0 does nothing.
func (g *Group) Enter(pid int) error {
	if pid == 0 {
		return nil
	}
	if err := cgfile.Write(g.Dir, "cgroup.procs", strconv.Itoa(pid)); err != nil {
		return fmt.Errorf("enter cgroup: %w", err)
	}
	return nil
}

// Pids lists the processes of the group and its sub-groups.
func (g *Group) Pids() ([]int, error) {
	return cgfile.ReadProcs(g.Dir)
}

// Destroy detaches the device programs and removes the directory tree.
func (g *Group) Destroy() error {
	if _, err := os.Stat(g.Dir); os.IsNotExist(err) {
		return nil
	}
	if err := devices.Detach(g.Dir); err != nil {
		return err
	}
	return cgfile.RemoveTree(g.Dir)
}
