package cgroups

import (
	"errors"

	v1 "github.com/cell-runtime/cell/internal/cgroups/v1"
	v2 "github.com/cell-runtime/cell/internal/cgroups/v2"
)

// errNoFreezer is returned when neither a v1 freezer nor v2 exists.
var errNoFreezer = errors.New("freeze: the host has no freezer (no v1 freezer hierarchy, no cgroup v2)")

// Freeze freezes or thaws the group with the v1 freezer when the host has
// one, else with v2 cgroup.freeze, and waits for the kernel to confirm.
func (m *manager) Freeze(state FreezerState) error {
	frozen := state == Frozen
	if dir, ok := m.v1Dir("freezer"); ok {
		return v1.Freeze(dir, frozen)
	}
	if m.v2 != nil {
		return v2.Freeze(m.v2.Dir, frozen)
	}
	return errNoFreezer
}

// FreezerState reads the state from the same place Freeze writes it.
func (m *manager) FreezerState() (FreezerState, error) {
	var frozen bool
	var err error
	switch dir, ok := m.v1Dir("freezer"); {
	case ok:
		frozen, err = v1.Frozen(dir)
	case m.v2 != nil:
		frozen, err = v2.Frozen(m.v2.Dir)
	default:
		return "", errNoFreezer
	}
	if err != nil {
		return "", err
	}
	if frozen {
		return Frozen, nil
	}
	return Thawed, nil
}

// v1Dir is the group's directory in controller c's v1 hierarchy.
func (m *manager) v1Dir(c string) (string, bool) {
	if m.v1 == nil {
		return "", false
	}
	d, ok := m.v1.Paths[c]
	return d, ok
}
