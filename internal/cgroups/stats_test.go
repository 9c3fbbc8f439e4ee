package cgroups

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cell-runtime/cell/internal/cgroups/stats"
)

// TestStatsJSON checks the key names runc's `events --stats` uses.
func TestStatsJSON(t *testing.T) {
	s := Stats{
		CPU:     stats.CPU{Usage: stats.CPUUsage{Total: 1, Percpu: []uint64{1}}, Throttling: stats.Throttling{Periods: 1, ThrottledPeriods: 1, ThrottledTime: 1}, PSI: &PSIStats{}},
		Memory:  stats.Memory{Usage: stats.MemoryEntry{Usage: 1}, Raw: map[string]uint64{"rss": 1}},
		Pids:    stats.Pids{Current: 1, Limit: 2},
		Blkio:   stats.Blkio{IoServiceBytesRecursive: []stats.BlkioEntry{{Major: 8, Op: "Read", Value: 1}}},
		Hugetlb: map[string]stats.Hugetlb{"2MB": {Usage: 1}},
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"cpu":{"usage":{"total":1,"percpu":[1]`, `"throttledPeriods":1`, `"psi":{"some":{"avg10":0`,
		`"memory":{"usage":{"limit":0,"usage":1,"failcnt":0}`, `"raw":{"rss":1}`, `"pids":{"current":1,"limit":2}`,
		`"blkio":{"ioServiceBytesRecursive":[{"major":8,"op":"Read","value":1}]`, `"hugetlb":{"2MB":{"usage":1,"failcnt":0}}`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s:\n%s", key, b)
		}
	}
}
