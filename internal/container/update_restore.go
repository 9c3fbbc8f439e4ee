package container

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Kernel defaults a failed update restores where the old spec left a value
// unset: no memory, memory+swap, pids or CFS limit, the default CFS period,
// no burst, no throttle, classid 0 and priority 0.
const (
	noLimit       = -1
	defaultPeriod = 100000
)

// restoreOf returns, for every field part sets, the value it had before the
// update: the old spec's, or the kernel's default when the spec never set
// it. Fields without a default to go back to (shares, cpuset, weights,
// reservation, realtime, hugepages, unified keys the spec never set) are
// left out: the checks before writing keep the kernel from refusing them.
func restoreOf(part, old *specs.LinuxResources) *specs.LinuxResources {
	r := &specs.LinuxResources{}
	if part.Memory != nil {
		r.Memory = restoreMemory(part.Memory, orZero(old.Memory))
	}
	if part.Pids != nil {
		r.Pids = &specs.LinuxPids{Limit: ptr(int64(noLimit))}
		if old.Pids != nil && old.Pids.Limit != nil {
			r.Pids.Limit = old.Pids.Limit
		}
	}
	if part.CPU != nil {
		r.CPU = restoreCPU(part.CPU, orZero(old.CPU))
	}
	if part.BlockIO != nil {
		r.BlockIO = restoreBlockIO(part.BlockIO, orZero(old.BlockIO))
	}
	if len(part.HugepageLimits) > 0 {
		r.HugepageLimits = old.HugepageLimits
	}
	if part.Network != nil {
		r.Network = restoreNetwork(part.Network, orZero(old.Network))
	}
	r.Unified = restoreUnified(part.Unified, old.Unified)
	return r
}

func restoreMemory(p, o *specs.LinuxMemory) *specs.LinuxMemory {
	m := &specs.LinuxMemory{}
	if p.Limit != nil {
		m.Limit = orDefault(o.Limit, noLimit)
	}
	if p.Swap != nil {
		m.Swap = orDefault(o.Swap, noLimit)
	}
	if p.Reservation != nil {
		m.Reservation = o.Reservation
	}
	if p.Swappiness != nil {
		m.Swappiness = o.Swappiness
	}
	if p.DisableOOMKiller != nil {
		m.DisableOOMKiller = orDefault(o.DisableOOMKiller, false)
	}
	return m
}

func restoreCPU(p, o *specs.LinuxCPU) *specs.LinuxCPU {
	c := &specs.LinuxCPU{Cpus: o.Cpus, Mems: o.Mems}
	if p.Cpus == "" {
		c.Cpus = ""
	}
	if p.Mems == "" {
		c.Mems = ""
	}
	if p.Quota != nil || p.Period != nil {
		c.Quota = orDefault(o.Quota, noLimit)
		c.Period = orDefault(o.Period, defaultPeriod)
	}
	if p.Burst != nil {
		c.Burst = orDefault(o.Burst, 0)
	}
	if p.Idle != nil {
		c.Idle = orDefault(o.Idle, 0)
	}
	if p.Shares != nil {
		c.Shares = o.Shares
	}
	if p.RealtimeRuntime != nil || p.RealtimePeriod != nil {
		c.RealtimeRuntime, c.RealtimePeriod = o.RealtimeRuntime, o.RealtimePeriod
	}
	return c
}

func restoreBlockIO(p, o *specs.LinuxBlockIO) *specs.LinuxBlockIO {
	b := &specs.LinuxBlockIO{}
	if p.Weight != nil {
		b.Weight = o.Weight
	}
	if p.LeafWeight != nil {
		b.LeafWeight = o.LeafWeight
	}
	b.ThrottleReadBpsDevice = restoreThrottle(p.ThrottleReadBpsDevice, o.ThrottleReadBpsDevice)
	b.ThrottleWriteBpsDevice = restoreThrottle(p.ThrottleWriteBpsDevice, o.ThrottleWriteBpsDevice)
	b.ThrottleReadIOPSDevice = restoreThrottle(p.ThrottleReadIOPSDevice, o.ThrottleReadIOPSDevice)
	b.ThrottleWriteIOPSDevice = restoreThrottle(p.ThrottleWriteIOPSDevice, o.ThrottleWriteIOPSDevice)
	return b
}

// restoreThrottle gives each device p throttles its old rate, or 0 (no
// throttle).
func restoreThrottle(p, o []specs.LinuxThrottleDevice) []specs.LinuxThrottleDevice {
	var out []specs.LinuxThrottleDevice
	for _, d := range p {
		r := d
		r.Rate = 0
		for _, od := range o {
			if od.Major == d.Major && od.Minor == d.Minor {
				r.Rate = od.Rate
			}
		}
		out = append(out, r)
	}
	return out
}

func restoreNetwork(p, o *specs.LinuxNetwork) *specs.LinuxNetwork {
	n := &specs.LinuxNetwork{}
	if p.ClassID != nil {
		n.ClassID = orDefault(o.ClassID, 0)
	}
	for _, pr := range p.Priorities {
		prio := specs.LinuxInterfacePriority{Name: pr.Name}
		for _, op := range o.Priorities {
			if op.Name == pr.Name {
				prio.Priority = op.Priority
			}
		}
		n.Priorities = append(n.Priorities, prio)
	}
	return n
}

// restoreUnified gives back the old values of the keys p sets that the old
// spec had.
func restoreUnified(p, o map[string]string) map[string]string {
	var out map[string]string
	for k := range p {
		if v, ok := o[k]; ok {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = v
		}
	}
	return out
}

// orDefault returns v, or a pointer to def when v is nil.
func orDefault[T any](v *T, def T) *T {
	if v != nil {
		return v
	}
	return &def
}

// orZero returns v, or a new zero value when v is nil.
func orZero[T any](v *T) *T {
	if v != nil {
		return v
	}
	return new(T)
}
