package spec

import (
	"fmt"
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// ResourceOptions are the resource flags of `cell run`, as typed. Empty
// strings and zero values mean no limit.
type ResourceOptions struct {
	Memory     string // -m: a size
	MemorySwap string // memory plus swap: a size, or -1 for unlimited
	CPUs       string // a decimal number of CPUs, such as 0.5
	CPUShares  uint64
	CpusetCPUs string
	PidsLimit  int64 // 0 is no limit; -1 unlimited
	// DeviceReadBps and DeviceWriteBps are DEVICE:RATE, RATE a size.
	DeviceReadBps, DeviceWriteBps []string
}

// cpuPeriod is the CFS period --cpus is expressed in (100ms, as Docker).
const cpuPeriod = 100000

func setResources(s *specs.Spec, o *RunOptions) error {
	r, ro := s.Linux.Resources, o.Resources
	if err := setMemory(r, ro); err != nil {
		return err
	}
	if err := setCPU(r, ro); err != nil {
		return err
	}
	if ro.PidsLimit != 0 {
		lim := ro.PidsLimit
		r.Pids = &specs.LinuxPids{Limit: &lim}
	}
	rd, err := throttle("device-read-bps", ro.DeviceReadBps, o.LookupDevice)
	if err != nil {
		return err
	}
	wr, err := throttle("device-write-bps", ro.DeviceWriteBps, o.LookupDevice)
	if err != nil {
		return err
	}
	if rd != nil || wr != nil {
		r.BlockIO = &specs.LinuxBlockIO{ThrottleReadBpsDevice: rd, ThrottleWriteBpsDevice: wr}
	}
	return nil
}

func setMemory(r *specs.LinuxResources, ro ResourceOptions) error {
	if ro.Memory == "" && ro.MemorySwap == "" {
		return nil
	}
	m := &specs.LinuxMemory{}
	if ro.Memory != "" {
		v, err := flagSize("memory", ro.Memory)
		if err != nil {
			return err
		}
		m.Limit = &v
	}
	if ro.MemorySwap != "" {
		if m.Limit == nil {
			return fmt.Errorf("--memory-swap: needs --memory too")
		}
		v := int64(-1)
		if ro.MemorySwap != "-1" {
			var err error
			if v, err = flagSize("memory-swap", ro.MemorySwap); err != nil {
				return err
			}
			if v < *m.Limit {
				return fmt.Errorf("--memory-swap %s: less than --memory %s", ro.MemorySwap, ro.Memory)
			}
		}
		m.Swap = &v
	}
	r.Memory = m
	return nil
}

func setCPU(r *specs.LinuxResources, ro ResourceOptions) error {
	if ro.CPUs == "" && ro.CPUShares == 0 && ro.CpusetCPUs == "" {
		return nil
	}
	c := &specs.LinuxCPU{Cpus: ro.CpusetCPUs}
	if ro.CPUShares != 0 {
		c.Shares = &ro.CPUShares
	}
	if ro.CPUs != "" {
		n, err := strconv.ParseFloat(ro.CPUs, 64)
		if err != nil || n <= 0 || n > 1<<20 {
			return fmt.Errorf("--cpus %q: want a positive number such as 0.5 or 2", ro.CPUs)
		}
		quota, period := int64(n*cpuPeriod), uint64(cpuPeriod)
		c.Quota, c.Period = &quota, &period
	}
	r.CPU = c
	return nil
}
