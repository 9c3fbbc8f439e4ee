// Package stats is the model of a cgroup's usage figures. Its JSON encoding
// matches the "data" object of `runc events --stats`, so tools that read
// runc's output read cell's. Memory figures are bytes, CPU times nanoseconds.
//
// It only holds data; the v1 and v2 packages fill it. It lives apart from
// package cgroups so that they can share it without an import cycle;
// package cgroups re-exports it as cgroups.Stats.
package stats

// Stats is everything a container's cgroup reports.
type Stats struct {
	CPU     CPU                `json:"cpu"`
	Memory  Memory             `json:"memory"`
	Pids    Pids               `json:"pids"`
	Blkio   Blkio              `json:"blkio"`
	Hugetlb map[string]Hugetlb `json:"hugetlb"`
}

// CPU is CPU time used and CPU-quota throttling.
type CPU struct {
	Usage      CPUUsage   `json:"usage,omitempty"`
	Throttling Throttling `json:"throttling,omitempty"`
	// PSI is CPU pressure (v2 cpu.pressure); nil when unavailable.
	PSI *PSIStats `json:"psi,omitempty"`
}

// CPUUsage is CPU time in nanoseconds. The per-CPU lists are v1 only.
type CPUUsage struct {
	Total        uint64   `json:"total,omitempty"`
	Percpu       []uint64 `json:"percpu,omitempty"`
	PercpuKernel []uint64 `json:"percpu_kernel,omitempty"`
	PercpuUser   []uint64 `json:"percpu_user,omitempty"`
	Kernel       uint64   `json:"kernel"`
	User         uint64   `json:"user"`
}

// Throttling counts CFS periods and time spent throttled (nanoseconds).
type Throttling struct {
	Periods          uint64 `json:"periods,omitempty"`
	ThrottledPeriods uint64 `json:"throttledPeriods,omitempty"`
	ThrottledTime    uint64 `json:"throttledTime,omitempty"`
}

// Memory is memory use in bytes.
type Memory struct {
	// Cache is page cache (v1 "cache", v2 "file").
	Cache     uint64      `json:"cache,omitempty"`
	Usage     MemoryEntry `json:"usage,omitempty"`
	Swap      MemoryEntry `json:"swap,omitempty"`
	Kernel    MemoryEntry `json:"kernel,omitempty"`
	KernelTCP MemoryEntry `json:"kernelTCP,omitempty"`
	// Raw is memory.stat as read.
	Raw        map[string]uint64 `json:"raw,omitempty"`
	PSI        *PSIStats         `json:"psi,omitempty"`
	EventCount MemoryEventCount  `json:"event_count"`
}

// MemoryEntry is one memory counter. A Limit of math.MaxUint64 (or the v1
// page-rounded equivalent) means no limit.
type MemoryEntry struct {
	Limit   uint64 `json:"limit"`
	Usage   uint64 `json:"usage,omitempty"`
	Max     uint64 `json:"max,omitempty"`
	Failcnt uint64 `json:"failcnt"`
}

// MemoryEventCount is v2 memory.events (v1 fills OOM and OOMKill only).
type MemoryEventCount struct {
	Low     uint64 `json:"low,omitempty"`
	High    uint64 `json:"high,omitempty"`
	Max     uint64 `json:"max,omitempty"`
	OOM     uint64 `json:"oom,omitempty"`
	OOMKill uint64 `json:"oom_kill,omitempty"`
}

// Pids is the number of tasks and the pids limit (0: no limit).
type Pids struct {
	Current uint64 `json:"current,omitempty"`
	Limit   uint64 `json:"limit,omitempty"`
}

// BlkioEntry is one per-device, per-operation counter.
type BlkioEntry struct {
	Major uint64 `json:"major,omitempty"`
	Minor uint64 `json:"minor,omitempty"`
	Op    string `json:"op,omitempty"`
	Value uint64 `json:"value,omitempty"`
}

// Blkio is block I/O. On v2 only the first two lists are filled (from
// io.stat); the rest are v1 CFQ/BFQ figures.
type Blkio struct {
	IoServiceBytesRecursive []BlkioEntry `json:"ioServiceBytesRecursive,omitempty"`
	IoServicedRecursive     []BlkioEntry `json:"ioServicedRecursive,omitempty"`
	IoQueuedRecursive       []BlkioEntry `json:"ioQueueRecursive,omitempty"`
	IoServiceTimeRecursive  []BlkioEntry `json:"ioServiceTimeRecursive,omitempty"`
	IoWaitTimeRecursive     []BlkioEntry `json:"ioWaitTimeRecursive,omitempty"`
	IoMergedRecursive       []BlkioEntry `json:"ioMergedRecursive,omitempty"`
	IoTimeRecursive         []BlkioEntry `json:"ioTimeRecursive,omitempty"`
	SectorsRecursive        []BlkioEntry `json:"sectorsRecursive,omitempty"`
	PSI                     *PSIStats    `json:"psi,omitempty"`
}

// Hugetlb is one huge page size's use in bytes; keyed by size ("2MB").
type Hugetlb struct {
	Usage   uint64 `json:"usage,omitempty"`
	Max     uint64 `json:"max,omitempty"`
	Failcnt uint64 `json:"failcnt"`
}

// PSIStats is a v2 *.pressure file.
type PSIStats struct {
	Some PSIData `json:"some,omitempty"`
	Full PSIData `json:"full,omitempty"`
}

// PSIData is one line of a pressure file: averages in percent and the
// total stall time in microseconds.
type PSIData struct {
	Avg10  float64 `json:"avg10"`
	Avg60  float64 `json:"avg60"`
	Avg300 float64 `json:"avg300"`
	Total  uint64  `json:"total"`
}
