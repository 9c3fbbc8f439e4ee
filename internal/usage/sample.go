// Package usage turns a container's raw counters (its cgroup's stats and
// the traffic of its veth) into the figures people read: CPU percent from
// the delta of CPU time over wall time, memory without reclaimable page
// cache, and totals of network and block I/O. `cell stats`, `cell top` and
// `cell metrics` share it, so the three always agree.
//
// It reads counters and computes; it does not print, refresh or sort.
package usage

import (
	"fmt"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/container"
	"github.com/cell-runtime/cell/internal/network/link"
)

// Annotations read from a container's spec, set by `cell run`.
const (
	NameAnnotation = "run.cell.name"
	VethAnnotation = "run.cell.veth"
)

// Sample is one reading of a container's counters.
type Sample struct {
	ID   string
	Name string // the run.cell.name annotation, else the id
	Time time.Time
	// Stats are the cgroup's figures.
	Stats *cgroups.Stats
	// Net is the container's traffic; nil when it has no veth.
	Net *link.Stats
	// Veth is the host end of the container's veth ("" when none).
	Veth string
	// CPULimit is the spec's CPU quota in CPUs; 0 when unlimited.
	CPULimit float64
}

// Take reads the counters of c now.
func Take(c *container.Container) (*Sample, error) {
	m, err := c.Cgroup()
	if err != nil {
		return nil, fmt.Errorf("usage of %s: %w", c.ID, err)
	}
	st, err := m.Stats()
	if err != nil {
		return nil, fmt.Errorf("usage of %s: %w", c.ID, err)
	}
	s := &Sample{ID: c.ID, Name: Name(c), Time: time.Now(), Stats: st, CPULimit: cpuLimit(c.Spec)}
	if veth := annotation(c, VethAnnotation); veth != "" {
		if n, err := link.ReadStats(veth); err == nil {
			s.Net, s.Veth = &n, veth
		}
	}
	return s, nil
}

// Name is the name `cell run --name` gave c, else its id.
func Name(c *container.Container) string {
	if n := annotation(c, NameAnnotation); n != "" {
		return n
	}
	return c.ID
}

// cpuLimit is quota/period of the spec's linux.resources.cpu, 0 if unset.
func cpuLimit(s *specs.Spec) float64 {
	if s == nil || s.Linux == nil || s.Linux.Resources == nil || s.Linux.Resources.CPU == nil {
		return 0
	}
	c := s.Linux.Resources.CPU
	if c.Quota == nil || *c.Quota <= 0 || c.Period == nil || *c.Period == 0 {
		return 0
	}
	return float64(*c.Quota) / float64(*c.Period)
}

// annotation reads a spec annotation; state.json keeps a copy.
func annotation(c *container.Container, key string) string { return c.Annotations[key] }
