package v1

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"golang.org/x/sys/unix"
)

// Group is one container's cgroup in every v1 hierarchy it uses.
type Group struct {
	// Paths maps a controller name ("cpu", "memory", ...) to the group's
	// directory in that controller's hierarchy. Co-mounted controllers
	// share a directory.
	Paths map[string]string
	// Made is set by Create when it made every directory itself.
	Made bool
}

// Dirs returns the distinct directories of the group, sorted.
func (g *Group) Dirs() []string {
	var dirs []string
	for _, d := range g.Paths {
		if !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	return dirs
}

// Create makes the group's directories (and missing parents) and gives a
// new cpuset group its parent's cpus and mems, which v1 leaves empty.
func (g *Group) Create() error {
	g.Made = true
	for _, d := range g.Dirs() {
		made, err := cgfile.MkdirAll(d)
		if err != nil {
			return err
		}
		g.Made = g.Made && made
	}
	if d, ok := g.Paths["cpuset"]; ok {
		return initCpuset(d)
	}
	return nil
}

// Enter moves pid into the group in every hierarchy. pid 0 does nothing.
func (g *Group) Enter(pid int) error {
	if pid == 0 {
		return nil
	}
	for _, d := range g.Dirs() {
		if err := cgfile.Write(d, "cgroup.procs", strconv.Itoa(pid)); err != nil {
			return fmt.Errorf("enter cgroup: %w", err)
		}
	}
	return nil
}

// Pids lists the processes of every hierarchy and sub-group, deduplicated.
func (g *Group) Pids() ([]int, error) {
	var pids []int
	for _, d := range g.Dirs() {
		got, err := cgfile.ReadProcs(d)
		if err != nil {
			return nil, err
		}
		pids = append(pids, got...)
	}
	slices.Sort(pids)
	return slices.Compact(pids), nil
}

// Destroy removes every directory of the group, sub-groups first. Missing
// directories are fine.
func (g *Group) Destroy() error {
	var errs []error
	for _, d := range g.Dirs() {
		errs = append(errs, cgfile.RemoveTree(d))
	}
	return errors.Join(errs...)
}

// isMissing reports whether err is a missing interface file.
func isMissing(err error) bool {
	return errors.Is(err, os.ErrNotExist) || errors.Is(err, unix.ENOENT)
}
