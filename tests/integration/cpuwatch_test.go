package integration

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// cpuWatch measures, independently of cell, the CPU a container's init
// process used and the CPU the host left idle over a stretch of time.
type cpuWatch struct {
	t     *testing.T
	pid   int
	ticks uint64
	idle  uint64
	start time.Time
}

// userHZ is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const userHZ = 100

func watchCPU(t *testing.T, e *env, id string) *cpuWatch {
	t.Helper()
	var st specs.State
	if err := json.Unmarshal([]byte(e.ok("state", id)), &st); err != nil {
		t.Fatal(err)
	}
	return &cpuWatch{t: t, pid: st.Pid, ticks: procTicks(t, st.Pid), idle: hostIdle(t), start: time.Now()}
}

// done returns the process's CPU use in percent of one CPU, and that plus
// the host's idle time: how much of a CPU it could have had.
func (w *cpuWatch) done() (own, free float64) {
	secs := time.Since(w.start).Seconds()
	own = 100 * float64(procTicks(w.t, w.pid)-w.ticks) / userHZ / secs
	idle := 100 * float64(hostIdle(w.t)-w.idle) / userHZ / secs
	return own, own + idle
}

// procTicks is utime+stime of pid (every thread), fields 14 and 15.
func procTicks(t *testing.T, pid int) uint64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	u, _ := strconv.ParseUint(f[11], 10, 64)
	s, _ := strconv.ParseUint(f[12], 10, 64)
	return u + s
}

// hostIdle is the idle time of all CPUs in /proc/stat.
func hostIdle(t *testing.T) uint64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(strings.SplitN(string(b), "\n", 2)[0])
	idle, _ := strconv.ParseUint(f[4], 10, 64)
	return idle
}
