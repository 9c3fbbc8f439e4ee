package security

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

const capSysResource Cap = 24

// threadCaps reads the calling thread's capability sets from
// /proc/thread-self/status (CapInh, CapPrm, CapEff, CapBnd, CapAmb).
func threadCaps(t testing.TB) map[string]uint64 {
	t.Helper()
	b, err := os.ReadFile("/proc/thread-self/status")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]uint64{}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":\t")
		if !ok || !strings.HasPrefix(k, "Cap") {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		out[k] = n
	}
	return out
}

func hasEffectiveCap(t testing.TB, c Cap) bool {
	return threadCaps(t)["CapEff"]&(1<<c) != 0
}
