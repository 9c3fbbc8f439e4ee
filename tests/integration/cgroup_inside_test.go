package integration

import (
	"os"
	"strconv"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// TestCgroupNamespaceSeenInside checks the container's own view: its
// cgroup namespace is rooted at its cgroups and, on pure v2, its
// /sys/fs/cgroup is its own group with its limits.
func TestCgroupNamespaceSeenInside(t *testing.T) {
	e := newEnv(t)
	limit := int64(64 << 20)
	b := cgBundle(t, []string{"/bin/sh", "-c",
		"cat /proc/self/cgroup; echo limit; cat /sys/fs/cgroup/memory.max 2>/dev/null || echo none"},
		func(_ *specs.Spec, r *specs.LinuxResources) { r.Memory = &specs.LinuxMemory{Limit: &limit} })
	out := e.ok("run", "-b", b, "cg-inside")
	own, limitOut, _ := strings.Cut(out, "limit\n")
	for _, l := range strings.Split(strings.TrimSpace(own), "\n") {
		if !strings.HasSuffix(l, ":/") {
			t.Errorf("/proc/self/cgroup inside: %q, want every path /", own)
			break
		}
	}
	if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err != nil {
		return // v1 or hybrid: /sys/fs/cgroup inside is a tree of binds
	}
	if strings.TrimSpace(limitOut) != strconv.FormatInt(limit, 10) {
		t.Errorf("memory.max read inside %q, want %d", limitOut, limit)
	}
}
