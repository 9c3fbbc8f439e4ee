package container

import (
	"maps"

	json "github.com/go-json-experiment/json/v1"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// normalizeUpdate returns a copy of r with runc's update semantics made
// explicit: zero quota, period, shares, pids limit and blkio weights
// dropped (they mean "unchanged"), devices and the obsolete kernel
// memory limits dropped, checkBeforeUpdate on unless r sets it, and a
// memory limit of -1 lifting an old swap limit too (v1 wants memory+swap
// at least the memory limit).
func normalizeUpdate(r, old *specs.LinuxResources) *specs.LinuxResources {
	d := deepCopy(r)
	d.Devices = nil
	if m := d.Memory; m != nil {
		m.Kernel, m.KernelTCP = nil, nil //nolint:staticcheck // obsolete, ignored as runc does
		if m.Limit != nil && *m.Limit == -1 && m.Swap == nil && old.Memory != nil && old.Memory.Swap != nil {
			m.Swap = ptr(int64(-1))
		}
		if m.Limit != nil && *m.Limit > 0 && m.CheckBeforeUpdate == nil {
			m.CheckBeforeUpdate = ptr(true)
		}
	}
	if c := d.CPU; c != nil {
		c.Quota = nonZero(c.Quota)
		c.Period = nonZero(c.Period)
		c.Shares = nonZero(c.Shares)
	}
	if d.Pids != nil && d.Pids.Limit != nil && *d.Pids.Limit == 0 {
		d.Pids = nil
	}
	if b := d.BlockIO; b != nil {
		b.Weight = nonZero(b.Weight)
		b.LeafWeight = nonZero(b.LeafWeight)
	}
	return d
}

// mergeResources returns old with every set field of d laid over it.
func mergeResources(old, d *specs.LinuxResources) *specs.LinuxResources {
	m := deepCopy(old)
	if d.Memory != nil {
		m.Memory = mergeMemory(m.Memory, d.Memory)
	}
	if d.CPU != nil {
		m.CPU = mergeCPU(m.CPU, d.CPU)
	}
	if d.Pids != nil {
		m.Pids = d.Pids
	}
	if d.BlockIO != nil {
		m.BlockIO = mergeBlockIO(m.BlockIO, d.BlockIO)
	}
	if len(d.HugepageLimits) > 0 {
		m.HugepageLimits = d.HugepageLimits
	}
	if d.Network != nil {
		m.Network = mergeNetwork(m.Network, d.Network)
	}
	if len(d.Unified) > 0 {
		if m.Unified == nil {
			m.Unified = map[string]string{}
		}
		maps.Copy(m.Unified, d.Unified)
	}
	return m
}

func mergeMemory(o, d *specs.LinuxMemory) *specs.LinuxMemory {
	if o == nil {
		o = &specs.LinuxMemory{}
	}
	set(&o.Limit, d.Limit)
	set(&o.Reservation, d.Reservation)
	set(&o.Swap, d.Swap)
	set(&o.Swappiness, d.Swappiness)
	set(&o.DisableOOMKiller, d.DisableOOMKiller)
	set(&o.UseHierarchy, d.UseHierarchy)
	set(&o.CheckBeforeUpdate, d.CheckBeforeUpdate)
	return o
}

func mergeCPU(o, d *specs.LinuxCPU) *specs.LinuxCPU {
	if o == nil {
		o = &specs.LinuxCPU{}
	}
	set(&o.Shares, d.Shares)
	set(&o.Quota, d.Quota)
	set(&o.Burst, d.Burst)
	set(&o.Period, d.Period)
	set(&o.RealtimeRuntime, d.RealtimeRuntime)
	set(&o.RealtimePeriod, d.RealtimePeriod)
	set(&o.Idle, d.Idle)
	if d.Cpus != "" {
		o.Cpus = d.Cpus
	}
	if d.Mems != "" {
		o.Mems = d.Mems
	}
	return o
}

func mergeBlockIO(o, d *specs.LinuxBlockIO) *specs.LinuxBlockIO {
	if o == nil {
		o = &specs.LinuxBlockIO{}
	}
	set(&o.Weight, d.Weight)
	set(&o.LeafWeight, d.LeafWeight)
	replace(&o.WeightDevice, d.WeightDevice)
	replace(&o.ThrottleReadBpsDevice, d.ThrottleReadBpsDevice)
	replace(&o.ThrottleWriteBpsDevice, d.ThrottleWriteBpsDevice)
	replace(&o.ThrottleReadIOPSDevice, d.ThrottleReadIOPSDevice)
	replace(&o.ThrottleWriteIOPSDevice, d.ThrottleWriteIOPSDevice)
	return o
}

func mergeNetwork(o, d *specs.LinuxNetwork) *specs.LinuxNetwork {
	if o == nil {
		o = &specs.LinuxNetwork{}
	}
	set(&o.ClassID, d.ClassID)
	replace(&o.Priorities, d.Priorities)
	return o
}

// set replaces *dst with v when v is set.
func set[T any](dst **T, v *T) {
	if v != nil {
		*dst = v
	}
}

// replace replaces *dst with v when v is not empty.
func replace[T any](dst *[]T, v []T) {
	if len(v) > 0 {
		*dst = v
	}
}

// nonZero returns nil for a pointer to zero.
func nonZero[T comparable](v *T) *T {
	var zero T
	if v == nil || *v == zero {
		return nil
	}
	return v
}

func ptr[T any](v T) *T { return &v }

// deepCopy copies r through JSON, so nothing is shared with the saved spec.
func deepCopy(r *specs.LinuxResources) *specs.LinuxResources {
	out := &specs.LinuxResources{}
	if r == nil {
		return out
	}
	b, err := json.Marshal(r)
	if err == nil {
		err = json.Unmarshal(b, out)
	}
	if err != nil {
		panic("container: copy linux.resources: " + err.Error()) // plain data always round-trips
	}
	return out
}
