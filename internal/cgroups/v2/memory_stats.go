package v2

import (
	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// memoryStats reads memory.{current,max,peak,stat,events} and the swap
// files. Swap is reported as memory+swap, as on v1.
func memoryStats(dir string, s *stats.Stats) error {
	m := &s.Memory
	var err error
	if m.Usage.Usage, err = cgfile.ReadUint(dir, "memory.current"); err != nil {
		return err
	}
	if m.Usage.Limit, err = cgfile.ReadUint(dir, "memory.max"); err != nil {
		return err
	}
	m.Usage.Max, _ = cgfile.ReadUint(dir, "memory.peak")
	if m.Raw, err = cgfile.ReadFlat(dir, "memory.stat"); err != nil {
		return err
	}
	m.Cache = m.Raw["file"]
	ev, err := cgfile.ReadFlat(dir, "memory.events")
	if err != nil {
		return err
	}
	m.EventCount = stats.MemoryEventCount{
		Low: ev["low"], High: ev["high"], Max: ev["max"], OOM: ev["oom"], OOMKill: ev["oom_kill"],
	}
	m.Usage.Failcnt = ev["max"]
	swapStats(dir, m)
	return nil
}

// swapStats fills m.Swap as memory+swap when the swap files exist.
func swapStats(dir string, m *stats.Memory) {
	cur, err := cgfile.ReadUint(dir, "memory.swap.current")
	if err != nil {
		return
	}
	limit, _ := cgfile.ReadUint(dir, "memory.swap.max")
	m.Swap.Usage = cur + m.Usage.Usage
	m.Swap.Limit = limit
	if limit != cgfile.Max && m.Usage.Limit != cgfile.Max {
		m.Swap.Limit = limit + m.Usage.Limit
	}
	if peak, err := cgfile.ReadUint(dir, "memory.swap.peak"); err == nil {
		m.Swap.Max = peak + m.Usage.Max
	}
}
