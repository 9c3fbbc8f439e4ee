package v1

import (
	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// memoryStats reads usage, memory+swap, kernel memory, memory.stat and the
// OOM counters.
func memoryStats(dir string, s *stats.Stats) error {
	m := &s.Memory
	var err error
	if m.Usage, err = memoryEntry(dir, "memory"); err != nil {
		return err
	}
	m.Swap, _ = memoryEntry(dir, "memory.memsw")
	m.Kernel, _ = memoryEntry(dir, "memory.kmem")
	m.KernelTCP, _ = memoryEntry(dir, "memory.kmem.tcp")
	if m.Raw, err = cgfile.ReadFlat(dir, "memory.stat"); err != nil {
		return err
	}
	m.Cache = m.Raw["total_cache"]
	if m.Cache == 0 {
		m.Cache = m.Raw["cache"]
	}
	oom, err := cgfile.ReadFlat(dir, "memory.oom_control")
	if err != nil {
		return err
	}
	m.EventCount.OOMKill = oom["oom_kill"]
	return nil
}

// memoryEntry reads <prefix>.{usage,max_usage,limit}_in_bytes and failcnt.
func memoryEntry(dir, prefix string) (stats.MemoryEntry, error) {
	var e stats.MemoryEntry
	for _, f := range []struct {
		name string
		dst  *uint64
	}{
		{".usage_in_bytes", &e.Usage},
		{".max_usage_in_bytes", &e.Max},
		{".limit_in_bytes", &e.Limit},
		{".failcnt", &e.Failcnt},
	} {
		v, err := cgfile.ReadUint(dir, prefix+f.name)
		if err != nil {
			return e, err
		}
		*f.dst = v
	}
	return e, nil
}

// oomKillCount reads oom_kill from memory.oom_control.
func oomKillCount(dir string) (uint64, error) {
	m, err := cgfile.ReadFlat(dir, "memory.oom_control")
	if err != nil {
		return 0, err
	}
	return m["oom_kill"], nil
}
