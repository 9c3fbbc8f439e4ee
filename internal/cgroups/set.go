package cgroups

import (
	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	v1 "github.com/cell-runtime/cell/internal/cgroups/v1"
	v2 "github.com/cell-runtime/cell/internal/cgroups/v2"
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// coreV2 marks a v2 route that needs no controller (devices use eBPF).
const coreV2 = "-"

// route is one part of linux.resources and where it can be applied.
type route struct {
	field string
	// present says whether the spec sets this part at all.
	present bool
	// ctl1 and ctl2 name the v1 and v2 controllers ("" for none).
	ctl1, ctl2 string
	set1, set2 func(dir string) error
}

// routes lists every part of r, in the order they are applied.
func routes(r *specs.LinuxResources) []route {
	c, mem, io, net := r.CPU, r.Memory, r.BlockIO, r.Network
	return []route{
		{"linux.resources.cpu", hasCPU(c), "cpu", "cpu",
			func(d string) error { return v1.SetCPU(d, c) }, func(d string) error { return v2.SetCPU(d, c) }},
		{"linux.resources.cpu.cpus", c != nil && (c.Cpus != "" || c.Mems != ""), "cpuset", "cpuset",
			func(d string) error { return v1.SetCpuset(d, c) }, func(d string) error { return v2.SetCpuset(d, c) }},
		{"linux.resources.memory", mem != nil, "memory", "memory",
			func(d string) error { return v1.SetMemory(d, mem) }, func(d string) error { return v2.SetMemory(d, mem) }},
		{"linux.resources.pids", r.Pids != nil, "pids", "pids",
			func(d string) error { return v1.SetPids(d, r.Pids) }, func(d string) error { return v2.SetPids(d, r.Pids) }},
		{"linux.resources.blockIO", io != nil, "blkio", "io",
			func(d string) error { return v1.SetBlkio(d, io) }, func(d string) error { return v2.SetIO(d, io) }},
		{"linux.resources.hugepageLimits", len(r.HugepageLimits) > 0, "hugetlb", "hugetlb",
			func(d string) error { return v1.SetHugetlb(d, r.HugepageLimits) }, func(d string) error { return v2.SetHugetlb(d, r.HugepageLimits) }},
		{"linux.resources.devices", r.Devices != nil, "devices", coreV2,
			func(d string) error { return v1.SetDevices(d, r.Devices) }, func(d string) error { return v2.SetDevices(d, r.Devices) }},
		{"linux.resources.network.classID", net != nil && net.ClassID != nil, "net_cls", "",
			func(d string) error { return v1.SetNetCls(d, net) }, nil},
		{"linux.resources.network.priorities", net != nil && len(net.Priorities) > 0, "net_prio", "",
			func(d string) error { return v1.SetNetPrio(d, net) }, nil},
	}
}

// hasCPU reports whether c sets any cpu-controller (not cpuset) value.
func hasCPU(c *specs.LinuxCPU) bool {
	return c != nil && (c.Shares != nil || c.Quota != nil || c.Period != nil || c.Burst != nil ||
		c.RealtimeRuntime != nil || c.RealtimePeriod != nil || c.Idle != nil)
}

// Set applies r; nil parts change nothing.
func (m *manager) Set(r *specs.LinuxResources) error {
	if r == nil {
		return nil
	}
	if err := m.ensureNet(r.Network); err != nil {
		return err
	}
	for _, rt := range routes(r) {
		if !rt.present {
			continue
		}
		if err := m.apply(rt); err != nil {
			return err
		}
	}
	if len(r.Unified) > 0 {
		return m.setUnified(r.Unified)
	}
	return nil
}

// apply sends one part to v1 if its controller is there, else to v2.
func (m *manager) apply(rt route) error {
	if dir, ok := m.v1Dir(rt.ctl1); ok {
		return rt.set1(dir)
	}
	if m.v2 == nil || rt.ctl2 == "" {
		return cgfile.Fieldf(rt.field, "the host has no %s controller", rt.ctl1)
	}
	if rt.ctl2 != coreV2 {
		if !m.v2.Has(rt.ctl2) {
			return cgfile.Fieldf(rt.field, "the host has no %s controller", rt.ctl2)
		}
		if err := m.v2.Enable(rt.ctl2); err != nil {
			return cgfile.FieldErr(rt.field, err)
		}
	}
	return rt.set2(m.v2.Dir)
}

// setUnified writes linux.resources.unified to the v2 directory, enabling
// the controllers its keys belong to first.
func (m *manager) setUnified(u map[string]string) error {
	if m.v2 == nil {
		return cgfile.Fieldf("linux.resources.unified", "the host has no cgroup v2 hierarchy")
	}
	for k := range u {
		if err := v2.CheckUnifiedKey(k); err != nil {
			return err
		}
		if c := v2.UnifiedController(k); c != "" && m.v2.Has(c) {
			if err := m.v2.Enable(c); err != nil {
				return cgfile.FieldErr("linux.resources.unified["+k+"]", err)
			}
		}
	}
	return v2.SetUnified(m.v2.Dir, u)
}
