package usage

import (
	"math"
	"testing"
	"time"

	"github.com/cell-runtime/cell/internal/cgroups"
	"github.com/cell-runtime/cell/internal/cgroups/stats"
	"github.com/cell-runtime/cell/internal/network/link"
)

func sample(at time.Duration, cpu uint64, mem stats.Memory) *Sample {
	st := &cgroups.Stats{Memory: mem}
	st.CPU.Usage.Total = cpu
	return &Sample{ID: "a", Name: "a", Time: time.Unix(0, 0).Add(at), Stats: st}
}

func TestComputeCPUPercent(t *testing.T) {
	cases := []struct {
		name      string
		prev, cur *Sample
		want      float64
	}{
		{"one cpu busy", sample(0, 0, stats.Memory{}), sample(time.Second, 1e9, stats.Memory{}), 100},
		{"half a cpu", sample(0, 1e9, stats.Memory{}), sample(2*time.Second, 2e9, stats.Memory{}), 50},
		{"two cpus", sample(0, 0, stats.Memory{}), sample(time.Second, 2e9, stats.Memory{}), 200},
		{"no previous", nil, sample(time.Second, 1e9, stats.Memory{}), 0},
		{"counter went back", sample(0, 5e9, stats.Memory{}), sample(time.Second, 1e9, stats.Memory{}), 0},
		{"no time passed", sample(0, 0, stats.Memory{}), sample(0, 1e9, stats.Memory{}), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Compute(c.prev, c.cur, 1<<30).CPUPercent; math.Abs(got-c.want) > 1e-9 {
				t.Errorf("cpu %% = %v, want %v", got, c.want)
			}
		})
	}
}

func TestComputeMemory(t *testing.T) {
	const host = 8 << 30
	cases := []struct {
		name         string
		mem          stats.Memory
		usage, limit uint64
		percent      float64
	}{
		{"v1 limited, cache dropped",
			stats.Memory{Usage: stats.MemoryEntry{Usage: 40 << 20, Limit: 64 << 20}, Raw: map[string]uint64{"total_inactive_file": 8 << 20}},
			32 << 20, 64 << 20, 50},
		{"v2 unlimited is host memory",
			stats.Memory{Usage: stats.MemoryEntry{Usage: 16 << 20, Limit: math.MaxUint64}, Raw: map[string]uint64{"inactive_file": 0}},
			16 << 20, host, 100 * float64(16<<20) / host},
		{"v1 unlimited page-rounded",
			stats.Memory{Usage: stats.MemoryEntry{Usage: 1 << 20, Limit: 9223372036854771712}},
			1 << 20, host, 100 * float64(1<<20) / host},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := Compute(nil, sample(0, 0, c.mem), host)
			if f.MemoryUsage != c.usage || f.MemoryLimit != c.limit || math.Abs(f.MemoryPercent-c.percent) > 1e-9 {
				t.Errorf("got %d / %d (%v%%), want %d / %d (%v%%)",
					f.MemoryUsage, f.MemoryLimit, f.MemoryPercent, c.usage, c.limit, c.percent)
			}
		})
	}
}

func TestComputeIO(t *testing.T) {
	s := sample(0, 0, stats.Memory{})
	s.Stats.Blkio.IoServiceBytesRecursive = []stats.BlkioEntry{
		{Major: 8, Op: "Read", Value: 10}, {Major: 8, Op: "Write", Value: 20},
		{Major: 9, Op: "Read", Value: 1}, {Major: 9, Op: "Total", Value: 31},
	}
	s.Net = &link.Stats{RxBytes: 5, TxBytes: 7}
	f := Compute(nil, s, 1)
	if f.BlockRead != 11 || f.BlockWrite != 20 || f.NetRx != 5 || f.NetTx != 7 {
		t.Errorf("block %d/%d net %d/%d, want 11/20 5/7", f.BlockRead, f.BlockWrite, f.NetRx, f.NetTx)
	}
}
