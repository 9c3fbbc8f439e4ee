package v1

import (
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/cgfile"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// userHZ is the tick rate of cpuacct.stat (USER_HZ, 100 on Linux).
const userHZ = 100

// cpuacctStats reads CPU time used, in total, per CPU and split into user
// and kernel time.
func cpuacctStats(dir string, s *stats.Stats) error {
	total, err := cgfile.ReadUint(dir, "cpuacct.usage")
	if err != nil {
		return err
	}
	u := &s.CPU.Usage
	u.Total = total
	u.Percpu, _ = readList(dir, "cpuacct.usage_percpu")
	u.PercpuKernel, _ = readList(dir, "cpuacct.usage_percpu_sys")
	u.PercpuUser, _ = readList(dir, "cpuacct.usage_percpu_user")
	if usr, err := cgfile.ReadUint(dir, "cpuacct.usage_user"); err == nil {
		u.User = usr
		u.Kernel, _ = cgfile.ReadUint(dir, "cpuacct.usage_sys")
		return nil
	}
	m, err := cgfile.ReadFlat(dir, "cpuacct.stat")
	if err != nil {
		return err
	}
	u.User = m["user"] * (1e9 / userHZ)
	u.Kernel = m["system"] * (1e9 / userHZ)
	return nil
}

// readList reads a file of space-separated numbers.
func readList(dir, name string) ([]uint64, error) {
	s, err := cgfile.Read(dir, name)
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, f := range strings.Fields(s) {
		v, err := cgfile.ParseUint(f)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
