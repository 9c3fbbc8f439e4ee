package integration

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/cell-runtime/cell/tests/testrootfs"
)

// statsLine is one object of `cell stats --format json`.
type statsLine struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	CPUPercent    float64 `json:"cpu_percent"`
	MemoryUsage   uint64  `json:"memory_usage"`
	MemoryLimit   uint64  `json:"memory_limit"`
	MemoryPercent float64 `json:"memory_percent"`
	Pids          uint64  `json:"pids"`
}

func parseStats(t *testing.T, out string) map[string]statsLine {
	t.Helper()
	m := map[string]statsLine{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var s statsLine
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("stats line %q: %v", l, err)
		}
		m[s.ID] = s
	}
	return m
}

// startHog runs a detached container holding mib MiB and spinning a CPU,
// and waits until it holds the memory.
func startHog(t *testing.T, e *env, id string, mib int) {
	t.Helper()
	b := testrootfs.Bundle(t, all(withMemory(256<<20),
		withArgs("/bin/payload", "memspin", itoa(mib), "inf")))
	e.ok("run", "-d", "-b", b, id)
	for try := 0; ; try++ {
		if u := parseStats(t, e.ok("stats", "--no-stream", "--interval", "100ms", "--format", "json", id))[id].MemoryUsage; u >= uint64(mib)<<20 {
			return
		}
		if try == 200 {
			t.Fatalf("%s never held %d MiB", id, mib)
		}
	}
}

// A container holding 32 MiB and spinning one CPU shows about that.
func TestStatsKnownWorkload(t *testing.T) {
	e := newEnv(t)
	startHog(t, e, "obs-hog1", 32)
	w := watchCPU(t, e, "obs-hog1")
	s := parseStats(t, e.ok("stats", "--no-stream", "--interval", "2s", "--format", "json", "obs-hog1"))["obs-hog1"]
	own, free := w.done()
	if math.Abs(s.CPUPercent-own) > 15 {
		t.Errorf("cpu %.1f%%, the kernel's /proc/PID/stat says %.1f%%", s.CPUPercent, own)
	}
	if free >= 90 && math.Abs(s.CPUPercent-100) > 15 {
		t.Errorf("cpu %.1f%% with a CPU to spare, want 100 ± 15", s.CPUPercent)
	} else if free < 90 {
		t.Logf("host too busy (hog + idle = %.0f%% of a CPU) to expect 100%%; checked against /proc only", free)
	}
	if s.MemoryUsage < 32<<20 || s.MemoryUsage > 40<<20 {
		t.Errorf("memory %d bytes, want about 32 MiB", s.MemoryUsage)
	}
	if s.MemoryLimit != 256<<20 || math.Abs(s.MemoryPercent-100*float64(s.MemoryUsage)/float64(256<<20)) > 0.01 {
		t.Errorf("limit %d (%.2f%%), want 256 MiB", s.MemoryLimit, s.MemoryPercent)
	}
	if s.Pids == 0 || s.Name != "obs-hog1" {
		t.Errorf("pids %d name %q", s.Pids, s.Name)
	}
}

// Without ids, stats lists every running container, in a table by default.
func TestStatsTableAndErrors(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, withArgs("/bin/payload", "sleep", "3600"))
	e.ok("run", "-d", "-b", b, "obs-tab1")
	e.ok("run", "-d", "-b", b, "obs-tab2")
	out := e.ok("stats", "--no-stream", "--interval", "100ms")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "CONTAINER ID") ||
		!strings.Contains(out, "obs-tab1") || !strings.Contains(out, "obs-tab2") {
		t.Fatalf("table:\n%s", out)
	}
	for _, bad := range [][]string{
		{"stats", "--format", "yaml"}, {"stats", "--interval", "-1s"}, {"stats", "--no-stream", "obs-none"},
	} {
		if _, errs, code := e.cell(bad...); code == 0 || errs == "" {
			t.Errorf("cell %v: exit %d, stderr %q: want a failure with a message", bad, code, errs)
		}
	}
}

// Without --no-stream, stats keeps sampling until it is signalled, and
// exits 0.
func TestStatsStreams(t *testing.T) {
	e := newEnv(t)
	b := testrootfs.Bundle(t, withArgs("/bin/payload", "sleep", "3600"))
	e.ok("run", "-d", "-b", b, "obs-str1")
	out, cmd := e.background("stats", "--format", "json", "--interval", "100ms")
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		b, _ := os.ReadFile(out)
		if strings.Count(string(b), `"id":"obs-str1"`) >= 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats did not stream:\n%s", b)
		}
	}
	_ = cmd.Process.Signal(unix.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Errorf("stats after SIGINT: %v", err)
	}
}
