package metrics

import (
	"fmt"
	"strings"

	"github.com/cell-runtime/cell/internal/cgroups/stats"
	"github.com/cell-runtime/cell/internal/usage"
)

// point is one value of a container's series, with labels beyond id and name.
type point struct {
	labels []Label
	v      float64
}

func one(v float64) []point { return []point{{v: v}} }

// series defines one family: how to read its points from a container.
type series struct {
	name, help string
	typ        Type
	points     func(s *usage.Sample, f *usage.Figures) []point
}

const nano, micro = 1e9, 1e6

var cpuSeries = []series{
	{"cell_container_cpu_usage_seconds_total", "CPU time used by the container's tasks.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.CPU.Usage.Total) / nano) }},
	{"cell_container_cpu_user_seconds_total", "CPU time used in user mode.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.CPU.Usage.User) / nano) }},
	{"cell_container_cpu_system_seconds_total", "CPU time used in kernel mode.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.CPU.Usage.Kernel) / nano) }},
	{"cell_container_cpu_cfs_periods_total", "CFS enforcement periods that elapsed while the container ran under a quota.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.CPU.Throttling.Periods)) }},
	{"cell_container_cpu_cfs_throttled_periods_total", "CFS periods in which the container used up its quota.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point {
			return one(float64(s.Stats.CPU.Throttling.ThrottledPeriods))
		}},
	{"cell_container_cpu_cfs_throttled_seconds_total", "Time the container's tasks were throttled.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point {
			return one(float64(s.Stats.CPU.Throttling.ThrottledTime) / nano)
		}},
	{"cell_container_cpu_quota_cpus", "CPU quota in CPUs (quota/period); absent when unlimited.", Gauge,
		func(_ *usage.Sample, f *usage.Figures) []point { return nonZero(f.CPULimit) }},
}

var memorySeries = []series{
	{"cell_container_memory_usage_bytes", "Memory charged to the container, page cache included.", Gauge,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.Memory.Usage.Usage)) }},
	{"cell_container_memory_working_set_bytes", "Memory use less inactive page cache: the MEM USAGE of cell stats.", Gauge,
		func(_ *usage.Sample, f *usage.Figures) []point { return one(float64(f.MemoryUsage)) }},
	{"cell_container_memory_limit_bytes", "Memory limit; the host's memory when unlimited.", Gauge,
		func(_ *usage.Sample, f *usage.Figures) []point { return one(float64(f.MemoryLimit)) }},
	{"cell_container_memory_cache_bytes", "Page cache charged to the container.", Gauge,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.Memory.Cache)) }},
	{"cell_container_memory_max_usage_bytes", "Highest memory use recorded by the kernel.", Gauge,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.Memory.Usage.Max)) }},
	{"cell_container_memory_failcnt_total", "Times memory use hit the limit.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point { return one(float64(s.Stats.Memory.Usage.Failcnt)) }},
	{"cell_container_oom_kills_total", "Processes the kernel OOM-killed in the container.", Counter,
		func(_ *usage.Sample, f *usage.Figures) []point { return one(float64(f.OOMKills)) }},
}

var pidsSeries = []series{
	{"cell_container_pids", "Tasks (threads) in the container.", Gauge,
		func(_ *usage.Sample, f *usage.Figures) []point { return one(float64(f.Pids)) }},
	{"cell_container_pids_limit", "Limit on tasks; absent when unlimited.", Gauge,
		func(_ *usage.Sample, f *usage.Figures) []point { return nonZero(float64(f.PidsLimit)) }},
}

func nonZero(v float64) []point {
	if v == 0 {
		return nil
	}
	return one(v)
}

var ioSeries = []series{
	{"cell_container_blkio_bytes_total", "Bytes read, written or discarded, by device and operation.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point { return blkio(s.Stats.Blkio.IoServiceBytesRecursive) }},
	{"cell_container_blkio_ios_total", "Block I/O operations, by device and operation.", Counter,
		func(s *usage.Sample, _ *usage.Figures) []point { return blkio(s.Stats.Blkio.IoServicedRecursive) }},
}

// blkio keeps read, write and discard entries (v1 also lists sums).
func blkio(es []stats.BlkioEntry) []point {
	var out []point
	for _, e := range es {
		op := strings.ToLower(e.Op)
		if op != "read" && op != "write" && op != "discard" {
			continue
		}
		dev := fmt.Sprintf("%d:%d", e.Major, e.Minor)
		out = append(out, point{labels: []Label{{"device", dev}, {"operation", op}}, v: float64(e.Value)})
	}
	return out
}
