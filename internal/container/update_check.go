package container

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/cell-runtime/cell/internal/cgroups"
)

// Kernel limits the update checks before writing anything, so that a bad
// value fails with the field's name and nothing changes.
const (
	minShares, maxShares     = 2, 262144     // cpu.shares
	minPeriod, maxPeriod     = 1000, 1000000 // cpu.cfs_period_us, in µs
	minQuota                 = 1000          // cpu.cfs_quota_us, in µs
	minBlkioWeight, maxBlkio = 10, 1000      // blkio.weight
	resField                 = "linux.resources."
)

// fieldf is an update value cell refuses, naming its spec field.
func fieldf(field, format string, args ...any) error {
	return &cgroups.FieldError{Field: resField + field, Reason: fmt.Sprintf(format, args...)}
}

// checkResources checks a new container's resources as an update's, zero
// values meaning "not set".
func checkResources(r *specs.LinuxResources) error {
	if r == nil {
		return nil
	}
	n := normalizeUpdate(r, &specs.LinuxResources{})
	return checkUpdate(n, n)
}

// checkUpdate checks the values d sets, and how they fit with the others in
// the merged resources m.
func checkUpdate(d, m *specs.LinuxResources) error {
	for _, check := range []func() error{
		func() error { return checkMemory(d.Memory, m.Memory) },
		func() error { return checkCPU(d.CPU) },
		func() error { return checkBlockIO(d.BlockIO) },
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// checkMemory wants sizes of -1 (no limit) or more, and a memory+swap limit
// no lower than the memory limit.
func checkMemory(d, m *specs.LinuxMemory) error {
	if d == nil {
		return nil
	}
	for _, f := range []struct {
		name string
		v    *int64
	}{{"limit", d.Limit}, {"reservation", d.Reservation}, {"swap", d.Swap}} {
		if f.v != nil && *f.v < -1 {
			return fieldf("memory."+f.name, "%d is not a size (want -1 for no limit, or bytes)", *f.v)
		}
	}
	if d.Swappiness != nil && *d.Swappiness > 100 {
		return fieldf("memory.swappiness", "%d is out of range 0-100", *d.Swappiness)
	}
	if m.Swap == nil || *m.Swap <= 0 {
		return nil
	}
	if m.Limit == nil || *m.Limit <= 0 {
		return fieldf("memory.swap", "a memory+swap limit (%d) needs a memory limit", *m.Swap)
	}
	if *m.Swap < *m.Limit {
		return fieldf("memory.swap", "memory+swap limit %d is below the memory limit %d", *m.Swap, *m.Limit)
	}
	return nil
}

// checkCPU checks the CFS and realtime values against the kernel's ranges
// and the cpuset lists against the host's CPUs and memory nodes.
func checkCPU(c *specs.LinuxCPU) error {
	if c == nil {
		return nil
	}
	if c.Shares != nil && (*c.Shares < minShares || *c.Shares > maxShares) {
		return fieldf("cpu.shares", "%d is out of range %d-%d", *c.Shares, minShares, maxShares)
	}
	if c.Period != nil && (*c.Period < minPeriod || *c.Period > maxPeriod) {
		return fieldf("cpu.period", "%dµs is out of range %d-%d", *c.Period, minPeriod, maxPeriod)
	}
	if c.Quota != nil && *c.Quota != -1 && *c.Quota < minQuota {
		return fieldf("cpu.quota", "%dµs is below the kernel's minimum %dµs (-1 for no limit)", *c.Quota, minQuota)
	}
	if c.RealtimeRuntime != nil && *c.RealtimeRuntime < -1 {
		return fieldf("cpu.realtimeRuntime", "%d is not a runtime (want -1 or µs)", *c.RealtimeRuntime)
	}
	if c.Cpus != "" {
		if err := checkList(c.Cpus, cpuOnlinePath); err != nil {
			return fieldf("cpu.cpus", "%v", err)
		}
	}
	if c.Mems != "" {
		if err := checkList(c.Mems, nodeOnlinePath); err != nil {
			return fieldf("cpu.mems", "%v", err)
		}
	}
	return nil
}

// checkBlockIO wants weights in the kernel's range 10-1000.
func checkBlockIO(b *specs.LinuxBlockIO) error {
	if b == nil {
		return nil
	}
	weights := []namedWeight{{"weight", b.Weight}, {"leafWeight", b.LeafWeight}}
	for _, wd := range b.WeightDevice {
		weights = append(weights, namedWeight{"weightDevice.weight", wd.Weight},
			namedWeight{"weightDevice.leafWeight", wd.LeafWeight})
	}
	for _, w := range weights {
		if w.v != nil && (*w.v < minBlkioWeight || *w.v > maxBlkio) {
			return fieldf("blockIO."+w.name, "%d is out of range %d-%d", *w.v, minBlkioWeight, maxBlkio)
		}
	}
	return nil
}

// namedWeight is one blkio weight and its field below blockIO.
type namedWeight struct {
	name string
	v    *uint16
}
