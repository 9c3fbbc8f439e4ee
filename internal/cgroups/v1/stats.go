package v1

import (
	"fmt"

	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// Stats fills s from every controller the group has. A controller the
// group lacks leaves its part of s as it was.
func (g *Group) Stats(s *stats.Stats) error {
	for _, c := range []struct {
		name string
		read func(string, *stats.Stats) error
	}{
		{"cpuacct", cpuacctStats},
		{"cpu", cpuStats},
		{"memory", memoryStats},
		{"pids", pidsStats},
		{"blkio", blkioStats},
		{"hugetlb", hugetlbStats},
	} {
		dir, ok := g.Paths[c.name]
		if !ok {
			continue
		}
		if err := c.read(dir, s); err != nil && !isMissing(err) {
			return fmt.Errorf("%s stats: %w", c.name, err)
		}
	}
	return nil
}

// OOMKillCount reads the memory group's OOM kill counter; ok is false when
// the group has no memory hierarchy.
func (g *Group) OOMKillCount() (n uint64, ok bool, err error) {
	dir, ok := g.Paths["memory"]
	if !ok {
		return 0, false, nil
	}
	n, err = oomKillCount(dir)
	return n, true, err
}
