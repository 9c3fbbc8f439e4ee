package usage

import (
	"math"

	"github.com/cell-runtime/cell/internal/cgroups"
)

// Figures are what `cell stats` shows for one container. Totals are since
// the container started; CPUPercent is over the interval between two
// samples, 100 meaning one CPU fully busy.
type Figures struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	CPUPercent    float64 `json:"cpu_percent"`
	MemoryUsage   uint64  `json:"memory_usage"` // bytes, without inactive page cache
	MemoryLimit   uint64  `json:"memory_limit"` // bytes; the host's memory when unlimited
	MemoryPercent float64 `json:"memory_percent"`
	NetRx         uint64  `json:"net_rx"` // bytes received by the container
	NetTx         uint64  `json:"net_tx"`
	BlockRead     uint64  `json:"block_read"` // bytes
	BlockWrite    uint64  `json:"block_write"`
	Pids          uint64  `json:"pids"`
	PidsLimit     uint64  `json:"pids_limit"` // 0: no limit
	// CPULimit is the CPU quota in CPUs (quota/period); 0: no limit.
	CPULimit float64 `json:"cpu_limit"`
	// ThrottledPeriods counts CFS periods in which the quota ran out.
	ThrottledPeriods uint64 `json:"throttled_periods"`
	OOMKills         uint64 `json:"oom_kills"`
}

// Compute works out the figures of cur; prev is an earlier sample of the
// same container (nil: CPUPercent is 0). hostMem is the host's memory in
// bytes, the limit of an unlimited container.
func Compute(prev, cur *Sample, hostMem uint64) Figures {
	s := cur.Stats
	f := Figures{
		ID: cur.ID, Name: cur.Name,
		MemoryUsage: MemoryUsage(s), MemoryLimit: memoryLimit(s, hostMem),
		Pids: s.Pids.Current, CPULimit: cur.CPULimit, PidsLimit: s.Pids.Limit,
		ThrottledPeriods: s.CPU.Throttling.ThrottledPeriods,
		OOMKills:         s.Memory.EventCount.OOMKill,
	}
	if f.MemoryLimit > 0 {
		f.MemoryPercent = 100 * float64(f.MemoryUsage) / float64(f.MemoryLimit)
	}
	f.BlockRead, f.BlockWrite = blockBytes(s)
	if cur.Net != nil {
		f.NetRx, f.NetTx = cur.Net.RxBytes, cur.Net.TxBytes
	}
	if prev != nil {
		f.CPUPercent = cpuPercent(prev, cur)
	}
	return f
}

// cpuPercent is CPU time used over wall time elapsed, in percent of a CPU.
func cpuPercent(prev, cur *Sample) float64 {
	wall := cur.Time.Sub(prev.Time).Nanoseconds()
	used, was := cur.Stats.CPU.Usage.Total, prev.Stats.CPU.Usage.Total
	if wall <= 0 || used < was {
		return 0
	}
	return 100 * float64(used-was) / float64(wall)
}

// MemoryUsage is memory in use less the inactive page cache the kernel can
// drop at once (v1 total_inactive_file, v2 inactive_file), as docker does.
func MemoryUsage(s *cgroups.Stats) uint64 {
	u := s.Memory.Usage.Usage
	inactive, ok := s.Memory.Raw["total_inactive_file"]
	if !ok {
		inactive = s.Memory.Raw["inactive_file"]
	}
	if inactive < u {
		return u - inactive
	}
	return u
}

// memoryLimit is the cgroup's limit, or hostMem when the limit is "none"
// (v2 max, or v1's page-rounded huge value) or above the host's memory.
func memoryLimit(s *cgroups.Stats, hostMem uint64) uint64 {
	l := s.Memory.Usage.Limit
	if l == 0 || l == math.MaxUint64 || (hostMem > 0 && l > hostMem) {
		return hostMem
	}
	return l
}

// blockBytes sums read and written bytes over every device.
func blockBytes(s *cgroups.Stats) (read, write uint64) {
	for _, e := range s.Blkio.IoServiceBytesRecursive {
		switch e.Op {
		case "Read", "read":
			read += e.Value
		case "Write", "write":
			write += e.Value
		}
	}
	return read, write
}
