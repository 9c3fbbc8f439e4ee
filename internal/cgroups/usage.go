package cgroups

import (
	"errors"
)

// Stats reads v2 figures first (PSI, and controllers only v2 has), then v1
// ones, which win where a controller is on v1.
func (m *manager) Stats() (*Stats, error) {
	s := &Stats{}
	if m.v2 != nil {
		if err := m.v2.Stats(s); err != nil {
			return nil, err
		}
	}
	if m.v1 != nil {
		if err := m.v1.Stats(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// OOMKillCount reads the v1 memory counter, else v2 memory.events.
func (m *manager) OOMKillCount() (uint64, error) {
	if m.v1 != nil {
		if n, ok, err := m.v1.OOMKillCount(); ok {
			return n, err
		}
	}
	if m.v2 != nil {
		return m.v2.OOMKillCount()
	}
	return 0, errors.New("oom kill count: the host has no memory controller")
}
