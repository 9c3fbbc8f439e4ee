package v2

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// Stats fills s from the files the group has; controllers that are not
// enabled (their files missing) leave their part of s as it was.
func (g *Group) Stats(s *stats.Stats) error {
	for _, c := range []struct {
		name string
		read func(string, *stats.Stats) error
	}{
		{"cpu", cpuStats},
		{"memory", memoryStats},
		{"pids", pidsStats},
		{"io", ioStats},
		{"hugetlb", hugetlbStats},
		{"psi", psiStats},
	} {
		if err := c.read(g.Dir, s); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s stats: %w", c.name, err)
		}
	}
	return nil
}

// OOMKillCount reads oom_kill from memory.events.
func (g *Group) OOMKillCount() (uint64, error) {
	m, err := cgfile.ReadFlat(g.Dir, "memory.events")
	if err != nil {
		return 0, fmt.Errorf("oom kill count: %w", err)
	}
	return m["oom_kill"], nil
}

// cpuStats reads cpu.stat (microseconds, converted to nanoseconds).
func cpuStats(dir string, s *stats.Stats) error {
	m, err := cgfile.ReadFlat(dir, "cpu.stat")
	if err != nil {
		return err
	}
	s.CPU.Usage.Total = m["usage_usec"] * 1000
	s.CPU.Usage.User = m["user_usec"] * 1000
	s.CPU.Usage.Kernel = m["system_usec"] * 1000
	s.CPU.Throttling = stats.Throttling{
		Periods:          m["nr_periods"],
		ThrottledPeriods: m["nr_throttled"],
		ThrottledTime:    m["throttled_usec"] * 1000,
	}
	return nil
}

// pidsStats reads pids.current and pids.max ("max" reads as 0).
func pidsStats(dir string, s *stats.Stats) error {
	cur, err := cgfile.ReadUint(dir, "pids.current")
	if err != nil {
		return err
	}
	limit, err := cgfile.ReadUint(dir, "pids.max")
	if err != nil {
		return err
	}
	if limit == cgfile.Max {
		limit = 0
	}
	s.Pids = stats.Pids{Current: cur, Limit: limit}
	return nil
}
