package container

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// writeSet is what an update writes to the cgroup: the values d sets, with
// the values their files are written together with taken from the merged m
// (memory limit and memory+swap limit; CFS quota and period).
func writeSet(d, m *specs.LinuxResources) *specs.LinuxResources {
	w := deepCopy(d)
	if w.Memory != nil && (w.Memory.Limit != nil || w.Memory.Swap != nil) {
		w.Memory.Limit, w.Memory.Swap = m.Memory.Limit, m.Memory.Swap
	}
	if w.CPU != nil && (w.CPU.Quota != nil || w.CPU.Period != nil) {
		w.CPU.Quota, w.CPU.Period = m.CPU.Quota, m.CPU.Period
	}
	return w
}

// splitParts cuts r into one LinuxResources per controller, in the order
// an update writes them: memory first, as the one the kernel most often
// refuses (a limit below usage), then the rest.
func splitParts(r *specs.LinuxResources) []*specs.LinuxResources {
	var parts []*specs.LinuxResources
	add := func(p *specs.LinuxResources, present bool) {
		if present {
			parts = append(parts, p)
		}
	}
	add(&specs.LinuxResources{Memory: r.Memory}, r.Memory != nil)
	add(&specs.LinuxResources{Pids: r.Pids}, r.Pids != nil)
	if c := r.CPU; c != nil {
		add(&specs.LinuxResources{CPU: &specs.LinuxCPU{Cpus: c.Cpus, Mems: c.Mems}}, c.Cpus != "" || c.Mems != "")
		cpu := *c
		cpu.Cpus, cpu.Mems = "", ""
		add(&specs.LinuxResources{CPU: &cpu}, cpu != specs.LinuxCPU{})
	}
	add(&specs.LinuxResources{BlockIO: r.BlockIO}, r.BlockIO != nil)
	add(&specs.LinuxResources{HugepageLimits: r.HugepageLimits}, len(r.HugepageLimits) > 0)
	add(&specs.LinuxResources{Network: r.Network}, r.Network != nil)
	add(&specs.LinuxResources{Unified: r.Unified}, len(r.Unified) > 0)
	return parts
}
