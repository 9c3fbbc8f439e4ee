package integration

import (
	"strings"
	"testing"
)

// TestCgroupNamespaceSeenInside checks that the container's cgroup
// namespace is rooted at its own cgroups, in every hierarchy.
func TestCgroupNamespaceSeenInside(t *testing.T) {
	e := newEnv(t)
	b := cgBundle(t, []string{"/bin/payload", "cat", "/proc/self/cgroup"}, nil)
	out := e.ok("run", "-b", b, "cg-inside")
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasSuffix(l, ":/") {
			t.Errorf("/proc/self/cgroup inside: %q, want every path /", out)
			break
		}
	}
}
